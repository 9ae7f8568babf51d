"""What the scoring app asks of each persona today.

Shared by two areas: keep each area's part in its own section.
"""

# --- Score sheets -----------------------------------------------------------------

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import Membership
from blocs.selectors import roles_of
from core.dashboard import Item, Section, provider
from scoring.enums import SheetStatus, Stage, VerifierMode
from scoring.models import ScoreSheet
from scoring.selectors.sheets import year_name
from scoring.transitions import EDITABLE_STATES


def _open_sheets():
    sheets = ScoreSheet.objects.filter(locked_at__isnull=True).exclude(bloc_year__status=BlocYearStatus.CLOSED)
    sheets = sheets.select_related("unit", "bloc_year__bloc", "bloc_year__rule").prefetch_related("unit__names")
    return sheets.order_by("bloc_year__year", "unit__name")


def _membership(officer_units, **conditions) -> Exists:
    """A current membership of one of ``officer_units`` in the sheet's bloc-year (with ``conditions``)."""
    memberships = Membership.objects.filter(
        bloc_year=OuterRef("bloc_year"), unit_id__in=officer_units, left_on__isnull=True, **conditions
    )
    return Exists(memberships)


def _items(sheets, text: str, level: str = "info") -> list[Item]:
    return [Item(text % _item_values(s), s.get_absolute_url(), level) for s in sheets]


def _item_values(sheet) -> dict:
    unit = year_name(sheet.unit, sheet.bloc_year.year)  # names prefetched by _open_sheets
    return {"unit": unit, "stage": sheet.get_stage_display(), "bloc_year": sheet.bloc_year}


@provider
def sheet_sections(user, *, today):
    roles = roles_of(user)
    items = []
    if roles.officer_unit_ids:
        items += _unit_items(roles)
        items += _verifier_items(roles)
    if roles.office_province_ids:
        items += _office_items(roles)
    if not items:
        return []
    return [Section(_("Score sheets"), items, _("No score sheet is waiting for you."))]


# Each group of items is one query; the kinds of item are told apart in Python.


def _unit_items(roles) -> list[Item]:
    own = _open_sheets().filter(
        unit_id__in=roles.officer_unit_ids, stage=Stage.SELF, status__in=[SheetStatus.RETURNED, SheetStatus.DRAFT]
    )
    sheets = list(own)
    returned = [s for s in sheets if s.status == SheetStatus.RETURNED]
    draft = [s for s in sheets if s.status == SheetStatus.DRAFT]
    return _items(
        returned, _("Self-score of %(unit)s for %(bloc_year)s was returned: correct and resubmit."), "warning"
    ) + _items(draft, _("Self-score of %(unit)s for %(bloc_year)s: fill in and submit."))


def _verifier_items(roles) -> list[Item]:
    units = roles.officer_unit_ids
    # Every item below needs a current membership of the officer's units in the sheet's year. Saying so
    # up front keeps the query to their own bloc-years: without it PostgreSQL walked every open sheet in
    # the country through three EXISTS each (34 provinces: 4 s, most of it JIT-compiling that plan).
    current = Membership.objects.filter(unit_id__in=units, left_on__isnull=True).values("bloc_year_id")
    sheets = _open_sheets().filter(bloc_year_id__in=current).exclude(unit_id__in=roles.unit_ids)
    sheets = sheets.annotate(
        leads=_membership(units, role__in=[MemberRole.HEAD, MemberRole.DEPUTY]),
        peer=_membership(units, bloc_year__scoring_setting__verifier_mode=VerifierMode.PEERS),
        heads=_membership(units, role=MemberRole.HEAD),
    )
    verifies = Q(leads=True) | Q(peer=True)
    wanted = (
        (verifies & Q(stage=Stage.SELF, status=SheetStatus.SUBMITTED))
        | (verifies & Q(stage=Stage.VERIFICATION, status__in=EDITABLE_STATES))
        | Q(heads=True, stage__in=REVIEWED_BY_HEAD, status=SheetStatus.SUBMITTED)
        | Q(heads=True, stage=Stage.APPROVED, status__in=EDITABLE_STATES)
    )
    sheets = list(sheets.filter(wanted))
    submitted = [s for s in sheets if s.stage == Stage.SELF]
    to_verify = [s for s in sheets if s.stage == Stage.VERIFICATION and s.status != SheetStatus.SUBMITTED]
    to_accept = [s for s in sheets if s.stage != Stage.SELF and s.status == SheetStatus.SUBMITTED]
    to_approve = [s for s in sheets if s.stage == Stage.APPROVED and s.status != SheetStatus.SUBMITTED]
    return (
        _items(submitted, _("%(unit)s submitted its self-score for %(bloc_year)s: review it."))
        + _items(to_verify, _("Verify the scores of %(unit)s for %(bloc_year)s."))
        + _items(
            to_accept, _("The score sheet “%(stage)s” of %(unit)s for %(bloc_year)s is submitted: accept or return it.")
        )
        + _items(to_approve, _("Record the meeting's approved scores of %(unit)s for %(bloc_year)s."))
    )


REVIEWED_BY_HEAD = [Stage.VERIFICATION, Stage.COUNCIL, Stage.APPROVED]


def _office_items(roles) -> list[Item]:
    province = _open_sheets().filter(bloc_year__bloc__province_id__in=roles.office_province_ids)
    wanted = Q(stage=Stage.COUNCIL, status__in=EDITABLE_STATES) | Q(
        stage=Stage.VERIFICATION, status=SheetStatus.SUBMITTED
    )
    sheets = list(province.filter(wanted))
    submitted = [s for s in sheets if s.stage == Stage.VERIFICATION]
    adjust = [s for s in sheets if s.stage == Stage.COUNCIL]
    return _items(
        submitted, _("Verified scores of %(unit)s for %(bloc_year)s are submitted: accept or return them.")
    ) + _items(adjust, _("Adjust the council office's items for %(unit)s (%(bloc_year)s)."))


# --- end of score sheets ----------------------------------------------------------
