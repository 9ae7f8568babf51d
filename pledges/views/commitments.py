"""Pages and actions for the launch meeting, the pledge and its signatures, and title registrations."""

from functools import partial

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from blocs.selectors import get_bloc_year_for_user, get_membership_for_user, name_in_year, visible_blocs
from core.actions import AuthenticatedRequest, act, handle_form, require
from core.exceptions import DomainError
from core.services import request_generated_file
from core.xlsx import write_rows_xlsx
from pledges.enums import RegistrationStatus
from pledges.exporters import registration_rows
from pledges.forms.commitments import (
    ClauseFormSet,
    LaunchMeetingForm,
    PledgeForm,
    RegistrationCreateForm,
    RegistrationFilterForm,
    RegistrationForm,
    ReturnForm,
    SignatureForm,
    clause_rows,
)
from pledges.presenters import commitments as presenters
from pledges.selectors import commitments as selectors
from pledges.services import commitments as services

# --- The year's commitments page --------------------------------------------------------


def commitments(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "blocs.view_blocyear", bloc_year)
    context = presenters.year_page(bloc_year, request.user, today=timezone.localdate())
    return render(request, "pledges/pledge_year.html", context)


@require_http_methods(["GET", "POST"])
def launch_meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "pledges.record_launch_meeting", bloc_year)
    form = LaunchMeetingForm(request.POST or None, instance=selectors.launch_meeting_of(bloc_year))
    back = _year_url(bloc_year)
    return handle_form(
        request,
        form,
        perform=lambda data: services.record_launch_meeting(bloc_year, actor=request.user, **data),
        success_url=back,
        success_message=_("The launch meeting was recorded."),
        title=_("Launch meeting of %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=back,
    )


@require_http_methods(["GET", "POST"])
def pledge_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    pledge = selectors.pledge_of(bloc_year)
    require(request.user, "pledges.change_pledge" if pledge else "pledges.add_pledge", pledge or bloc_year)
    setup = presenters.pledge_form_setup(bloc_year, pledge)
    form = PledgeForm(request.POST or None, initial=setup.initial, members=setup.members, amending=setup.amending)
    # Initial rows only on GET: a bound row equal to its initial would count as unchanged and be skipped.
    initial_rows = None if request.method == "POST" else setup.clauses
    formset = ClauseFormSet(request.POST or None, initial=initial_rows, prefix="clauses")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.save_pledge(bloc_year, actor=request.user, **_pledge_values(form, formset))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The pledge was saved."))
            return redirect(_year_url(bloc_year))
    context = {"bloc_year": bloc_year, "form": form, "formset": formset, "amending": setup.amending}
    return render(request, "pledges/pledge_edit.html", context, status=400 if form.is_bound else 200)


def _pledge_values(form, formset) -> dict:
    values = {name: form.cleaned_data[name] for name in services.PLEDGE_TEXT_FIELDS}
    values["change_note"] = form.cleaned_data.get("change_note", "")
    return {**values, "clauses": clause_rows(formset), "unit_themes": form.unit_themes()}


@require_http_methods(["GET", "POST"])
def pledge_sign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    require(request.user, "pledges.sign_pledge", membership)
    bloc_year = membership.bloc_year
    pledge = selectors.pledge_of(bloc_year)
    if pledge is None:
        messages.error(request, _("The bloc secretariat has not written the pledge yet."))
        return redirect(_year_url(bloc_year))
    unit = membership.unit
    form = SignatureForm(
        request.POST or None, initial={"signer_name": unit.leader_name, "signer_title": unit.leader_title}
    )
    return handle_form(
        request,
        form,
        perform=lambda data: services.record_pledge_signature(pledge, actor=request.user, unit=unit, **data),
        success_url=_year_url(bloc_year),
        success_message=_("The signature was recorded."),
        title=_("Signature of %(unit)s on the pledge of %(bloc_year)s")
        % {"unit": name_in_year(membership), "bloc_year": bloc_year},
        back_url=_year_url(bloc_year),
    )


@require_POST
def pledge_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pledge = selectors.get_pledge_for_user(request.user, pk)
    require(request.user, "pledges.view_pledge", pledge)
    return redirect(request_generated_file(pledge, kind="pledges.signed_pledge", actor=request.user))


def _year_url(bloc_year) -> str:
    return reverse("pledges:commitments", args=[bloc_year.pk])


# --- Title registrations ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def registration_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    require(request.user, "pledges.add_registration", membership)
    bloc_year, unit = membership.bloc_year, membership.unit
    return handle_form(
        request,
        RegistrationCreateForm(request.POST or None),
        perform=lambda data: services.create_registration(bloc_year, actor=request.user, unit=unit, **data),
        success_url=lambda registration: registration.get_absolute_url(),
        success_message=_("The registration was saved as a draft. Submit it when it is ready."),
        title=_("%(unit)s registers for a title in %(year)s")
        % {"unit": name_in_year(membership), "year": bloc_year.year},
        back_url=_year_url(bloc_year),
    )


def registration_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    registration = selectors.get_registration_for_user(request.user, pk)
    require(request.user, "pledges.view_registration", registration)
    context = presenters.registration_page(registration, request.user)
    return render(request, "pledges/registration_detail.html", context)


@require_http_methods(["GET", "POST"])
def registration_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    registration = selectors.get_registration_for_user(request.user, pk)
    require(request.user, "pledges.change_registration", registration)
    return handle_form(
        request,
        RegistrationForm(request.POST or None, instance=registration),
        perform=lambda data: services.update_registration(registration, actor=request.user, **data),
        success_url=registration.get_absolute_url(),
        success_message=_("The registration was saved."),
        title=_("Registration of %(unit)s for “%(title)s”")
        % {"unit": selectors.registration_unit_name(registration), "title": registration.title},
        back_url=registration.get_absolute_url(),
    )


@require_POST
def registration_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    registration = selectors.get_registration_for_user(request.user, pk)
    require(request.user, "pledges.submit_registration", registration)
    perform = partial(services.submit_registration, registration, actor=request.user)
    return act(request, perform, success_message=_("The registration was submitted."), back_to=registration)


@require_http_methods(["GET", "POST"])
def registration_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    registration = selectors.get_registration_for_user(request.user, pk)
    require(request.user, "pledges.return_registration", registration)
    return handle_form(
        request,
        ReturnForm(request.POST or None),
        perform=lambda data: services.return_registration(registration, actor=request.user, **data),
        success_url=registration.get_absolute_url(),
        success_message=_("The registration was returned to the unit."),
        title=_("Return the registration of %(unit)s") % {"unit": selectors.registration_unit_name(registration)},
        back_url=registration.get_absolute_url(),
    )


@require_POST
def registration_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    registration = selectors.get_registration_for_user(request.user, pk)
    require(request.user, "pledges.accept_registration", registration)
    perform = partial(services.accept_registration, registration, actor=request.user)
    return act(request, perform, success_message=_("The registration was accepted."), back_to=registration)


@require_POST
def registration_forward(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    registration = selectors.get_registration_for_user(request.user, pk)
    require(request.user, "pledges.forward_registration", registration)
    perform = partial(services.forward_registration, registration, actor=request.user)
    message = _("The registration was forwarded to the council office.")
    return act(request, perform, success_message=message, back_to=registration)


@require_POST
def registrations_forward(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "pledges.forward_registrations", bloc_year)
    return act(
        request,
        partial(services.forward_accepted_registrations, bloc_year, actor=request.user),
        success_message=lambda forwarded: _("%(count)s registrations were forwarded.") % {"count": len(forwarded)},
        back_to=_year_url(bloc_year),
    )


# --- The council office's list and export -----------------------------------------------


def registration_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "pledges.view_council_registrations")
    form, filters = _filters(request)
    context = presenters.registration_list_page(request.user, form, filters, request.GET)
    return render(request, "pledges/registration_list.html", context)


def registration_export(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "pledges.view_council_registrations")
    __, filters = _filters(request)
    rows = registration_rows(selectors.province_registrations(request.user, filters))
    content = write_rows_xlsx(rows, title=_("Registrations"))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="dang-ky-danh-hieu.xlsx"'
    return response


def _filters(request: AuthenticatedRequest) -> tuple[RegistrationFilterForm, selectors.RegistrationFilter]:
    form = RegistrationFilterForm(
        request.GET or None, blocs=visible_blocs(request.user).order_by("name"), statuses=_listed_statuses()
    )
    if not form.is_bound or not form.is_valid():
        return form, selectors.RegistrationFilter()
    data = form.cleaned_data
    return form, selectors.RegistrationFilter(
        year=data["year"],
        bloc_id=data["bloc"].pk if data["bloc"] else None,
        title_id=data["title"].pk if data["title"] else None,
        status=data["status"],
    )


def _listed_statuses() -> list[tuple[str, str | Promise]]:
    return [(value, label) for value, label in RegistrationStatus.choices if value != RegistrationStatus.DRAFT]
