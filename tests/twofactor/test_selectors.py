import pytest

from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocYear, Membership
from twofactor.selectors import holds_required_role


@pytest.mark.parametrize(
    ("persona", "required"),
    [
        ("admin_user", True),
        ("council_officer", True),
        ("council_member", True),
        ("other_council_officer", True),
        ("secretariat", True),
        ("deputy_officer", False),
        ("unit_officer", False),
        ("unit_leader", False),
        ("outsider", False),
    ],
)
def test_holds_required_role_per_persona_matches_the_issue(persona, required, request):
    user = request.getfixturevalue(persona)

    assert holds_required_role(user) is required


def test_holds_required_role_unit_officer_after_rotation_to_head_is_required(world, unit_officer):
    assert holds_required_role(unit_officer) is False
    Membership.objects.filter(bloc_year=world.bloc_year, unit=world.head).update(role=MemberRole.MEMBER)
    Membership.objects.filter(bloc_year=world.bloc_year, unit=world.member).update(role=MemberRole.HEAD)
    unit_officer.refresh_from_db()  # a new request: roles are read again

    assert holds_required_role(unit_officer) is True


def test_holds_required_role_head_of_closed_year_only_is_not_required(world, secretariat):
    BlocYear.objects.filter(pk=world.bloc_year.pk).update(status=BlocYearStatus.CLOSED)

    assert holds_required_role(secretariat) is False
