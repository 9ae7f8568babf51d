"""The proposal's whole dossier (hồ sơ đề nghị khen thưởng, Law 06/2022 Art. 84; DOMAIN §8) as one PDF.

In order, each with an outline bookmark: the tờ trình, the meeting's minutes with the ballot result, each
proposed unit's achievement report (its uploaded signed PDF as it is, else its text in the Decree 30
layout), and the score summary. Each part is rendered by its own
registered renderer (core.documents), so this module knows no other app's templates; pypdf joins them.
Built in the background by core's generated-file task (acks_late, idempotent, written atomically).
"""

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter

from awards.enums import DOSSIER_KIND, MINUTES_KIND
from awards.models import AchievementReport, Proposal
from awards.selectors.proposals import achievement_reports_of
from awards.services.proposals import ACHIEVEMENT_KIND, PROPOSAL_KIND
from core.documents import Rendered, get_renderer, renderer
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
    reports = achievement_reports_of(proposal)
    names = year_names([report.unit_id for report in reports], proposal.bloc_year.year)
    parts += [Part(f"Báo cáo thành tích: {names.get(r.unit_id, '')}", achievement_content(r)) for r in reports]
    parts.append(Part("Bảng tổng hợp kết quả chấm điểm", _render("scoring.summary", proposal.bloc_year)))
    return parts


def achievement_content(report: AchievementReport) -> bytes:
    """The unit's uploaded PDF byte for byte (checked on upload: a PDF with pages), else its text rendered."""
    if report.file:
        with report.file.open("rb") as stream:
            return stream.read()
    return _render(ACHIEVEMENT_KIND, report)


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
