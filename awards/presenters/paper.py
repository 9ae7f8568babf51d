"""Page assembly for the paper ballot: the counting-committee part of the meeting page, the count form."""

from typing import Any

from awards.enums import PAPER_BALLOTS_KINDS, VoteMethod
from awards.models import Ballot, Meeting
from awards.selectors import paper as paper_selectors
from awards.selectors.meetings import Viewer
from awards.services.paper import paper_max_choices


def counting_context(user: Viewer, meeting: Meeting | None) -> dict[str, Any]:
    """What ``awards/_meeting_counting.html`` shows: the committee, head first, and whether the user may edit it."""
    if meeting is None:
        return {"counting_committee": [], "can_record_committee": False}
    return {
        "counting_committee": paper_selectors.committee_of(meeting),
        "can_record_committee": user.has_perm("awards.record_meeting", meeting.bloc_year),
    }


def ballot_paper_context(user: Viewer, ballot: Ballot) -> dict[str, Any]:
    """What ``awards/_ballot_paper.html`` shows on a ballot: print the papers, enter the count, get the minutes."""
    return {
        "ballot": ballot,
        "paper_layouts": list(PAPER_BALLOTS_KINDS),
        "can_print_papers": user.has_perm("awards.print_paper_ballots", ballot),
        "can_record_paper": user.has_perm("awards.record_paper_count", ballot),
        "has_minutes": ballot.method == VoteMethod.PAPER and user.has_perm("awards.view_ballot_result", ballot),
    }


def paper_count_form_args(ballot: Ballot) -> dict[str, Any]:
    """The candidates by their name of the year and how many one paper may mark, for ``PaperCountForm``."""
    candidates = paper_selectors.paper_candidates(ballot)
    return {"candidates": candidates, "max_choices": paper_max_choices(ballot, len(candidates))}
