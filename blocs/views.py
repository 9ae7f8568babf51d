from functools import partial
from operator import methodcaller

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from blocs import presenters, selectors, services
from blocs.forms import (
    DISSOLVED,
    AddMemberForm,
    BlocRuleForm,
    BlocYearCreateForm,
    BlocYearForm,
    EndMembershipForm,
    EndUnitForm,
    LeadershipForm,
    RenameUnitForm,
    ReopenYearForm,
    UnitProfileForm,
)
from blocs.transitions import asks_permission, forward_action
from core.actions import AuthenticatedRequest, act, handle_form, require
from core.forms import nfc


def bloc_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "blocs/bloc_list.html", presenters.bloc_list_page(request.user))


def bloc_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc = selectors.get_bloc_for_user(request.user, pk)
    context = presenters.bloc_detail_page(request.user, bloc, year=request.GET.get("year"))
    return render(request, "blocs/bloc_detail.html", context)


def unit_list(request: AuthenticatedRequest) -> HttpResponse:
    query = nfc(request.GET.get("q", "").strip())[:100]
    context = presenters.unit_list_page(request.user, query=query, page=request.GET.get("page"))
    return render(request, "blocs/unit_list.html", context)


def unit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = selectors.get_unit_for_user(request.user, pk)
    return render(request, "blocs/unit_detail.html", presenters.unit_detail_page(request.user, unit))


@require_http_methods(["GET", "POST"])
def bloc_year_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc = selectors.get_bloc_for_user(request.user, pk)
    require(request.user, "blocs.add_blocyear", bloc)
    form = BlocYearCreateForm(request.POST or None)
    back = reverse("blocs:bloc_detail", args=[bloc.pk])
    return handle_form(
        request,
        form,
        perform=lambda data: services.create_bloc_year(bloc, actor=request.user, year=data["year"]),
        success_url=methodcaller("get_absolute_url"),
        success_message=_("The emulation year was opened from a copy of the previous one."),
        title=_("Open an emulation year for %(bloc)s") % {"bloc": bloc},
        back_url=back,
    )


@require_http_methods(["GET", "POST"])
def bloc_year_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = selectors.get_bloc_year_for_user(request.user, pk)
    require(request.user, "blocs.change_blocyear", bloc_year)
    form = BlocYearForm(request.POST or None, instance=bloc_year)
    return handle_form(
        request,
        form,
        perform=lambda data: services.update_bloc_year(bloc_year, actor=request.user, **data),
        success_url=bloc_year.get_absolute_url(),
        success_message=_("The year's details were saved."),
        title=_("Theme and plan of %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=bloc_year.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def bloc_rule_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = selectors.get_bloc_year_for_user(request.user, pk)
    require(request.user, "blocs.change_blocrule", bloc_year)
    form = BlocRuleForm(request.POST or None, instance=bloc_year.rule)
    return handle_form(
        request,
        form,
        perform=lambda data: services.update_bloc_rule(bloc_year.rule, actor=request.user, **data),
        success_url=bloc_year.get_absolute_url(),
        success_message=_("The bloc's rules were saved."),
        title=_("Rules of %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=bloc_year.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def leadership_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = selectors.get_bloc_year_for_user(request.user, pk)
    require(request.user, "blocs.manage_membership", bloc_year)
    members = selectors.current_member_units(bloc_year)
    leadership = selectors.leadership_of(bloc_year)
    form = LeadershipForm(
        request.POST or None, members=members, head=leadership.head_unit_id, deputies=leadership.deputy_unit_ids
    )
    return handle_form(
        request,
        form,
        perform=lambda data: services.set_leadership(
            bloc_year, actor=request.user, head=data["head"], deputies=list(data["deputies"])
        ),
        success_url=bloc_year.get_absolute_url(),
        success_message=_("The head and deputy units were saved."),
        title=_("Leadership of %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=bloc_year.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = selectors.get_bloc_year_for_user(request.user, pk)
    require(request.user, "blocs.manage_membership", bloc_year)
    candidates = selectors.membership_candidates(bloc_year)
    form = AddMemberForm(request.POST or None, candidates=candidates, year=bloc_year.year)
    return handle_form(
        request,
        form,
        perform=lambda data: services.add_member(bloc_year, actor=request.user, **data),
        success_url=bloc_year.get_absolute_url(),
        success_message=_("The unit was added to the bloc."),
        title=_("Add a member to %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=bloc_year.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def membership_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = selectors.get_membership_for_user(request.user, pk)
    bloc_year = membership.bloc_year
    require(request.user, "blocs.manage_membership", bloc_year)
    form = EndMembershipForm(request.POST or None)
    return handle_form(
        request,
        form,
        perform=lambda data: services.end_membership(membership, actor=request.user, **data),
        success_url=bloc_year.get_absolute_url(),
        success_message=_("The unit's departure was recorded."),
        title=_("%(unit)s leaves %(bloc_year)s") % {"unit": membership.unit, "bloc_year": bloc_year},
        back_url=bloc_year.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = selectors.get_unit_for_user(request.user, pk)
    require(request.user, "blocs.change_unit", unit)
    form = UnitProfileForm(request.POST or None, instance=unit)
    back = reverse("blocs:unit_detail", args=[unit.pk])
    return handle_form(
        request,
        form,
        perform=lambda data: services.update_unit_profile(unit, actor=request.user, **data),
        success_url=back,
        success_message=_("The unit's details were saved."),
        title=_("Details of %(unit)s") % {"unit": unit},
        back_url=back,
    )


@require_http_methods(["GET", "POST"])
def unit_rename(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = selectors.get_unit_for_user(request.user, pk)
    require(request.user, "blocs.record_unit_change", unit)
    form = RenameUnitForm(request.POST or None)
    back = reverse("blocs:unit_detail", args=[unit.pk])
    return handle_form(
        request,
        form,
        perform=lambda data: services.rename_unit(unit, actor=request.user, **data),
        success_url=back,
        success_message=_("The new name was recorded; the old one stays in the unit's history."),
        title=_("Rename %(unit)s") % {"unit": unit},
        back_url=back,
        context={
            "intro": _(
                "The unit keeps its identity, memberships and award history; its old name stays in the history. "
                "If the law created a new body instead, record the change under “Record a merger or split”."
            )
        },
    )


@require_http_methods(["GET", "POST"])
def unit_succession(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = selectors.get_unit_for_user(request.user, pk)
    require(request.user, "blocs.record_unit_change", unit)
    form = EndUnitForm(request.POST or None, candidates=selectors.succession_candidates(unit))
    back = reverse("blocs:unit_detail", args=[unit.pk])
    return handle_form(
        request,
        form,
        perform=lambda data: _end_unit(unit, actor=request.user, **data),
        success_url=back,
        success_message=_("The unit's end was recorded."),
        title=_("%(unit)s ends: merger, split or replacement") % {"unit": unit},
        back_url=back,
        context={
            "intro": _(
                "The unit ends on the day before the effective date. Its memberships from that year on end with it, "
                "and the successor carries on its work. A unit that heads or deputises a bloc must be replaced in "
                "that role first."
            )
        },
    )


def _end_unit(unit, *, actor, kind, successors, effective_date, legal_basis):
    if kind == DISSOLVED:
        return services.dissolve_unit(unit, actor=actor, effective_date=effective_date, legal_basis=legal_basis)
    return services.record_succession(
        unit,
        actor=actor,
        successors=list(successors),
        kind=kind,
        effective_date=effective_date,
        legal_basis=legal_basis,
    )


@require_POST
def bloc_year_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = selectors.get_bloc_year_for_user(request.user, pk)
    to = request.POST.get("to", "")
    action = forward_action(to)
    if action is None:
        messages.error(request, _("Unknown step of the year."))
        return redirect(bloc_year.get_absolute_url())
    require(request.user, asks_permission(action), bloc_year)
    return act(
        request,
        partial(services.advance_bloc_year, bloc_year, to=to, actor=request.user),
        success_message=lambda moved: _("The year is now at “%(status)s”.") % {"status": moved.get_status_display()},
        back_to=bloc_year,
    )


@require_http_methods(["GET", "POST"])
def bloc_year_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = selectors.get_bloc_year_for_user(request.user, pk)
    require(request.user, "blocs.reopen_blocyear", bloc_year)
    form = ReopenYearForm(request.POST or None)
    return handle_form(
        request,
        form,
        perform=lambda data: services.reopen_bloc_year(bloc_year, actor=request.user, reason=data["reason"]),
        success_url=bloc_year.get_absolute_url(),
        success_message=_("The year was reopened; close it again once the correction is made."),
        title=_("Reopen %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=bloc_year.get_absolute_url(),
    )
