"""Pages of the meeting's minutes: issuing them, and their PDF built in the background."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.enums import MINUTES_KIND
from awards.forms.minutes import IssueMinutesForm
from awards.selectors.meetings import get_meeting_for_user
from awards.services.minutes import issue_minutes
from core.actions import AuthenticatedRequest, handle_form, require
from core.services import request_generated_file


@require_http_methods(["GET", "POST"])
def minutes_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    require(request.user, "awards.issue_minutes", meeting.bloc_year)
    return handle_form(
        request,
        IssueMinutesForm(request.POST or None, initial={"issued_on": timezone.localdate()}),
        perform=lambda data: issue_minutes(meeting, actor=request.user, issued_on=data["issued_on"]),
        success_url=meeting.get_absolute_url(),
        success_message=_("The minutes were issued and numbered."),
        title=_("Issue the minutes of %(meeting)s") % {"meeting": meeting},
        back_url=meeting.get_absolute_url(),
    )


@require_POST
def minutes_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    require(request.user, "awards.view_minutes", meeting)
    return redirect(request_generated_file(meeting, kind=MINUTES_KIND, actor=request.user))
