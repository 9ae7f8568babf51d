"""Pages of the secret ballot: preparing it from the meeting page, the ballot page (vote, participation,
result, receipt finder), the secretariat's moves and the live participation figure."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.enums import AwardKind, BallotAction
from awards.forms.ballots import NewBallotForm, VoteForm
from awards.models import Ballot
from awards.presenters import ballots as presenters
from awards.selectors import ballots as selectors
from awards.selectors import meetings as meeting_selectors
from awards.services import ballots as services
from core.actions import AuthenticatedRequest, act, handle_form, require
from core.exceptions import DomainError


def _ballot_url(ballot: Ballot) -> str:
    return reverse("awards:ballot_detail", args=[ballot.pk])


@require_http_methods(["GET", "POST"])
def ballot_create(request: AuthenticatedRequest, pk: int, award: str) -> HttpResponse:
    meeting = meeting_selectors.get_meeting_for_user(request.user, pk)
    bloc_year = meeting.bloc_year
    require(request.user, "awards.record_meeting", bloc_year)
    if award not in AwardKind.values:
        raise Http404
    candidacy = meeting_selectors.candidacy(bloc_year, AwardKind(award), meeting=meeting)
    form = NewBallotForm(request.POST or None, candidates=candidacy.candidates, prefix=award)
    return handle_form(
        request,
        form,
        perform=lambda data: services.create_ballot(
            meeting, actor=request.user, award=award, **form.service_arguments()
        ),
        success_url=_ballot_url,
        success_message=_("The ballot was prepared; open it when the meeting is ready to vote."),
        title=_("New ballot: %(award)s") % {"award": AwardKind(award).label},
        back_url=meeting.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def ballot_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = selectors.get_ballot_for_user(request.user, pk)
    require(request.user, "awards.view_ballot", ballot)
    if request.method == "POST":
        return _cast(request, ballot)
    context = presenters.ballot_page(request.user, ballot, code=request.GET.get("code", "").strip() or None)
    return render(request, "awards/ballot_detail.html", context)


def _cast(request: AuthenticatedRequest, ballot: Ballot) -> HttpResponse:
    """One POST casts the ballot; the receipt is shown in this response only (no URL, message or session)."""
    require(request.user, "awards.cast_ballot", ballot)
    names = presenters.candidate_names(ballot)
    form = VoteForm(request.POST, form=ballot.form, candidates=list(names.items()))
    if form.is_valid():
        try:
            receipt = services.cast_ballot(ballot, voter=request.user, choice=form.choice())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            response = render(request, "awards/ballot_receipt.html", presenters.receipt_page(ballot, receipt))
            add_never_cache_headers(response)
            return response
    context = presenters.ballot_page(request.user, ballot, vote_form=form)
    if context["vote_form"] is None:  # voted already, or the ballot closed meanwhile: say why
        context["refusal"] = form.non_field_errors()
    return render(request, "awards/ballot_detail.html", context, status=400)


@require_GET
def ballot_participation(request: AuthenticatedRequest, pk: int) -> JsonResponse:
    """How many units voted out of those who may: the only live figure (never what they voted)."""
    ballot = selectors.get_ballot_for_user(request.user, pk)
    require(request.user, "awards.view_ballot", ballot)
    response = JsonResponse(presenters.participation(ballot))
    add_never_cache_headers(response)
    return response


MOVES = {
    BallotAction.OPEN: (
        services.open_ballot,
        "awards.open_ballot",
        gettext_lazy("The ballot is open: members present may vote."),
    ),
    BallotAction.CLOSE: (
        services.close_ballot,
        "awards.close_ballot",
        gettext_lazy("The ballot is closed: the ballots were unsealed and their digest recorded."),
    ),
    BallotAction.TALLY: (
        services.tally_ballot,
        "awards.tally_ballot",
        gettext_lazy("The result was counted and recorded."),
    ),
}


@require_POST
def ballot_move(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    ballot = selectors.get_ballot_for_user(request.user, pk)
    if action not in MOVES:
        raise Http404
    service, permission, message = MOVES[BallotAction(action)]
    require(request.user, permission, ballot)
    return act(
        request, lambda: service(ballot, actor=request.user), success_message=str(message), back_to=_ballot_url(ballot)
    )


@require_POST
def ballot_next_round(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = selectors.get_ballot_for_user(request.user, pk)
    require(request.user, "awards.record_meeting", ballot.meeting.bloc_year)
    return act(
        request,
        lambda: services.next_round(ballot, actor=request.user),
        success_message=_("The next round was prepared among the candidates the result sends on."),
        back_to=ballot.meeting.get_absolute_url(),
    )
