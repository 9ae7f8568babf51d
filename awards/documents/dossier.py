"""The proposal's whole dossier (hồ sơ đề nghị khen thưởng, Law 06/2022 Art. 84; DOMAIN §8) as one PDF.

In order, each with an outline bookmark: the tờ trình, the meeting's minutes with the ballot result, each
proposed unit's achievement report (for now its annual report as the unit filed it in pledges, which is
what the achievement report is drafted from), and the score summary. Each part is rendered by its own
registered renderer (core.documents), so this module knows no other app's templates; pypdf joins them.
Built in the background by core's generated-file task (acks_late, idempotent, written atomically).
"""

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter

from awards.enums import DOSSIER_KIND, MINUTES_KIND
from awards.models import Proposal
from awards.services.proposals import PROPOSAL_KIND
from core.documents import Rendered, get_renderer, renderer
from pledges.enums import ReportKind
from pledges.models import UnitReport
from scoring.selectors.sheets import year_names


@dataclass(frozen=True)
class Part:
    title: str  # the bookmark
    content: bytes


@renderer(DOSSIER_KIND, permission="awards.view_proposal")
def dossier_pdf(proposal: Proposal) -> Rendered:
    """The dossier as one PDF with a bookmark per document."""
    proposal = Proposal.objects.select_related("bloc_year__bloc__province", "meeting").get(pk=proposal.pk)
    filename = f"ho-so-de-nghi-khen-thuong-{proposal.bloc_year.year}-khoi-{proposal.bloc_year.bloc_id}.pdf"
    return Rendered(bundle(dossier_parts(proposal)), filename)


def dossier_parts(proposal: Proposal) -> list[Part]:
    """Every document of the dossier, rendered, in the order the council office reads them."""
    parts = [
        Part("Tờ trình đề nghị khen thưởng", _render(PROPOSAL_KIND, proposal)),
        Part("Biên bản hội nghị bình xét thi đua", _render(MINUTES_KIND, proposal.meeting)),
    ]
    parts += [
        Part(f"Báo cáo thành tích: {name}", _render("pledges.unit_report", report))
        for name, report in achievement_reports(proposal)
    ]
    parts.append(Part("Bảng tổng hợp kết quả chấm điểm", _render("scoring.summary", proposal.bloc_year)))
    return parts


def achievement_reports(proposal: Proposal) -> list[tuple[str, UnitReport]]:
    """Each proposed unit's annual report of the year (once per unit, in the items' order); a unit without
    one is left out here (the proposal's eligibility check names it)."""
    unit_ids = list(dict.fromkeys(proposal.items.order_by("award", "rank", "id").values_list("unit_id", flat=True)))
    reports = UnitReport.objects.filter(bloc_year=proposal.bloc_year, kind=ReportKind.ANNUAL, unit_id__in=unit_ids)
    by_unit = {report.unit_id: report for report in reports}
    names = year_names(unit_ids, proposal.bloc_year.year)
    return [(names.get(unit_id, ""), by_unit[unit_id]) for unit_id in unit_ids if unit_id in by_unit]


def bundle(parts: list[Part]) -> bytes:
    """Join ``parts`` into one PDF, one top-level bookmark at the first page of each."""
    writer = PdfWriter()
    for part in parts:
        first_page = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.content)), import_outline=False)
        writer.add_outline_item(title=part.title, page_number=first_page)
    writer.add_metadata({"/Title": "Hồ sơ đề nghị khen thưởng"})
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def _render(kind: str, target: object) -> bytes:
    return get_renderer(kind).render(target).content
