"""The ballot's pages: preparing it from the meeting page, voting through the page, the secretariat's moves,
the live participation figure and the dashboard items. Bad input answers with a message and stores nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.dashboard import ballot_sections
from awards.enums import AwardKind, BallotForm, BallotStatus
from awards.models import Ballot, BallotCandidate, CastBallot, Participation
from awards.sealing import new_salt
from awards.services.ballots import cast_ballot, close_ballot, create_ballot, open_ballot, tally_ballot

pytestmark = pytest.mark.usefixtures("english")
TODAY = timezone.localdate()


def _url(name, *args):
    return reverse(f"awards:{name}", args=args)


def _items(user) -> list[str]:
    return [item.text for section in ballot_sections(user, today=TODAY) for item in section.items]


def _second_ballot(meeting, actor, units, *, status=BallotStatus.OPEN) -> Ballot:
    """Arrange directly: an open yes/no ballot for the provincial flag among ``units`` at the same meeting."""
    ballot = Ballot.objects.create(
        meeting=meeting,
        award=AwardKind.PROVINCE_FLAG,
        form=BallotForm.YES_NO,
        seats=1,
        status=status,
        opened_at=timezone.now(),
        opened_by=actor,
        salt=new_salt(),
        created_by=actor,
    )
    BallotCandidate.objects.bulk_create(BallotCandidate(ballot=ballot, unit=unit) for unit in units)
    return ballot


# --- The meeting page ---------------------------------------------------------------------------------


def test_meeting_detail_secretariat_sees_new_ballot_form_with_candidates_checked(client, voting_meeting, secretariat):
    client.force_login(secretariat)

    page = client.get(_url("meeting_detail", voting_meeting.bloc_year_id)).content.decode()

    assert 'data-testid="new-ballot-province_merit"' in page
    assert page.count('name="province_merit-candidates"') == 3 and page.count("checked") >= 3


def test_meeting_detail_member_sees_rounds_without_form_or_buttons(client, draft_ballot, unit_officer):
    client.force_login(unit_officer)

    page = client.get(_url("meeting_detail", draft_ballot.meeting.bloc_year_id)).content.decode()

    assert _url("ballot_detail", draft_ballot.pk) in page
    assert "new-ballot-" not in page and _url("ballot_move", draft_ballot.pk, "open") not in page


def test_meeting_detail_secretariat_sees_open_button_of_draft(client, draft_ballot, secretariat):
    client.force_login(secretariat)

    page = client.get(_url("meeting_detail", draft_ballot.meeting.bloc_year_id)).content.decode()

    assert _url("ballot_move", draft_ballot.pk, "open") in page
    assert 'data-testid="new-ballot-province_merit"' not in page  # the award has its ballot


def test_ballot_create_secretariat_prepares_ballot(client, world, voting_meeting, secretariat):
    client.force_login(secretariat)
    data = {
        "province_merit-form": "choose",
        "province_merit-max_choices": "1",
        "province_merit-candidates": [world.head.pk, world.member.pk],
        f"province_merit-share_{world.member.pk}": "72.5",
    }

    response = client.post(_url("ballot_create", voting_meeting.pk, "province_merit"), data)

    ballot = Ballot.objects.get()
    assert response.status_code == 302 and response.url == _url("ballot_detail", ballot.pk)
    assert (ballot.status, ballot.form, ballot.max_choices) == (BallotStatus.DRAFT, "choose", 1)
    shares = dict(ballot.entries.values_list("unit_id", "women_share"))
    assert shares == {world.head.pk: None, world.member.pk: 72.5}


def test_ballot_create_too_many_choices_refused_nothing_saved(client, world, voting_meeting, secretariat):
    client.force_login(secretariat)
    data = {"province_merit-form": "choose", "province_merit-max_choices": "5"}
    data["province_merit-candidates"] = [world.head.pk, world.member.pk]

    response = client.post(_url("ballot_create", voting_meeting.pk, "province_merit"), data)

    assert response.status_code == 400 and "between 1 and 2" in response.content.decode()
    assert not Ballot.objects.exists()


def test_ballot_create_member_forbidden(client, voting_meeting, unit_officer, world):
    client.force_login(unit_officer)
    data = {"province_merit-form": "yes_no", "province_merit-candidates": [world.head.pk]}

    assert client.post(_url("ballot_create", voting_meeting.pk, "province_merit"), data).status_code == 403
    assert not Ballot.objects.exists()


def test_ballot_create_unknown_award_not_found(client, voting_meeting, secretariat):
    client.force_login(secretariat)

    assert client.post(_url("ballot_create", voting_meeting.pk, "medal"), {}).status_code == 404


# --- The ballot page: fetching by id ----------------------------------------------------------------


def test_ballot_detail_fetches_the_second_of_two_ballots(client, world, open_merit_ballot, secretariat, unit_officer):
    second = _second_ballot(open_merit_ballot.meeting, secretariat, [world.head, world.deputy])
    client.force_login(unit_officer)

    page = client.get(_url("ballot_detail", second.pk)).content.decode()

    assert "Emulation flag of the Provincial People" in page and "Certificate of merit" not in page
    assert page.count('name="mark_') == 2 * 2  # yes and no for each of the two candidates


@pytest.mark.parametrize("name", ["other_unit_officer", "other_council_officer", "outsider"])
def test_ballot_detail_outside_the_bloc_not_found(request, client, world, open_merit_ballot, secretariat, name):
    second = _second_ballot(open_merit_ballot.meeting, secretariat, [world.head])
    client.force_login(request.getfixturevalue(name))

    assert client.get(_url("ballot_detail", second.pk)).status_code == 404
    assert client.get(_url("ballot_participation", second.pk)).status_code == 404


# --- Voting through the page ------------------------------------------------------------------------


def test_ballot_detail_voter_sees_paper_with_limit(client, open_merit_ballot, unit_officer):
    client.force_login(unit_officer)

    page = client.get(_url("ballot_detail", open_merit_ballot.pk)).content.decode()

    assert 'data-testid="ballot-paper"' in page and "Choose at most 1 candidate" in page
    assert page.count('type="checkbox" name="chosen"') == 3 and "<legend" in page


def test_ballot_cast_shows_receipt_once_and_stores_one_ballot(client, world, open_merit_ballot, unit_officer):
    client.force_login(unit_officer)

    response = client.post(_url("ballot_detail", open_merit_ballot.pk), {"chosen": [world.head.pk]})

    receipt = CastBallot.objects.get(ballot=open_merit_ballot).receipt
    assert response.status_code == 200 and receipt in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert Participation.objects.filter(ballot=open_merit_ballot, voter=unit_officer).count() == 1
    later = client.get(_url("ballot_detail", open_merit_ballot.pk)).content.decode()
    assert receipt not in later and 'data-testid="voted"' in later and 'data-testid="ballot-paper"' not in later


def test_ballot_cast_second_post_refused_nothing_changes(client, world, open_merit_ballot, unit_officer):
    client.force_login(unit_officer)
    client.post(_url("ballot_detail", open_merit_ballot.pk), {"chosen": [world.head.pk]})

    response = client.post(_url("ballot_detail", open_merit_ballot.pk), {"chosen": [world.member.pk]})

    assert response.status_code == 400 and "You have already voted" in response.content.decode()
    assert CastBallot.objects.filter(ballot=open_merit_ballot).count() == 1
    assert Participation.objects.filter(ballot=open_merit_ballot).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("too_many", "at most 1 are allowed"),
        ("unknown", "is not one of the available choices"),
        ("text", "is not one of the available choices"),
    ],
)
def test_ballot_cast_invalid_choice_refused_nothing_stored(
    client, world, open_merit_ballot, unit_officer, data, message
):
    posted = {
        "too_many": {"chosen": [world.head.pk, world.member.pk]},
        "unknown": {"chosen": [world.other_unit.pk]},
        "text": {"chosen": ["1 OR 1=1"]},
    }[data]
    client.force_login(unit_officer)

    response = client.post(_url("ballot_detail", open_merit_ballot.pk), posted)

    assert response.status_code == 400 and message in response.content.decode()
    assert not CastBallot.objects.filter(ballot=open_merit_ballot).exists()
    assert not Participation.objects.filter(ballot=open_merit_ballot).exists()


def test_ballot_cast_yes_no_tampered_mark_refused(client, world, open_merit_ballot, secretariat, unit_officer):
    second = _second_ballot(open_merit_ballot.meeting, secretariat, [world.head, world.deputy])
    client.force_login(unit_officer)

    response = client.post(_url("ballot_detail", second.pk), {f"mark_{world.head.pk}": "maybe"})

    assert response.status_code == 400
    assert not CastBallot.objects.filter(ballot=second).exists()


def test_ballot_cast_yes_no_stores_marks(client, world, open_merit_ballot, secretariat, unit_officer):
    second = _second_ballot(open_merit_ballot.meeting, secretariat, [world.head, world.deputy])
    client.force_login(unit_officer)

    client.post(_url("ballot_detail", second.pk), {f"mark_{world.head.pk}": "yes", f"mark_{world.deputy.pk}": "no"})
    close_ballot(second, actor=secretariat)

    assert CastBallot.objects.get(ballot=second).choice == {"yes": [world.head.pk], "no": [world.deputy.pk]}


def test_ballot_cast_non_voter_forbidden(client, world, open_merit_ballot, council_officer):
    client.force_login(council_officer)

    response = client.post(_url("ballot_detail", open_merit_ballot.pk), {"chosen": [world.head.pk]})

    assert response.status_code == 403 and not CastBallot.objects.exists()


def test_ballot_cast_superuser_refused_with_message(client, world, open_merit_ballot, admin_user):
    client.force_login(admin_user)

    page = client.get(_url("ballot_detail", open_merit_ballot.pk)).content.decode()
    response = client.post(_url("ballot_detail", open_merit_ballot.pk), {"chosen": [world.head.pk]})

    assert 'data-testid="ballot-paper"' not in page  # the administrator votes for no unit
    assert response.status_code == 400 and "Only the representative" in response.content.decode()
    assert not CastBallot.objects.exists()


# --- The secretariat's moves --------------------------------------------------------------------------


def test_ballot_move_secretariat_opens_closes_tallies(client, world, draft_ballot, secretariat, unit_officer):
    cast_ballot(open_ballot(draft_ballot, actor=secretariat), voter=unit_officer, choice=[world.head.pk])
    client.force_login(secretariat)
    statuses = []
    for action in ("close", "tally"):
        client.post(_url("ballot_move", draft_ballot.pk, action))
        statuses.append(Ballot.objects.get(pk=draft_ballot.pk).status)

    assert statuses == [BallotStatus.CLOSED, BallotStatus.TALLIED]
    page = client.get(_url("ballot_detail", draft_ballot.pk)).content.decode()
    assert 'data-testid="tally"' in page and "Closed the ballot" in page  # history


def test_ballot_move_member_forbidden(client, draft_ballot, unit_officer):
    client.force_login(unit_officer)

    assert client.post(_url("ballot_move", draft_ballot.pk, "open")).status_code == 403
    assert Ballot.objects.get(pk=draft_ballot.pk).status == BallotStatus.DRAFT


def test_ballot_move_state_does_not_allow_forbidden_nothing_changes(client, draft_ballot, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("ballot_move", draft_ballot.pk, "tally"))

    assert response.status_code == 403  # the permission reads the machine: a draft cannot be counted
    assert Ballot.objects.get(pk=draft_ballot.pk).status == BallotStatus.DRAFT


def test_ballot_move_unknown_action_not_found(client, draft_ballot, secretariat):
    client.force_login(secretariat)

    assert client.post(_url("ballot_move", draft_ballot.pk, "delete")).status_code == 404


def test_ballot_next_round_after_a_tie(client, world, voting_meeting, secretariat, deputy_officer):
    ballot = create_ballot(
        voting_meeting,
        actor=secretariat,
        award=AwardKind.PROVINCE_MERIT,
        candidates=[world.head, world.deputy],
        form=BallotForm.CHOOSE,
        max_choices=1,
    )
    open_ballot(ballot, actor=secretariat)
    cast_ballot(ballot, voter=secretariat, choice=[world.head.pk])
    cast_ballot(ballot, voter=deputy_officer, choice=[world.deputy.pk])
    tally_ballot(close_ballot(ballot, actor=secretariat), actor=secretariat)
    client.force_login(secretariat)
    page = client.get(_url("ballot_detail", ballot.pk)).content.decode()

    client.post(_url("ballot_next_round", ballot.pk))

    assert 'data-testid="next-round"' in page
    assert list(Ballot.objects.filter(meeting=voting_meeting).values_list("round_number", flat=True)) == [1, 2]


# --- Participation and the dashboard ------------------------------------------------------------------


def test_ballot_participation_json_counts_voters_only(client, world, open_merit_ballot, unit_officer, secretariat):
    cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])
    client.force_login(secretariat)

    data = client.get(_url("ballot_participation", open_merit_ballot.pk)).json()

    assert data == {"voted": 1, "eligible": 3, "status": "open", "status_label": "Open for voting"}


def test_dashboard_voter_sees_open_ballot_until_voted(world, open_merit_ballot, unit_officer, secretariat):
    _second_ballot(open_merit_ballot.meeting, secretariat, [world.head], status=BallotStatus.DRAFT)
    before = _items(unit_officer)

    cast_ballot(open_merit_ballot, voter=unit_officer, choice=[])

    assert len(before) == 1 and before[0].startswith("A ballot is open for you")
    assert _items(unit_officer) == []


def test_dashboard_absent_unit_not_told_to_vote(world, open_merit_ballot, unit_officer):
    session = open_merit_ballot.meeting.sessions.get()
    session.attendances.filter(unit=world.member).update(present=False)

    assert _items(unit_officer) == []


def test_dashboard_secretariat_sees_running_round(world, open_merit_ballot, secretariat, council_member):
    items = _items(secretariat)

    assert "Ballot round 1 for Certificate of merit" in " ".join(items)
    assert _items(council_member) == []
