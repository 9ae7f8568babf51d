"""Pages of score sheets: the bloc summary, the grid (self-scoring and verification), moves, files."""

from functools import partial

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from blocs.selectors import get_bloc_year_for_user
from core.actions import AuthenticatedRequest, act, handle_form, require
from core.downloads import stored_file_response
from core.exceptions import DomainError
from core.selectors import history_for
from core.services import request_generated_file
from scoring import presenters
from scoring.documents import head_leader_name
from scoring.enums import SheetAction
from scoring.exceptions import LineConflict
from scoring.exporters import export_summary_xlsx, sheet_workbook
from scoring.forms.sheets import (
    EvidenceForm,
    IssueSummaryForm,
    LineForm,
    ReturnForm,
    ScoringSettingForm,
    SheetUploadForm,
)
from scoring.importers import import_sheet
from scoring.selectors import sheets as selectors
from scoring.services import sheets as services
from scoring.services.summary import issue_score_summary
from scoring.transitions import SHEET

# --- Bloc-year level ---------------------------------------------------------------------


def summary(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = selectors.get_scoring_year_for_user(request.user, pk)
    require(request.user, "scoring.view_score_summary", bloc_year)
    return render(request, "scoring/summary_page.html", presenters.summary_page(request.user, bloc_year))


def my_sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The latest-stage sheet of the user's own unit in the year (the link a unit officer follows)."""
    bloc_year = get_bloc_year_for_user(request.user, pk)
    sheet = selectors.own_latest_sheet(request.user, bloc_year)
    if sheet is None:
        messages.info(request, _("Your unit has no score sheet in this year yet."))
        return redirect(bloc_year.get_absolute_url())
    return redirect(sheet)


@require_POST
def open_scoring(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.open_scoring", bloc_year)
    return act(
        request,
        partial(services.open_self_scoring, bloc_year, actor=request.user),
        success_message=lambda sheets: _("Self-scoring is open: %(count)d new sheets.") % {"count": len(sheets)},
        back_to=reverse("scoring:summary", args=[bloc_year.pk]),
    )


@require_http_methods(["GET", "POST"])
def setting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.change_scoringsetting", bloc_year)
    form = ScoringSettingForm(request.POST or None, instance=selectors.setting_of(bloc_year))
    back = reverse("scoring:summary", args=[bloc_year.pk])
    return handle_form(
        request,
        form,
        perform=lambda data: services.update_scoring_setting(bloc_year, actor=request.user, **form.service_values()),
        success_url=back,
        success_message=_("The scoring settings were saved."),
        title=_("Scoring settings of %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=back,
    )


@require_POST
def release(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.change_scoringsetting", bloc_year)
    released = request.POST.get("released") == "1"
    services.set_scores_released(bloc_year, actor=request.user, released=released)
    text = _("Scores are now visible to every member unit.") if released else _("Scores are hidden from members again.")
    messages.success(request, text)
    return redirect("scoring:summary", pk=bloc_year.pk)


@require_POST
def lock(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.change_scoringsetting", bloc_year)
    return act(
        request,
        partial(services.lock_scores, bloc_year, actor=request.user),
        success_message=lambda count: _("%(count)d sheets were locked.") % {"count": count},
        back_to=reverse("scoring:summary", args=[bloc_year.pk]),
    )


# --- One sheet ---------------------------------------------------------------------------------


def sheet_grid(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for_user(request.user, pk)
    require(request.user, "scoring.view_scoresheet", sheet)
    return render(request, "scoring/sheet_grid.html", presenters.sheet_grid_page(request.user, sheet))


def sheet_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The sheet's latest audit entries, loaded after the grid (the grid is the page's work)."""
    sheet = selectors.get_sheet_for_user(request.user, pk)
    require(request.user, "scoring.view_scoresheet", sheet)
    return render(request, "core/_history.html", {"history": history_for(sheet, limit=10)})


@require_POST
def line_save(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Save one line from the grid (HTMX); answers with out-of-band updates of the row's marks and the totals."""
    sheet = selectors.get_sheet_for_user(request.user, pk)
    require(request.user, "scoring.change_scoresheet", sheet)
    form = LineForm(request.POST)
    if not form.is_valid():
        line_id = form.cleaned_data.get("line") or request.POST.get("line", "")
        return _line_response(request, sheet, None, state="failed", message=_first_error(form), line_id=line_id)
    line = selectors.get_line_for_user(request.user, sheet, form.cleaned_data["line"])
    data = form.cleaned_data
    try:
        line = services.save_line(
            line,
            actor=request.user,
            version=data["version"],
            points=data["points"],
            note=data["note"],
            reason=data["reason"],
        )
    except LineConflict as conflict:
        typed = request.POST.get("points", "").strip() or "—"
        message = f"{conflict.message} " + _("You entered: %(value)s.") % {"value": typed}
        return _line_response(request, sheet, conflict.current, state="conflict", message=message)
    except DomainError as error:
        typed = request.POST.get("points", "")
        return _line_response(request, sheet, line, state="failed", message=str(error.message), typed=typed)
    return _line_response(request, sheet, line, state="saved", message=_("Saved"))


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


def _line_response(request, sheet, line, *, state: str, message: str, typed=None, line_id=None) -> HttpResponse:
    context = presenters.line_saved(sheet, line, state=state, message=message, typed=typed, line_id=line_id)
    status = 200 if request.htmx else {"saved": 200, "conflict": 409}.get(state, 400)
    return render(request, "scoring/sheet_line_saved.html", context, status=status)


@require_POST
def sheet_move(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    sheet = selectors.get_sheet_for_user(request.user, pk)
    if action not in SHEET:
        return redirect(sheet)
    require(request.user, SHEET[action].permission, sheet)
    return act(
        request, partial(_perform_move, request, sheet, action), success_message=_MOVE_MESSAGES[action], back_to=sheet
    )


_MOVE_MESSAGES: dict[str, str] = {
    SheetAction.SUBMIT: _("The sheet was submitted."),
    SheetAction.RETURN: _("The sheet was returned with your comments."),
    SheetAction.ACCEPT: _("The sheet was accepted; the next stage is open."),
}


def _perform_move(request, sheet, action: str) -> None:
    if action == SheetAction.SUBMIT:
        services.submit_sheet(sheet, actor=request.user)
    elif action == SheetAction.ACCEPT:
        services.accept_sheet(sheet, actor=request.user)
    else:
        form = ReturnForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("Say what must be corrected."))
        services.return_sheet(sheet, actor=request.user, comment=form.cleaned_data["comment"])


# --- Evidence ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def line_evidence(request: AuthenticatedRequest, pk: int, line_pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for_user(request.user, pk)
    require(request.user, "scoring.view_scoresheet", sheet)
    line = selectors.get_line_for_user(request.user, sheet, line_pk)
    can_edit = request.user.has_perm("scoring.change_scoresheet", sheet)
    form = EvidenceForm(request.POST or None, request.FILES or None) if can_edit else None
    if request.method == "POST":
        require(request.user, "scoring.change_scoresheet", sheet)
        if form is not None and form.is_valid():
            try:
                services.add_evidence(line, actor=request.user, uploaded_file=form.cleaned_data["file"])
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The file was attached."))
                return redirect("scoring:line_evidence", pk=sheet.pk, line_pk=line.pk)
    context = presenters.evidence_page(sheet, line, form=form, can_edit=can_edit)
    return render(request, "scoring/sheet_evidence.html", context, status=400 if form and form.errors else 200)


def evidence_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    evidence = selectors.get_evidence_for_user(request.user, pk)
    require(request.user, "scoring.view_scoresheet", evidence.line.sheet)
    return stored_file_response(evidence.file, evidence.filename)


@require_POST
def evidence_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    evidence = selectors.get_evidence_for_user(request.user, pk)
    sheet = evidence.line.sheet
    require(request.user, "scoring.change_scoresheet", sheet)
    try:
        services.remove_evidence(evidence, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("scoring:line_evidence", pk=sheet.pk, line_pk=evidence.line_id)


# --- Files -------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for_user(request.user, pk)
    require(request.user, "scoring.view_scoresheet", sheet)
    response = HttpResponse(sheet_workbook(sheet), content_type=XLSX)
    filename = (
        f"phieu-diem-{sheet.stage}-{slugify(sheet.unit.short_name or sheet.unit.name)}-{sheet.bloc_year.year}.xlsx"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def sheet_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for_user(request.user, pk)
    require(request.user, "scoring.change_scoresheet", sheet)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        errors = import_sheet(sheet, form.cleaned_data["file"], actor=request.user)
        if not errors:
            messages.success(request, _("The workbook was read and every line saved."))
            return redirect(sheet)
    context = {"sheet": sheet, "form": form, "errors": errors, "sheet_label": presenters.sheet_label(sheet)}
    return render(request, "scoring/sheet_import.html", context, status=400 if errors or form.errors else 200)


def summary_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.view_score_summary", bloc_year)
    response = HttpResponse(export_summary_xlsx(bloc_year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tong-hop-diem-{bloc_year.year}.xlsx"'
    return response


@require_POST
def summary_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.view_score_summary", bloc_year)
    generated = request_generated_file(bloc_year, kind="scoring.summary", actor=request.user)
    return redirect(generated)


@require_http_methods(["GET", "POST"])
def summary_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secretariat issues the summary: date and signer asked here, the number drawn by the service."""
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.issue_score_summary", bloc_year)
    word = bloc_year.bloc.kind_word
    initial = {
        "issued_on": timezone.localdate(),
        "signer_authority": f"TM. {word} THI ĐUA",
        "signer_title": f"TRƯỞNG {word}",
        "signer_name": head_leader_name(bloc_year),
    }
    form = IssueSummaryForm(request.POST or None, initial=initial)
    back = reverse("scoring:summary", args=[bloc_year.pk])
    return handle_form(
        request,
        form,
        perform=lambda data: issue_score_summary(bloc_year, actor=request.user, **data),
        success_url=back,
        success_message=_("The score summary was issued."),
        title=_("Issue the score summary of %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=back,
    )
