import pytest

from awards.enums import VOTE_COUNT_MINUTES_KIND, AwardKind, BallotAction, BallotForm, BallotStatus, VoteMethod
from awards.models import Ballot, BallotCandidate, CountingMember, PaperCount
from awards.selectors.ballots import get_ballot_for_user
from awards.services.ballots import create_ballot, next_round, open_ballot
from awards.services.paper import PaperCountInconsistent, record_counting_committee, record_paper_count
from awards.transitions import BALLOT
from core.exceptions import DomainError, RefusedTransition
from core.models import ActivityLog, IssuedDocument
from tests.awards.conftest import flag_ballot

pytestmark = pytest.mark.usefixtures("english")

COMMITTEE = [("Lê Văn Cường", "Chánh Văn phòng", True), ("Phạm Thị Dung", "Chuyên viên", False)]


@pytest.fixture
def committee(voting_meeting, secretariat):
    return record_counting_committee(voting_meeting, actor=secretariat, members=COMMITTEE)


def _votes(world, h, d, m):
    return {world.head.pk: h, world.deputy.pk: d, world.member.pk: m}


def _state(ballot):
    ballot.refresh_from_db()
    return (
        ballot.status,
        ballot.method,
        ballot.result,
        PaperCount.objects.count(),
        list(BallotCandidate.objects.filter(ballot=ballot).values_list("paper_votes", flat=True)),
    )


# --- The committee ---------------------------------------------------------------------------------


def test_record_counting_committee_valid_replaces_list_and_audits(voting_meeting, secretariat):
    record_counting_committee(voting_meeting, actor=secretariat, members=[("Cũ", "", True)])

    record_counting_committee(voting_meeting, actor=secretariat, members=COMMITTEE)

    rows = list(CountingMember.objects.filter(meeting=voting_meeting).values_list("name", "title", "is_head"))
    assert rows == COMMITTEE
    entry = ActivityLog.objects.filter(action="awards.counting_committee.recorded").order_by("-id").first()
    assert entry.data == {"head": "Lê Văn Cường", "members": ["Lê Văn Cường", "Phạm Thị Dung"]}


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([], "Name at least one member"),
        ([("A", "", False), ("B", "", False)], "exactly one head"),
        ([("A", "", True), ("B", "", True)], "exactly one head"),
        ([("A", "", True), ("  ", "Chuyên viên", False)], "needs a name"),
    ],
)
def test_record_counting_committee_bad_list_refused_nothing_stored(voting_meeting, secretariat, members, message):
    record_counting_committee(voting_meeting, actor=secretariat, members=COMMITTEE)

    with pytest.raises(DomainError, match=message):
        record_counting_committee(voting_meeting, actor=secretariat, members=members)

    assert list(CountingMember.objects.values_list("name", flat=True)) == ["Lê Văn Cường", "Phạm Thị Dung"]


def test_record_counting_committee_after_a_count_refused(world, draft_ballot, committee, secretariat):
    record_paper_count(
        draft_ballot, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes=_votes(world, 2, 1, 0)
    )

    with pytest.raises(DomainError, match="on the minutes"):
        record_counting_committee(committee, actor=secretariat, members=[("Khác", "", True)])


# --- The count -------------------------------------------------------------------------------------


def test_record_paper_count_valid_tallies_like_electronic_and_issues_minutes(
    world, draft_ballot, committee, secretariat
):
    h, d, m = world.head.pk, world.deputy.pk, world.member.pk

    ballot = record_paper_count(
        draft_ballot, actor=secretariat, issued=3, returned=3, valid=2, invalid=1, votes=_votes(world, 2, 0, 0)
    )

    ballot.refresh_from_db()
    assert (ballot.status, ballot.method, ballot.opened_at, ballot.digest) == (
        BallotStatus.TALLIED,
        VoteMethod.PAPER,
        None,
        "",
    )
    assert ballot.result == {
        "ballots": 2,
        "votes": {str(h): 2, str(d): 0, str(m): 0},
        "blank": None,
        "issued": 3,
        "returned": 3,
        "valid": 2,
        "invalid": 1,
        "method": "paper",
        "members": 3,
        "present": 3,
        "passing": [h],
        "elected": [h],
        "next_round": [],
        "preferred": [],
    }
    count = PaperCount.objects.get(ballot=ballot)
    assert (count.issued, count.returned, count.valid, count.invalid, count.recorded_by) == (3, 3, 2, 1, secretariat)
    assert dict(ballot.entries.values_list("unit_id", "paper_votes")) == {h: 2, d: 0, m: 0}
    issued = IssuedDocument.objects.get(kind=VOTE_COUNT_MINUTES_KIND, object_id=ballot.pk)
    assert (issued.number, issued.type_code, issued.signer_name) == (1, "BB", "Lê Văn Cường")
    assert issued.issued_on == ballot.meeting.sessions.get().held_on
    assert ActivityLog.objects.filter(action="awards.ballot.paper_counted").get().data == ballot.result


def test_record_paper_count_yes_no_no_is_valid_minus_yes(world, voting_meeting, committee, secretariat):
    ballot = create_ballot(
        voting_meeting,
        actor=secretariat,
        award=AwardKind.PROVINCE_MERIT,
        candidates=[world.head, world.deputy, world.member],
        form=BallotForm.YES_NO,
    )

    ballot = record_paper_count(
        ballot, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes=_votes(world, 3, 2, 1)
    )

    assert ballot.result["no"] == {str(world.head.pk): 0, str(world.deputy.pk): 1, str(world.member.pk): 2}
    assert ballot.result["elected"] == [world.head.pk, world.deputy.pk]


@pytest.mark.parametrize(
    ("counts", "votes", "reasons"),
    [
        ({"issued": 3, "returned": 4, "valid": 4, "invalid": 0}, (1, 1, 1), ["More ballots were returned (4)"]),
        ({"issued": 3, "returned": 3, "valid": 2, "invalid": 0}, (1, 1, 0), ["must add up to the ballots returned"]),
        (
            {"issued": 3, "returned": 3, "valid": 3, "invalid": 0},
            (4, 0, 0),
            ["more votes (4) than there are valid", "The votes add up to 4"],
        ),
        ({"issued": 3, "returned": 3, "valid": 3, "invalid": 0}, (2, 2, 0), ["The votes add up to 4"]),
        ({"issued": 3, "returned": 3, "valid": 3, "invalid": 0}, (-1, 0, 0), ["cannot be negative"]),
        (
            {"issued": 2, "returned": 3, "valid": 1, "invalid": 1},
            (2, 0, 0),
            ["More ballots were returned", "must add up", "more votes (2)", "The votes add up to 2"],
        ),
    ],
)
def test_record_paper_count_inconsistent_refused_every_reason_nothing_stored(
    world, draft_ballot, committee, secretariat, counts, votes, reasons
):
    before = _state(draft_ballot)

    with pytest.raises(PaperCountInconsistent) as refused:
        record_paper_count(draft_ballot, actor=secretariat, votes=_votes(world, *votes), **counts)

    assert len(refused.value.errors) == len(reasons)
    for error, reason in zip(refused.value.errors, reasons, strict=True):
        assert reason in error
    assert _state(draft_ballot) == before
    assert not IssuedDocument.objects.exists()


def test_record_paper_count_candidate_missing_or_unknown_refused(world, draft_ballot, committee, secretariat):
    votes = {world.head.pk: 1, world.deputy.pk: 0, 999999: 1}

    with pytest.raises(PaperCountInconsistent) as refused:
        record_paper_count(draft_ballot, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes=votes)

    assert "not a candidate: 999999" in refused.value.errors[0]
    assert "every candidate" in refused.value.errors[-1] and world.member.name in refused.value.errors[-1]
    assert not PaperCount.objects.exists()


def test_record_paper_count_without_committee_refused(world, draft_ballot, secretariat):
    with pytest.raises(DomainError, match="vote-counting committee"):
        record_paper_count(
            draft_ballot, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes=_votes(world, 1, 1, 1)
        )

    draft_ballot.refresh_from_db()
    assert draft_ballot.status == BallotStatus.DRAFT and not PaperCount.objects.exists()


def test_record_paper_count_opened_electronically_refused(world, draft_ballot, committee, secretariat):
    open_ballot(draft_ballot, actor=secretariat)

    with pytest.raises(RefusedTransition):
        record_paper_count(
            draft_ballot, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes=_votes(world, 1, 1, 1)
        )

    draft_ballot.refresh_from_db()
    assert (draft_ballot.status, draft_ballot.method) == (BallotStatus.OPEN, VoteMethod.ELECTRONIC)


def test_record_paper_count_again_is_noop(world, draft_ballot, committee, secretariat):
    record_paper_count(
        draft_ballot, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes=_votes(world, 3, 0, 0)
    )

    record_paper_count(
        draft_ballot, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes=_votes(world, 0, 3, 0)
    )

    assert PaperCount.objects.count() == 1 and draft_ballot.entries.get(unit=world.head).paper_votes == 3


def test_record_paper_count_tie_gives_next_round_among_tied(world, voting_meeting, committee, secretariat):
    ballot = flag_ballot(
        voting_meeting, actor=secretariat, shares=dict.fromkeys((world.head, world.deputy, world.member))
    )

    tallied = record_paper_count(
        ballot, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes=_votes(world, 2, 2, 1)
    )
    second = next_round(tallied, actor=secretariat)

    h, d = world.head.pk, world.deputy.pk
    assert tallied.result["elected"] == [] and sorted(tallied.result["next_round"]) == sorted([h, d])
    assert sorted(second.entries.values_list("unit_id", flat=True)) == sorted([h, d])
    assert (second.round_number, second.status, second.method) == (2, BallotStatus.DRAFT, VoteMethod.ELECTRONIC)


def test_ballot_options_draft_offers_paper_count(draft_ballot, committee, secretariat, unit_officer):
    options = {o.action: o for o in BALLOT.options(secretariat, draft_ballot)}

    assert options[BallotAction.RECORD_PAPER].allowed and not options[BallotAction.RECORD_PAPER].missing
    assert not {o.action: o for o in BALLOT.options(unit_officer, draft_ballot)}[BallotAction.RECORD_PAPER].allowed


def test_get_ballot_for_user_two_paper_ballots_fetches_second(world, voting_meeting, committee, secretariat):
    first = create_ballot(
        voting_meeting, actor=secretariat, award=AwardKind.PROVINCE_MERIT, candidates=[world.head], form="yes_no"
    )
    second = Ballot.objects.create(
        meeting=voting_meeting, award=AwardKind.PROVINCE_FLAG, form="yes_no", salt=b"1" * 16, created_by=secretariat
    )
    BallotCandidate.objects.create(ballot=second, unit=world.head)
    record_paper_count(second, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes={world.head.pk: 3})

    fetched = get_ballot_for_user(secretariat, second.pk)

    assert fetched == second and fetched != first and fetched.paper_count.valid == 3
