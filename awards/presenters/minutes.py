"""Page assembly of the minutes' panel on the meeting page (templates/awards/_meeting_documents.html)."""

from typing import Any

from django.contrib.auth.models import AnonymousUser

from awards.enums import MINUTES_KIND
from awards.models import Meeting, Proposal
from awards.transitions import minutes_unmet
from core.models import User
from core.services import issued_document_of

Viewer = User | AnonymousUser


def minutes_panel(user: Viewer, meeting: Meeting | None) -> dict[str, Any] | None:
    """The minutes' status (draft, or issued with number and date), what keeps them from being issued,
    and whether the user may issue them or download the PDF; None before the meeting has a session."""
    if meeting is None:
        return None
    issued = issued_document_of(meeting, kind=MINUTES_KIND)
    may_issue = issued is None and user.has_perm("awards.issue_minutes", meeting.bloc_year)
    return {
        "meeting": meeting,
        "issued": issued,
        "unmet": minutes_unmet(meeting) if may_issue else [],
        "may_issue": may_issue,
        "may_download": user.has_perm("awards.view_minutes", meeting),
        "may_create_proposal": user.has_perm("awards.create_proposal", meeting.bloc_year),
        "proposal": _visible_proposal(user, meeting),
    }


def _visible_proposal(user: Viewer, meeting: Meeting) -> Proposal | None:
    """The year's proposal, when there is one and the user may see it: the meeting page links to it."""
    proposal = Proposal.objects.filter(meeting=meeting).select_related("bloc_year").first()
    if proposal is None or not user.has_perm("awards.view_proposal", proposal):
        return None
    return proposal
