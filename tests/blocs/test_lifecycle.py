"""The bloc-year lifecycle: every legal move, every illegal pair, guards, permissions, the page and the view."""

from collections import defaultdict

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from blocs import requirements, services
from blocs.calculations import status_at_least, status_rank
from blocs.enums import BlocYearAction, BlocYearStatus, MemberRole, Mover
from blocs.models import BlocYear
from blocs.presenters import next_step
from blocs.transitions import LIFECYCLE, forward_action, missing_to_enter, mover_of, next_status
from core.enums import SecurityEventKind
from core.exceptions import DomainError
from core.models import ActivityLog, Notice, SecurityEvent
from tests.factories import BlocYearFactory, MembershipFactory
from tests.personas import PERSONAS, persona

STATUSES = list(BlocYearStatus)
# Every step forward of the machine (reopening, with its reason, is tested in test_closed_year.py).
LEGAL = [
    (BlocYearStatus(source), BlocYearStatus(move.target))
    for action, move in LIFECYCLE.moves.items()
    if action != BlocYearAction.REOPEN
    for source in move.sources
]
ILLEGAL = [(s, t) for s in STATUSES for t in STATUSES if s != t and (s, t) not in LEGAL]


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def only_bloc_guards(monkeypatch):
    """Isolate the lifecycle from other apps' requirements; returns the (empty) registry to add to."""
    registry = defaultdict(list)
    monkeypatch.setattr(requirements, "_requirements", registry)
    monkeypatch.setattr(requirements._modules, "_done", True)
    return registry


def _next_year_led(bloc_year):
    following = BlocYearFactory(bloc=bloc_year.bloc, year=bloc_year.year + 1)
    for membership in bloc_year.memberships.exclude(role=MemberRole.MEMBER):
        MembershipFactory(bloc_year=following, unit=membership.unit, role=membership.role)
    return following


def _at(bloc_year, status):
    BlocYear.objects.filter(pk=bloc_year.pk).update(status=status)
    bloc_year.refresh_from_db()
    return bloc_year


def _moves_logged(bloc_year):
    return ActivityLog.objects.filter(action="blocs.bloc_year.moved", object_id=bloc_year.pk)


@pytest.mark.parametrize(("source", "target"), LEGAL)
def test_advance_bloc_year_legal_move_changes_status_and_audits(world, secretariat, only_bloc_guards, source, target):
    _next_year_led(world.bloc_year)
    bloc_year = _at(world.bloc_year, source)

    result = services.advance_bloc_year(bloc_year, to=target, actor=secretariat)

    assert BlocYear.objects.get(pk=bloc_year.pk).status == target == result.status
    entry = _moves_logged(bloc_year).get()
    assert entry.actor == secretariat
    assert entry.data == {"before": {"status": source.value}, "after": {"status": target.value}}


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_advance_bloc_year_illegal_move_refused_with_reason(world, secretariat, only_bloc_guards, source, target):
    _next_year_led(world.bloc_year)
    bloc_year = _at(world.bloc_year, source)

    with pytest.raises(DomainError, match=str(target.label)):
        services.advance_bloc_year(bloc_year, to=target, actor=secretariat)

    assert BlocYear.objects.get(pk=bloc_year.pk).status == source
    assert not _moves_logged(bloc_year).exists()


@pytest.mark.parametrize("status", STATUSES)
def test_advance_bloc_year_same_status_changes_nothing(world, secretariat, status):
    bloc_year = _at(world.bloc_year, status)

    services.advance_bloc_year(bloc_year, to=status, actor=secretariat)

    assert BlocYear.objects.get(pk=bloc_year.pk).status == status
    assert not _moves_logged(bloc_year).exists()


def test_launch_bloc_year_without_deputy_refused(world, secretariat, only_bloc_guards):
    world.bloc_year.memberships.filter(role=MemberRole.DEPUTY).update(role=MemberRole.MEMBER)

    with pytest.raises(DomainError, match="deputy"):
        services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.LAUNCHED, actor=secretariat)

    assert BlocYear.objects.get(pk=world.bloc_year.pk).status == BlocYearStatus.DRAFT


def test_close_bloc_year_without_next_year_refused(world, secretariat, only_bloc_guards):
    bloc_year = _at(world.bloc_year, BlocYearStatus.DECIDED)

    with pytest.raises(DomainError, match="2021"):
        services.advance_bloc_year(bloc_year, to=BlocYearStatus.CLOSED, actor=secretariat)

    assert BlocYear.objects.get(pk=bloc_year.pk).status == BlocYearStatus.DECIDED


def test_close_bloc_year_next_year_without_deputy_refused(world, secretariat, only_bloc_guards):
    following = _next_year_led(world.bloc_year)
    following.memberships.filter(role=MemberRole.DEPUTY).delete()
    bloc_year = _at(world.bloc_year, BlocYearStatus.DECIDED)

    with pytest.raises(DomainError, match="2021"):
        services.advance_bloc_year(bloc_year, to=BlocYearStatus.CLOSED, actor=secretariat)

    assert not _moves_logged(bloc_year).exists()


def test_advance_bloc_year_unmet_requirement_refused_with_its_message(world, secretariat, only_bloc_guards):
    only_bloc_guards[BlocYearStatus.SCORING.value].append(lambda bloc_year: "The scheme has no criteria.")
    bloc_year = _at(world.bloc_year, BlocYearStatus.MID_YEAR_REVIEWED)

    with pytest.raises(DomainError, match="The scheme has no criteria"):
        services.advance_bloc_year(bloc_year, to=BlocYearStatus.SCORING, actor=secretariat)

    assert BlocYear.objects.get(pk=bloc_year.pk).status == BlocYearStatus.MID_YEAR_REVIEWED


def test_missing_to_enter_lists_own_guard_then_requirements(world, only_bloc_guards):
    only_bloc_guards[BlocYearStatus.LAUNCHED.value].append(lambda bloc_year: "No launch meeting.")
    only_bloc_guards[BlocYearStatus.LAUNCHED.value].append(lambda bloc_year: None)
    world.bloc_year.memberships.filter(role=MemberRole.DEPUTY).delete()

    missing = missing_to_enter(world.bloc_year, BlocYearStatus.LAUNCHED)

    assert len(missing) == 2
    assert "deputy" in missing[0]
    assert missing[1] == "No launch meeting."


# --- Calculations ------------------------------------------------------------


def test_status_at_least_scoring_from_each_status():
    reached = [status for status in STATUSES if status_at_least(status, BlocYearStatus.SCORING)]

    assert reached == STATUSES[STATUSES.index(BlocYearStatus.SCORING) :]


def test_status_at_least_reads_a_bloc_year(world):
    bloc_year = _at(world.bloc_year, BlocYearStatus.REVIEWED)

    assert status_at_least(bloc_year, BlocYearStatus.SCORING)
    assert not status_at_least(bloc_year, BlocYearStatus.PROPOSED)


@given(st.sampled_from(STATUSES), st.sampled_from(STATUSES))
def test_status_at_least_is_the_order_of_ranks(a, b):
    assert status_at_least(a, b) is (status_rank(a) >= status_rank(b))
    assert status_at_least(a, b) or status_at_least(b, a)


def test_next_status_walks_every_status_once_to_closed():
    walked, status = [BlocYearStatus.DRAFT], BlocYearStatus.DRAFT
    while (status := next_status(status)) is not None:
        walked.append(status)

    assert walked == STATUSES


# --- Permissions -------------------------------------------------------------

MOVERS = {
    Mover.SECRETARIAT: ("admin_user", "council_officer", "secretariat"),
    Mover.COUNCIL_OFFICE: ("admin_user", "council_officer"),
}


@pytest.mark.parametrize(("source", "target"), LEGAL)
@pytest.mark.parametrize("name", PERSONAS)
def test_move_permission_truth_table(request, world, name, source, target):
    user = persona(request, name)
    bloc_year = _at(world.bloc_year, source)

    action = forward_action(target)

    allowed = user.has_perm(LIFECYCLE[action].permission, bloc_year)

    assert allowed is (name in MOVERS[mover_of(action)])


@pytest.mark.parametrize("name", ["council_officer", "secretariat"])
def test_move_permission_closed_year_refused(request, world, name):
    bloc_year = _at(world.bloc_year, BlocYearStatus.CLOSED)

    assert not request.getfixturevalue(name).has_perm(LIFECYCLE[BlocYearAction.LAUNCH].permission, bloc_year)


# --- Page and view -----------------------------------------------------------


def _move_url(world):
    return reverse("blocs:bloc_year_move", args=[world.bloc_year.pk])


def test_bloc_year_move_secretariat_launches_year(client, world, secretariat, only_bloc_guards):
    client.force_login(secretariat)

    response = client.post(_move_url(world), {"to": "launched"})

    assert response.status_code == 302
    assert BlocYear.objects.get(pk=world.bloc_year.pk).status == BlocYearStatus.LAUNCHED
    assert _moves_logged(world.bloc_year).get().actor == secretariat


def test_bloc_year_move_unit_officer_gets_403(client, world, unit_officer, only_bloc_guards):
    client.force_login(unit_officer)

    assert client.post(_move_url(world), {"to": "launched"}).status_code == 403
    assert BlocYear.objects.get(pk=world.bloc_year.pk).status == BlocYearStatus.DRAFT


def test_bloc_year_move_invisible_year_gets_404(client, world, other_unit_officer):
    client.force_login(other_unit_officer)

    assert client.post(_move_url(world), {"to": "launched"}).status_code == 404


def test_bloc_year_move_get_not_allowed(client, world, secretariat):
    client.force_login(secretariat)

    assert client.get(_move_url(world)).status_code == 405


@pytest.mark.parametrize("to", ["", "draft", "nonsense"])
def test_bloc_year_move_unknown_step_shows_message_changes_nothing(client, world, secretariat, to):
    client.force_login(secretariat)

    response = client.post(_move_url(world), {"to": to}, follow=True)

    assert response.status_code == 200
    assert "Unknown step" in response.content.decode()
    assert BlocYear.objects.get(pk=world.bloc_year.pk).status == BlocYearStatus.DRAFT


def test_bloc_year_move_skipping_a_step_shows_reason_changes_nothing(client, world, secretariat):
    client.force_login(secretariat)

    response = client.post(_move_url(world), {"to": "in_progress"}, follow=True)

    assert response.status_code == 200
    assert "cannot move to" in response.content.decode()
    assert BlocYear.objects.get(pk=world.bloc_year.pk).status == BlocYearStatus.DRAFT
    assert not _moves_logged(world.bloc_year).exists()


def test_bloc_detail_shows_status_next_step_and_what_is_missing(client, world, secretariat, only_bloc_guards):
    only_bloc_guards[BlocYearStatus.LAUNCHED.value].append(lambda bloc_year: "Record the launch meeting.")
    client.force_login(secretariat)

    page = client.get(world.bloc_year.get_absolute_url()).content.decode()

    assert 'aria-current="step">1. Draft' in page
    assert "Record the launch meeting." in page
    assert 'data-testid="move-button" disabled' in page


def test_bloc_detail_button_only_for_who_may_move(client, world, unit_officer, only_bloc_guards):
    client.force_login(unit_officer)

    page = client.get(world.bloc_year.get_absolute_url()).content.decode()

    assert 'data-testid="move-button"' not in page
    assert "The bloc secretariat makes this move." in page


def test_next_step_council_office_step_not_allowed_to_secretariat(world, secretariat, only_bloc_guards):
    bloc_year = _at(world.bloc_year, BlocYearStatus.PROPOSED)

    move = next_step(bloc_year, secretariat)

    assert move.to == BlocYearStatus.DECIDED
    assert move.mover == Mover.COUNCIL_OFFICE
    assert not move.allowed
    assert next_step(_at(bloc_year, BlocYearStatus.CLOSED), secretariat) is None


def test_advance_bloc_year_notifies_officers_of_current_members_once(
    world,
    secretariat,
    deputy_officer,
    unit_officer,
    unit_leader,
    other_unit_officer,
    only_bloc_guards,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.LAUNCHED, actor=secretariat)
    with django_capture_on_commit_callbacks(execute=True):  # same status: no second notice
        services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.LAUNCHED, actor=secretariat)

    notices = Notice.objects.order_by("user_id")
    assert {n.user for n in notices} == {secretariat, deputy_officer, unit_officer}
    assert {n.text for n in notices} == {f"{world.bloc_year} is now at “Launched”."}


def test_bloc_detail_links_to_the_years_commitments_and_reports(client, world, unit_officer):
    client.force_login(unit_officer)

    page = client.get(world.bloc_year.get_absolute_url()).content.decode()

    assert reverse("pledges:commitments", args=[world.bloc_year.pk]) in page
    assert reverse("pledges:report_year", args=[world.bloc_year.pk]) in page


def test_bloc_year_move_unit_officer_skipping_a_step_gets_403_records_nothing(client, world, unit_officer):
    # Who may ask for a step is checked first, whatever the year's state: a member's officer never may.
    client.force_login(unit_officer)

    assert client.post(_move_url(world), {"to": "in_progress"}).status_code == 403
    assert BlocYear.objects.get(pk=world.bloc_year.pk).status == BlocYearStatus.DRAFT
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.TRANSITION_REFUSED).exists()
