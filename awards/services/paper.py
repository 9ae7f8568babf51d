"""Writes of the paper ballot: the meeting's vote-counting committee (ban kiểm phiếu) and its count of a round.

A paper round never opens on the product: the committee's count (ballots issued, returned, valid,
invalid, votes per candidate) is entered on a draft ballot and decides the round exactly as the
electronic tally does (``decided_result``), so the minutes and a next round read either the same way.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import VOTE_COUNT_MINUTES_KIND, BallotAction, BallotForm, BallotStatus, VoteMethod
from awards.models import Ballot, BallotCandidate, CountingMember, Meeting, PaperCount
from awards.paper import paper_count_errors
from awards.selectors import ballots as selectors
from awards.selectors.paper import committee_of, minutes_day
from awards.services.ballots import decided_result
from awards.services.records import ensure_minutes_not_issued
from awards.transitions import BALLOT
from blocs.selectors import bloc_issue
from blocs.services import ensure_year_open
from core.exceptions import DomainError
from core.models import User
from core.services import issue_document, log_action, records_refusals

CommitteeRow = tuple[str, str, bool]  # (name, title, is_head)


class PaperCountInconsistent(DomainError):
    """The committee's figures do not add up; ``errors`` holds every reason, the message all of them."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(" ".join(errors))
        self.errors = errors


@records_refusals
@transaction.atomic
def record_counting_committee(meeting: Meeting, *, actor: User, members: Sequence[CommitteeRow]) -> Meeting:
    """Replace the meeting's vote-counting committee with ``members`` (name, title, is_head).

    In order: lock the meeting; refuse a closed year, a committee that has counted a paper ballot
    already (its names are on the minutes), an empty list, a member without a name, and anything but
    exactly one head; replace the members; audit awards.counting_committee.recorded.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("bloc_year").get(pk=meeting.pk)
    ensure_year_open(meeting.bloc_year)
    ensure_minutes_not_issued(meeting.bloc_year)
    if PaperCount.objects.filter(ballot__meeting=meeting).exists():
        raise DomainError(_("The committee has counted a paper ballot: its members are on the minutes already."))
    rows = [(name.strip(), title.strip(), bool(is_head)) for name, title, is_head in members]
    _check_committee(rows)
    CountingMember.objects.filter(meeting=meeting).delete()
    CountingMember.objects.bulk_create(
        CountingMember(meeting=meeting, name=name, title=title, is_head=is_head) for name, title, is_head in rows
    )
    head = next(name for name, _title, is_head in rows if is_head)
    data = {"head": head, "members": [name for name, _title, _head in rows]}
    log_action(meeting, actor=actor, action="awards.counting_committee.recorded", data=data)
    return meeting


def _check_committee(rows: list[CommitteeRow]) -> None:
    if not rows:
        raise DomainError(_("Name at least one member of the vote-counting committee."))
    if any(not name for name, _title, _head in rows):
        raise DomainError(_("Every member of the vote-counting committee needs a name."))
    if sum(is_head for _name, _title, is_head in rows) != 1:
        raise DomainError(_("The vote-counting committee has exactly one head."))


@records_refusals
@transaction.atomic
def record_paper_count(
    ballot: Ballot,
    *,
    actor: User,
    issued: int,
    returned: int,
    valid: int,
    invalid: int,
    votes: Mapping[int, int],
) -> Ballot:
    """Take the vote-counting committee's count of a paper round as the ballot's result: draft → tallied.

    In order: lock the ballot; a ballot already counted on paper is a no-op; refuse a closed year,
    a move the state does not allow (never a ballot opened electronically) and unmet guards
    (candidates listed, scores approved, attendance and committee recorded); refuse, with every
    reason at once, figures that do not add up (``paper_count_errors``) or leave a candidate out;
    store the count and each candidate's votes; decide the round as the electronic tally does
    (``decided_result``); mark the ballot paper and tallied; issue the minutes (the bloc's next BB
    number, dated the meeting's latest session); audit awards.ballot.paper_counted.
    """
    ballots = Ballot.objects.select_for_update(of=("self",)).select_related("meeting__bloc_year__bloc__province")
    ballot = ballots.get(pk=ballot.pk)
    ensure_year_open(ballot.meeting.bloc_year)
    ensure_minutes_not_issued(ballot.meeting.bloc_year)
    if ballot.status == BallotStatus.TALLIED and ballot.method == VoteMethod.PAPER:
        return ballot
    BALLOT.check(ballot, BallotAction.RECORD_PAPER)
    counts = {"issued": issued, "returned": returned, "valid": valid, "invalid": invalid}
    _check_count(ballot, counts, votes)
    PaperCount.objects.create(ballot=ballot, recorded_by=actor, recorded_at=timezone.now(), **counts)
    for entry in BallotCandidate.objects.filter(ballot=ballot):
        entry.paper_votes = votes[entry.unit_id]
        entry.save(update_fields=["paper_votes"])
    ballot.result = decided_result(ballot, _counted(ballot, counts, votes))
    ballot.status, ballot.method = BallotStatus.TALLIED, VoteMethod.PAPER
    ballot.save(update_fields=["status", "method", "result"])
    _issue_minutes(ballot, actor=actor)
    log_action(ballot, actor=actor, action="awards.ballot.paper_counted", data=ballot.result)
    return ballot


def paper_max_choices(ballot: Ballot, candidates: int) -> int:
    """How many candidates one paper may mark: the ballot's limit, or every candidate on a yes/no paper."""
    return (ballot.max_choices or 0) if ballot.form == BallotForm.CHOOSE else candidates


def _check_count(ballot: Ballot, counts: dict[str, int], votes: Mapping[int, int]) -> None:
    names = {fact.unit_id: fact.name for fact in selectors.candidate_facts(ballot)}
    errors = paper_count_errors(
        **counts,
        votes={names.get(unit_id, str(unit_id)): count for unit_id, count in votes.items()},
        candidates=list(names.values()),
        max_choices=paper_max_choices(ballot, len(names)),
    )
    missing = [name for unit_id, name in names.items() if unit_id not in votes]
    if missing:
        errors.append(_("Give the votes of every candidate: %(names)s.") % {"names": ", ".join(missing)})
    if errors:
        raise PaperCountInconsistent(errors)


def _counted(ballot: Ballot, counts: dict[str, int], votes: Mapping[int, int]) -> dict[str, Any]:
    """The paper count in the electronic tally's shape: the valid papers are the ballots counted.

    A yes/no paper marks each candidate one way: "no" is what a valid paper did not mark yes. Blank
    papers of a "choose" ballot are not counted separately on paper: None (unknown).
    """
    ids = sorted(votes)
    counted: dict[str, Any] = {"ballots": counts["valid"], "votes": {i: votes[i] for i in ids}}
    if ballot.form == BallotForm.YES_NO:
        counted["no"] = {i: counts["valid"] - votes[i] for i in ids}
    else:
        counted["blank"] = None
    return {**counted, **counts, "method": VoteMethod.PAPER.value}


def _issue_minutes(ballot: Ballot, *, actor: User) -> None:
    """The minutes of the count take the bloc's next BB number; the committee's head signs them."""
    bloc = ballot.meeting.bloc_year.bloc
    head = next(member for member in committee_of(ballot.meeting) if member.is_head)
    issue = bloc_issue(
        bloc,
        type_code="BB",
        issued_on=minutes_day(ballot.meeting),
        recipients=["Hội nghị tổng kết khối", "Lưu: VT"],
        signer_authority="TM. BAN KIỂM PHIẾU",
        signer_title="TRƯỞNG BAN",
        signer_name=head.name,
    )
    issue_document(ballot, kind=VOTE_COUNT_MINUTES_KIND, issue=issue, actor=actor)
