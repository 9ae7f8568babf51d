"""A unit officer on a 390 × 844 phone: self-scores every line in the cards, submits the sheet, files the
6-month report; the summary shows rank, unit, final score and band first. No page scrolls sideways."""

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from blocs import demo as bloc_demo
from core.models import User
from pledges.enums import ReportStatus
from pledges.models import UnitReport
from scoring import demo as scoring_demo
from scoring.enums import SheetStatus
from scoring.models import ScoreSheet
from scoring.services import sheets as sheet_services
from tests.e2e.conftest import submit_password_and_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _pdf() -> bytes:
    """A one-page PDF that the upload's content check reads."""
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


@pytest.fixture
def police_sheet():
    """The police's self-score of Hà Tĩnh 2020, half filled, in draft (canbo.congan.hatinh's work)."""
    bloc_demo.load()
    scoring_demo.load()
    return ScoreSheet.objects.get(unit__name="Công an tỉnh Hà Tĩnh", stage="self", bloc_year__year=2020)


def _phone(browser, base_url, username):
    """A phone's browser signed in as ``username``, in English (the texts asserted are the msgids)."""
    context = browser.new_context(locale="en-US", viewport=PHONE, has_touch=True, is_mobile=True)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(bloc_demo.DEMO_PASSWORD)
    submit_password_and_code(page, base_url, username)
    return page


def _before(locator) -> str:
    """The label a phone card shows before a value (CSS generated content)."""
    return locator.evaluate("el => getComputedStyle(el, '::before').content")


def _scroll_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def _card(page, code):
    return page.locator("tr.grid-line", has=page.locator("td.cell-code", has_text=re.compile(rf"^{re.escape(code)}$")))


def _wait_saved(page, card):
    line_id = card.locator("input[name=line]").get_attribute("value")
    page.wait_for_function("id => document.querySelector('#s-' + id).dataset.state === 'saved'", arg=line_id)


def _attach_evidence_but(sheet, code, officer):
    """Evidence for every line that needs it but ``code``, which the officer attaches on the phone."""
    for line in sheet.lines.filter(item__evidence_required=True).exclude(item__code=code).select_related("item"):
        upload = SimpleUploadedFile(f"minh-chung-{line.item.code}.pdf", PDF, content_type="application/pdf")
        sheet_services.add_evidence(line, actor=officer, uploaded_file=upload)


def test_unit_officer_self_scores_submits_and_files_report_on_phone(live_server, browser, police_sheet, artifacts):
    base = live_server.url
    officer = User.objects.get(username="canbo.congan.hatinh")
    codes = list(police_sheet.lines.order_by("item__sort_key").values_list("item__code", flat=True))
    needing = police_sheet.lines.filter(item__evidence_required=True).order_by("item__sort_key")
    phone_evidence = needing.first().item.code
    _attach_evidence_but(police_sheet, phone_evidence, officer)
    page = _phone(browser, base, officer.username)

    page.goto(f"{base}{police_sheet.get_absolute_url()}")
    assert _scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "phone-sheet-top.png")
    first = _card(page, codes[0])
    assert first.locator("input[name=note]").is_hidden()  # the note is asked for on demand
    assert first.locator("input[name=points]").bounding_box()["height"] >= 44
    total_before = page.get_by_test_id("grid-total").inner_text()

    # Every line, typed in its card: the deductions 0, every other line its maximum.
    for code in codes:
        card = _card(page, code)
        maximum = card.locator(".cell-max").inner_text().strip()
        value = "0" if maximum.startswith("−") else maximum
        points = card.locator("input[name=points]")
        unchanged = points.input_value() == value  # no change, no save
        points.tap()
        points.fill("")
        page.keyboard.type(value)
        points.blur()
        if not unchanged:
            _wait_saved(page, card)
            assert page.get_by_test_id("save-announcer").text_content() == f"{code}: Saved"
    page.screenshot(path=artifacts / "phone-sheet-filled.png")

    # A note on demand: the button reveals the field, which saves with the line.
    card = _card(page, codes[1])
    card.locator(".js-reveal").tap()
    note = card.locator("input[name=note]")
    assert note.is_visible() and note.evaluate("el => el === document.activeElement")
    page.keyboard.type("Đạt 100% chỉ tiêu")
    note.blur()
    _wait_saved(page, card)

    # The last evidence file, from the card's link.
    _card(page, phone_evidence).locator(".cell-evidence a").tap()
    page.wait_for_url(re.compile(r"/evidence/$"))
    assert _scroll_width(page) <= PHONE["width"]
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "minh-chung.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("main form[enctype] button[type=submit]").tap()
    page.get_by_test_id("evidence-files").get_by_text("minh-chung.pdf").wait_for()
    page.goto(f"{base}{police_sheet.get_absolute_url()}")

    # Mid-sheet, the section heading with its subtotal stays at the top, the totals at the bottom.
    _card(page, codes[len(codes) // 2]).scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")
    tops = page.locator("tr.grid-group.depth-0").evaluate_all("rows => rows.map(r => r.getBoundingClientRect().top)")
    assert len([top for top in tops if abs(top) < 1]) == 1
    totals = page.get_by_test_id("grid-totals").bounding_box()
    assert abs(totals["y"] + totals["height"] - PHONE["height"]) <= 1
    assert page.get_by_test_id("grid-total").inner_text() != total_before
    page.screenshot(path=artifacts / "phone-sheet-middle.png")

    page.get_by_role("link", name="Go to the next step").tap()
    page.wait_for_function("location.hash === '#sheet-actions'")
    page.get_by_test_id("sheet-actions").get_by_role("button", name="Submit").tap()
    page.get_by_test_id("sheet-status").get_by_text("Submitted").wait_for()
    assert _scroll_width(page) <= PHONE["width"]
    police_sheet.refresh_from_db()
    assert police_sheet.status == SheetStatus.SUBMITTED
    assert police_sheet.lines.get(item__code=codes[1]).note == "Đạt 100% chỉ tiêu"
    assert police_sheet.lines.filter(points__isnull=True).count() == 0

    # The 6-month report, filed from the same phone.
    police = police_sheet.unit
    page.goto(f"{base}/pledges/years/{police_sheet.bloc_year_id}/reports/")
    assert _scroll_width(page) <= PHONE["width"]
    page.locator(f"tr[data-unit='{police.pk}'] form[action$='/six_month/start/'] button").tap()
    page.locator("textarea[name=results]").wait_for()
    assert _scroll_width(page) <= PHONE["width"]
    page.locator("textarea[name=results]").fill("Kéo giảm 8,5% số vụ phạm pháp hình sự.")
    page.locator("main form button[type=submit].btn-primary").tap()
    page.locator("input[name=signer_title]").wait_for()
    page.locator("input[name=signer_title]").fill("Giám đốc")
    page.locator("input[name=signer_name]").fill("Đại tá Phạm Minh Dũng")
    assert _scroll_width(page) <= PHONE["width"]
    page.locator("form[action$='/submit/'] button").tap()
    page.wait_for_selector("[data-testid=report-status][data-status=submitted]")
    assert _scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "phone-report-submitted.png", full_page=True)
    assert UnitReport.objects.get(unit=police, kind="six_month").status == ReportStatus.SUBMITTED


def test_summary_on_phone_shows_final_and_band_then_stages_on_demand(live_server, browser, police_sheet, artifacts):
    bloc_year = police_sheet.bloc_year
    secretary = User.objects.get(username="thuky.noichinh.hatinh")
    sheet_services.set_scores_released(bloc_year, actor=secretary, released=True)
    page = _phone(browser, live_server.url, "canbo.congan.hatinh")

    page.goto(f"{live_server.url}/scoring/years/{bloc_year.pk}/scores/")
    assert _scroll_width(page) <= PHONE["width"]
    first = page.get_by_test_id("summary").locator("tbody tr").first
    for cell in (".cell-rank", ".cell-unit", ".cell-final", ".cell-band"):
        assert first.locator(cell).is_visible()
    assert first.locator(".cell-rank").inner_text() == "1"
    assert _before(first.locator(".cell-final")) == '"Final "'
    assert first.locator(".cell-band").inner_text()
    assert not first.locator(".stage-col").first.is_visible()
    page.screenshot(path=artifacts / "phone-summary.png", full_page=True)

    toggle = page.get_by_test_id("summary-stages-toggle")
    assert toggle.inner_text() == "Show the stage totals"
    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert first.locator(".stage-col").first.is_visible()
    assert _before(first.locator(".stage-col").first) == '"Self-score "'
    assert _scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "phone-summary-stages.png", full_page=True)
    assert toggle.inner_text() == "Hide the stage totals"
    toggle.tap()
    assert not first.locator(".stage-col").first.is_visible()


def test_save_mark_live_region_is_one_lasting_node(live_server, browser, police_sheet):
    page = _phone(browser, live_server.url, "canbo.congan.hatinh")
    page.goto(f"{live_server.url}{police_sheet.get_absolute_url()}")
    page.evaluate("window.announcerBefore = document.getElementById('save-announcer')")
    codes = list(police_sheet.lines.order_by("item__sort_key").values_list("item__code", flat=True))

    texts = []
    for code, value in ((codes[0], "1"), (codes[1], "1.000")):
        card = _card(page, code)
        card.locator("input[name=points]").fill(value)
        card.locator("input[name=points]").blur()
        line_id = card.locator("input[name=line]").get_attribute("value")
        page.wait_for_function(
            "id => ['saved', 'failed'].includes(document.querySelector('#s-' + id).dataset.state)", arg=line_id
        )
        texts.append(page.get_by_test_id("save-announcer").text_content())

    assert page.evaluate("window.announcerBefore === document.getElementById('save-announcer')")
    assert page.evaluate("window.announcerBefore.isConnected")
    assert texts[0] == f"{codes[0]}: Saved"
    assert texts[1].startswith(f"{codes[1]}: ") and texts[1] != texts[0]
    assert police_sheet.lines.get(item__code=codes[0]).points == Decimal(1)
