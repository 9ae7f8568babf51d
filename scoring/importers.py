"""Spreadsheet imports of the scoring app, in two phases.

Phase 1 reads and validates every row, collecting (row, column, message) errors;
phase 2 runs only when there are none and writes everything in one transaction
through a service. Uploads are guarded by ``core.xlsx`` before openpyxl opens them.

Shared by two areas: keep each area's part in its own section.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.forms import nfc
from core.models import User
from core.xlsx import guard_xlsx_upload, load_workbook_guarded
from scoring.calculations import PointsSyntaxError, enter_a_number, item_errors, parse_points_text
from scoring.enums import SchemeItemKind
from scoring.exporters import SCHEME_COLUMNS, SHEET_FIRST_ROW, SHEET_SUBJECT
from scoring.models import Scheme
from scoring.services import schemes as scheme_services
from scoring.services import sheets as sheet_services
from scoring.services.sheets import line_error

# --- Schemes ------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded file: the spreadsheet row number, column letter and the reason."""

    row: int
    column: str
    message: str


SCHEME_LETTERS = {name: chr(ord("A") + index) for index, name in enumerate(SCHEME_COLUMNS)}
TRUE_WORDS = {"x", "1", "true", "yes", "có", "co", "đúng"}
FALSE_WORDS = {"", "0", "false", "no", "không", "khong", "sai"}
MAX_SCHEME_ROWS = 1000
# The words secretariats write in their own workbooks, whatever the interface language.
KIND_ALIASES = {
    "nhóm": SchemeItemKind.GROUP,
    "nhóm tiêu chí": SchemeItemKind.GROUP,
    "tiêu chí": SchemeItemKind.CRITERION,
    "điểm thưởng": SchemeItemKind.BONUS,
    "thưởng": SchemeItemKind.BONUS,
    "điểm trừ": SchemeItemKind.DEDUCTION,
    "trừ": SchemeItemKind.DEDUCTION,
}


def import_scheme(scheme: Scheme, uploaded_file, *, actor: User | None) -> list[RowError]:
    """Replace the scheme's items by the workbook's rows; returns the errors (nothing is saved if any)."""
    try:
        workbook = load_workbook_guarded(uploaded_file)
    except ValidationError as error:
        return [RowError(0, "", message) for message in error.messages]
    try:
        rows, errors = parse_scheme_rows(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    finally:
        workbook.close()
    if not errors:
        scheme_services.replace_scheme_items(scheme, actor=actor, rows=rows, source=getattr(uploaded_file, "name", ""))
    return errors


def parse_scheme_rows(values) -> tuple[list[dict], list[RowError]]:
    """Phase 1: every data row (spreadsheet row 2 onwards) parsed and checked; blank rows are skipped."""
    rows: list[dict] = []
    errors: list[RowError] = []
    kinds_by_code: dict[str, str] = {}
    depths: dict[str, int] = {}
    kinds = _kind_names()
    for number, raw in enumerate(values, start=2):
        cells = dict(zip(SCHEME_COLUMNS, [*raw, *[None] * len(SCHEME_COLUMNS)], strict=False))
        if all(_text(value) == "" for value in cells.values()):
            continue
        if len(rows) >= MAX_SCHEME_ROWS:
            errors.append(RowError(number, "", _("A scheme has at most %(count)d rows.") % {"count": MAX_SCHEME_ROWS}))
            break
        row, row_errors = _parse_scheme_row(cells, kinds, kinds_by_code, depths)
        errors.extend(RowError(number, SCHEME_LETTERS[field], message) for field, message in row_errors)
        if row is not None:
            rows.append(row)
            kinds_by_code[row["code"]] = row["kind"]
            depths[row["code"]] = depths.get(row["parent_code"], -1) + 1
    if not rows and not errors:
        errors.append(RowError(2, "A", _("The file holds no item.")))
    return rows, errors


def _parse_scheme_row(cells: dict, kinds: dict, kinds_by_code: dict, depths: dict) -> tuple[dict | None, list]:
    errors = []
    code, parent_code, text = _text(cells["code"]), _text(cells["parent_code"]), _text(cells["text"])
    kind = kinds.get(_text(cells["kind"]).casefold())
    if not code:
        errors.append(("code", _("The code is missing.")))
    elif len(code) > 20:
        errors.append(("code", _("A code has at most 20 characters.")))
    elif code in kinds_by_code:
        errors.append(("code", _("The code %(code)s appears twice.") % {"code": code}))
    if parent_code and kinds_by_code.get(parent_code) != SchemeItemKind.GROUP:
        errors.append(("parent_code", _("No group with the code %(code)s above this row.") % {"code": parent_code}))
    elif parent_code and depths[parent_code] + 1 >= scheme_services.MAX_DEPTH:
        errors.append(
            ("parent_code", _("A scheme has at most %(levels)s levels.") % {"levels": scheme_services.MAX_DEPTH})
        )
    if kind is None:
        errors.append(
            (
                "kind",
                _("The kind must be one of: %(kinds)s.")
                % {"kinds": ", ".join(str(label) for label in SchemeItemKind.labels)},
            )
        )
    if not text:
        errors.append(("text", _("The text is missing.")))
    numbers, number_errors = _parse_numbers(cells, kind)
    errors.extend(number_errors)
    if errors:
        return None, errors
    values = {"code": code, "parent_code": parent_code or None, "kind": kind, "text": text, **numbers}
    values["guidance"] = _text(cells["guidance"])
    return values, []


def _parse_numbers(cells: dict, kind: str | None) -> tuple[dict, list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []  # (field, message)
    is_group = kind == SchemeItemKind.GROUP
    max_points = Decimal(0) if is_group else _decimal(cells["max_points"], "max_points", errors)
    step = _decimal(cells["step"], "step", errors, default=Decimal("0.5"))
    fixed = _boolean(cells["deduction_fixed"], "deduction_fixed", errors)
    evidence = _boolean(cells["evidence_required"], "evidence_required", errors)
    if fixed and max_points is not None:
        step = max_points
    if kind is not None and max_points is not None and step is not None:
        rules = item_errors(kind=kind, max_points=max_points, step=step, deduction_fixed=fixed)
        errors += [(field, message) for field, message in rules.items() if field not in dict(errors)]
    numbers = {"max_points": max_points, "step": step, "deduction_fixed": fixed, "evidence_required": evidence}
    return numbers, errors


def _decimal(value, field: str, errors: list, *, default: Decimal | None = None) -> Decimal | None:
    if _text(value) == "" and default is not None:
        return default
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        errors.append((field, enter_a_number()))
        return None
    if number != number.quantize(Decimal("0.01")) or abs(number) >= 100000:
        errors.append((field, _("At most two decimals and less than 100000.")))
        return None
    return number.quantize(Decimal("0.01"))


def _boolean(value, field: str, errors: list) -> bool:
    if isinstance(value, bool):
        return value
    word = _text(value).casefold()
    if word in TRUE_WORDS:
        return True
    if word not in FALSE_WORDS:
        errors.append((field, _("Write x for yes, leave empty for no.")))
    return False


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _kind_names() -> dict[str, str]:
    """Each kind by its value and by its label in every language of the app, case-folded."""
    names = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.update({str(kind.label).casefold(): kind.value for kind in SchemeItemKind})
    names.update({kind.value: kind.value for kind in SchemeItemKind})
    return {**names, **KIND_ALIASES}


# --- end of schemes -------------------------------------------------------------

# --- Score sheets -----------------------------------------------------------------

MAX_SHEET_ROWS = 2000


def import_sheet(sheet, uploaded_file, *, actor: User | None) -> list[RowError]:
    """Save the points, notes and reasons of an uploaded sheet; returns the errors (nothing saved if any).

    Phase 1 reads the workbook read-only with its formulas (not their cached results) and
    checks every row against the scheme in memory — one query whatever the number of rows:
    a formula in an input column, a text that is not a number, an unknown, repeated or
    missing criterion are each refused. Phase 2 saves all lines through ``save_lines`` in
    one transaction with one audit entry.
    """
    try:
        workbook = _load_with_formulas(uploaded_file)
    except ValidationError as error:
        return [RowError(0, "", message) for message in error.messages]
    try:
        subject = workbook.properties.subject or ""
        rows = workbook.worksheets[0].iter_rows(min_row=SHEET_FIRST_ROW, max_col=9)
        values, errors = parse_sheet_rows(sheet, rows, first_row=SHEET_FIRST_ROW)
    finally:
        workbook.close()
    if subject and subject != SHEET_SUBJECT.format(pk=sheet.pk):
        errors.insert(0, RowError(0, "", _("This workbook was downloaded for another sheet.")))
    if errors:
        return errors
    try:
        sheet_services.save_lines(sheet, actor=actor, values=values, source=getattr(uploaded_file, "name", ""))
    except DomainError as error:
        return [RowError(0, "", str(error.message))]
    return []


def _load_with_formulas(uploaded_file):
    """The guarded upload opened read-only with formulas as written (``data_only`` off).

    A formula's cached result is whatever the program that saved the file computed (or
    nothing, when openpyxl saved it): reading the formulas lets the importer refuse them.
    """
    from openpyxl import load_workbook  # noqa: PLC0415 - openpyxl loads only when a file is read

    guard_xlsx_upload(uploaded_file)
    try:
        return load_workbook(uploaded_file, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(_("The workbook could not be read: %(error)s") % {"error": error}) from None


INPUT_COLUMNS = "GHI"  # points, note, reason: the only cells a unit fills in


def parse_sheet_rows(sheet, rows, *, first_row: int) -> tuple[dict[int, dict], list[RowError]]:
    """Phase 1: {item id: {"points", "note", "reason"}} for every scorable row, and every error found.

    ``rows`` are rows of read-only cells (columns A–I) from spreadsheet row ``first_row`` on.
    """
    lines = _lines_by_code(sheet)
    values: dict[int, dict] = {}
    errors: list[RowError] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=first_row):
        if number - first_row >= MAX_SHEET_ROWS:
            errors.append(RowError(number, "", _("Too many rows.")))
            break
        formulas = _formula_errors(number, row)
        if formulas:
            errors += formulas
            seen.add(_text(row[0].value) if row else "")
            continue
        cells = tuple(cell.value for cell in row)
        code = _text(cells[0]) if cells else ""
        if not code:
            continue
        if code not in lines:
            if len(cells) < 7 or _blank(cells[6]):
                continue  # a group's row, or a line the unit left without points: nothing to save
            errors.append(RowError(number, "A", _("Unknown code “%(code)s”.") % {"code": code}))
            continue
        if code in seen:
            errors.append(RowError(number, "A", _("The code “%(code)s” appears twice.") % {"code": code}))
            continue
        seen.add(code)
        _parse_sheet_row(sheet, number, cells, lines[code], values, errors, line_error)
    missing = [code for code in lines if code not in seen]
    if missing:
        errors.append(RowError(0, "A", _missing_rows_message(missing)))
    return values, errors


def _lines_by_code(sheet) -> dict:
    """{criterion code: (item id, base points, the item's maximum and step)} in document order."""
    rows = sheet.lines.order_by("item__sort_key").values_list(
        "item__code", "item_id", "base_points", "item__max_points", "item__step"
    )
    return {code: (item_id, base, SimpleItem(max_points, step)) for code, item_id, base, max_points, step in rows}


def _formula_errors(number: int, row) -> list[RowError]:
    """A formula's value depends on the program that last saved the file: every one is refused."""
    letters = [letter for letter, cell in zip(INPUT_COLUMNS, row[6:9], strict=False) if cell.data_type == "f"]
    if not letters:
        return []
    message = _("A formula is not accepted in this cell: type the value itself.")
    return [RowError(number, letter, message) for letter in letters]


def _missing_rows_message(codes: list[str]) -> str:
    shown = ", ".join(codes[:20]) + (" …" if len(codes) > 20 else "")
    return _(
        "The rows of these criteria are missing from the workbook: %(codes)s. Nothing was saved: "
        "download the sheet again rather than deleting rows."
    ) % {"codes": shown}


class SimpleItem:
    """What ``line_error`` reads of an item, without loading the model."""

    __slots__ = ("max_points", "step")

    def __init__(self, max_points, step):
        self.max_points, self.step = max_points, step


def _parse_sheet_row(sheet, number, cells, line, values, errors, line_error) -> None:
    item_id, base, item = line
    cells = (*cells, *([None] * (9 - len(cells))))
    try:
        points = _sheet_points(cells[6])
    except PointsSyntaxError as error:
        errors.append(RowError(number, "G", error.message))
        return
    note, reason = _text(cells[7]), _text(cells[8])
    problem = line_error(sheet, item, base, points, reason)
    if problem:
        field, message = problem
        errors.append(RowError(number, "I" if field == "reason" else "G", message))
        return
    values[item_id] = {"points": points, "note": note, "reason": reason}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_points(value) -> Decimal | None:
    """A points cell: a number as stored, or text typed like in the grid (see ``parse_points_text``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise PointsSyntaxError(enter_a_number())
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            raise PointsSyntaxError(enter_a_number())
        return number
    return parse_points_text(str(value))


# --- end of score sheets ----------------------------------------------------------
