"""Page assembly for the year-end meeting page."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser

from awards.calculations import Candidacy, LeftOut, Rule
from awards.models import CandidateOverride, Meeting
from awards.presenters import ballots as ballot_presenters
from awards.presenters import paper as paper_presenters
from awards.presenters.minutes import minutes_panel
from awards.selectors import meetings as meeting_selectors
from blocs.models import BlocYear
from core.models import User
from core.selectors import history_for
from scoring.presenters import summary_context

Viewer = User | AnonymousUser


# --- The year-end meeting -------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardCandidates:
    """One award on the meeting page: the derived candidacy and the stored overrides that let units stand."""

    candidacy: Candidacy
    overrides: list[CandidateOverride]

    @property
    def unregistered(self) -> list[LeftOut]:
        """The units left out only because they did not register for the award: listed on one line."""
        return [item for item in self.candidacy.left_out if item.rules == (Rule.NOT_REGISTERED,)]

    @property
    def left_out(self) -> list[LeftOut]:
        """The units left out by another rule (too), each with every reason."""
        return [item for item in self.candidacy.left_out if item.rules != (Rule.NOT_REGISTERED,)]


def meeting_page(user: Viewer, bloc_year: BlocYear) -> dict[str, Any]:
    """The meeting of the year: sessions with attendance and guests, the ranked scores to approve,
    the candidates per award with the reasons for every unit left out and the overrides, the history."""
    meeting = meeting_selectors.meeting_of(bloc_year)
    summary = summary_context(bloc_year)
    ranks = {row.unit_id: (row.rank, row.final_total) for row in summary["rows"]}
    sessions = meeting_selectors.sessions_of(meeting) if meeting else []
    awards = _award_candidates(bloc_year, meeting, ranks)
    return {
        "bloc_year": bloc_year,
        "meeting": meeting,
        "sessions": sessions,
        "summary": summary,
        "awards": awards,
        **ballot_presenters.meeting_ballots(user, meeting, [item.candidacy for item in awards]),
        "can_record": user.has_perm("awards.record_meeting", bloc_year),
        "can_approve": meeting is not None and user.has_perm("awards.approve_scores", bloc_year),
        "next_leadership": meeting_selectors.next_leadership_of(meeting) if meeting else None,
        "can_elect": meeting is not None and user.has_perm("awards.record_next_leadership", bloc_year),
        "history": history_for(meeting, *sessions) if meeting else [],
        "minutes": minutes_panel(user, meeting),
        **paper_presenters.counting_context(user, meeting),
    }


def _award_candidates(bloc_year: BlocYear, meeting: Meeting | None, ranks: dict[int, Any]) -> list[AwardCandidates]:
    overrides = meeting_selectors.overrides_of(meeting) if meeting else []
    return [
        AwardCandidates(candidacy, [o for o in overrides if o.award == candidacy.award.kind])
        for candidacy in meeting_selectors.candidacies(bloc_year, meeting=meeting, ranks=ranks)
    ]


def next_leadership_initial(meeting: Meeting) -> dict[str, Any]:
    """The form's starting values: what the meeting recorded, if anything."""
    recorded = meeting_selectors.next_leadership_of(meeting)
    if recorded is None:
        return {}
    return {"head": recorded.head, "deputies": list(recorded.deputies.all()), "method": recorded.method}
