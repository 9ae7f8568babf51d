"""The verification grid in Chromium: keyboard entry, inline refusal, a conflict, and an upload with errors."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from blocs import demo as bloc_demo
from core.models import User
from scoring import demo as scoring_demo
from scoring.exporters import SHEET_FIRST_ROW, sheet_workbook
from scoring.models import ScoreSheet
from scoring.services import sheets as sheet_services
from tests.e2e.conftest import submit_password_and_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data():
    """The organisation and scoring demo data (the pledges demo is not needed here)."""
    bloc_demo.load()
    scoring_demo.load()


@pytest.fixture
def verification(demo_data):
    """Sở Tư pháp's verification sheet of Hà Tĩnh 2020, in draft (the secretariat's work)."""
    return ScoreSheet.objects.get(unit__name__contains="Tư pháp", stage="verification", bloc_year__year=2020)


def _log_in(page, base_url, username):
    page.goto(f"{base_url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(bloc_demo.DEMO_PASSWORD)
    submit_password_and_code(page, base_url, username)


def _row(page, code):
    return page.locator("tr.grid-line", has=page.locator("td", has_text=re.compile(rf"^{re.escape(code)}$")))


def _state(page, code):
    return _row(page, code).locator(".save-state")


def test_secretariat_verifies_with_keyboard_sees_conflict_and_upload_errors(live_server, page, verification, artifacts):
    _log_in(page, live_server.url, "thuky.noichinh.hatinh")
    page.goto(f"{live_server.url}{verification.get_absolute_url()}")
    total_before = page.get_by_test_id("grid-total").inner_text()

    # 1. Keyboard: change I.2 and leave with Tab — refused inline, a verifier must give a reason.
    points = _row(page, "I.2").locator("input[name=points]")
    points.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("50")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # note → reason
    expect_state(page, "I.2", "failed")
    assert _state(page, "I.2").get_attribute("data-state") == "failed"
    assert points.get_attribute("aria-invalid") == "true"
    page.screenshot(path=artifacts / "scoring-grid-refused.png", full_page=False)

    # … the reason is typed, Enter saves the line and moves down to the next line's reason.
    page.keyboard.type("Đã đối chiếu lại báo cáo tổng kết")
    page.keyboard.press("Enter")
    expect_state(page, "I.2", "saved")
    focused = page.evaluate("document.activeElement.closest('tr').querySelector('td').innerText")
    assert focused == "I.3"
    assert page.get_by_test_id("grid-total").inner_text() != total_before
    line = verification.lines.get(item__code="I.2")
    assert (line.points, line.reason) == (Decimal(50), "Đã đối chiếu lại báo cáo tổng kết")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.closest('tr').querySelector('td').innerText") == "I.2"

    # 2. Conflict: another verifier saves I.4 after this page was loaded.
    other = User.objects.get(username="thuky.noichinh.hatinh")
    line = verification.lines.get(item__code="I.4")
    sheet_services.save_line(line, actor=other, version=line.version, points=Decimal(45), reason="Chấm lại")
    mine = _row(page, "I.4").locator("input[name=points]")
    mine.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    page.keyboard.press("Tab")
    expect_state(page, "I.4", "conflict")
    assert "45" in _state(page, "I.4").inner_text()
    assert "40" in _state(page, "I.4").inner_text()  # what this officer typed, not saved
    assert mine.input_value() == "45"
    line.refresh_from_db()
    assert line.points == Decimal(45)
    page.screenshot(path=artifacts / "scoring-grid-conflict.png", full_page=False)

    # 3. A refused value stays in its cell with its message, across a reload (after a warning).
    cell = _row(page, "I.3").locator("input[name=points]")
    stored = cell.input_value()
    cell.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("1.000")
    page.keyboard.press("Tab")
    expect_state(page, "I.3", "failed")
    assert "1000" in _state(page, "I.3").inner_text()
    assert _row(page, "I.3").locator("input[name=note]").bounding_box()["width"] >= 200
    assert _row(page, "I.3").locator("input[name=reason]").bounding_box()["width"] >= 200
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.reload()
    page.get_by_test_id("sheet-grid").wait_for()
    cell = _row(page, "I.3").locator("input[name=points]")
    assert dialogs == ["beforeunload"]
    assert cell.input_value() == "1.000"
    assert _state(page, "I.3").get_attribute("data-state") == "failed"
    assert "1000" in _state(page, "I.3").inner_text()
    page.screenshot(path=artifacts / "scoring-grid-refused-after-reload.png", full_page=False)
    cell.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(stored)
    page.keyboard.press("Tab")
    expect_state(page, "I.3", "saved")
    page.reload()  # nothing refused is left: no warning, the stored value shows
    assert _row(page, "I.3").locator("input[name=points]").input_value() == stored
    assert dialogs == ["beforeunload"]

    # 4. Upload a workbook with errors: every one listed with row and column; nothing saved.
    path = _workbook_with_errors(verification, artifacts)
    page.goto(f"{live_server.url}/scoring/sheets/{verification.pk}/upload/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("main form button[type=submit]").click()
    errors = page.get_by_test_id("import-errors")
    errors.wait_for()
    rows = errors.locator("tbody tr")
    assert rows.count() == 2
    assert {rows.nth(i).locator("td").nth(1).inner_text() for i in range(2)} == {"G"}
    page.screenshot(path=artifacts / "scoring-upload-errors.png", full_page=True)
    assert verification.lines.get(item__code="I.3").points != Decimal(99)


def expect_state(page, code, state):
    # The line's id comes from the page, not the database: the live server may be writing the line
    # at that moment, and the in-memory SQLite of the local run locks the table for other threads.
    line_id = _row(page, code).locator("input[name=line]").get_attribute("value")
    page.wait_for_function(
        "([id, state]) => document.querySelector('#s-' + id).dataset.state === state",
        arg=[line_id, state],
    )


def _workbook_with_errors(sheet, artifacts):
    workbook = load_workbook(io.BytesIO(sheet_workbook(sheet)))
    ws = workbook.active
    rows = {ws.cell(row=r, column=1).value: r for r in range(SHEET_FIRST_ROW, ws.max_row + 1)}
    ws.cell(row=rows["I.3"], column=7, value=99)  # over the maximum
    ws.cell(row=rows["I.5"], column=7, value="bốn mươi")  # not a number
    path = artifacts / "scoring-upload-with-errors.xlsx"
    workbook.save(path)
    return path
