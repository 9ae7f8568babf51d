"""Pages of the compliance records: a unit's list, recording, editing and resolving a record."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards import services
from awards.forms.compliance import (
    ComplianceRecordEditForm,
    ComplianceRecordForm,
    ResolveForm,
)
from awards.presenters import compliance as presenters
from awards.selectors import compliance as selectors
from blocs.selectors import get_unit_for_user
from core.actions import AuthenticatedRequest, handle_form, require


def compliance_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    require(request.user, "awards.view_compliancerecords", unit)
    return render(request, "awards/compliance_list.html", presenters.compliance_list_page(request.user, unit))


@require_http_methods(["GET", "POST"])
def compliance_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    require(request.user, "awards.add_compliancerecord", unit)
    back = reverse("awards:compliance_list", args=[unit.pk])
    return handle_form(
        request,
        ComplianceRecordForm(request.POST or None),
        perform=lambda data: services.record_compliance_record(unit, actor=request.user, **data),
        success_url=back,
        success_message=_("The compliance record was saved."),
        title=_("New compliance record of %(unit)s") % {"unit": unit},
        back_url=back,
    )


@require_http_methods(["GET", "POST"])
def compliance_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = selectors.get_compliance_record_for_user(request.user, pk)
    require(request.user, "awards.change_compliancerecord", record)
    return handle_form(
        request,
        ComplianceRecordEditForm(request.POST or None, instance=record),
        perform=lambda data: services.update_compliance_record(record, actor=request.user, **data),
        success_url=record.get_absolute_url(),
        success_message=_("The compliance record was saved."),
        title=_("Edit the compliance record of %(unit)s") % {"unit": record.unit},
        back_url=record.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def compliance_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = selectors.get_compliance_record_for_user(request.user, pk)
    require(request.user, "awards.resolve_compliancerecord", record)
    return handle_form(
        request,
        ResolveForm(request.POST or None),
        perform=lambda data: services.resolve_compliance_record(record, actor=request.user, **data),
        success_url=record.get_absolute_url(),
        success_message=_("The resolution was recorded: from that day the record no longer blocks the unit."),
        title=_("Resolve: %(record)s") % {"record": record},
        back_url=record.get_absolute_url(),
    )
