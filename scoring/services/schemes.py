"""Every write to scoring schemes. Each call is one transaction with its audit entry.

Item changes lock the scheme row first: edits of one scheme run one after the other,
and none slips in after ``freeze_scheme``.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import assign, changes, log_action, records_refusals, snapshot
from scoring.calculations import item_errors, scheme_total, tree_layout
from scoring.enums import SCORABLE_KINDS, SCORING_STARTED, SchemeItemKind
from scoring.models import Scheme, SchemeItem
from scoring.selectors.schemes import scheme_rows

SCHEME_FIELDS = ["title", "bonus_cap"]
ITEM_FIELDS = ["code", "text", "max_points", "deduction_fixed", "step", "evidence_required", "guidance"]
COPIED_FIELDS = ["kind", *ITEM_FIELDS, "position", "sort_key", "depth"]
MAX_DEPTH = 5
# New and moved items go last among their siblings; the layout then renumbers 1, 2, 3…
LAST = 10**6


@records_refusals
@transaction.atomic
def create_scheme(bloc_year: BlocYear, *, actor: User | None, title: str, bonus_cap: Decimal = Decimal(0)) -> Scheme:
    """Give the bloc-year an empty scheme. Refused when it has one or the year is closed."""
    bloc_year = _lock_open_year(bloc_year)
    if bonus_cap < 0:
        raise DomainError(_("The bonus cap cannot be negative."))
    scheme = Scheme.objects.create(bloc_year=bloc_year, title=title, bonus_cap=bonus_cap)
    log_action(scheme, actor=actor, action="scoring.scheme.created", data={"title": title, "bonus_cap": bonus_cap})
    return scheme


@records_refusals
@transaction.atomic
def update_scheme(scheme: Scheme, *, actor: User | None, **values: Any) -> Scheme:
    """Change the scheme's title and bonus cap."""
    scheme = _lock_editable(scheme)
    before = snapshot(scheme, SCHEME_FIELDS)
    assign(scheme, SCHEME_FIELDS, values)
    if scheme.bonus_cap < 0:
        raise DomainError(_("The bonus cap cannot be negative."))
    scheme.save(update_fields=SCHEME_FIELDS)
    log_action(
        scheme, actor=actor, action="scoring.scheme.updated", data=changes(before, snapshot(scheme, SCHEME_FIELDS))
    )
    return scheme


@records_refusals
@transaction.atomic
def add_scheme_item(
    scheme: Scheme, *, actor: User | None, kind: str, parent: SchemeItem | None = None, **values: Any
) -> SchemeItem:
    """Add a group, criterion, bonus or deduction item as the last child of ``parent`` (or of the root)."""
    scheme = _lock_editable(scheme)
    _check_parent(scheme, parent, depth_below=0)
    item = SchemeItem(scheme=scheme, parent=parent, kind=kind, position=LAST)
    assign(item, ITEM_FIELDS, values)
    _check_item(item)
    item.save()
    _relayout(scheme)
    item.refresh_from_db(fields=["position", "sort_key", "depth"])
    log_action(scheme, actor=actor, action="scoring.scheme.item_added", data=_item_data(item))
    return item


@records_refusals
@transaction.atomic
def update_scheme_item(item: SchemeItem, *, actor: User | None, **values: Any) -> SchemeItem:
    """Change an item's code, text, maximum, step, evidence flag or guidance."""
    scheme = _lock_editable(item.scheme)
    item = SchemeItem.objects.get(pk=item.pk, scheme=scheme)
    before = snapshot(item, ITEM_FIELDS)
    assign(item, ITEM_FIELDS, values)
    _check_item(item)
    item.save(update_fields=ITEM_FIELDS)
    diff = changes(before, snapshot(item, ITEM_FIELDS))
    log_action(scheme, actor=actor, action="scoring.scheme.item_updated", data={"item": item.code, **diff})
    return item


@records_refusals
@transaction.atomic
def move_scheme_item(item: SchemeItem, *, actor: User | None, offset: int) -> SchemeItem:
    """Swap the item with its sibling ``offset`` places away (-1 up, +1 down); at either end, nothing moves."""
    scheme = _lock_editable(item.scheme)
    siblings = list(SchemeItem.objects.filter(scheme=scheme, parent_id=item.parent_id).order_by("position", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(siblings) or offset == 0:
        return siblings[index]
    moved, other = siblings[index], siblings[target]
    moved.position, other.position = other.position, moved.position
    SchemeItem.objects.bulk_update([moved, other], ["position"])
    _relayout(scheme)
    log_action(scheme, actor=actor, action="scoring.scheme.item_moved", data={"item": moved.code, "offset": offset})
    return moved


@records_refusals
@transaction.atomic
def nest_scheme_item(item: SchemeItem, *, actor: User | None, parent: SchemeItem | None) -> SchemeItem:
    """Move the item (with everything under it) to the end of another group, or to the top level."""
    scheme = _lock_editable(item.scheme)
    item = SchemeItem.objects.get(pk=item.pk, scheme=scheme)
    # Read the target again: the caller's copy may predate the last renumbering.
    parent = SchemeItem.objects.filter(pk=parent.pk).first() if parent is not None else None
    if parent is not None and (parent.pk == item.pk or parent.sort_key.startswith(item.sort_key + ".")):
        raise DomainError(_("An item cannot be moved into itself or into one of its own items."))
    _check_parent(scheme, parent, depth_below=_subtree_height(item))
    before = item.parent.code if item.parent is not None else None
    item.parent, item.position = parent, LAST
    item.save(update_fields=["parent", "position"])
    _relayout(scheme)
    after = parent.code if parent else None
    log_action(
        scheme,
        actor=actor,
        action="scoring.scheme.item_nested",
        data={"item": item.code, "before": before, "after": after},
    )
    return item


@records_refusals
@transaction.atomic
def remove_scheme_item(item: SchemeItem, *, actor: User | None) -> None:
    """Remove an item and everything under it. Refused while any score line refers to one of them."""
    scheme = _lock_editable(item.scheme)
    item = SchemeItem.objects.get(pk=item.pk, scheme=scheme)
    removed = list(
        SchemeItem.objects.filter(scheme=scheme, sort_key__startswith=item.sort_key + ".").values_list(
            "code", flat=True
        )
    )
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError as exc:
        raise DomainError(
            _("%(code)s is already used on score sheets and cannot be removed.") % {"code": item.code}
        ) from exc
    _relayout(scheme)
    log_action(
        scheme, actor=actor, action="scoring.scheme.item_removed", data={"item": _item_data(item), "with": removed}
    )


@records_refusals
@transaction.atomic
def copy_scheme(source: Scheme, *, bloc_year: BlocYear, actor: User | None) -> Scheme:
    """Start the bloc-year's scheme from a copy of ``source`` (usually last year's), unfrozen."""
    bloc_year = _lock_open_year(bloc_year)
    scheme = Scheme.objects.create(
        bloc_year=bloc_year, title=source.title, bonus_cap=source.bonus_cap, copied_from=source
    )
    _copy_items(source, scheme)
    log_action(
        scheme,
        actor=actor,
        action="scoring.scheme.copied",
        data={"from": source.pk, "from_year": source.bloc_year.year, "items": scheme.items.count()},
    )
    return scheme


def _copy_items(source: Scheme, scheme: Scheme) -> None:
    # Parents come before their children in sort_key order, so each parent's copy exists first.
    new_ids: dict[int, int] = {}
    by_depth: dict[int, list[SchemeItem]] = {}
    for item in source.items.order_by("sort_key"):
        by_depth.setdefault(item.depth, []).append(item)
    for depth in sorted(by_depth):
        originals = by_depth[depth]
        copies = [
            SchemeItem(
                scheme=scheme,
                parent_id=new_ids.get(item.parent_id or 0),
                **{f: getattr(item, f) for f in COPIED_FIELDS},
            )
            for item in originals
        ]
        for original, copy in zip(originals, SchemeItem.objects.bulk_create(copies), strict=True):
            new_ids[original.pk] = copy.pk


@records_refusals
@transaction.atomic
def replace_scheme_items(scheme: Scheme, *, actor: User | None, rows: list[dict[str, Any]], source: str = "") -> Scheme:
    """Replace every item of the scheme by ``rows`` (already validated, in document order).

    Each row has ``kind``, ``parent_code`` (None at the top level) and the ``ITEM_FIELDS``.
    One audit entry. Refused when an existing item is used on a score sheet.
    """
    scheme = _lock_editable(scheme)
    try:
        with transaction.atomic():
            scheme.items.all().delete()
    except ProtectedError as exc:
        raise DomainError(_("Items of this scheme are already used on score sheets.")) from exc
    by_code: dict[str, SchemeItem] = {}
    for position, row in enumerate(rows, start=1):
        values = {name: row[name] for name in ITEM_FIELDS}
        parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
        item = SchemeItem(scheme=scheme, parent=parent, kind=row["kind"], position=position, **values)
        by_code[item.code] = item
        item.save()
    _relayout(scheme)
    log_action(scheme, actor=actor, action="scoring.scheme.imported", data={"items": len(rows), "file": source})
    return scheme


@records_refusals
@transaction.atomic
def freeze_scheme(scheme: Scheme, *, actor: User | None) -> Scheme:
    """Freeze the scheme for scoring. Idempotent: an already frozen scheme is returned unchanged.

    Refused while the scheme has nothing to score. Stores the scheme's maximum total
    (``max_total``) and writes one audit entry when it freezes.
    """
    scheme = Scheme.objects.select_for_update().select_related("bloc_year").get(pk=scheme.pk)
    if scheme.is_frozen:
        return scheme
    if scheme.bloc_year.status == BlocYearStatus.CLOSED:
        raise RefusedTransition(_("The year is closed: its scheme cannot change."))
    if not scheme.items.filter(kind__in=SCORABLE_KINDS).exists():
        raise DomainError(_("The scheme has no criterion yet and cannot be frozen."))
    rows = scheme_rows(scheme)
    scheme.frozen_at, scheme.max_total = timezone.now(), scheme_total(rows, bonus_cap=scheme.bonus_cap)
    scheme.save(update_fields=["frozen_at", "max_total"])
    log_action(
        scheme, actor=actor, action="scoring.scheme.frozen", data={"items": len(rows), "max_total": scheme.max_total}
    )
    return scheme


# --- Helpers --------------------------------------------------------------------


def _lock_open_year(bloc_year: BlocYear) -> BlocYear:
    bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
    if bloc_year.status == BlocYearStatus.CLOSED:
        raise RefusedTransition(_("The year is closed: its scheme cannot change."))
    if Scheme.objects.filter(bloc_year=bloc_year).exists():
        raise DomainError(_("The year already has a scoring scheme."))
    return bloc_year


def _lock_editable(scheme: Scheme) -> Scheme:
    scheme = Scheme.objects.select_for_update().select_related("bloc_year").get(pk=scheme.pk)
    if scheme.bloc_year.status == BlocYearStatus.CLOSED:
        raise RefusedTransition(_("The year is closed: its scheme cannot change."))
    if scheme.is_frozen or scheme.bloc_year.status in SCORING_STARTED:
        raise RefusedTransition(_("The scheme is frozen since scoring opened: it can no longer change."))
    return scheme


def _check_parent(scheme: Scheme, parent: SchemeItem | None, *, depth_below: int) -> None:
    if parent is None:
        return
    parent.refresh_from_db(fields=["scheme", "kind", "depth"])
    if parent.scheme_id != scheme.pk or parent.kind != SchemeItemKind.GROUP:
        raise DomainError(_("Items can only be placed inside a group of the same scheme."))
    if parent.depth + 1 + depth_below >= MAX_DEPTH:
        raise DomainError(_("A scheme has at most %(levels)s levels.") % {"levels": MAX_DEPTH})


def _subtree_height(item: SchemeItem) -> int:
    depths = SchemeItem.objects.filter(scheme_id=item.scheme_id, sort_key__startswith=item.sort_key + ".")
    deepest = max(depths.values_list("depth", flat=True), default=item.depth)
    return deepest - item.depth


def _check_item(item: SchemeItem) -> None:
    if item.kind == SchemeItemKind.GROUP:
        item.max_points = Decimal(0)
    if item.deduction_fixed:
        item.step = item.max_points
    errors = item_errors(
        kind=item.kind, max_points=item.max_points, step=item.step, deduction_fixed=item.deduction_fixed
    )
    if errors:
        raise DomainError(next(iter(errors.values())))
    if SchemeItem.objects.filter(scheme_id=item.scheme_id, code=item.code).exclude(pk=item.pk).exists():
        raise DomainError(_("The code %(code)s is already used in this scheme.") % {"code": item.code})


def _relayout(scheme: Scheme) -> None:
    """Renumber siblings 1, 2, 3… and recompute every sort key and depth (one read, one bulk write)."""
    rows = list(
        SchemeItem.objects.filter(scheme=scheme).values_list("id", "parent_id", "position", "sort_key", "depth")
    )
    layout = tree_layout((pk, parent, position) for pk, parent, position, _key, _depth in rows)
    changed = [
        SchemeItem(pk=pk, position=layout[pk][0], sort_key=layout[pk][1], depth=layout[pk][2])
        for pk, _parent, position, key, depth in rows
        if (position, key, depth) != layout[pk]
    ]
    SchemeItem.objects.bulk_update(changed, ["position", "sort_key", "depth"], batch_size=500)


def _item_data(item: SchemeItem) -> dict[str, Any]:
    return {"kind": item.kind, "parent": item.parent_id, **snapshot(item, ITEM_FIELDS)}
