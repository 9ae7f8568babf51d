"""Pages of the scheme editor: view the tree, edit it (secretariat), copy, freeze, export, import."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from blocs.selectors import get_bloc_year_for_user
from core.actions import AuthenticatedRequest, handle_form, require
from core.exceptions import DomainError
from scoring import presenters
from scoring.enums import SchemeItemKind
from scoring.exporters import export_scheme_xlsx
from scoring.forms.schemes import ConfirmForm, CopySchemeForm, NestForm, SchemeForm, SchemeImportForm, SchemeItemForm
from scoring.importers import import_scheme
from scoring.selectors import schemes as selectors
from scoring.services import schemes as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def scheme_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.view_scheme", bloc_year)
    context = presenters.scheme_page(bloc_year)
    if context["scheme"] is None and request.user.has_perm("scoring.add_scheme", bloc_year):
        context["create_form"] = SchemeForm(initial={"title": _("Scoring scheme %(year)s") % {"year": bloc_year.year}})
        sources = selectors.copy_sources(bloc_year).select_related("bloc_year")
        context["copy_form"] = CopySchemeForm(sources=sources, initial={"source": sources.first()})
    return render(request, "scoring/scheme_detail.html", context)


@require_POST
def scheme_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.add_scheme", bloc_year)
    back = reverse("scoring:scheme_detail", args=[bloc_year.pk])
    return handle_form(
        request,
        SchemeForm(request.POST),
        perform=lambda data: services.create_scheme(bloc_year, actor=request.user, **data),
        success_url=back,
        success_message=_("The scheme was created. Add its groups and criteria."),
        title=_("New scoring scheme for %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=back,
    )


@require_POST
def scheme_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.add_scheme", bloc_year)
    back = reverse("scoring:scheme_detail", args=[bloc_year.pk])
    form = CopySchemeForm(request.POST, sources=selectors.copy_sources(bloc_year).select_related("bloc_year"))
    return handle_form(
        request,
        form,
        perform=lambda data: services.copy_scheme(data["source"], bloc_year=bloc_year, actor=request.user),
        success_url=back,
        success_message=_("The scheme was copied. Review it before scoring opens."),
        title=_("Copy an earlier scheme for %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=back,
    )


@require_http_methods(["GET", "POST"])
def scheme_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    return handle_form(
        request,
        SchemeForm(request.POST or None, instance=scheme),
        perform=lambda data: services.update_scheme(scheme, actor=request.user, **data),
        success_url=scheme.get_absolute_url(),
        success_message=_("The scheme was saved."),
        title=_("Title and bonus cap of the scheme"),
        back_url=scheme.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def item_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    groups = selectors.scheme_groups(scheme)
    initial = {"kind": request.GET.get("kind", SchemeItemKind.CRITERION), "parent": request.GET.get("parent")}
    form = SchemeItemForm(request.POST or None, groups=groups, initial=initial)
    return handle_form(
        request,
        form,
        perform=lambda data: services.add_scheme_item(scheme, actor=request.user, **data),
        success_url=lambda item: _item_url(item),
        success_message=_("The item was added."),
        title=_("Add to the scheme"),
        back_url=scheme.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    fields = ["code", "text", "max_points", "step", "deduction_fixed", "evidence_required", "guidance"]
    form = SchemeItemForm(request.POST or None, item=item, initial={f: getattr(item, f) for f in fields})
    return handle_form(
        request,
        form,
        perform=lambda data: services.update_scheme_item(item, actor=request.user, **data),
        success_url=_item_url(item),
        success_message=_("The item was saved."),
        title=_("Edit %(code)s") % {"code": item.code},
        back_url=_item_url(item),
    )


@require_POST
def item_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    _run(request, lambda: services.move_scheme_item(item, actor=request.user, offset=offset))
    return redirect(_item_url(item))


@require_http_methods(["GET", "POST"])
def item_nest(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    groups = selectors.scheme_groups(item.scheme, outside=item)
    form = NestForm(request.POST or None, groups=groups, initial={"parent": item.parent_id})
    return handle_form(
        request,
        form,
        perform=lambda data: services.nest_scheme_item(item, actor=request.user, parent=data["parent"]),
        success_url=_item_url(item),
        success_message=_("The item was moved."),
        title=_("Move %(code)s into another group") % {"code": item.code},
        back_url=_item_url(item),
    )


@require_http_methods(["GET", "POST"])
def item_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    return handle_form(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        perform=lambda data: services.remove_scheme_item(item, actor=request.user),
        success_url=item.scheme.get_absolute_url(),
        success_message=_("%(code)s was removed.") % {"code": item.code},
        title=_("Remove %(code)s and everything under it?") % {"code": item.code},
        back_url=_item_url(item),
        template="scoring/scheme_confirm.html",
        context={"item": item},
    )


@require_http_methods(["GET", "POST"])
def scheme_freeze(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    return handle_form(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        perform=lambda data: services.freeze_scheme(scheme, actor=request.user),
        success_url=scheme.get_absolute_url(),
        success_message=_("The scheme is frozen: it can no longer change."),
        title=_("Freeze the scheme?"),
        back_url=scheme.get_absolute_url(),
        template="scoring/scheme_confirm.html",
        context={"intro": _("Once frozen, nobody can change the scheme. Scoring opening freezes it too.")},
    )


def scheme_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "scoring.view_scheme", bloc_year)
    scheme = selectors.scheme_of(bloc_year)
    if scheme is None:
        messages.error(request, _("This year has no scoring scheme yet."))
        return redirect("scoring:scheme_detail", pk)
    response = HttpResponse(export_scheme_xlsx(scheme), content_type=XLSX)
    name = slugify(f"thang-diem-{bloc_year.bloc.short_name or bloc_year.bloc.name}-{bloc_year.year}") or "scheme"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def scheme_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    form = SchemeImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            errors = import_scheme(scheme, form.cleaned_data["file"], actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if not errors:
                messages.success(request, _("The scheme was imported."))
                return redirect(scheme)
    context = {"form": form, "scheme": scheme, "errors": errors}
    status = 400 if errors or form.errors else 200
    return render(request, "scoring/scheme_import.html", context, status=status)


def _editable_scheme(request: AuthenticatedRequest, bloc_year_pk: int):
    bloc_year = get_bloc_year_for_user(request.user, bloc_year_pk)
    require(request.user, "scoring.view_scheme", bloc_year)
    scheme = selectors.scheme_of(bloc_year)
    if scheme is None:
        raise Http404
    require(request.user, "scoring.change_scheme", scheme)
    return scheme


def _editable_item(request: AuthenticatedRequest, pk: int):
    item = selectors.get_scheme_item_for_user(request.user, pk)
    require(request.user, "scoring.view_scheme", item.scheme.bloc_year)
    require(request.user, "scoring.change_scheme", item.scheme)
    return item


def _item_url(item) -> str:
    return reverse("scoring:scheme_detail", args=[item.scheme.bloc_year_id]) + f"#item-{item.pk}"


def _run(request: AuthenticatedRequest, action) -> None:
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
