"""The minutes (biên bản) of the provincial council's session: the PDF renderer (run by core's background task).

Vietnamese whatever the interface language (Decree 30/2020); what the minutes record follows DOMAIN §7:
time, place, chair and secretary, members present and absent, the absentees' written opinions, the
method, the votes and the share of ALL members per item, the conclusions, the two signatures.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from awards import council
from awards.documents.names import AWARD_NAMES
from awards.enums import AwardKind
from awards.models import CouncilSession, Proposal
from awards.presenters.council import ItemRow, session_rows
from awards.selectors.catalogue import regime_for
from awards.services.council import COUNCIL_MINUTES_KIND, COUNCIL_NAME
from awards.services.proposals import PROPOSAL_KIND
from blocs.selectors import name_on
from core.documents import DocumentHeader, Rendered, Signature, draft_header, issued_header, renderer
from core.pdf import render_pdf
from core.services import issued_document_of

STYLESHEETS = ("core/decree30.css", "awards/minutes_pdf.css", "awards/council_minutes_pdf.css")
OUTCOMES = {
    "passed": "Đạt",
    "failed": "Không đạt",
    "pending": "Chưa biểu quyết",
    "by_appraisal": "Theo kết quả thẩm định",
    "ineligible": "Không đủ điều kiện",
}


@renderer(COUNCIL_MINUTES_KIND, permission="awards.view_council_minutes")
def council_minutes_pdf(session: CouncilSession) -> Rendered:
    """The session's minutes; "DỰ THẢO" with a blank number and date until the session is closed."""
    session = CouncilSession.objects.select_related("province").get(pk=session.pk)
    filename = f"bien-ban-hop-hoi-dong-{session.held_on:%Y-%m-%d}-{session.pk}.pdf"
    content = render_pdf(
        "awards/documents/council_minutes.html", council_minutes_context(session), stylesheets=STYLESHEETS
    )
    return Rendered(content, filename)


def _percent(count: int, total: int) -> str:
    value = (Decimal(count * 100) / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:f}".replace(".", ",") + " %"


def _figure(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _item_text(row: ItemRow, session: CouncilSession) -> dict[str, Any]:
    vote = row.vote
    voted = vote is not None and row.outcome in ("passed", "failed")
    return {
        "award": AWARD_NAMES[AwardKind(row.item.award)],
        "unit": name_on(row.item.unit, session.held_on),
        "yes": vote.yes if voted else "",
        "no": vote.no if voted else "",
        "written_yes": vote.written_yes if voted else "",
        "percent": _percent(vote.yes + vote.written_yes, session.members_total) if voted else "",
        "outcome": OUTCOMES[row.outcome],
        "approved": row.outcome in ("passed", "by_appraisal"),
    }


def _head(session: CouncilSession) -> DocumentHeader:
    text = {
        "type_name": "BIÊN BẢN",
        "summary": f"Phiên họp Hội đồng Thi đua - Khen thưởng {session.province.kind_word} {session.province.name}",
    }
    issued = issued_document_of(session, kind=COUNCIL_MINUTES_KIND)
    if issued is not None:
        return issued_header(issued, **text)
    province = session.province
    return draft_header(
        superior=province.people_committee,
        issuer=COUNCIL_NAME,
        type_code="BB",
        issuer_code="HĐTĐKT",
        place=province.name,
        **text,
    )


def council_minutes_context(session: CouncilSession) -> dict[str, Any]:
    """Everything the minutes print, from the session's records."""
    rows = session_rows(session)
    regime = regime_for(session.held_on)
    items = [_item_text(row, session) for dossier in rows for row in dossier.items]
    absent = session.members_total - session.present
    attendees = list(session.attendees.all())
    return {
        "members_present": [member for member in attendees if member.present],
        "members_absent": [member for member in attendees if not member.present],
        "header": _head(session),
        "session": session,
        "day": f"{session.held_on:%d/%m/%Y}",
        "absent": absent,
        "quorum": council.quorum_met(session.members_total, session.present, regime),
        "attendance": council.attendance_met(session.members_total, session.present, regime),
        "regime": regime,
        "flag_percent": _figure(regime.flag_threshold_percent),
        "fighter_percent": _figure(regime.fighter_threshold_percent),
        "attendance_percent": _figure(regime.attendance_percent),
        "dossiers": [(str(dossier.proposal.bloc_year.bloc.name), _cover_number(dossier.proposal)) for dossier in rows],
        "items": items,
        "approved": [item for item in items if item["approved"]],
        "chair": Signature(authority="", title="CHỦ TRÌ", name=session.chair_name),
        "secretary": Signature(authority="", title="THƯ KÝ", name=session.secretary_name),
    }


def _cover_number(proposal: Proposal) -> str:
    """The cover submission's number as it was issued ("01/TTr-KTĐ"), or nothing before submission."""
    issued = issued_document_of(proposal, kind=PROPOSAL_KIND)
    return issued.number_text if issued is not None else ""
