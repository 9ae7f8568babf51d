"""Pages of the paper ballot: the vote-counting committee, the committee's count, the papers and the minutes."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.enums import PAPER_BALLOTS_KINDS, VOTE_COUNT_MINUTES_KIND, VoteMethod
from awards.forms.paper import CountingCommitteeForm, PaperBallotsForm, PaperCountForm
from awards.presenters import paper as presenters
from awards.selectors import paper as paper_selectors
from awards.selectors.ballots import get_ballot_for_user
from awards.selectors.meetings import get_meeting_for_user
from awards.services import paper as services
from core.actions import AuthenticatedRequest, handle_form, require
from core.services import request_generated_file


def _meeting_url(bloc_year_id: int) -> str:
    return reverse("awards:meeting_detail", args=[bloc_year_id])


@require_http_methods(["GET", "POST"])
def counting_committee_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    require(request.user, "awards.record_meeting", meeting.bloc_year)
    form = CountingCommitteeForm(request.POST or None, members=paper_selectors.committee_of(meeting))
    return handle_form(
        request,
        form,
        perform=lambda data: services.record_counting_committee(meeting, actor=request.user, members=form.rows()),
        success_url=_meeting_url(meeting.bloc_year_id),
        success_message=_("The vote-counting committee was recorded."),
        title=_("The vote-counting committee (ban kiểm phiếu)"),
        back_url=_meeting_url(meeting.bloc_year_id),
        template="awards/counting_committee_form.html",
    )


@require_http_methods(["GET", "POST"])
def paper_count_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk)
    require(request.user, "awards.record_paper_count", ballot)
    form = PaperCountForm(request.POST or None, **presenters.paper_count_form_args(ballot))
    return handle_form(
        request,
        form,
        perform=lambda data: services.record_paper_count(
            ballot,
            actor=request.user,
            **{name: data[name] for name in ("issued", "returned", "valid", "invalid")},
            votes=form.votes(),
        ),
        success_url=_meeting_url(ballot.meeting.bloc_year_id),
        success_message=_("The paper count was recorded and the round decided; the minutes were numbered."),
        title=_("Paper count: %(ballot)s") % {"ballot": ballot},
        back_url=_meeting_url(ballot.meeting.bloc_year_id),
        context={"intro": _("Enter the figures of the vote-counting committee. Nothing is saved unless they add up.")},
    )


@require_POST
def paper_ballots_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk)
    require(request.user, "awards.print_paper_ballots", ballot)
    form = PaperBallotsForm(request.POST)
    per_page = form.cleaned_data["per_page"] if form.is_valid() else 1
    return redirect(request_generated_file(ballot, kind=PAPER_BALLOTS_KINDS[per_page], actor=request.user))


@require_POST
def vote_count_minutes_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk)
    require(request.user, "awards.view_ballot_result", ballot)
    if ballot.method != VoteMethod.PAPER:
        raise Http404
    return redirect(request_generated_file(ballot, kind=VOTE_COUNT_MINUTES_KIND, actor=request.user))
