"""Next year's head and deputies elected at the meeting: the service, its refusals, the rules and the page."""

import datetime

import pytest
from django.urls import reverse

from awards import rules as award_rules
from awards.enums import LeadershipMethod
from awards.models import NextLeadership
from awards.services.meetings import record_meeting_session, record_next_leadership
from blocs.enums import BlocYearStatus, MemberRole, UnitStatus
from blocs.models import BlocRule, BlocYear, Membership, Unit
from blocs.services import set_leadership
from core.exceptions import DomainError
from core.models import ActivityLog
from tests.awards.conftest import SESSION, set_status
from tests.factories import BlocYearFactory, MembershipFactory
from tests.personas import PERSONAS, persona
from tests.refusals import assert_refused, close_year

pytestmark = pytest.mark.usefixtures("english")
RECORDERS = ("admin_user", "council_officer", "secretariat")


def _log(action):
    return ActivityLog.objects.filter(action=action).order_by("-id").first()


def _roles(bloc_year):
    return dict(Membership.objects.filter(bloc_year=bloc_year).values_list("unit_id", "role"))


def _state():
    """Everything recording the leadership may change: next years, their roles, the record, the audit."""
    roles = sorted(Membership.objects.values_list("bloc_year__year", "unit_id", "role"))
    return BlocYear.objects.count(), roles, list(NextLeadership.objects.values_list("head_id", "method"))


def _elect(meeting, actor, world, *, head=None, deputies=None, method=LeadershipMethod.BALLOT):
    head = head or world.member
    deputies = [world.head] if deputies is None else deputies
    return record_next_leadership(meeting, actor=actor, head=head, deputies=deputies, method=method)


def _next_year(world):
    return BlocYear.objects.get(bloc=world.bloc, year=world.bloc_year.year + 1)


# --- The service -------------------------------------------------------------------------------------


def test_record_next_leadership_opens_next_year_with_members_rules_and_leadership(world, meeting_session, secretariat):
    BlocRule.objects.filter(bloc_year=world.bloc_year).update(flag_quota=2, highest_score_first=True)

    record = _elect(meeting_session.meeting, secretariat, world)

    next_year = _next_year(world)
    assert next_year.status == BlocYearStatus.DRAFT
    assert _roles(next_year) == {
        world.member.pk: MemberRole.HEAD,
        world.head.pk: MemberRole.DEPUTY,
        world.deputy.pk: MemberRole.MEMBER,
    }
    assert (next_year.rule.flag_quota, next_year.rule.highest_score_first) == (2, True)
    assert (record.head, list(record.deputies.all()), record.method) == (world.member, [world.head], "ballot")
    assert record.recorded_by == secretariat and record.recorded_at is not None


def test_record_next_leadership_audits_own_entry_and_blocs_entries(world, meeting_session, secretariat):
    _elect(meeting_session.meeting, secretariat, world)

    next_year = _next_year(world)
    assert _log("blocs.bloc_year.created").object_id == next_year.pk
    assert _log("blocs.leadership.set").data["after"] == {"head": world.member.pk, "deputies": [world.head.pk]}
    entry = _log("awards.meeting.next_leadership")
    assert entry.object_id == meeting_session.meeting.pk and entry.actor == secretariat
    assert entry.data == {
        "before": None,
        "after": {"head": world.member.pk, "deputies": [world.head.pk], "method": "ballot"},
        "bloc_year": next_year.pk,
    }


def test_record_next_leadership_existing_next_year_without_leaders_reused(world, meeting_session, secretariat):
    existing = BlocYearFactory(bloc=world.bloc, year=2021)
    for unit in (world.head, world.deputy, world.member):
        MembershipFactory(bloc_year=existing, unit=unit)

    _elect(meeting_session.meeting, secretariat, world, deputies=[world.head, world.deputy])

    assert BlocYear.objects.filter(bloc=world.bloc).count() == 2
    assert _roles(existing)[world.member.pk] == MemberRole.HEAD
    assert _roles(existing)[world.deputy.pk] == MemberRole.DEPUTY
    assert not ActivityLog.objects.filter(action="blocs.bloc_year.created").exists()


def test_record_next_leadership_same_election_again_no_op(world, meeting_session, secretariat):
    meeting = meeting_session.meeting
    _elect(meeting, secretariat, world)
    logged = ActivityLog.objects.count()

    _elect(meeting, secretariat, world)

    assert ActivityLog.objects.count() == logged and NextLeadership.objects.count() == 1


def test_record_next_leadership_correction_moves_next_year_roles(world, meeting_session, council_officer):
    meeting = meeting_session.meeting
    _elect(meeting, council_officer, world)

    _elect(meeting, council_officer, world, head=world.deputy, deputies=[world.member], method="agreement")

    assert _roles(_next_year(world)) == {
        world.deputy.pk: MemberRole.HEAD,
        world.member.pk: MemberRole.DEPUTY,
        world.head.pk: MemberRole.MEMBER,
    }
    record = NextLeadership.objects.get()
    assert (record.head, list(record.deputies.all()), record.method) == (world.deputy, [world.member], "agreement")
    assert _log("awards.meeting.next_leadership").data["before"]["head"] == world.member.pk


def test_record_next_leadership_next_year_led_elsewhere_refused_nothing_changed(world, meeting_session, admin_user):
    existing = BlocYearFactory(bloc=world.bloc, year=2021)
    for unit in (world.head, world.deputy, world.member):
        MembershipFactory(bloc_year=existing, unit=unit)
    set_leadership(existing, actor=admin_user, head=world.head, deputies=[world.deputy])
    before, logged = _state(), ActivityLog.objects.count()

    with pytest.raises(DomainError, match=r"2021 already has a head and deputies .* chosen elsewhere"):
        _elect(meeting_session.meeting, admin_user, world)

    assert _state() == before and ActivityLog.objects.count() == logged


def test_record_next_leadership_changed_elsewhere_after_recording_refused(world, meeting_session, secretariat):
    meeting = meeting_session.meeting
    _elect(meeting, secretariat, world)
    set_leadership(_next_year(world), actor=secretariat, head=world.head, deputies=[world.member])
    before = _state()

    with pytest.raises(DomainError, match="chosen elsewhere"):
        _elect(meeting, secretariat, world, head=world.deputy, deputies=[world.head])

    assert _state() == before


def test_record_next_leadership_next_year_already_same_skips_set(world, meeting_session, admin_user):
    existing = BlocYearFactory(bloc=world.bloc, year=2021)
    for unit in (world.head, world.deputy, world.member):
        MembershipFactory(bloc_year=existing, unit=unit)
    set_leadership(existing, actor=admin_user, head=world.member, deputies=[world.head])
    sets = ActivityLog.objects.filter(action="blocs.leadership.set").count()

    _elect(meeting_session.meeting, admin_user, world)

    assert ActivityLog.objects.filter(action="blocs.leadership.set").count() == sets
    assert NextLeadership.objects.get().head == world.member


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ({"head": "other_unit"}, "Only current members of the bloc can lead it."),
        ({"deputies": ["member"]}, "The head unit cannot also be a deputy."),
        ({"deputies": []}, "Choose at least one deputy unit."),
        ({"method": "lottery"}, "Say how the meeting chose next year's leadership."),
    ],
)
def test_record_next_leadership_bad_choice_refused_nothing_created(
    world, meeting_session, secretariat, choice, message
):
    units = {"other_unit": world.other_unit, "member": world.member}
    kwargs = {
        "head": units.get(choice.get("head"), world.member),
        "deputies": [units[name] for name in choice.get("deputies", ["member"])] if "deputies" in choice else None,
        "method": choice.get("method", LeadershipMethod.AGREEMENT),
    }
    before, logged = _state(), ActivityLog.objects.count()

    with pytest.raises(DomainError, match=message):
        _elect(meeting_session.meeting, secretariat, world, **kwargs)

    assert _state() == before and ActivityLog.objects.count() == logged


def test_record_next_leadership_unit_ended_not_carried_over_refused_next_year_rolled_back(
    world, meeting_session, secretariat
):
    """A member merged away is not copied into next year (blocs.services.create_bloc_year): it cannot lead it."""
    Unit.objects.filter(pk=world.member.pk).update(status=UnitStatus.MERGED, valid_to=datetime.date(2021, 1, 1))
    before, logged = _state(), ActivityLog.objects.count()

    with pytest.raises(DomainError, match=r"Not a member of .*2021.*Công an tỉnh"):
        _elect(meeting_session.meeting, secretariat, world)

    assert _state() == before and ActivityLog.objects.count() == logged


@pytest.mark.parametrize("status", [BlocYearStatus.SCORING, BlocYearStatus.PROPOSED])
def test_record_next_leadership_out_of_turn_refused(world, meeting_session, secretariat, status):
    set_status(world.bloc_year, status)

    assert_refused(lambda: _elect(meeting_session.meeting, secretariat, world), state=_state, actor=secretariat)


def test_record_next_leadership_closed_year_refused(world, meeting_session, secretariat):
    close_year(world.bloc_year)

    assert_refused(lambda: _elect(meeting_session.meeting, secretariat, world), state=_state, actor=secretariat)


def test_record_next_leadership_reviewed_year_accepted(world, meeting_session, secretariat):
    set_status(world.bloc_year, BlocYearStatus.REVIEWED)

    _elect(meeting_session.meeting, secretariat, world)

    assert _roles(_next_year(world))[world.member.pk] == MemberRole.HEAD


# --- Rules -----------------------------------------------------------------------------------------

STATUSES = [
    BlocYearStatus.SCORING,
    BlocYearStatus.READY_FOR_REVIEW,
    BlocYearStatus.REVIEWED,
    BlocYearStatus.PROPOSED,
    BlocYearStatus.CLOSED,
]
ELECTS = {BlocYearStatus.READY_FOR_REVIEW, BlocYearStatus.REVIEWED}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", PERSONAS)
def test_elects_next_leadership_predicate_truth_table(request, world, status, name):
    bloc_year = set_status(world.bloc_year, status)

    assert award_rules.elects_next_leadership(persona(request, name), bloc_year) is (status in ELECTS)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", PERSONAS)
def test_record_next_leadership_permission_truth_table(request, world, status, name):
    bloc_year = set_status(world.bloc_year, status)
    allowed = {"admin_user"} | (set(RECORDERS) if status in ELECTS else set())

    assert persona(request, name).has_perm("awards.record_next_leadership", bloc_year) is (name in allowed)


# --- The page --------------------------------------------------------------------------------------


def _url(meeting):
    return reverse("awards:next_leadership_edit", args=[meeting.pk])


def _post(world, **change):
    return {"head": world.member.pk, "deputies": [world.head.pk], "method": "ballot"} | change


def test_next_leadership_edit_secretariat_records_and_bloc_page_shows_it(client, world, meeting_session, secretariat):
    client.force_login(secretariat)

    response = client.post(_url(meeting_session.meeting), _post(world), follow=True)

    assert response.redirect_chain[-1][0] == reverse("awards:meeting_detail", args=[world.bloc_year.pk])
    page = response.content.decode()
    assert "Next year&#x27;s leadership was recorded" in page and 'data-testid="next-leadership"' in page
    assert NextLeadership.objects.get().head == world.member
    bloc_page = client.get(reverse("blocs:bloc_detail", args=[world.bloc.pk]), {"year": 2021}).content.decode()
    leaders = bloc_page.split('data-testid="leadership-history"')[1].split("</table>")[0]
    assert "2021" in leaders and world.member.name in leaders


def test_next_leadership_edit_get_shows_member_choices(client, world, meeting_session, secretariat):
    client.force_login(secretariat)

    page = client.get(_url(meeting_session.meeting)).content.decode()

    assert world.member.name in page and world.other_unit.name not in page


def test_next_leadership_edit_unit_officer_forbidden(client, world, meeting_session, unit_officer):
    client.force_login(unit_officer)

    response = client.post(_url(meeting_session.meeting), _post(world))

    assert response.status_code == 403
    assert not NextLeadership.objects.exists() and BlocYear.objects.filter(year=2021).count() == 0


def test_next_leadership_edit_head_also_deputy_400_with_message_nothing_saved(
    client, world, meeting_session, secretariat
):
    client.force_login(secretariat)

    response = client.post(_url(meeting_session.meeting), _post(world, deputies=[world.member.pk]))

    assert response.status_code == 400
    assert "The head unit cannot also be a deputy." in response.content.decode()
    assert not NextLeadership.objects.exists() and not BlocYear.objects.filter(year=2021).exists()


def test_next_leadership_edit_non_member_head_400_nothing_saved(client, world, meeting_session, secretariat):
    client.force_login(secretariat)

    response = client.post(_url(meeting_session.meeting), _post(world, head=world.other_unit.pk))

    assert response.status_code == 400 and not NextLeadership.objects.exists()


def test_next_leadership_edit_second_of_two_meetings_records_second(client, world, ready_year, council_officer):
    other = set_status(world.other_bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    deputy = MembershipFactory(bloc_year=other, unit__province=world.province, unit__name="Sở Xây dựng").unit
    record_meeting_session(ready_year, actor=council_officer, **SESSION)
    second = record_meeting_session(other, actor=council_officer, **SESSION).meeting
    client.force_login(council_officer)

    data = {"head": world.other_unit.pk, "deputies": [deputy.pk], "method": "agreement"}
    response = client.post(_url(second), data)

    assert response.status_code == 302
    assert NextLeadership.objects.get().meeting == second
    assert BlocYear.objects.filter(year=2021).get().bloc == other.bloc


def test_meeting_detail_shows_next_leadership_button_only_to_recorders(
    client, world, meeting_session, secretariat, unit_officer
):
    _elect(meeting_session.meeting, secretariat, world, method=LeadershipMethod.SHOW_OF_HANDS)
    url = reverse("awards:meeting_detail", args=[world.bloc_year.pk])
    client.force_login(unit_officer)
    member_page = client.get(url).content.decode()
    client.force_login(secretariat)

    page = client.get(url).content.decode()

    assert "Show of hands" in member_page and 'data-testid="next-leadership-edit"' not in member_page
    assert 'data-testid="next-leadership-edit"' in page
    assert "Recorded next year&#x27;s head and deputies elected by the meeting" in page  # the history panel
