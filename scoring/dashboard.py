"""What the scoring app asks of each persona today.

Shared by two areas: keep each area's part in its own section.
"""

# --- Score sheets -----------------------------------------------------------------

from django.db.models import Q
from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus, MemberRole
from blocs.selectors import roles_of
from core.dashboard import Item, Section, provider
from scoring.enums import EDITABLE_STATUSES, SheetStatus, Stage, VerifierMode
from scoring.models import ScoreSheet


def _open_sheets():
    sheets = ScoreSheet.objects.filter(locked_at__isnull=True).exclude(bloc_year__status=BlocYearStatus.CLOSED)
    return sheets.select_related("unit", "bloc_year__bloc", "bloc_year__rule").order_by("bloc_year__year", "unit__name")


def _verifies(officer_units) -> Q:
    leads = Q(
        bloc_year__memberships__unit_id__in=officer_units,
        bloc_year__memberships__role__in=[MemberRole.HEAD, MemberRole.DEPUTY],
        bloc_year__memberships__left_on__isnull=True,
    )
    peers = Q(
        bloc_year__scoring_setting__verifier_mode=VerifierMode.PEERS,
        bloc_year__memberships__unit_id__in=officer_units,
    )
    return leads | peers


def _heads(officer_units) -> Q:
    return Q(
        bloc_year__memberships__unit_id__in=officer_units,
        bloc_year__memberships__role=MemberRole.HEAD,
        bloc_year__memberships__left_on__isnull=True,
    )


def _items(sheets, text: str, level: str = "info") -> list[Item]:
    return [
        Item(
            text % {"unit": s.unit, "stage": s.get_stage_display(), "bloc_year": s.bloc_year},
            s.get_absolute_url(),
            level,
        )
        for s in sheets
    ]


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


def _unit_items(roles) -> list[Item]:
    own = _open_sheets().filter(unit_id__in=roles.officer_unit_ids, stage=Stage.SELF)
    returned = own.filter(status=SheetStatus.RETURNED)
    draft = own.filter(status=SheetStatus.DRAFT)
    return _items(
        returned, _("Self-score of %(unit)s for %(bloc_year)s was returned: correct and resubmit."), "warning"
    ) + _items(draft, _("Self-score of %(unit)s for %(bloc_year)s: fill in and submit."))


def _verifier_items(roles) -> list[Item]:
    others = _open_sheets().exclude(unit_id__in=roles.unit_ids)
    verifying = others.filter(_verifies(roles.officer_unit_ids)).distinct()
    submitted = verifying.filter(stage=Stage.SELF, status=SheetStatus.SUBMITTED)
    to_verify = verifying.filter(stage=Stage.VERIFICATION, status__in=EDITABLE_STATUSES)
    heads = others.filter(_heads(roles.officer_unit_ids)).distinct()
    to_accept = heads.filter(
        stage__in=[Stage.VERIFICATION, Stage.COUNCIL, Stage.APPROVED], status=SheetStatus.SUBMITTED
    )
    to_approve = heads.filter(stage=Stage.APPROVED, status__in=EDITABLE_STATUSES)
    return (
        _items(submitted, _("%(unit)s submitted its self-score for %(bloc_year)s: review it."))
        + _items(to_verify, _("Verify the scores of %(unit)s for %(bloc_year)s."))
        + _items(to_accept, _("%(stage)s of %(unit)s for %(bloc_year)s is submitted: accept or return it."))
        + _items(to_approve, _("Record the meeting's approved scores of %(unit)s for %(bloc_year)s."))
    )


def _office_items(roles) -> list[Item]:
    province = _open_sheets().filter(bloc_year__bloc__province_id__in=roles.office_province_ids)
    adjust = province.filter(stage=Stage.COUNCIL, status__in=EDITABLE_STATUSES)
    submitted = province.filter(stage=Stage.VERIFICATION, status=SheetStatus.SUBMITTED)
    return _items(
        submitted, _("Verified scores of %(unit)s for %(bloc_year)s are submitted: accept or return them.")
    ) + _items(adjust, _("Adjust the council office's items for %(unit)s (%(bloc_year)s)."))


# --- end of score sheets ----------------------------------------------------------
