"""The cover submission (tờ trình, TTr) of the bloc's proposal to the provincial council: the PDF renderer.

Signed for the bloc by the head unit's leader (Law 06/2022 Art. 84; DOMAIN §8); numbered in the bloc's TTr
series when the dossier is first submitted (``awards.services.proposals.submit_proposal``). Until then it
prints "DỰ THẢO" with a blank number and date. Document text is Vietnamese (Decree 30/2020).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from awards.documents.names import AWARD_NAMES
from awards.enums import AwardKind
from awards.models import Proposal, ProposalItem
from awards.selectors.catalogue import regime_for
from awards.services.proposals import PROPOSAL_KIND, proposal_issue
from blocs.selectors import council_office_name
from core.documents import DocumentHeader, Rendered, Signature, draft_header, issued_header, issued_signature, renderer
from core.exceptions import DomainError
from core.pdf import render_pdf
from core.services import issued_document_of
from scoring.selectors.sheets import year_names

PROPOSAL_STYLESHEETS = ("core/decree30.css", "awards/minutes_pdf.css")


@renderer(PROPOSAL_KIND, permission="awards.view_proposal")
def proposal_pdf(proposal: Proposal) -> Rendered:
    """The tờ trình of ``proposal``, as issued (number, date, signer frozen at submission) or as a draft."""
    proposal = Proposal.objects.select_related("bloc_year__bloc__province").get(pk=proposal.pk)
    filename = f"to-trinh-{proposal.bloc_year.year}-khoi-{proposal.bloc_year.bloc_id}.pdf"
    html = "awards/documents/proposal.html"
    return Rendered(render_pdf(html, proposal_context(proposal), stylesheets=PROPOSAL_STYLESHEETS), filename)


def proposal_context(proposal: Proposal) -> dict[str, Any]:
    """What the tờ trình prints: header, the proposed awards grouped by award, signature and recipients."""
    bloc_year = proposal.bloc_year
    items = list(proposal.items.select_related("unit").order_by("award", "rank", "id"))
    names = year_names([item.unit_id for item in items], bloc_year.year)
    day = proposal.submitted_on or timezone.localdate()
    province = bloc_year.bloc.province
    return {
        **_head(proposal),
        "year": bloc_year.year,
        "bloc_name": bloc_year.bloc.name,
        "groups": _groups(items, names),
        "law": _law_on(day),
        "office": council_office_name(province, on=day),
        "kind_word": province.kind_word,
    }


def _law_on(day: datetime.date) -> str:
    """The law and decree the submission rests on: the legal regime in force on its date (DOMAIN §1)."""
    try:
        return regime_for(day).name
    except DomainError:
        return "Luật Thi đua, khen thưởng"


def _head(proposal: Proposal) -> dict[str, Any]:
    bloc_year = proposal.bloc_year
    text = {
        "type_name": "TỜ TRÌNH",
        "summary": f"Về việc đề nghị khen thưởng thành tích thi đua năm {bloc_year.year} của {bloc_year.bloc.name}",
    }
    issued = issued_document_of(proposal, kind=PROPOSAL_KIND)
    if issued is not None:
        header: DocumentHeader = issued_header(issued, **text)
        return {"header": header, "signature": issued_signature(issued), "recipients": _recipients(issued.recipients)}
    issue = proposal_issue(proposal, timezone.localdate())  # a draft prints no date: the day is not shown
    header = draft_header(
        superior=issue.superior,
        issuer=issue.issuer,
        type_code=issue.type_code,
        issuer_code=issue.issuer_code,
        place=issue.place,
        **text,
    )
    signature = Signature(authority=issue.signer_authority, title=issue.signer_title, name=issue.signer_name)
    return {"header": header, "signature": signature, "recipients": _recipients(issue.recipients)}


def _recipients(recipients: list[str]) -> list[str]:
    """The council (through its standing office) first; the bloc's own file last (Decree 30: "Lưu: VT")."""
    return [*recipients, "Lưu: VT"] if not any(r.startswith("Lưu") for r in recipients) else list(recipients)


def _groups(items: list[ProposalItem], names: dict[int, str]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, str]]] = {}
    for item in items:
        groups.setdefault(AWARD_NAMES[AwardKind(item.award)], []).append(
            {
                "unit": names.get(item.unit_id, item.unit.name),
                "rank": str(item.rank) if item.rank else "—",
                "total": _decimal(item.total),
                "votes": str(item.votes) if item.votes is not None else "—",
                "percent": f"{_decimal(item.vote_percent)}%" if item.vote_percent is not None else "—",
            }
        )
    return [{"award": award, "rows": rows} for award, rows in groups.items()]


def _decimal(value: Decimal | None) -> str:
    """``85,50``: two decimals, the Vietnamese decimal comma."""
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01'))}".replace(".", ",")
