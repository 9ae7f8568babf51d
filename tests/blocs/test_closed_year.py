"""A closed year refuses every write of the organisation model, the administrator's too; reopening it."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.contrib.messages import get_messages
from django.urls import reverse

from blocs import services
from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocRule, BlocYear, Membership
from core.exceptions import DomainError
from core.models import ActivityLog, SecurityEvent
from tests.factories import BlocYearFactory, MembershipFactory, UnitFactory
from tests.refusals import assert_refused, close_year

pytestmark = pytest.mark.usefixtures("english")


def _membership(world, unit):
    return Membership.objects.get(bloc_year=world.bloc_year, unit=unit)


def _roles(world):
    return sorted(world.bloc_year.memberships.values_list("unit_id", "role"))


# (name, call(world, actor), state(world)) for every service that writes into a bloc-year.
WRITES = [
    (
        "update_bloc_year",
        lambda w, a: services.update_bloc_year(w.bloc_year, actor=a, theme="Chủ đề mới"),
        lambda w: BlocYear.objects.get(pk=w.bloc_year.pk).theme,
    ),
    (
        "update_bloc_rule",
        lambda w, a: services.update_bloc_rule(w.bloc_year.rule, actor=a, flag_quota=9),
        lambda w: BlocRule.objects.get(bloc_year=w.bloc_year).flag_quota,
    ),
    (
        "add_member",
        lambda w, a: services.add_member(w.bloc_year, actor=a, unit=UnitFactory(province=w.province)),
        lambda w: w.bloc_year.memberships.count(),
    ),
    (
        "end_membership",
        lambda w, a: services.end_membership(
            _membership(w, w.member), actor=a, left_on=datetime.date(w.bloc_year.year, 6, 1), reason="Sáp nhập"
        ),
        lambda w: _membership(w, w.member).left_on,
    ),
    (
        "set_leadership",
        lambda w, a: services.set_leadership(w.bloc_year, actor=a, head=w.member, deputies=[w.head]),
        _roles,
    ),
]


@pytest.mark.parametrize(("name", "call", "state"), WRITES, ids=[w[0] for w in WRITES])
def test_bloc_write_admin_in_closed_year_is_refused_and_recorded(world, admin_user, name, call, state):
    close_year(world.bloc_year)

    event = assert_refused(lambda: call(world, admin_user), state=lambda: state(world), actor=admin_user)

    assert event.action == f"blocs.services.{name}"


@pytest.mark.parametrize(("name", "call", "state"), WRITES, ids=[w[0] for w in WRITES])
def test_bloc_write_in_open_year_still_works(world, admin_user, name, call, state):
    before = state(world)

    call(world, admin_user)

    assert state(world) != before
    assert not SecurityEvent.objects.exists()


def test_bloc_year_edit_admin_post_in_closed_year_shows_message_and_changes_nothing(client, world, admin_user):
    close_year(world.bloc_year)
    client.force_login(admin_user)

    response = client.post(
        reverse("blocs:bloc_year_edit", args=[world.bloc_year.pk]), {"theme": "Sửa sau khi khóa", "slogan": ""}
    )

    assert response.status_code == 400
    assert "is closed" in response.content.decode()
    world.bloc_year.refresh_from_db()
    assert world.bloc_year.theme != "Sửa sau khi khóa"
    assert not ActivityLog.objects.filter(action="blocs.bloc_year.updated").exists()
    assert SecurityEvent.objects.get().object_id == world.bloc_year.pk


def test_bloc_year_move_from_closed_year_admin_is_refused_with_message(client, world, admin_user):
    close_year(world.bloc_year)
    client.force_login(admin_user)

    response = client.post(reverse("blocs:bloc_year_move", args=[world.bloc_year.pk]), {"to": "launched"})

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("cannot move" in m for m in messages)
    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.CLOSED
    assert SecurityEvent.objects.get().action == "blocs.services.advance_bloc_year"


# --- Reopening ----------------------------------------------------------------------


def test_reopen_bloc_year_closed_year_goes_back_to_decided_with_audit(world, council_officer):
    other = close_year(BlocYearFactory(bloc=world.bloc, year=2019))
    close_year(world.bloc_year)

    services.reopen_bloc_year(world.bloc_year, actor=council_officer, reason="Sửa sai điểm của Công an tỉnh")

    world.bloc_year.refresh_from_db()
    other.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.DECIDED
    assert other.status == BlocYearStatus.CLOSED
    entry = ActivityLog.objects.get(action="blocs.bloc_year.reopened")
    assert entry.object_id == world.bloc_year.pk
    assert entry.actor == council_officer
    assert entry.data["reason"] == "Sửa sai điểm của Công an tỉnh"


def test_reopen_bloc_year_without_reason_is_refused(world, council_officer):
    close_year(world.bloc_year)

    with pytest.raises(DomainError, match="reason"):
        services.reopen_bloc_year(world.bloc_year, actor=council_officer, reason="   ")

    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.CLOSED
    assert not ActivityLog.objects.filter(action="blocs.bloc_year.reopened").exists()


def test_reopen_bloc_year_open_year_is_refused_and_recorded(world, admin_user):
    BlocYear.objects.filter(pk=world.bloc_year.pk).update(status=BlocYearStatus.DECIDED)

    assert_refused(
        lambda: services.reopen_bloc_year(world.bloc_year, actor=admin_user, reason="Nhầm"),
        state=lambda: BlocYear.objects.get(pk=world.bloc_year.pk).status,
        actor=admin_user,
    )


def test_reopen_then_correct_then_close_again(world, council_officer, secretariat):
    _next = BlocYearFactory(bloc=world.bloc, year=world.bloc_year.year + 1)
    for membership in world.bloc_year.memberships.exclude(role=MemberRole.MEMBER):
        MembershipFactory(bloc_year=_next, unit=membership.unit, role=membership.role)
    close_year(world.bloc_year)

    services.reopen_bloc_year(world.bloc_year, actor=council_officer, reason="Bổ sung kế hoạch")
    services.update_bloc_year(world.bloc_year, actor=council_officer, plan_number="127/KH-KTĐ")
    services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.CLOSED, actor=secretariat)

    world.bloc_year.refresh_from_db()
    assert (world.bloc_year.status, world.bloc_year.plan_number) == (BlocYearStatus.CLOSED, "127/KH-KTĐ")
    actions = list(
        ActivityLog.objects.filter(object_id=world.bloc_year.pk).order_by("id").values_list("action", flat=True)
    )
    assert actions[-3:] == ["blocs.bloc_year.reopened", "blocs.bloc_year.updated", "blocs.bloc_year.moved"]


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin_user", True),
        ("council_officer", True),
        ("secretariat", False),
        ("council_member", False),
        ("unit_officer", False),
        ("other_council_officer", False),
    ],
)
def test_reopen_permission_truth_table(request, world, persona, allowed):
    user = request.getfixturevalue(persona)
    close_year(world.bloc_year)

    assert user.has_perm("blocs.reopen_blocyear", world.bloc_year) is allowed


def test_reopen_permission_open_year_council_officer_refused(world, council_officer):
    assert world.bloc_year.status != BlocYearStatus.CLOSED

    assert council_officer.has_perm("blocs.reopen_blocyear", world.bloc_year) is False


def test_reopen_view_council_officer_reopens_with_reason(client, world, council_officer):
    close_year(world.bloc_year)
    client.force_login(council_officer)
    page = client.get(world.bloc_year.get_absolute_url())
    assert reverse("blocs:bloc_year_reopen", args=[world.bloc_year.pk]) in page.content.decode()

    response = client.post(reverse("blocs:bloc_year_reopen", args=[world.bloc_year.pk]), {"reason": "Sửa điểm"})

    assert response.status_code == 302
    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.DECIDED
    assert ActivityLog.objects.get(action="blocs.bloc_year.reopened").data["reason"] == "Sửa điểm"


def test_reopen_view_empty_reason_shows_error_and_changes_nothing(client, world, council_officer):
    close_year(world.bloc_year)
    client.force_login(council_officer)

    response = client.post(reverse("blocs:bloc_year_reopen", args=[world.bloc_year.pk]), {"reason": ""})

    assert response.status_code == 400
    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.CLOSED


def test_reopen_view_secretariat_gets_403(client, world, secretariat):
    close_year(world.bloc_year)
    client.force_login(secretariat)

    response = client.post(reverse("blocs:bloc_year_reopen", args=[world.bloc_year.pk]), {"reason": "Sửa"})

    assert response.status_code == 403
    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.CLOSED


def test_reopen_view_other_province_gets_404(client, world, other_council_officer):
    close_year(world.bloc_year)
    client.force_login(other_council_officer)

    response = client.post(reverse("blocs:bloc_year_reopen", args=[world.bloc_year.pk]), {"reason": "Sửa"})

    assert response.status_code == 404


# --- The Django admin ------------------------------------------------------------------


def test_django_admin_closed_year_is_read_only_for_the_administrator(client, world, admin_user):
    close_year(world.bloc_year)
    client.force_login(admin_user)
    url = reverse("admin:blocs_blocyear_change", args=[world.bloc_year.pk])

    assert client.get(url).status_code == 200  # viewing stays possible
    response = client.post(url, {"bloc": world.bloc.pk, "year": 1999, "theme": "Sửa trong admin"})

    assert response.status_code == 403
    world.bloc_year.refresh_from_db()
    assert (world.bloc_year.year, world.bloc_year.theme) == (2020, "")
    assert (
        client.post(reverse("admin:blocs_blocyear_delete", args=[world.bloc_year.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert BlocYear.objects.filter(pk=world.bloc_year.pk).exists()


def test_django_admin_status_is_not_editable_in_an_open_year(world, admin_user, rf):
    request = rf.get("/")
    request.user = admin_user
    model_admin = site._registry[BlocYear]

    assert "status" in model_admin.get_readonly_fields(request, world.bloc_year)
    assert model_admin.has_change_permission(request, world.bloc_year) is True
    assert model_admin.has_change_permission(request, close_year(world.bloc_year)) is False


def test_dissolve_unit_leaves_closed_years_membership_as_closed(world, council_officer):
    closed = close_year(world.bloc_year)
    later = BlocYearFactory(bloc=world.bloc, year=2021)
    MembershipFactory(bloc_year=later, unit=world.member)

    services.dissolve_unit(
        world.member, actor=council_officer, effective_date=datetime.date(2020, 7, 1), legal_basis="QĐ 1/QĐ-UBND"
    )

    assert Membership.objects.get(bloc_year=closed, unit=world.member).left_on is None
    assert Membership.objects.get(bloc_year=later, unit=world.member).left_on == datetime.date(2021, 1, 1)
