"""A proposed unit's achievement report (báo cáo thành tích, Law 06/2022 Art. 84; DOMAIN §8): the PDF renderer.

The unit issues it itself: its own header (superior body, its name as it was at the end of the year), a
number in the unit's own BC series that its clerk writes in (the bloc's series does not number it, DOMAIN
§9: per issuer), signed by the unit's head. While the proposal can still be changed it prints "DỰ THẢO".
Document text is Vietnamese (Decree 30/2020).
"""

import re
from typing import Any

from awards.documents.names import AWARD_NAMES
from awards.enums import AwardKind, ProposalStatus
from awards.models import AchievementReport
from awards.services.proposals import ACHIEVEMENT_KIND
from blocs.selectors import name_on
from core.documents import DocumentHeader, Rendered, Signature, number_text, renderer
from core.pdf import render_pdf
from scoring.selectors.sheets import year_end

# "I. KẾT QUẢ ..." — the numbered headings the draft carries over from the annual report.
HEADING = re.compile(r"^[IVXL]+\.\s")


@renderer(ACHIEVEMENT_KIND, permission="awards.view_achievementreport")
def achievement_report_pdf(report: AchievementReport) -> Rendered:
    """The achievement report's text in the Decree 30 layout (the uploaded PDF, when there is one, is the
    dossier's business: this renders the text)."""
    report = AchievementReport.objects.select_related("proposal__bloc_year__bloc__province", "unit").get(pk=report.pk)
    filename = f"bao-cao-thanh-tich-{report.proposal.bloc_year.year}-dv-{report.unit_id}.pdf"
    html = "awards/documents/achievement_report.html"
    return Rendered(render_pdf(html, achievement_report_context(report)), filename)


def achievement_report_context(report: AchievementReport) -> dict[str, Any]:
    proposal, unit = report.proposal, report.unit
    year = proposal.bloc_year.year
    name = name_on(unit, year_end(year))
    awards = proposal.items.filter(unit=unit).order_by("award").values_list("award", flat=True)
    header = DocumentHeader(
        superior=unit.superior_body.upper(),
        issuer=name.upper(),
        number=number_text(None, "BC", unit.abbreviation),
        place=proposal.bloc_year.bloc.province.name,
        date=None,
        type_name="BÁO CÁO THÀNH TÍCH",
        summary=f"Đề nghị tặng {' và '.join(AWARD_NAMES[AwardKind(a)] for a in dict.fromkeys(awards))} năm {year}",
        draft=proposal.status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED),
    )
    return {
        "header": header,
        "unit_name": name,
        "paragraphs": body_paragraphs(report.body),
        "year": year,
        "signature": Signature(
            authority="", title=(unit.leader_title or "Thủ trưởng đơn vị").upper(), name=unit.leader_name
        ),
        "recipients": [f"{proposal.bloc_year.bloc.name} (Trưởng khối)", "Lưu: VT"],
    }


def body_paragraphs(body: str) -> list[tuple[str, bool]]:
    """(text, is_heading) of each non-blank line: a line numbered in Roman numerals is a section heading."""
    lines = (line.strip() for line in body.splitlines())
    return [(line, bool(HEADING.match(line))) for line in lines if line]
