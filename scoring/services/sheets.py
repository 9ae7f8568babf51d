"""Every write to score sheets. Each call is one transaction with its audit entry.

Saves of one sheet are serialised by locking the sheet row: that keeps the stored total
equal to the sum of the lines, and makes the version check of a line race-free.
"""

from decimal import Decimal
from typing import Any, NamedTuple

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from blocs.selectors import current_member_units
from blocs.services import ensure_year_open
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import assign, changes, log_action, notify, records_refusals
from scoring.calculations import points_text, sheet_total, validate_points, weakest_percent
from scoring.enums import SCORABLE_KINDS, SheetAction, SheetStatus, Stage
from scoring.exceptions import LineConflict
from scoring.models import Evidence, Scheme, SchemeItem, ScoreLine, ScoreSheet, ScoringSetting
from scoring.selectors.sheets import next_stage, setting_of
from scoring.services.schemes import freeze_scheme
from scoring.transitions import SHEET, is_editable

SETTING_FIELDS = ["verifier_mode", "uses_council_stage", "scores_released", "bands", "fail_label"]


# --- Opening sheets -------------------------------------------------------------------


@records_refusals
@transaction.atomic
def open_self_scoring(bloc_year: BlocYear, *, actor: User | None) -> list[ScoreSheet]:
    """Open self-scoring: freeze the scheme and give every current member a self-score sheet.

    Each new sheet has one empty line per scorable item. Idempotent: units that already
    have a sheet keep it. Side effects: scheme frozen, settings stored (defaults) if
    missing, sheets and lines created, one audit entry when anything was created.
    """
    bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    scheme = Scheme.objects.filter(bloc_year=bloc_year).first()
    if scheme is None:
        raise DomainError(_("The year has no scoring scheme yet."))
    freeze_scheme(scheme, actor=actor)
    ScoringSetting.objects.get_or_create(bloc_year=bloc_year)
    have = set(ScoreSheet.objects.filter(bloc_year=bloc_year, stage=Stage.SELF).values_list("unit_id", flat=True))
    units = [unit for unit in current_member_units(bloc_year).order_by("name") if unit.pk not in have]
    sheets = [_create_sheet(bloc_year, unit.pk, Stage.SELF, scheme) for unit in units]
    if sheets:
        log_action(bloc_year, actor=actor, action="scoring.self_scoring.opened", data={"units": [u.pk for u in units]})
    return sheets


def _create_sheet(
    bloc_year: BlocYear, unit_id: int, stage: str, scheme: Scheme, source: ScoreSheet | None = None
) -> ScoreSheet:
    """A sheet with one line per scorable item; from ``source`` (the previous stage) when given."""
    sheet = ScoreSheet.objects.create(bloc_year=bloc_year, unit_id=unit_id, stage=stage)
    carried = dict(source.lines.values_list("item_id", "points")) if source else {}
    items = scheme.items.filter(kind__in=SCORABLE_KINDS).values_list("id", flat=True)
    ScoreLine.objects.bulk_create(
        ScoreLine(sheet=sheet, item_id=item, points=carried.get(item), base_points=carried.get(item)) for item in items
    )
    if source:
        sheet.total, sheet.weakest_percent = source.total, source.weakest_percent
        sheet.save(update_fields=["total", "weakest_percent"])
    return sheet


# --- Lines ------------------------------------------------------------------------------


@records_refusals
def save_line(
    line: ScoreLine, *, actor: User | None, version: int, points: Decimal | None, note: str = "", reason: str = ""
) -> ScoreLine:
    """Save one line, unless somebody saved it since ``version`` was read.

    In order: lock the sheet; refuse when it is not editable, the points are out of
    range or off-step, or a changed number has no reason; raise LineConflict (nothing
    written) when the line's version moved on; write the line with version + 1;
    recompute the stored total; one audit entry. An unchanged line is a no-op.
    """
    with transaction.atomic():
        sheet = _lock_editable(line.sheet_id)
        current = ScoreLine.objects.select_related("item", "updated_by").get(pk=line.pk)
        if current.version != version:
            raise LineConflict(current)
        note, reason = note.strip(), reason.strip()
        _check_line(sheet, current, points, reason)
        if (current.points, current.note, current.reason) == (points, note, reason):
            return current
        before = {"points": current.points, "note": current.note, "reason": current.reason}
        _write_line(current, actor, points=points, note=note, reason=reason)
        _refresh_total(sheet)
        after = {"points": points, "note": note, "reason": reason}
        data = {"item": current.item.code, "before": before, "after": after, "version": current.version}
        log_action(sheet, actor=actor, action="scoring.line.saved", data=data)
    return current


def _lock_editable(sheet_id: int) -> ScoreSheet:
    locked = ScoreSheet.objects.select_for_update(of=("self",))
    sheet = locked.select_related("bloc_year__scheme", "bloc_year__bloc", "unit").get(pk=sheet_id)
    if sheet.bloc_year.status == BlocYearStatus.CLOSED:
        raise RefusedTransition(_("The year is closed: its scores cannot change."))
    if not is_editable(sheet):
        raise RefusedTransition(
            _("The sheet is %(status)s and cannot be changed.") % {"status": sheet.get_status_display().lower()}
        )
    return sheet


def line_error(
    sheet: ScoreSheet, item: "_Limits | SchemeItem", base_points: Decimal | None, points: Decimal | None, reason: str
) -> tuple[str, str] | None:
    """(field, message) saying why the line cannot be saved, or None. Also used by the importer."""
    if points is not None:
        error = validate_points(points, maximum=item.max_points, step=item.step)
        if error:
            return "points", error
    if sheet.stage != Stage.SELF and points != base_points and not reason:
        message = _("Give the reason for changing the unit's number (%(before)s → %(after)s).") % {
            "before": "—" if base_points is None else points_text(base_points),
            "after": "—" if points is None else points_text(points),
        }
        return "reason", message
    return None


def _check_line(sheet: ScoreSheet, line: ScoreLine, points: Decimal | None, reason: str) -> None:
    problem = line_error(sheet, line.item, line.base_points, points, reason)
    if problem:
        raise DomainError(problem[1])


def _write_line(line: ScoreLine, actor: User | None, **values: object) -> None:
    assign(line, ["points", "note", "reason"], values)
    line.version += 1
    line.updated_by = actor if actor is not None and actor.is_authenticated else None
    line.updated_at = timezone.now()
    line.save(update_fields=[*values, "version", "updated_by", "updated_at"])


def _refresh_total(sheet: ScoreSheet) -> None:
    rows = list(ScoreLine.objects.filter(sheet=sheet).values_list("item__kind", "points", "item__max_points"))
    sheet.total = sheet_total(
        [(kind, points) for kind, points, _max in rows], bonus_cap=sheet.bloc_year.scheme.bonus_cap
    )
    sheet.weakest_percent = weakest_percent(rows)
    sheet.save(update_fields=["total", "weakest_percent"])


class _Limits(NamedTuple):
    max_points: Decimal
    step: Decimal


LINE_VALUES = ("id", "item_id", "item__code", "item__kind", "item__max_points", "item__step", "base_points")


@records_refusals
@transaction.atomic
def save_lines(
    sheet: ScoreSheet, *, actor: User | None, values: dict[int, dict[str, Any]], source: str = ""
) -> ScoreSheet:
    """Save many lines at once (an uploaded workbook), already validated by the caller.

    ``values`` maps item id → {"points", "note", "reason"}. Under the sheet lock, re-checks
    every line and refuses all if one fails; writes the changed lines with version + 1 in
    one batch, stores the new total, writes one audit entry listing the changed items.
    Reads plain rows, not model instances: a 150-line sheet costs a handful of queries.
    """
    sheet = _lock_editable(sheet.pk)
    rows = sheet.lines.values_list(*LINE_VALUES, "points", "note", "reason")
    changed, pairs, ratios = [], [], []
    for line_id, item_id, code, kind, maximum, step, base, points, note, reason in rows:
        new = values.get(item_id)
        if new is not None:
            wanted = (new["points"], new.get("note", ""), new.get("reason", ""))
            problem = line_error(sheet, _Limits(maximum, step), base, wanted[0], wanted[2])
            if problem:
                raise DomainError(f"{code}: {problem[1]}")
            if wanted != (points, note, reason):
                changed.append((code, line_id, *wanted))
                points = wanted[0]
        pairs.append((kind, points))
        ratios.append((kind, points, maximum))
    _write_lines(changed, actor)
    total, weakest = sheet_total(pairs, bonus_cap=sheet.bloc_year.scheme.bonus_cap), weakest_percent(ratios)
    if (total, weakest) != (sheet.total, sheet.weakest_percent):
        sheet.total, sheet.weakest_percent = total, weakest
        sheet.save(update_fields=["total", "weakest_percent"])
    data = {"source": source, "changed": [code for code, *_rest in changed], "total": sheet.total}
    log_action(sheet, actor=actor, action="scoring.sheet.imported", data=data)
    return sheet


def _write_lines(changed: list[tuple[Any, ...]], actor: User | None) -> None:
    """Every changed line in one statement: version + 1, who and when.

    On PostgreSQL one ``UPDATE … FROM unnest(arrays)``: a single plan and round trip (about half
    the time of a batch of 150 single-row updates) and four parameters whatever the number of
    lines; elsewhere a batch of single-row updates.
    Django's bulk_update would build a CASE per field per row.
    """
    if not changed:
        return
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = [list(column) for column in zip(*(row[1:] for row in changed), strict=True)]
            cursor.execute(_UPDATE_FROM_ARRAYS, [actor_id, now, *columns])
        else:
            params = [
                (points, note, reason, actor_id, now, line_id) for _code, line_id, points, note, reason in changed
            ]
            cursor.executemany(_UPDATE_ONE, params)


_UPDATE_FROM_ARRAYS = (
    "UPDATE scoring_scoreline AS line SET points = v.points, note = v.note, reason = v.reason, "
    "version = line.version + 1, updated_by_id = %s, updated_at = %s "
    "FROM unnest(%s::bigint[], %s::numeric[], %s::text[], %s::text[]) AS v(id, points, note, reason) "
    "WHERE line.id = v.id"
)
_UPDATE_ONE = (
    "UPDATE scoring_scoreline SET points = %s, note = %s, reason = %s, version = version + 1, "
    "updated_by_id = %s, updated_at = %s WHERE id = %s"
)


# --- Evidence --------------------------------------------------------------------------


@records_refusals
@transaction.atomic
def add_evidence(line: ScoreLine, *, actor: User | None, uploaded_file: "UploadedFile[bytes]") -> Evidence:
    """Attach a checked file (see core.files.validate_attachment) to the line of an editable sheet."""
    sheet = _lock_editable(line.sheet_id)
    name = uploaded_file.name or ""
    evidence = Evidence(line=line, filename=name[:200], size=uploaded_file.size or 0, uploaded_by=actor)
    evidence.file.save(name, uploaded_file, save=False)
    evidence.save()
    log_action(sheet, actor=actor, action="scoring.evidence.added", data={"line": line.pk, "file": evidence.filename})
    return evidence


@records_refusals
@transaction.atomic
def remove_evidence(evidence: Evidence, *, actor: User | None) -> None:
    """Remove an evidence file from a line of an editable sheet; the stored file goes once committed."""
    sheet = _lock_editable(evidence.line.sheet_id)
    name, storage = evidence.file.name or "", evidence.file.storage
    data = {"line": evidence.line_id, "file": evidence.filename}
    evidence.delete()
    log_action(sheet, actor=actor, action="scoring.evidence.removed", data=data)
    transaction.on_commit(lambda: storage.delete(name))


# --- Transitions -------------------------------------------------------------------------


def _move(sheet: ScoreSheet, action: str, *, actor: User | None, **fields: object) -> tuple[ScoreSheet, bool]:
    """Make one move of the ``SHEET`` machine under a row lock; (sheet, False) when already there.

    In order: lock the sheet; refuse in a closed year; a same-state call is a no-op; refuse a
    locked sheet, a state the move does not start from or an unmet guard (``SHEET.check``);
    save the status and ``fields``; one audit entry ``scoring.sheet.<action>``.
    """
    sheet = (
        ScoreSheet.objects.select_for_update(of=("self",)).select_related("bloc_year__rule", "unit").get(pk=sheet.pk)
    )
    ensure_year_open(sheet.bloc_year)
    target = SHEET[action].target
    if sheet.status == target:
        return sheet, False
    if sheet.locked_at is not None:
        raise RefusedTransition(_("The scores are locked."))
    SHEET.check(sheet, action)
    before = sheet.status
    sheet.status = target
    assign(sheet, list(fields), fields)
    sheet.save(update_fields=["status", *fields])
    log_action(sheet, actor=actor, action=f"scoring.sheet.{action}", data={"before": before, "after": target, **fields})
    return sheet, True


@records_refusals
@transaction.atomic
def submit_sheet(sheet: ScoreSheet, *, actor: User | None) -> ScoreSheet:
    """Hand the sheet to its reviewers: draft/returned → submitted.

    Refused while a line is unscored or lacks required evidence (the machine's guards). A
    self-score sheet submitted after the bloc's self-scoring deadline is flagged late.
    """
    sheet, moved = _move(sheet, SheetAction.SUBMIT, actor=actor, submitted_at=timezone.now())
    if moved and sheet.stage == Stage.SELF and _after_deadline(sheet):
        sheet.is_late = True
        sheet.save(update_fields=["is_late"])
    return sheet


def _after_deadline(sheet: ScoreSheet) -> bool:
    rule = getattr(sheet.bloc_year, "rule", None)
    return rule is not None and timezone.localdate() > rule.self_scoring_deadline


@records_refusals
@transaction.atomic
def return_sheet(sheet: ScoreSheet, *, actor: User | None, comment: str) -> ScoreSheet:
    """Send a submitted sheet back to its editors with comments: submitted → returned. The unit is told."""
    comment = comment.strip()
    if not comment:
        raise DomainError(_("Say what must be corrected."))
    sheet, moved = _move(sheet, SheetAction.RETURN, actor=actor, comment=comment)
    if moved:
        _notify_unit(sheet, _("%(sheet)s was returned: %(comment)s") % {"sheet": sheet, "comment": comment})
    return sheet


@records_refusals
@transaction.atomic
def accept_sheet(sheet: ScoreSheet, *, actor: User | None) -> ScoreSheet:
    """Accept a submitted sheet: submitted → accepted, then open the next stage from a copy of its lines.

    The next stage's lines start at this stage's points (kept as ``base_points`` so that
    every change there needs a reason). The last stage opens nothing.
    """
    sheet, moved = _move(sheet, SheetAction.ACCEPT, actor=actor, accepted_at=timezone.now(), comment="")
    if moved:
        _open_next(sheet, actor=actor)
        _notify_unit(sheet, _("%(sheet)s was accepted.") % {"sheet": sheet})
    return sheet


def _open_next(sheet: ScoreSheet, *, actor: User | None) -> ScoreSheet | None:
    stage = next_stage(setting_of(sheet.bloc_year), sheet.stage)
    if stage is None or ScoreSheet.objects.filter(bloc_year=sheet.bloc_year, unit=sheet.unit, stage=stage).exists():
        return None
    created = _create_sheet(sheet.bloc_year, sheet.unit_id, stage, sheet.bloc_year.scheme, source=sheet)
    log_action(created, actor=actor, action="scoring.sheet.opened", data={"stage": stage, "from": sheet.pk})
    return created


def _notify_unit(sheet: ScoreSheet, text: str) -> None:
    users = [role.user for role in sheet.unit.roles.filter(is_active=True).select_related("user")]
    url = sheet.get_absolute_url()

    def send() -> None:
        for user in users:
            notify(user, text=text, url=url)

    transaction.on_commit(send)


@records_refusals
@transaction.atomic
def lock_scores(bloc_year: BlocYear, *, actor: User | None) -> int:
    """Lock every sheet of the year once each current member's approved sheet is accepted.

    Idempotent; returns how many sheets were locked now. One audit entry.
    """
    bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    members = set(current_member_units(bloc_year).values_list("pk", flat=True))
    approved = set(
        ScoreSheet.objects.filter(bloc_year=bloc_year, stage=Stage.APPROVED, status=SheetStatus.ACCEPTED).values_list(
            "unit_id", flat=True
        )
    )
    if members - approved:
        raise DomainError(_("Every unit's approved scores must be accepted before they are locked."))
    count = ScoreSheet.objects.filter(bloc_year=bloc_year, locked_at__isnull=True, status=SheetStatus.ACCEPTED).update(
        locked_at=timezone.now()
    )
    if count:
        log_action(bloc_year, actor=actor, action="scoring.scores.locked", data={"sheets": count})
    return count


# --- Settings ------------------------------------------------------------------------------


@records_refusals
@transaction.atomic
def update_scoring_setting(bloc_year: BlocYear, *, actor: User | None, **values: Any) -> ScoringSetting:
    """Change who verifies, the council stage, the release of scores and the bands; audit what changed."""
    ensure_year_open(BlocYear.objects.select_for_update().get(pk=bloc_year.pk))
    setting, _created = ScoringSetting.objects.select_for_update().get_or_create(bloc_year=bloc_year)
    before = {name: getattr(setting, name) for name in SETTING_FIELDS}
    assign(setting, SETTING_FIELDS, values)  # an unknown name is a TypeError, before anything is saved
    if setting.uses_council_stage != before["uses_council_stage"] and _verification_started(bloc_year):
        raise DomainError(_("Verification has started: the council stage can no longer be switched."))
    setting.save()
    data = changes({name: before[name] for name in values}, values)
    log_action(bloc_year, actor=actor, action="scoring.setting.updated", data=data)
    bloc_year.__dict__["_scoring_setting_cache"] = setting  # what setting_of reads
    return setting


def _verification_started(bloc_year: BlocYear) -> bool:
    return ScoreSheet.objects.filter(bloc_year=bloc_year).exclude(stage=Stage.SELF).exists()


def set_scores_released(bloc_year: BlocYear, *, actor: User | None, released: bool) -> ScoringSetting:
    """Show (or hide again) every unit's scores to all member units."""
    setting: ScoringSetting = update_scoring_setting(bloc_year, actor=actor, scores_released=released)
    return setting
