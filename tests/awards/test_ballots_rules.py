"""Who may see, run and vote in a ballot, and that nobody sees a count before closing: a truth table per
predicate and per permission over the personas, at each state of the ballot."""

import pytest
import rules

from awards import rules as award_rules
from awards.enums import BallotStatus
from awards.models import Ballot
from awards.selectors.ballots import ballot_result, find_receipt, participation_count, round_notes, stored_ballots
from awards.services.ballots import cast_ballot, close_ballot, tally_ballot
from blocs.enums import BlocYearStatus
from tests.awards.conftest import set_status
from tests.personas import MEMBERS, PERSONAS, PROVINCE_SEERS, persona

RECORDERS = ("admin_user", "council_officer", "secretariat")
VIEWERS = (*PROVINCE_SEERS, *MEMBERS)
STATUSES = list(BallotStatus)


def _at(ballot, status) -> Ballot:
    """Put the ballot at ``status`` directly: the moves themselves are tested with the services."""
    Ballot.objects.filter(pk=ballot.pk).update(status=status, opened_at=ballot.created_by.date_joined, digest="0" * 64)
    return Ballot.objects.select_related("meeting__bloc_year").get(pk=ballot.pk)


# The rules are asked directly: Django's ``User.has_perm`` grants a superuser everything, while these
# predicates hold for the administrator too (the readers in ``awards.selectors.ballots`` enforce it).
def _who(request, check) -> set[str]:
    return {name for name in PERSONAS if check(persona(request, name))}


PREDICATES = {
    "results_published": {
        BallotStatus.DRAFT: (),
        BallotStatus.OPEN: (),
        BallotStatus.CLOSED: PERSONAS,
        BallotStatus.TALLIED: PERSONAS,
    },
    # H, D and M are present: their officers and M's leader represent them.
    "votes_here": dict.fromkeys(STATUSES, MEMBERS),
    "sees_ballot": dict.fromkeys(STATUSES, VIEWERS),
    "runs_ballot": dict.fromkeys(STATUSES, RECORDERS),
}

PERMISSIONS = {
    "awards.view_ballot": dict.fromkeys(STATUSES, VIEWERS),
    "awards.open_ballot": {BallotStatus.DRAFT: RECORDERS},
    "awards.close_ballot": {BallotStatus.OPEN: RECORDERS},
    "awards.tally_ballot": {BallotStatus.CLOSED: RECORDERS},
    "awards.cast_ballot": {BallotStatus.OPEN: MEMBERS},
    # Nobody before closing, the administrator included (DOMAIN §7).
    "awards.view_ballot_result": {BallotStatus.CLOSED: VIEWERS, BallotStatus.TALLIED: VIEWERS},
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("predicate", sorted(PREDICATES))
def test_ballot_predicate_truth_table(request, open_merit_ballot, predicate, status):
    ballot = _at(open_merit_ballot, status)
    check = getattr(award_rules, predicate)

    assert _who(request, lambda user: check.test(user, ballot)) == set(PREDICATES[predicate][status])


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_ballot_permission_truth_table(request, open_merit_ballot, permission, status):
    ballot = _at(open_merit_ballot, status)

    assert _who(request, lambda user: rules.has_perm(permission, user, ballot)) == set(
        PERMISSIONS[permission].get(status, ())
    )


@pytest.mark.parametrize(
    "permission", ["awards.open_ballot", "awards.close_ballot", "awards.tally_ballot", "awards.cast_ballot"]
)
def test_ballot_permission_closed_year_nobody_acts(request, open_merit_ballot, permission):
    set_status(open_merit_ballot.meeting.bloc_year, BlocYearStatus.CLOSED)
    allowed = set()
    for status in STATUSES:
        ballot = _at(open_merit_ballot, status)
        allowed |= _who(request, lambda user, ballot=ballot: rules.has_perm(permission, user, ballot))

    assert allowed == set()


@pytest.mark.parametrize("status", [BallotStatus.DRAFT, BallotStatus.OPEN])
def test_ballot_result_before_closing_hidden_from_every_persona(
    request, open_merit_ballot, world, secretariat, unit_officer, status
):
    receipt = cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])
    ballot = _at(open_merit_ballot, status)

    assert _who(request, lambda user: rules.has_perm("awards.view_ballot_result", user, ballot)) == set()
    # The readers themselves answer nothing, whoever asks (Django's superuser holds every ``has_perm``).
    assert stored_ballots(ballot) is None and ballot_result(ballot) is None
    assert find_receipt(ballot, receipt) is None
    assert participation_count(ballot) == 1  # the only figure shown while open


def test_ballot_result_after_closing_seen_and_receipt_found(open_merit_ballot, world, unit_officer, secretariat):
    receipt = cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])
    ballot = close_ballot(open_merit_ballot, actor=secretariat)

    assert stored_ballots(ballot) == [(receipt, {"chosen": [world.head.pk]})]
    assert find_receipt(ballot, receipt.lower()) == {"chosen": [world.head.pk]}
    assert find_receipt(ballot, "AAAAA-AAAAA") is None


def test_round_notes_tallied_says_why_altered_result_says_nothing(world, open_merit_ballot, secretariat, english):
    """The notes are recomputed from the stored count; a stored outcome they would not give is not explained."""
    ballot = close_ballot(open_merit_ballot, actor=secretariat)
    assert round_notes(ballot) == ()  # closed, not counted
    ballot = tally_ballot(ballot, actor=secretariat)

    assert round_notes(ballot) == ("Nobody reached the threshold: a new round among the same candidates.",)

    Ballot.objects.filter(pk=ballot.pk).update(result={**ballot.result, "next_round": []})
    assert round_notes(Ballot.objects.get(pk=ballot.pk)) == ()
