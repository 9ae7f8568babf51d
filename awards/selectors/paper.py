"""Reads of the paper ballot: the vote-counting committee, the count, and what its documents print."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from awards.models import Ballot, CountingMember, Meeting, PaperCount
from awards.selectors.ballots import last_session
from blocs.selectors import current_member_units
from scoring.selectors.sheets import year_names


def committee_of(meeting: Meeting) -> list[CountingMember]:
    """The meeting's vote-counting committee, its head first."""
    return list(CountingMember.objects.filter(meeting=meeting).order_by("-is_head", "id"))


def paper_count_of(ballot: Ballot) -> PaperCount | None:
    return PaperCount.objects.filter(ballot=ballot).first()


def minutes_day(meeting: Meeting) -> datetime.date:
    """The day the minutes of a count bear: the meeting's latest session (today before any is recorded)."""
    session = last_session(meeting)
    return session.held_on if session is not None else timezone.localdate()


@dataclass(frozen=True)
class PaperCandidate:
    """A candidate as the paper and the minutes print it: the unit's name that year and its paper votes."""

    unit_id: int
    name: str
    votes: int | None


def paper_candidates(ballot: Ballot) -> list[PaperCandidate]:
    """The ballot's candidates by their name of the year, in name order, with the votes counted on paper."""
    entries = list(ballot.entries.select_related("unit").order_by("unit_id"))
    names = year_names([e.unit_id for e in entries], ballot.meeting.bloc_year.year)
    rows = [PaperCandidate(e.unit_id, names.get(e.unit_id, e.unit.name), e.paper_votes) for e in entries]
    return sorted(rows, key=lambda row: row.name)


def member_count(ballot: Ballot) -> int:
    """How many papers to print by default: one per current member unit."""
    return current_member_units(ballot.meeting.bloc_year).count()
