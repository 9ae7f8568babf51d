"""The sheet's Excel round trip, the summary export, guarded uploads, and the PDF of the summary."""

import datetime
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from blocs.models import Unit, UnitName
from blocs.services import rename_unit
from core.models import ActivityLog
from core.xlsx import set_text
from scoring.documents import summary_pdf
from scoring.enums import Stage
from scoring.exporters import SHEET_FIRST_ROW, export_summary_xlsx, sheet_workbook
from scoring.importers import import_sheet
from scoring.models import ScoreSheet
from scoring.services import sheets as services
from tests.scoring.conftest import FULL, fill_sheet, verified


def _workbook(sheet):
    return load_workbook(io.BytesIO(sheet_workbook(sheet)))


def _upload(workbook, name="phieu.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _rows_by_code(ws):
    return {ws.cell(row=r, column=1).value: r for r in range(SHEET_FIRST_ROW, ws.max_row + 1)}


def test_sheet_workbook_protects_codes_validates_points_and_shows_maxima(member_sheet):
    ws = _workbook(member_sheet).active
    rows = _rows_by_code(ws)

    assert ws.protection.sheet is True
    assert ws.cell(row=rows["I.1"], column=1).protection.locked is True
    assert ws.cell(row=rows["I.1"], column=2).protection.locked is True
    assert ws.cell(row=rows["I.1"], column=7).protection.locked is False
    assert ws.cell(row=rows["I.2"], column=4).value == 20
    validation = ws.data_validations.dataValidation[0]
    assert validation.type == "custom"
    assert f"G{SHEET_FIRST_ROW}" in str(validation.sqref)


def test_sheet_round_trip_saves_every_line_in_one_audit_entry(member_sheet, unit_officer):
    workbook = _workbook(member_sheet)
    ws = workbook.active
    rows = _rows_by_code(ws)
    for code, points in FULL.items():
        ws.cell(row=rows[code], column=7, value=float(points))
    set_text(ws.cell(row=rows["I.1"], column=8), "=Biên bản số 12")

    errors = import_sheet(member_sheet, _upload(workbook), actor=unit_officer)

    assert errors == []
    member_sheet.refresh_from_db()
    assert member_sheet.total == Decimal("30.5")
    assert member_sheet.lines.get(item__code="I.1").note == "=Biên bản số 12"
    assert ActivityLog.objects.filter(action="scoring.sheet.imported").count() == 1
    assert not ActivityLog.objects.filter(action="scoring.line.saved").exists()


def test_sheet_upload_errors_listed_with_row_and_column_nothing_saved(member_sheet, unit_officer):
    workbook = _workbook(member_sheet)
    ws = workbook.active
    rows = _rows_by_code(ws)
    ws.cell(row=rows["I.1"], column=7, value=12)  # over the maximum of 10
    ws.cell(row=rows["I.2"], column=7, value="mười")  # not a number
    ws.cell(row=rows["B.1"], column=7, value=2.3)  # off the 0.5 step
    ws.cell(row=rows["T.1"], column=7, value=0)
    extra = ws.max_row + 1
    ws.cell(row=extra, column=1, value="Z.9")
    ws.cell(row=extra, column=7, value=3)

    errors = import_sheet(member_sheet, _upload(workbook), actor=unit_officer)

    found = {(e.row, e.column) for e in errors}
    assert found == {(rows["I.1"], "G"), (rows["I.2"], "G"), (rows["B.1"], "G"), (extra, "A")}
    assert not member_sheet.lines.filter(points__isnull=False).exists()
    assert not ActivityLog.objects.filter(action="scoring.sheet.imported").exists()


def _with_cached_result(content: bytes, formula: str, result: str) -> bytes:
    """The workbook as a spreadsheet program saves it: the formula with its computed result cached."""
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in original.infolist():
            data = original.read(entry.filename)
            if entry.filename.startswith("xl/worksheets/"):
                text = data.decode()
                cached = re.sub(
                    rf"<f>{re.escape(formula)}</f>(<v\s*/>|<v></v>)?", f"<f>{formula}</f><v>{result}</v>", text
                )
                assert cached != text
                data = cached.encode()
            copy.writestr(entry, data)
    return target.getvalue()


def test_sheet_upload_formula_without_cached_value_refused_points_kept(member_sheet, unit_officer):
    fill_sheet(member_sheet, {"I.1": "6"}, actor=unit_officer)
    workbook = _workbook(member_sheet)
    rows = _rows_by_code(workbook.active)
    workbook.active.cell(row=rows["I.1"], column=7, value="=5+3")

    with translation.override("en"):
        errors = import_sheet(member_sheet, _upload(workbook), actor=unit_officer)

    assert [(e.row, e.column) for e in errors] == [(rows["I.1"], "G")]
    assert "formula" in errors[0].message
    assert member_sheet.lines.get(item__code="I.1").points == Decimal(6)
    assert not ActivityLog.objects.filter(action="scoring.sheet.imported").exists()


def test_sheet_upload_formula_with_cached_value_refused_not_taken(member_sheet, unit_officer):
    workbook = _workbook(member_sheet)
    ws = workbook.active
    rows = _rows_by_code(ws)
    for code, points in FULL.items():
        ws.cell(row=rows[code], column=7, value=float(points))
    ws.cell(row=rows["I.2"], column=7, value="=9*2")
    ws.cell(row=rows["B.1"], column=8, value='="ghi chú"')
    content = _with_cached_result(_upload(workbook).read(), "9*2", "18")

    errors = import_sheet(member_sheet, SimpleUploadedFile("phieu.xlsx", content), actor=unit_officer)

    assert sorted((e.row, e.column) for e in errors) == sorted([(rows["I.2"], "G"), (rows["B.1"], "H")])
    assert not member_sheet.lines.filter(points__isnull=False).exists()


def test_sheet_upload_deleted_row_refused_by_criterion_code(member_sheet, unit_officer):
    workbook = _workbook(member_sheet)
    ws = workbook.active
    rows = _rows_by_code(ws)
    for code, points in FULL.items():
        ws.cell(row=rows[code], column=7, value=float(points))
    ws.delete_rows(rows["I.2"])

    errors = import_sheet(member_sheet, _upload(workbook), actor=unit_officer)

    assert len(errors) == 1
    assert errors[0].column == "A"
    assert "I.2" in errors[0].message and "I.1" not in errors[0].message
    assert not member_sheet.lines.filter(points__isnull=False).exists()


def test_sheet_upload_points_typed_as_text_read_like_the_grid(member_sheet, unit_officer):
    workbook = _workbook(member_sheet)
    ws = workbook.active
    rows = _rows_by_code(ws)
    for code, points in FULL.items():
        ws.cell(row=rows[code], column=7, value=float(points))
    ws.cell(row=rows["I.2"], column=7, value="17,5")
    ws.cell(row=rows["I.1"], column=7, value="1.000")

    with translation.override("vi"):
        errors = import_sheet(member_sheet, _upload(workbook), actor=unit_officer)

    assert [(e.row, e.column) for e in errors] == [(rows["I.1"], "G")]
    assert "1.000" in errors[0].message and "7,5" in errors[0].message
    assert not member_sheet.lines.filter(points__isnull=False).exists()

    ws.cell(row=rows["I.1"], column=7, value="8")
    assert import_sheet(member_sheet, _upload(workbook), actor=unit_officer) == []
    assert member_sheet.lines.get(item__code="I.2").points == Decimal("17.5")


def test_sheet_upload_verifier_change_without_reason_points_at_reason_column(member_sheet, unit_officer, secretariat):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)
    services.accept_sheet(member_sheet, actor=secretariat)
    verification = ScoreSheet.objects.get(unit=member_sheet.unit, stage=Stage.VERIFICATION)
    workbook = _workbook(verification)
    ws = workbook.active
    rows = _rows_by_code(ws)
    ws.cell(row=rows["I.2"], column=7, value=15)

    errors = import_sheet(verification, _upload(workbook), actor=secretariat)

    assert [(e.row, e.column) for e in errors] == [(rows["I.2"], "I")]


def test_sheet_upload_for_another_sheet_is_refused(world, self_sheets, unit_officer):
    workbook = _workbook(self_sheets[world.head.pk])

    errors = import_sheet(self_sheets[world.member.pk], _upload(workbook), actor=unit_officer)

    assert errors and errors[0].row == 0


def test_sheet_upload_over_10_mb_refused_before_openpyxl(member_sheet, unit_officer, monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not open it"))
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * (10 * 1024 * 1024 + 1))

    errors = import_sheet(member_sheet, big, actor=unit_officer)

    assert len(errors) == 1
    assert "10" in errors[0].message


def test_sheet_upload_zip_bomb_refused_before_openpyxl(member_sheet, unit_officer, monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not open it"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))

    errors = import_sheet(member_sheet, SimpleUploadedFile("bomb.xlsx", buffer.getvalue()), actor=unit_officer)

    assert len(errors) == 1
    assert not member_sheet.lines.filter(points__isnull=False).exists()


def test_sheet_upload_view_lists_errors(client, member_sheet, unit_officer):
    workbook = _workbook(member_sheet)
    ws = workbook.active
    ws.cell(row=_rows_by_code(ws)["I.1"], column=7, value=99)
    client.force_login(unit_officer)

    response = client.post(reverse("scoring:sheet_import", args=[member_sheet.pk]), {"file": _upload(workbook)})

    assert response.status_code == 400
    assert 'data-testid="import-errors"' in response.content.decode()


def test_sheet_import_query_count_does_not_grow_with_rows(member_sheet, unit_officer):
    workbook = _workbook(member_sheet)
    ws = workbook.active
    rows = _rows_by_code(ws)
    ws.cell(row=rows["I.1"], column=7, value=5)
    with CaptureQueriesContext(connection) as one:
        import_sheet(member_sheet, _upload(workbook), actor=unit_officer)
    for code, points in FULL.items():
        ws.cell(row=rows[code], column=7, value=float(points))
    with CaptureQueriesContext(connection) as four:
        import_sheet(member_sheet, _upload(workbook), actor=unit_officer)

    assert len(one) == len(four)


# --- Summary export ---------------------------------------------------------------------------------


def test_summary_export_formula_like_unit_name_is_text(world, self_sheets, unit_officer):
    Unit.objects.filter(pk=world.member.pk).update(name='=HYPERLINK("http://x","y")')
    UnitName.objects.filter(unit=world.member).update(name='=HYPERLINK("http://x","y")')
    fill_sheet(self_sheets[world.member.pk], FULL, actor=unit_officer)

    ws = load_workbook(io.BytesIO(export_summary_xlsx(world.bloc_year))).active
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value and str(cell.value).startswith("=")]

    assert len(cells) == 1
    assert cells[0].data_type == "s"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert any(row[1] == world.head.name for row in values[1:])


def test_summary_export_ranks_by_final_total(world, self_sheets, admin_user):
    verified(world, self_sheets, world.member, FULL, actor=admin_user)
    verified(world, self_sheets, world.head, {**FULL, "I.1": "5"}, actor=admin_user)
    verified(world, self_sheets, world.deputy, {**FULL, "I.1": "5"}, actor=admin_user)

    ws = load_workbook(io.BytesIO(export_summary_xlsx(world.bloc_year))).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]

    assert (rows[0][0], rows[0][1]) == (1, world.member.name)
    assert {r[0] for r in rows[1:]} == {2}
    assert all(r[-1] == "x" for r in rows[1:])


def test_summary_export_returned_self_score_is_not_ranked(client, world, self_sheets, admin_user):
    verified(world, self_sheets, world.head, {**FULL, "I.1": "5"}, actor=admin_user)  # accepted 27.5
    returned = fill_sheet(self_sheets[world.member.pk], FULL, actor=admin_user)  # 30.5, higher
    services.submit_sheet(returned, actor=admin_user)
    services.return_sheet(returned, actor=admin_user, comment="Sai")
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("scoring:summary_export", args=[world.bloc_year.pk]))
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)]
    by_name = {row[1]: row for row in rows}

    assert rows[0][1] == world.head.name
    assert (by_name[world.head.name][0], by_name[world.head.name][-3]) == (1, 27.5)
    member = by_name[world.member.name]
    assert (member[0], member[2], member[-3], member[-2]) == (None, 30.5, "not yet verified", None)


def test_summary_export_shows_units_under_their_name_of_the_year(world, self_sheets, renamed_member):
    ws = load_workbook(io.BytesIO(export_summary_xlsx(world.bloc_year))).active
    names = [row[1].value for row in ws.iter_rows(min_row=2)]

    assert renamed_member in names
    assert "Tên mới từ 2025" not in names


# --- PDF ---------------------------------------------------------------------------------------------------


def test_summary_pdf_renders_decree30_header_and_units(world, self_sheets, admin_user):
    fill_sheet(self_sheets[world.member.pk], FULL, actor=admin_user)
    rename_unit(
        world.head,
        actor=admin_user,
        name="Thanh tra (mới)",
        short_name="TT",
        effective_date=datetime.date(2025, 3, 1),
        legal_basis="QĐ",
    )

    rendered = summary_pdf(world.bloc_year)

    assert rendered.content.startswith(b"%PDF")
    assert rendered.filename.endswith(".pdf")
    text = _pdf_text(rendered.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Công an tỉnh" in text
    assert "BÁO CÁO" in text
    assert "Thanh tra tỉnh" in text and "Thanh tra (mới)" not in text
    assert "Chưa thẩm định" in text


def test_summary_pdf_names_the_criterion_holding_back_the_band(world, self_sheets, admin_user):
    verified(world, self_sheets, world.member, {**FULL, "I.1": "7", "I.2": "20"}, actor=admin_user)

    text = _pdf_text(summary_pdf(world.bloc_year).content).replace(" ", "")  # pdftotext splits "I. 1"

    assert "tiêuchíI.1" in text
    assert "70%điểmtốiđa" in text
    assert "từ85%trởlên" in text


def _pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return unicodedata.normalize("NFC", " ".join(result.stdout.decode().split()))


def test_sheet_workbook_title_names_unit_as_in_the_sheets_year(member_sheet, renamed_member):
    title = _workbook(member_sheet).active.cell(row=1, column=1).value

    assert title.startswith(renamed_member + " – ")
    assert "Tên mới từ 2025" not in title


def test_verification_workbook_shows_self_score_beside(member_sheet, unit_officer, secretariat):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)
    services.accept_sheet(member_sheet, actor=secretariat)
    verification = ScoreSheet.objects.get(unit=member_sheet.unit, stage=Stage.VERIFICATION)

    ws = _workbook(verification).active

    assert ws.cell(row=_rows_by_code(ws)["I.2"], column=6).value == 17.5
