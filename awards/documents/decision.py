"""The Chairman's award decision (Quyết định khen thưởng): the PDF with its annexed list (core's background task).

Document text is Vietnamese whatever the interface language (Decree 30/2020): "QUYẾT ĐỊNH", the summary
line, the grounds (căn cứ), Điều 1–3, the signature (the Chairman, or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") and
"Nơi nhận", then the annex: unit, award, money, with the total.
"""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone

from awards.enums import DECISION_KIND, AwardTypeCode
from awards.models import AwardDecision, DecisionItem
from awards.selectors.catalogue import regime_for
from awards.selectors.decisions import items_of
from awards.services.decisions import (
    DECISION_ISSUER_CODE,
    DECISION_TYPE_CODE,
    decision_summary,
    province_committee,
)
from blocs.selectors import council_office_name, council_office_on, name_on
from core.documents import Rendered, Signature, draft_header, issued_header, issued_signature, renderer
from core.exceptions import DomainError
from core.pdf import render_pdf
from core.services import issued_document_of

DECISION_AWARD_NAMES = {
    AwardTypeCode.GOVERNMENT_FLAG: "Cờ thi đua của Chính phủ",
    AwardTypeCode.PROVINCE_FLAG: "Cờ thi đua của Ủy ban nhân dân tỉnh",
    AwardTypeCode.PRIME_MINISTER_MERIT: "Bằng khen của Thủ tướng Chính phủ",
    AwardTypeCode.PROVINCE_MERIT: "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    AwardTypeCode.EXCELLENT_COLLECTIVE: "Tập thể lao động xuất sắc",
    AwardTypeCode.ADVANCED_COLLECTIVE: "Tập thể lao động tiên tiến",
    AwardTypeCode.AGENCY_MERIT: "Bằng khen của thủ trưởng cơ quan",
}
DECISION_STYLESHEETS = ("core/decree30.css", "awards/decision_pdf.css")
NO_MONEY = "Không kèm tiền thưởng"


def vnd(amount: Decimal | None) -> str:
    """``18.720.000`` (Vietnamese thousands separator), or the annex's note when the award carries no money."""
    if amount is None:
        return NO_MONEY
    return f"{int(amount):,}".replace(",", ".")


@renderer(DECISION_KIND, permission="awards.view_decision")
def decision_pdf(decision: AwardDecision) -> Rendered:
    """The decision; "DỰ THẢO" with a blank number and date until issued."""
    decision = AwardDecision.objects.select_related("province", "session").get(pk=decision.pk)
    filename = f"quyet-dinh-khen-thuong-{decision.number or 'du-thao'}-{decision.pk}.pdf"
    content = render_pdf("awards/documents/decision.html", decision_context(decision), stylesheets=DECISION_STYLESHEETS)
    return Rendered(content, filename)


def grounds(day: datetime.date) -> list[str]:
    """The "Căn cứ" lines in force on ``day``: the local government law, the emulation law and the regime's decree.

    Dates to check against the texts: Law 77/2015/QH13 (19/6/2015) until Law 65/2025/QH15 (19/02/2025, in
    force 01/03/2025); the Law on Emulation and Commendation of 26/11/2003 until Law 06/2022/QH15 (15/6/2022,
    in force 01/01/2024).
    """
    if day >= datetime.date(2025, 3, 1):
        local = "Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025"
    else:
        local = "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    if day >= datetime.date(2024, 1, 1):
        law = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    else:
        law = (
            "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; "
            "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng"
        )
    lines = [local, law]
    try:
        decree = re.search(r"Nghị định\s+\S+/NĐ-CP", regime_for(day).name)
    except DomainError:
        decree = None
    if decree:
        lines.append(
            f"{decree.group(0)} của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"
        )
    return lines


def decision_context(decision: AwardDecision) -> dict[str, Any]:
    province = decision.province
    text = {"type_name": "QUYẾT ĐỊNH", "summary": decision.summary or decision_summary(province)}
    issued = issued_document_of(decision, kind=DECISION_KIND)
    if issued is not None:
        header = issued_header(issued, **text)
        signature = issued_signature(issued)
        recipients = issued.recipients
    else:
        header = draft_header(
            superior="",
            issuer=province_committee(province),
            type_code=DECISION_TYPE_CODE,
            issuer_code=DECISION_ISSUER_CODE,
            place=province.name,
            **text,
        )
        signature = Signature(authority="", title="CHỦ TỊCH", name="")
        recipients = ["Như Điều 3", council_office_name(province, on=timezone.localdate()), "Lưu: VT, TĐKT"]
    items = list(items_of(decision))
    approved = [item for item in items if item.approved]
    day = decision.issued_on or timezone.localdate()
    rows = [_row(item, day) for item in approved]
    total = sum((item.amount for item in approved if item.amount is not None), Decimal(0))
    years = sorted({item.year for item in items})
    office_head = council_office_on(province, on=day).head_title
    return {
        "grounds": grounds(day),
        "office_head": office_head,
        "executors": _executors(province.kind_word, office_head),
        "header": header,
        "signature": signature,
        "recipients": recipients,
        "issuing_title": f"CHỦ TỊCH ỦY BAN NHÂN DÂN {province.kind_word.upper()} {_bare_name(province)}".strip(),
        "kind_word": province.kind_word,
        "session_day": decision.session.held_on.strftime("%d/%m/%Y") if decision.session else "",
        "years": ", ".join(str(year) for year in years),
        "rows": rows,
        "count": len(rows),
        "rejected": [_row(item, day) for item in items if not item.approved],
        "total": vnd(total),
        "any_without_money": any(item.amount is None for item in approved),
        "number": header.number,
        "issued_day": header.date.strftime("%d/%m/%Y") if header.date else "",
    }


def _executors(kind_word: str, office_head: str) -> str:
    """Article 3's officials; the council office's head once, even when it is the Home Affairs director."""
    heads = [f"Chánh Văn phòng Ủy ban nhân dân {kind_word}", "Giám đốc Sở Nội vụ"]
    return ", ".join([*heads, office_head] if office_head and office_head not in heads else heads)


def _bare_name(province) -> str:
    name = province.name
    if name.lower().startswith(province.kind_word):
        name = name[len(province.kind_word) :].strip()
    return name.upper()


def _row(item: DecisionItem, day: datetime.date) -> dict[str, Any]:
    """An annex row: the unit named as it was on the decision's day (a later rename does not rewrite it)."""
    revoked = ""
    if item.revoked_on:
        revoked = f"Đã thu hồi ngày {item.revoked_on:%d/%m/%Y}"
    return {
        "unit": name_on(item.unit, day),
        "award": DECISION_AWARD_NAMES.get(AwardTypeCode(item.award), item.get_award_display()),
        "year": item.year,
        "bloc": item.bloc.name if item.bloc else "",
        "amount": vnd(item.amount) if item.approved else "",
        "revoked": revoked,
    }
