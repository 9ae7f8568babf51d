"""Truth tables: every permission of the pledge and registrations against every persona."""

import pytest

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from pledges import rules as pledge_rules
from pledges.enums import RegistrationStatus
from tests.personas import MEMBERS, PERSONAS, PROVINCE_SEERS, persona
from tests.pledges.factories import RegistrationFactory

LEADS = ("admin_user", "council_officer", "secretariat")


def _membership(world):
    return world.bloc_year.memberships.get(unit=world.member)


def _registration(status):
    def build(world, flag):
        return RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status=status)

    return build


PERMISSIONS = {
    # permission, object (from world, flag), who has it
    "pledges.add_pledge": (lambda w, f: w.bloc_year, LEADS),
    "pledges.record_launch_meeting": (lambda w, f: w.bloc_year, LEADS),
    "pledges.forward_registrations": (lambda w, f: w.bloc_year, ("admin_user", "secretariat")),
    "pledges.sign_pledge": (lambda w, f: _membership(w), ("admin_user", "unit_officer")),
    "pledges.add_registration": (lambda w, f: _membership(w), ("admin_user", "unit_officer")),
    "pledges.view_registration": (_registration("draft"), PROVINCE_SEERS + MEMBERS),
    "pledges.change_registration": (_registration("draft"), ("admin_user", "unit_officer")),
    "pledges.submit_registration": (_registration("returned"), ("admin_user", "unit_officer")),
    "pledges.return_registration": (_registration("submitted"), ("admin_user", "secretariat")),
    "pledges.accept_registration": (_registration("submitted"), ("admin_user", "secretariat")),
    "pledges.forward_registration": (_registration("accepted"), ("admin_user", "secretariat")),
    "pledges.view_council_registrations": (
        lambda w, f: None,
        ("admin_user", "council_officer", "other_council_officer"),
    ),
}


@pytest.mark.parametrize("perm", PERMISSIONS)
@pytest.mark.parametrize("name", PERSONAS)
def test_permission_truth_table(request, world, flag, perm, name):
    target, allowed = PERMISSIONS[perm]

    assert persona(request, name).has_perm(perm, target(world, flag)) is (name in allowed)


@pytest.mark.parametrize("name", PERSONAS)
def test_pledge_permissions_truth_table(request, world, pledge, name):
    user = persona(request, name)

    assert user.has_perm("pledges.view_pledge", pledge) is (name in PROVINCE_SEERS + MEMBERS)
    assert user.has_perm("pledges.change_pledge", pledge) is (name in LEADS)


# Who may act on a registration in each status: the same table as the service.
ACTIONS = {
    "pledges.change_registration": {RegistrationStatus.DRAFT, RegistrationStatus.RETURNED},
    "pledges.submit_registration": {RegistrationStatus.DRAFT, RegistrationStatus.RETURNED},
    "pledges.return_registration": {RegistrationStatus.SUBMITTED},
    "pledges.accept_registration": {RegistrationStatus.SUBMITTED},
    "pledges.forward_registration": {RegistrationStatus.ACCEPTED},
}
ACTOR = {
    "pledges.change_registration": "unit_officer",
    "pledges.submit_registration": "unit_officer",
    "pledges.return_registration": "secretariat",
    "pledges.accept_registration": "secretariat",
    "pledges.forward_registration": "secretariat",
}


@pytest.mark.parametrize("status", list(RegistrationStatus))
@pytest.mark.parametrize("perm", ACTIONS)
def test_registration_action_follows_the_status(request, world, flag, perm, status):
    registration = _registration(status)(world, flag)

    assert request.getfixturevalue(ACTOR[perm]).has_perm(perm, registration) is (status in ACTIONS[perm])


@pytest.mark.parametrize("perm", ["pledges.submit_registration", "pledges.sign_pledge", "pledges.change_pledge"])
def test_closed_year_refuses_every_change(request, world, pledge, flag, perm):
    BlocYear.objects.filter(pk=world.bloc_year.pk).update(status=BlocYearStatus.CLOSED)
    world.bloc_year.refresh_from_db()
    target = {
        "pledges.submit_registration": _registration("draft")(world, flag),
        "pledges.sign_pledge": _membership(world),
        "pledges.change_pledge": pledge,
    }[perm]
    target.bloc_year = world.bloc_year
    user = request.getfixturevalue("secretariat" if perm == "pledges.change_pledge" else "unit_officer")

    assert not user.has_perm(perm, target)


@pytest.mark.parametrize("name", PERSONAS)
def test_works_in_a_council_office_predicate(request, world, name):
    expected = name in ("council_officer", "other_council_officer")

    assert pledge_rules.works_in_a_council_office(persona(request, name)) is expected
