"""Issue 12's XSS battery, files half: with the payloads in every free-text field of the demo story, every
registered PDF prints them as text (nothing interpreted: no element, no image, the markup legible) and every
.xlsx export holds them as text cells, never formulas."""

import io
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from blocs.models import BlocYear
from core import pdf as core_pdf
from core.documents import _renderers, get_renderer
from core.models import User
from scoring.enums import SheetStatus
from scoring.models import ScoreSheet
from tests.pdf import pdf_text
from tests.security.xss_fields import inject, through_services
from tests.security.xss_payloads import MARKER, PAYLOADS

# Each renderer's target model; a new renderer fails the test until it is listed here.
TARGETS = {
    "pledges.bloc_report": "pledges.BlocReport",
    "pledges.unit_report": "pledges.UnitReport",
    "pledges.signed_pledge": "pledges.Pledge",
    "scoring.summary": "blocs.BlocYear",
    "awards.achievement_report": "awards.AchievementReport",
    "awards.decision": "awards.AwardDecision",
    "awards.dossier": "awards.Proposal",
    "awards.minutes": "awards.Meeting",
    "awards.paper_ballots_1": "awards.Ballot",
    "awards.paper_ballots_2": "awards.Ballot",
    "awards.paper_ballots_4": "awards.Ballot",
    "awards.certificates": "awards.AwardDecision",
    "awards.certificate_calibration": "awards.CertificateLayout",
    "awards.council_minutes": "awards.CouncilSession",
    "awards.proposal": "awards.Proposal",
}
# Renderers the demo story gives nothing to render, with why (their own tests print names and counts).
NOT_IN_DEMO = {"awards.vote_count_minutes": "the demo's ballots are electronic: no paper count, no count minutes"}
TRIES = 4  # objects tried per renderer: the first ones may be in a state it refuses (a draft, no award yet)
# Characters pdftotext drops or reorders, and the spaces a line break puts in or takes out.
INVISIBLE = re.compile(r"[\s\u200b\u202e]+")
MIRRORED = str.maketrans("()<>[]{}", ")(><][}{")


@pytest.fixture
def injected(demo_db):
    placed: dict[str, set[int]] = {}
    inject(0, placed)
    through_services(0, placed)
    return placed


class _Injected(HTMLParser):
    """The elements and attributes of the payloads in HTML given to WeasyPrint (as the browser test's search)."""

    ACTIVE = re.compile(r"^(on|hx-|data-hx-|x-)|^(href|src|srcdoc|action|formaction|data|xlink:href|style|content)$")

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.element = ""

    def handle_starttag(self, tag, attrs):
        self.element = tag
        for name, value in attrs:
            if name.startswith("data-xss") or (self.ACTIVE.search(name) and MARKER.search(value or "")):
                self.found.append(f"<{tag} {name}={(value or '')[:60]}>")

    def handle_data(self, data):
        if self.element in ("script", "style") and MARKER.search(data):
            self.found.append(f"<{self.element}>{data[:60]}")


@pytest.fixture
def weasyprint_html(monkeypatch):
    """The HTML each PDF is made from, recorded on its way to WeasyPrint."""
    seen: list[str] = []
    original = core_pdf.html_to_pdf

    def recording(html, **options):
        seen.append(html)
        return original(html, **options)

    monkeypatch.setattr(core_pdf, "html_to_pdf", recording)
    return seen


def _injected(html: str) -> list[str]:
    parser = _Injected()
    parser.feed(html)
    return parser.found


def _flat(text: str) -> str:
    return INVISIBLE.sub("", unicodedata.normalize("NFC", text)).lower()


def _printed_whole(text: str) -> set[int]:
    """The payloads a PDF's text shows character for character (a narrow table cell may break one over lines
    in another column's order: those are not counted, nor held against the PDF)."""
    flat = _flat(text)
    return {number for number, payload in enumerate(PAYLOADS, start=100) if any(r in flat for r in _readings(payload))}


def _readings(payload: str) -> set[str]:
    """The payload as printed: left to right, or (after a right-to-left override) reversed with its brackets
    mirrored, as the Unicode bidirectional algorithm lays it out."""
    flat = _flat(payload)
    return {flat, flat[::-1].translate(MIRRORED)} if "\u202e" in payload else {flat}


def _render_all(kind: str, tmp_path) -> list[str]:
    """The text of the PDFs the renderer makes for the first objects it accepts."""
    model = apps.get_model(TARGETS[kind])
    texts = []
    for target in model._default_manager.order_by("pk")[:TRIES]:
        try:
            content = get_renderer(kind).render(target)
        except (ValueError, LookupError, AttributeError, TypeError):
            continue  # not in a state this document exists in
        texts.append(pdf_text(content.content, tmp_path))
    return texts


@pytest.mark.django_db
def test_every_document_prints_the_payloads_as_text(injected, weasyprint_html, tmp_path):
    get_renderer("pledges.bloc_report")  # discovers every app's documents
    kinds = sorted(kind for kind in _renderers if not kind.startswith("tests.") and kind not in NOT_IN_DEMO)
    whole, injected_nodes, rendered = set(), [], 0
    for kind in kinds:
        weasyprint_html.clear()
        texts = _render_all(kind, tmp_path) if kind in TARGETS else []
        assert texts, f"{kind}: no PDF rendered (list its target model in TARGETS)"
        whole |= set().union(*(_printed_whole(text) for text in texts))
        injected_nodes += [f"{kind}: {node}" for html in weasyprint_html for node in _injected(html)]
        rendered += len(texts)

    print(
        f"\nXSS battery, PDFs: {len(kinds)} renderers, {rendered} PDFs, {len(whole)} payloads printed whole, "
        f"{len(injected_nodes)} injected elements"
    )
    assert injected_nodes == [], injected_nodes[:20]
    assert sorted(set(range(100, 200)) - whole) == []


def _exports(client) -> list[tuple[str, bytes]]:
    """Every .xlsx export of the demo's data, downloaded through the app by a persona allowed to."""
    year = BlocYear.objects.get(bloc__province__name="Hà Tĩnh", year=2020)
    sheet = ScoreSheet.objects.filter(bloc_year=year).exclude(status=SheetStatus.DRAFT).first()
    downloads = [
        ("vanphong.hatinh", reverse("pledges:registration_export")),
        ("vanphong.hatinh", reverse("awards:proposal_export")),
        ("thuky.noichinh.hatinh", reverse("scoring:scheme_export", args=[year.pk])),
        ("thuky.noichinh.hatinh", reverse("scoring:sheet_export", args=[sheet.pk])),
        ("thuky.noichinh.hatinh", reverse("scoring:summary_export", args=[year.pk])),
    ]
    found = []
    for username, url in downloads:
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, f"{username} {url}: {response.status_code}"
        found.append((url, response.content))
    return found


@pytest.mark.django_db
def test_every_xlsx_export_holds_the_payloads_as_text_never_formulas(injected):
    from openpyxl import load_workbook  # noqa: PLC0415 - as the app: openpyxl loads where a workbook is read

    cells = formulas = formula_like = 0
    numbers: set[int] = set()
    for url, content in _exports(Client()):
        workbook = load_workbook(io.BytesIO(content))
        for cell in (cell for sheet in workbook for row in sheet.iter_rows() for cell in row):
            if isinstance(cell.value, str) and MARKER.search(cell.value):
                cells += 1
                numbers |= {int(number) for number in MARKER.findall(cell.value)}
                formulas += cell.data_type == "f"
                formula_like += cell.value.startswith(("=", "+", "-", "@"))
                assert cell.data_type == "s", f"{url} {cell.coordinate}: {cell.data_type} {cell.value[:60]}"

    print(
        f"\nXSS battery, .xlsx: 5 exports, {cells} cells with payloads ({formula_like} starting like a formula), "
        f"{len(numbers)} payloads, {formulas} formulas"
    )
    assert formula_like > 0 and formulas == 0
    assert sorted(set(range(100, 200)) - numbers) == []
