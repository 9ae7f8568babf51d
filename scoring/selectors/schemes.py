"""Reads of scoring schemes, and the chokepoints through which views reach them."""

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from blocs.models import BlocYear
from blocs.selectors import visible_blocs
from core.models import User
from core.selectors import get_or_404
from scoring.calculations import scheme_total
from scoring.enums import SchemeItemKind
from scoring.models import Scheme, SchemeItem

SCHEME_ROW_FIELDS = (
    "id",
    "parent_id",
    "kind",
    "code",
    "text",
    "max_points",
    "deduction_fixed",
    "step",
    "evidence_required",
    "guidance",
    "position",
    "depth",
    "sort_key",
)


def scheme_rows(scheme: Scheme) -> list[dict[str, Any]]:
    """Every item of the scheme as a dict of ``SCHEME_ROW_FIELDS``, in document order. One query."""
    return list(SchemeItem.objects.filter(scheme=scheme).order_by("sort_key").values(*SCHEME_ROW_FIELDS))


def scheme_maximum(scheme: Scheme) -> Decimal:
    """The scheme's maximum total: stored since it froze, computed (one query) before."""
    if scheme.max_total is not None:
        return scheme.max_total
    return scheme_total(scheme_rows(scheme), bonus_cap=scheme.bonus_cap)


def scheme_groups(scheme: Scheme, *, outside: SchemeItem | None = None) -> QuerySet[SchemeItem]:
    """The scheme's groups in document order; with ``outside``, those not within that item (where it may move)."""
    groups = SchemeItem.objects.filter(scheme=scheme, kind=SchemeItemKind.GROUP)
    if outside is not None:
        groups = groups.exclude(sort_key__startswith=outside.sort_key)
    return groups.order_by("sort_key")


def scheme_of(bloc_year: BlocYear) -> Scheme | None:
    """The bloc-year's scheme, or None while it has none."""
    return Scheme.objects.filter(bloc_year=bloc_year).select_related("copied_from__bloc_year").first()


def copy_sources(bloc_year: BlocYear) -> QuerySet[Scheme]:
    """Schemes of the bloc's earlier years, newest first: what a new year can start from."""
    return Scheme.objects.filter(bloc_year__bloc_id=bloc_year.bloc_id, bloc_year__year__lt=bloc_year.year).order_by(
        "-bloc_year__year"
    )


def get_scheme_item_for_user(user: User | AnonymousUser, pk: int) -> SchemeItem:
    """The scheme item, or 404 when it does not exist or the user may not see its bloc."""
    queryset = SchemeItem.objects.filter(scheme__bloc_year__bloc__in=visible_blocs(user))
    return get_or_404(queryset.select_related("scheme__bloc_year__bloc__province"), pk)
