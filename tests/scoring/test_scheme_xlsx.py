"""Scheme workbook: export, round trip, every import error with its row and column, guarded uploads."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from core.models import ActivityLog
from scoring.exporters import export_scheme_xlsx, scheme_headers
from scoring.importers import RowError, import_scheme
from scoring.selectors.schemes import scheme_rows
from scoring.services import schemes as services

pytestmark = pytest.mark.usefixtures("english")

FIELDS = ("code", "parent_id", "kind", "text", "max_points", "deduction_fixed", "step", "evidence_required", "guidance")


def _upload(content: bytes, name="scheme.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _workbook(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(scheme_headers())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _shape(scheme) -> list[tuple]:
    rows = scheme_rows(scheme)
    codes = {row["id"]: row["code"] for row in rows}
    return [(codes.get(r["parent_id"]), *(r[f] for f in FIELDS if f != "parent_id"), r["sort_key"]) for r in rows]


def test_export_scheme_xlsx_lists_items_in_document_order_with_group_maxima(scheme):
    sheet = load_workbook(io.BytesIO(export_scheme_xlsx(scheme))).active
    values = list(sheet.iter_rows(values_only=True))

    assert values[0][0] == "Code"
    assert [row[0] for row in values[1:]] == ["I", "I.1", "I.2", "B.1", "T.1"]
    assert values[1][4] == 30  # the group's computed maximum
    assert values[5][6] == "x"  # fixed deduction


def test_export_scheme_xlsx_formula_like_text_written_as_text(scheme, secretariat):
    services.update_scheme_item(scheme.items.get(code="I.1"), actor=secretariat, text="=HYPERLINK(1)")

    sheet = load_workbook(io.BytesIO(export_scheme_xlsx(scheme))).active

    cell = sheet["D3"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_scheme_xlsx_round_trip_restores_the_same_tree(scheme, secretariat):
    services.update_scheme_item(
        scheme.items.get(code="I.2"), actor=secretariat, guidance="Có minh chứng", evidence_required=True
    )
    before = _shape(scheme)
    content = export_scheme_xlsx(scheme)
    services.remove_scheme_item(scheme.items.get(code="I"), actor=secretariat)

    errors = import_scheme(scheme, _upload(content), actor=secretariat)

    assert errors == []
    assert _shape(scheme) == before
    assert ActivityLog.objects.filter(object_id=scheme.pk).first().action == "scoring.scheme.imported"


def test_scheme_xlsx_round_trip_in_vietnamese_labels(scheme, secretariat):
    before = _shape(scheme)
    with translation.override("vi"):
        content = export_scheme_xlsx(scheme)
    with translation.override("en"):
        errors = import_scheme(scheme, _upload(content), actor=secretariat)

    assert errors == [] and _shape(scheme) == before


GOOD = ["A", None, "group", "Nhóm A", None, None, None, None, None]

ERRORS = [
    # rows after the header, expected (row, column, fragment)
    ([GOOD, [None, "A", "criterion", "x", 5, 0.5, None, None, None]], (3, "A", "code is missing")),
    ([GOOD, ["A.1" * 10, "A", "criterion", "x", 5, 0.5, None, None, None]], (3, "A", "at most 20 characters")),
    ([GOOD, ["A", None, "criterion", "x", 5, 0.5, None, None, None]], (3, "A", "appears twice")),
    ([GOOD, ["A.1", "Z", "criterion", "x", 5, 0.5, None, None, None]], (3, "B", "No group with the code Z")),
    (
        [
            GOOD,
            ["A.1", None, "criterion", "x", 5, None, None, None, None],
            ["A.2", "A.1", "criterion", "x", 1, None, None, None, None],
        ],
        (4, "B", "No group with the code A.1"),
    ),
    ([GOOD, ["A.1", "A", "tiêu chí lạ", "x", 5, 0.5, None, None, None]], (3, "C", "kind must be one of")),
    ([GOOD, ["A.1", "A", "criterion", None, 5, 0.5, None, None, None]], (3, "D", "text is missing")),
    ([GOOD, ["A.1", "A", "criterion", "x", "năm", 0.5, None, None, None]], (3, "E", "Enter a number")),
    ([GOOD, ["A.1", "A", "criterion", "x", 5.555, 0.5, None, None, None]], (3, "E", "two decimals")),
    ([GOOD, ["A.1", "A", "criterion", "x", 7.3, 0.5, None, None, None]], (3, "E", "multiple of the step")),
    ([GOOD, ["A.1", "A", "criterion", "x", -1, 0.5, None, None, None]], (3, "E", "cannot be negative")),
    ([GOOD, ["A.1", "A", "criterion", "x", 5, 0, None, None, None]], (3, "F", "greater than 0")),
    ([GOOD, ["A.1", "A", "criterion", "x", 5, 0.5, "x", None, None]], (3, "G", "Only a deduction")),
    ([GOOD, ["A.1", "A", "criterion", "x", 5, 0.5, None, "maybe", None]], (3, "H", "Write x for yes")),
    (
        [["B", None, "group", "g", None, None, None, None, None]]
        + [[f"B{i}", f"B{i - 1}" if i else "B", "group", "g", None, None, None, None, None] for i in range(5)],
        (7, "B", "at most 5 levels"),
    ),
    ([], (2, "A", "holds no item")),
]


@pytest.mark.parametrize(("rows", "expected"), ERRORS)
def test_import_scheme_each_error_named_with_row_and_column_nothing_saved(scheme, secretariat, rows, expected):
    before, count = _shape(scheme), ActivityLog.objects.count()

    errors = import_scheme(scheme, _upload(_workbook(rows)), actor=secretariat)

    row, column, fragment = expected
    assert any(e.row == row and e.column == column and fragment in e.message for e in errors), errors
    assert _shape(scheme) == before
    assert ActivityLog.objects.count() == count


def test_import_scheme_lists_every_error_not_only_the_first(scheme, secretariat):
    rows = [
        GOOD,
        ["A.1", "A", "criterion", None, "x", 0.5, None, None, None],
        [None, "A", "criterion", "y", 5, None, None, None, None],
    ]

    errors = import_scheme(scheme, _upload(_workbook(rows)), actor=secretariat)

    assert {(e.row, e.column) for e in errors} == {(3, "D"), (3, "E"), (4, "A")}


def test_import_scheme_off_step_reported_beside_a_bad_flag_on_the_same_row(scheme, secretariat):
    rows = [GOOD, ["A.1", "A", "criterion", "x", 7.3, 0.5, None, "maybe", None]]

    errors = import_scheme(scheme, _upload(_workbook(rows)), actor=secretariat)

    assert {(e.row, e.column) for e in errors} == {(3, "E"), (3, "H")}


def test_import_scheme_not_a_workbook_refused_with_message(scheme, secretariat):
    errors = import_scheme(scheme, _upload(b"plain text"), actor=secretariat)

    assert errors == [RowError(0, "", "The file is not an Excel workbook (.xlsx).")]


def test_import_scheme_zip_bomb_refused_before_openpyxl(scheme, secretariat):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)

    errors = import_scheme(scheme, _upload(buffer.getvalue()), actor=secretariat)

    assert len(errors) == 1 and "excessive" in errors[0].message


def test_import_scheme_too_many_zip_entries_refused_before_openpyxl(scheme, secretariat):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(250):
            archive.writestr(f"xl/part{number}.xml", b"<x/>")

    errors = import_scheme(scheme, _upload(buffer.getvalue()), actor=secretariat)

    assert len(errors) == 1 and "250 parts" in errors[0].message
    assert scheme.items.count() == 5


def test_scheme_import_view_over_10_mb_refused_with_message(client, world, scheme, secretariat):
    client.force_login(secretariat)
    big = _upload(b"0" * (10 * 1024 * 1024 + 1))

    response = client.post(reverse("scoring:scheme_import", args=[world.bloc_year.pk]), {"file": big})

    assert response.status_code == 400
    assert "at most 10" in response.content.decode()
    assert scheme.items.count() == 5


def test_scheme_import_view_errors_listed_with_row_and_column(client, world, scheme, secretariat):
    client.force_login(secretariat)
    content = _workbook([GOOD, ["A.1", "Z", "criterion", "x", 5, 0.5, None, None, None]])

    response = client.post(reverse("scoring:scheme_import", args=[world.bloc_year.pk]), {"file": _upload(content)})

    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "B")]
    assert "No group with the code Z" in response.content.decode()


def test_scheme_import_view_valid_file_replaces_items(client, world, scheme, secretariat):
    client.force_login(secretariat)
    content = _workbook([GOOD, ["A.1", "A", "Tiêu chí", "Nội dung", 5, 0.5, None, "x", "Hướng dẫn"]])

    response = client.post(reverse("scoring:scheme_import", args=[world.bloc_year.pk]), {"file": _upload(content)})

    assert response.status_code == 302
    assert [(r["code"], r["kind"], r["max_points"], r["evidence_required"]) for r in scheme_rows(scheme)] == [
        ("A", "group", Decimal(0), False),
        ("A.1", "criterion", Decimal(5), True),
    ]
