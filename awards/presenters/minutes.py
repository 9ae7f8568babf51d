"""Page assembly of the minutes' panel on the meeting page (templates/awards/_meeting_documents.html)."""

from typing import Any

from django.contrib.auth.models import AnonymousUser

from awards.enums import MINUTES_KIND
from awards.models import Meeting
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
    }
