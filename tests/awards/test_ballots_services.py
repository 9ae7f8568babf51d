from decimal import Decimal

import pytest
from django.http import Http404

from awards.enums import AwardKind, BallotForm, BallotStatus
from awards.models import Ballot, BallotCandidate, CastBallot, Participation
from awards.selectors.ballots import get_ballot_for_user
from awards.services.ballots import (
    cast_ballot,
    close_ballot,
    create_ballot,
    next_round,
    open_ballot,
    tally_ballot,
)
from blocs.models import BlocRule
from core.exceptions import DomainError, RefusedTransition
from core.models import ActivityLog
from core.selectors import history_for
from tests.awards.conftest import flag_ballot, set_status
from tests.factories import UnitRoleFactory
from tests.personas import persona as user_of
from tests.refusals import assert_refused, close_year

pytestmark = pytest.mark.usefixtures("english")


def _log(action):
    return ActivityLog.objects.filter(action=action).order_by("-id").first()


def _state(ballot):
    ballot.refresh_from_db()
    return ballot.status, Participation.objects.count(), CastBallot.objects.count()


def _vote_all(ballot, world, secretariat, deputy_officer, unit_officer, choices):
    """H, D and M vote ``choices`` (three choices, in that order); returns the receipts."""
    voters = [secretariat, deputy_officer, unit_officer]
    return [cast_ballot(ballot, voter=voter, choice=choice) for voter, choice in zip(voters, choices, strict=True)]


# --- Creating ---------------------------------------------------------------------------------


def test_create_ballot_valid_stores_draft_with_candidates_and_audits(world, voting_meeting, secretariat):
    ballot = create_ballot(
        voting_meeting,
        actor=secretariat,
        award=AwardKind.PROVINCE_MERIT,
        candidates=[world.head, world.member],
        form=BallotForm.YES_NO,
        women_shares={world.member.pk: Decimal(75)},
    )

    assert ballot.status == BallotStatus.DRAFT and ballot.round_number == 1
    assert ballot.seats is None and ballot.max_choices is None and len(bytes(ballot.salt)) == 16
    shares = dict(BallotCandidate.objects.filter(ballot=ballot).values_list("unit_id", "women_share"))
    assert shares == {world.head.pk: None, world.member.pk: Decimal(75)}
    assert _log("awards.ballot.created").data["candidates"] == sorted([world.head.pk, world.member.pk])


def test_create_ballot_choose_without_limit_defaults_to_candidates(world, voting_meeting, secretariat):
    ballot = create_ballot(
        voting_meeting,
        actor=secretariat,
        award=AwardKind.PROVINCE_MERIT,
        candidates=[world.head, world.member],
        form=BallotForm.CHOOSE,
    )

    assert ballot.max_choices == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"candidates": []}, "at least one candidate"),
        ({"candidates": "twice"}, "listed once"),
        ({"candidates": "outsider"}, "Only the units that stand"),
        ({"max_choices": 4}, "between 1 and 3"),
        ({"max_choices": 0}, "between 1 and 3"),
        ({"form": BallotForm.YES_NO, "max_choices": 1}, "no limit on choices"),
        ({"women_shares": "bad"}, "between 0 and 100"),
    ],
)
def test_create_ballot_bad_input_refused_nothing_saved(world, voting_meeting, secretariat, change, message):
    values = {
        "award": AwardKind.PROVINCE_MERIT,
        "candidates": [world.head, world.deputy, world.member],
        "form": BallotForm.CHOOSE,
        "max_choices": 1,
    } | change
    if values["candidates"] == "twice":
        values["candidates"] = [world.head, world.head]
    if values["candidates"] == "outsider":
        values["candidates"] = [world.head, world.other_unit]
    if values.get("women_shares") == "bad":
        values["women_shares"] = {world.head.pk: Decimal(101)}

    with pytest.raises(DomainError, match=message):
        create_ballot(voting_meeting, actor=secretariat, **values)

    assert not Ballot.objects.exists() and not _log("awards.ballot.created")


def test_create_ballot_unregistered_unit_refused(world, voting_meeting, secretariat, fellow_officer):
    fellow = fellow_officer.unit_roles.get().unit

    with pytest.raises(DomainError, match="Only the units that stand"):
        create_ballot(
            voting_meeting, actor=secretariat, award="province_merit", candidates=[fellow], form=BallotForm.YES_NO
        )


def test_create_ballot_second_for_award_refused(world, draft_ballot, voting_meeting, secretariat):
    with pytest.raises(DomainError, match="has a ballot already"):
        create_ballot(voting_meeting, actor=secretariat, award="province_merit", candidates=[world.head], form="yes_no")

    assert Ballot.objects.count() == 1


def test_create_ballot_closed_year_refused(world, voting_meeting, secretariat):
    close_year(voting_meeting.bloc_year)

    assert_refused(
        lambda: create_ballot(
            voting_meeting, actor=secretariat, award="province_merit", candidates=[world.head], form="yes_no"
        ),
        state=lambda: Ballot.objects.count(),
        actor=secretariat,
    )


# --- The machine ------------------------------------------------------------------------------------


def test_open_ballot_draft_opens_and_audits(draft_ballot, secretariat):
    ballot = open_ballot(draft_ballot, actor=secretariat)

    assert ballot.status == BallotStatus.OPEN and ballot.opened_by == secretariat and ballot.opened_at
    assert _log("awards.ballot.opened").object_id == ballot.pk


def test_open_ballot_open_again_is_noop(open_merit_ballot, secretariat):
    logged = ActivityLog.objects.count()

    open_ballot(open_merit_ballot, actor=secretariat)

    assert ActivityLog.objects.count() == logged


def test_open_ballot_scores_not_approved_refused(draft_ballot, secretariat):
    type(draft_ballot.meeting).objects.filter(pk=draft_ballot.meeting_id).update(
        scores_approved_at=None, scores_approved_by=None
    )

    with pytest.raises(DomainError, match="approves the scores before the ballot opens"):
        open_ballot(draft_ballot, actor=secretariat)

    assert _state(draft_ballot)[0] == BallotStatus.DRAFT


def test_open_ballot_nobody_present_refused(draft_ballot, secretariat):
    draft_ballot.meeting.sessions.get().attendances.update(present=False, representative_name="")

    with pytest.raises(DomainError, match="Record who is present"):
        open_ballot(draft_ballot, actor=secretariat)

    assert _state(draft_ballot)[0] == BallotStatus.DRAFT


def test_open_ballot_without_candidates_refused(draft_ballot, secretariat):
    draft_ballot.entries.all().delete()

    with pytest.raises(DomainError, match="List the candidates"):
        open_ballot(draft_ballot, actor=secretariat)


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (BallotStatus.DRAFT, close_ballot),
        (BallotStatus.DRAFT, tally_ballot),
        (BallotStatus.OPEN, tally_ballot),
        (BallotStatus.CLOSED, open_ballot),
        (BallotStatus.TALLIED, open_ballot),
    ],
)
def test_ballot_machine_move_from_wrong_state_refused(draft_ballot, secretariat, status, service):
    Ballot.objects.filter(pk=draft_ballot.pk).update(
        status=status, opened_at=draft_ballot.created_by.date_joined, digest="x" * 64
    )

    assert_refused(
        lambda: service(draft_ballot, actor=secretariat), state=lambda: _state(draft_ballot), actor=secretariat
    )


def test_ballot_machine_whole_life_draft_open_closed_tallied(
    draft_ballot, world, secretariat, deputy_officer, unit_officer
):
    ballot = open_ballot(draft_ballot, actor=secretariat)
    _vote_all(ballot, world, secretariat, deputy_officer, unit_officer, [[world.head.pk]] * 3)
    ballot = close_ballot(ballot, actor=secretariat)
    assert ballot.status == BallotStatus.CLOSED
    ballot = tally_ballot(ballot, actor=secretariat)

    assert ballot.status == BallotStatus.TALLIED
    assert ballot.result["elected"] == [world.head.pk]


# --- Casting ----------------------------------------------------------------------------------------


def test_cast_ballot_valid_returns_receipt_and_stores_sealed(open_merit_ballot, world, unit_officer):
    receipt = cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.deputy.pk])

    participation = Participation.objects.get()
    assert (participation.voter, participation.unit) == (unit_officer, world.member)
    row = CastBallot.objects.get()
    assert row.receipt == receipt and len(receipt) == 11 and row.choice is None
    assert b"chosen" not in bytes(row.sealed)  # the plaintext is not in the row
    assert len(bytes(row.sealed)) == 12 + 512 + 16  # nonce, padded plaintext, tag
    entry = _log("awards.ballot.participated")
    assert entry.actor == unit_officer and entry.data == {"unit": world.member.pk}


def test_cast_ballot_sealed_length_same_for_every_choice(open_merit_ballot, world, secretariat, deputy_officer):
    cast_ballot(open_merit_ballot, voter=secretariat, choice=[])
    cast_ballot(open_merit_ballot, voter=deputy_officer, choice=[world.member.pk])

    assert len({len(bytes(sealed)) for sealed in CastBallot.objects.values_list("sealed", flat=True)}) == 1


def test_cast_ballot_second_vote_by_voter_refused(open_merit_ballot, world, unit_officer):
    cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])

    with pytest.raises(DomainError, match="already voted"):
        cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.deputy.pk])

    assert Participation.objects.count() == CastBallot.objects.count() == 1


def test_cast_ballot_second_officer_of_same_unit_refused(open_merit_ballot, world, unit_officer, unit_leader):
    cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])

    with pytest.raises(DomainError, match="Your unit has already voted"):
        cast_ballot(open_merit_ballot, voter=unit_leader, choice=[world.deputy.pk])

    assert Participation.objects.count() == CastBallot.objects.count() == 1


@pytest.mark.parametrize("persona", ["outsider", "council_officer", "other_unit_officer", "admin_user"])
def test_cast_ballot_not_a_present_representative_refused(open_merit_ballot, world, request, persona):
    voter = request.getfixturevalue(persona)

    assert_refused(
        lambda: cast_ballot(open_merit_ballot, voter=voter, choice=[world.head.pk]),
        state=lambda: _state(open_merit_ballot),
        actor=None,
    )


def test_cast_ballot_absent_unit_refused(open_merit_ballot, world, unit_officer):
    open_merit_ballot.meeting.sessions.get().attendances.filter(unit=world.member).update(
        present=False, representative_name=""
    )

    with pytest.raises(RefusedTransition, match="present at the meeting"):
        cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])

    assert not Participation.objects.exists()


def test_cast_ballot_officer_of_two_present_units_names_the_unit(open_merit_ballot, world, unit_officer):
    UnitRoleFactory(user=unit_officer, unit=world.deputy)

    with pytest.raises(DomainError, match="Say which unit"):
        cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])
    cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk], unit=world.deputy)

    assert Participation.objects.get().unit == world.deputy


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("other", "not a candidate"),
        ("two", "at most 1"),
        ("twice", "same candidate twice"),
        ({1: True}, "choose candidates from the list"),
        ("text", "choose candidates from the list"),
        ([True], "choose candidates from the list"),
    ],
)
def test_cast_ballot_invalid_choice_refused_nothing_saved(open_merit_ballot, world, unit_officer, choice, message):
    choice = (
        {
            "other": [world.other_unit.pk],
            "two": [world.head.pk, world.deputy.pk],
            "twice": [world.head.pk, world.head.pk],
        }.get(choice, choice)
        if isinstance(choice, str)
        else choice
    )

    with pytest.raises(DomainError, match=message):
        cast_ballot(open_merit_ballot, voter=unit_officer, choice=choice)

    assert not Participation.objects.exists() and not CastBallot.objects.exists()
    assert not _log("awards.ballot.participated")


def test_cast_ballot_yes_no_form_bad_mark_refused(world, voting_meeting, secretariat, unit_officer):
    ballot = create_ballot(
        voting_meeting, actor=secretariat, award="province_merit", candidates=[world.head], form="yes_no"
    )
    ballot = open_ballot(ballot, actor=secretariat)

    with pytest.raises(DomainError, match="mark yes or no"):
        cast_ballot(ballot, voter=unit_officer, choice={world.head.pk: "yes"})
    with pytest.raises(DomainError, match="not a candidate"):
        cast_ballot(ballot, voter=unit_officer, choice={world.member.pk: True})

    assert not CastBallot.objects.exists()


def test_cast_ballot_draft_refused(draft_ballot, world, unit_officer):
    assert_refused(
        lambda: cast_ballot(draft_ballot, voter=unit_officer, choice=[world.head.pk]),
        state=lambda: _state(draft_ballot),
        actor=None,
    )


# --- Closing and tallying -------------------------------------------------------------------------------


def test_close_ballot_unseals_shuffles_and_records_digest(
    open_merit_ballot, world, secretariat, deputy_officer, unit_officer
):
    receipts = _vote_all(
        open_merit_ballot, world, secretariat, deputy_officer, unit_officer, [[world.head.pk], [world.head.pk], []]
    )
    sealed_ids = set(CastBallot.objects.values_list("id", flat=True))

    ballot = close_ballot(open_merit_ballot, actor=secretariat)

    rows = dict(CastBallot.objects.values_list("receipt", "choice"))
    assert rows == {
        receipts[0]: {"chosen": [world.head.pk]},
        receipts[1]: {"chosen": [world.head.pk]},
        receipts[2]: {"chosen": []},
    }
    assert not CastBallot.objects.filter(sealed__isnull=False).exists()
    assert not sealed_ids & set(CastBallot.objects.values_list("id", flat=True))  # fresh random ids
    entry = _log("awards.ballot.closed")
    assert entry.data["digest"] == ballot.digest and entry.data["ballots"] == 3
    assert sorted(entry.data["fingerprints"]) == sorted(receipts)


def test_close_ballot_closed_again_is_noop(open_merit_ballot, secretariat):
    close_ballot(open_merit_ballot, actor=secretariat)
    ids = set(CastBallot.objects.values_list("id", flat=True))
    logged = ActivityLog.objects.count()

    close_ballot(open_merit_ballot, actor=secretariat)

    assert ActivityLog.objects.count() == logged and set(CastBallot.objects.values_list("id", flat=True)) == ids


def test_close_ballot_ballot_removed_while_open_refused(open_merit_ballot, world, unit_officer, secretariat):
    cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])
    CastBallot.objects.all().delete()

    with pytest.raises(DomainError, match="0 ballots are in the box for 1 voters"):
        close_ballot(open_merit_ballot, actor=secretariat)

    assert _state(open_merit_ballot)[0] == BallotStatus.OPEN


def test_close_ballot_secret_key_changed_cannot_unseal(open_merit_ballot, world, unit_officer, secretariat, settings):
    cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])
    settings.SECRET_KEY = "another-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789"

    with pytest.raises(DomainError, match="cannot be opened"):
        close_ballot(open_merit_ballot, actor=secretariat)

    assert CastBallot.objects.get().choice is None


def test_tally_ballot_majority_of_all_members_elects(
    open_merit_ballot, world, secretariat, deputy_officer, unit_officer
):
    _vote_all(
        open_merit_ballot, world, secretariat, deputy_officer, unit_officer, [[world.head.pk], [world.head.pk], []]
    )
    close_ballot(open_merit_ballot, actor=secretariat)

    ballot = tally_ballot(open_merit_ballot, actor=secretariat)

    assert ballot.result["votes"] == {str(world.head.pk): 2, str(world.deputy.pk): 0, str(world.member.pk): 0}
    assert ballot.result["blank"] == 1 and ballot.result["ballots"] == 3
    assert ballot.result["elected"] == [world.head.pk] and ballot.result["next_round"] == []
    assert _log("awards.ballot.tallied").data["elected"] == [world.head.pk]


def test_tally_ballot_threshold_of_those_present_from_bloc_rule(
    open_merit_ballot, world, secretariat, deputy_officer, fellow_officer
):
    """Two of three present vote for H: > 50 % of those present, not of the four members (BlocRule)."""
    BlocRule.objects.filter(bloc_year=world.bloc_year).update(vote_denominator="present")
    cast_ballot(open_merit_ballot, voter=secretariat, choice=[world.head.pk])
    cast_ballot(open_merit_ballot, voter=deputy_officer, choice=[world.head.pk])
    close_ballot(open_merit_ballot, actor=secretariat)

    ballot = tally_ballot(open_merit_ballot, actor=secretariat)

    assert (ballot.result["members"], ballot.result["present"]) == (4, 3)
    assert ballot.result["elected"] == [world.head.pk]


def test_tally_ballot_nobody_passes_then_next_round_with_same_candidates(
    open_merit_ballot, world, secretariat, deputy_officer, unit_officer
):
    _vote_all(
        open_merit_ballot, world, secretariat, deputy_officer, unit_officer, [[world.head.pk], [world.deputy.pk], []]
    )
    close_ballot(open_merit_ballot, actor=secretariat)
    tallied = tally_ballot(open_merit_ballot, actor=secretariat)

    second = next_round(tallied, actor=secretariat)

    assert tallied.result["elected"] == []
    assert second.round_number == 2 and second.status == BallotStatus.DRAFT
    assert sorted(second.entries.values_list("unit_id", flat=True)) == sorted(
        [world.head.pk, world.deputy.pk, world.member.pk]
    )
    assert Ballot.objects.count() == 2  # every round is kept


def test_tally_ballot_tie_for_flag_next_round_limited_to_tied(
    world, voting_meeting, secretariat, deputy_officer, unit_officer
):
    """A tie for the one flag between H and D (yes/no, each with 2 of 3): a new round between them (DOMAIN §7)."""
    ballot = flag_ballot(
        voting_meeting, actor=secretariat, shares=dict.fromkeys((world.head, world.deputy, world.member))
    )
    ballot = open_ballot(ballot, actor=secretariat)
    h, d, m = world.head.pk, world.deputy.pk, world.member.pk
    _vote_all(
        ballot,
        world,
        secretariat,
        deputy_officer,
        unit_officer,
        [{h: True, d: True, m: False}, {h: True, d: True}, {h: False, d: False, m: True}],
    )
    close_ballot(ballot, actor=secretariat)
    tallied = tally_ballot(ballot, actor=secretariat)

    second = next_round(tallied, actor=secretariat)

    assert tallied.result["votes"] == {str(h): 2, str(d): 2, str(m): 1} and tallied.result["no"][str(m)] == 1
    assert tallied.result["elected"] == [] and sorted(tallied.result["next_round"]) == sorted([h, d])
    assert sorted(second.entries.values_list("unit_id", flat=True)) == sorted([h, d]) and second.seats == 1


def test_next_round_decided_result_refused(open_merit_ballot, world, secretariat, deputy_officer, unit_officer):
    _vote_all(open_merit_ballot, world, secretariat, deputy_officer, unit_officer, [[world.head.pk]] * 3)
    close_ballot(open_merit_ballot, actor=secretariat)
    tally_ballot(open_merit_ballot, actor=secretariat)

    with pytest.raises(DomainError, match="no new round is needed"):
        next_round(open_merit_ballot, actor=secretariat)

    assert Ballot.objects.count() == 1


def test_next_round_not_tallied_refused(open_merit_ballot, secretariat):
    assert_refused(
        lambda: next_round(open_merit_ballot, actor=secretariat),
        state=lambda: Ballot.objects.count(),
        actor=secretariat,
    )


def test_tally_ballot_closed_year_refused(open_merit_ballot, secretariat):
    close_ballot(open_merit_ballot, actor=secretariat)
    set_status(open_merit_ballot.meeting.bloc_year, "closed")

    assert_refused(
        lambda: tally_ballot(open_merit_ballot, actor=secretariat),
        state=lambda: _state(open_merit_ballot),
        actor=secretariat,
    )


# --- The chokepoint -----------------------------------------------------------------------------------


def test_get_ballot_for_user_two_ballots_fetches_second(world, voting_meeting, secretariat, unit_officer):
    create_ballot(voting_meeting, actor=secretariat, award="province_merit", candidates=[world.head], form="yes_no")
    second = Ballot.objects.create(
        meeting=voting_meeting, award=AwardKind.PROVINCE_FLAG, form="yes_no", salt=b"0" * 16, created_by=secretariat
    )

    assert get_ballot_for_user(unit_officer, second.pk) == second


@pytest.mark.parametrize("persona", ["outsider", "other_unit_officer", "other_council_officer", "anonymous"])
def test_get_ballot_for_user_outside_bloc_404(draft_ballot, request, persona):
    with pytest.raises(Http404):
        get_ballot_for_user(user_of(request, persona), draft_ballot.pk)


def test_ballot_history_reads_sentences_without_fingerprints_or_counts(
    open_merit_ballot, world, secretariat, unit_officer
):
    cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])
    close_ballot(open_merit_ballot, actor=secretariat)
    tally_ballot(open_merit_ballot, actor=secretariat)

    rows = history_for(open_merit_ballot)

    sentences = [row.sentence for row in rows]
    assert "Voted in the ballot" in sentences and "Counted the ballot and recorded the result" in sentences
    keys = {str(key).lower() for row in rows for key, _before, _after in row.details}
    assert not keys & {"fingerprints", "votes", "no", "blank"}


def test_tally_ballot_tie_women_share_preference_elects(
    world, voting_meeting, secretariat, deputy_officer, unit_officer
):
    """H and D tie for the one flag; D's collective is 75 % women, H's 40 %: D is preferred (Decree 152/2025 Art. 4(6))."""
    ballot = flag_ballot(voting_meeting, actor=secretariat, shares={world.head: Decimal(40), world.deputy: Decimal(75)})
    ballot = open_ballot(ballot, actor=secretariat)
    h, d = world.head.pk, world.deputy.pk
    votes = [{h: True, d: True}, {h: True, d: True}, {h: False, d: False}]
    _vote_all(ballot, world, secretariat, deputy_officer, unit_officer, votes)
    close_ballot(ballot, actor=secretariat)

    tallied = tally_ballot(ballot, actor=secretariat)

    assert tallied.result["elected"] == [d] and tallied.result["preferred"] == [d]
    assert tallied.result["next_round"] == []
