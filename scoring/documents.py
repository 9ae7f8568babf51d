"""PDF renderers of the scoring app (run by core's background task; see core.documents).

Shared by two areas: keep each area's part in its own section.
"""

# --- Score sheets -----------------------------------------------------------------
# Document text is Vietnamese whatever the interface language (Decree 30/2020).

import datetime

from django.utils import timezone

from blocs.selectors import leadership_of, name_on
from core.documents import DocumentHeader, Rendered, Signature, number_text, renderer
from core.pdf import render_pdf


@renderer("scoring.summary", permission="scoring.view_score_summary")
def summary_pdf(bloc_year) -> Rendered:
    """The bloc's score summary (bảng tổng hợp điểm) as a Decree 30 report."""
    context = summary_document_context(bloc_year, today=timezone.localdate())
    filename = f"tong-hop-diem-{bloc_year.year}-khoi-{bloc_year.bloc_id}.pdf"
    stylesheets = ("core/decree30.css", "scoring/sheet_summary_pdf.css")
    return Rendered(render_pdf("scoring/documents/summary.html", context, stylesheets=stylesheets), filename)


def summary_document_context(bloc_year, *, today: datetime.date) -> dict:
    from scoring.selectors.sheets import summary_context

    bloc = bloc_year.bloc
    word = "CỤM" if bloc.kind == "cum" else "KHỐI"
    header = DocumentHeader(
        superior=superior_of_province(bloc.province.name),
        issuer=bloc.name.upper(),
        number=number_text(None, "BC", bloc_abbreviation(bloc.kind)),
        place=bloc.province.name,
        date=today,
        type_name="BÁO CÁO",
        summary=f"Kết quả chấm điểm thi đua năm {bloc_year.year}",
    )
    signature = Signature(authority=f"TM. {word} THI ĐUA", title=f"TRƯỞNG {word}", name=_head_leader(bloc_year))
    recipients = ["Ban Thi đua - Khen thưởng tỉnh", "Các đơn vị thành viên", "Lưu: VT, " + bloc_abbreviation(bloc.kind)]
    return {"header": header, "signature": signature, "recipients": recipients, **summary_context(bloc_year)}


def superior_of_province(province_name: str) -> str:
    prefix = "UBND " if province_name.lower().startswith("thành phố") else "UBND TỈNH "
    return (prefix + province_name).upper()


def bloc_abbreviation(bloc_kind: str) -> str:
    return "CTĐ" if bloc_kind == "cum" else "KTĐ"


def _head_leader(bloc_year) -> str:
    head_id = leadership_of(bloc_year).head_unit_id
    membership = bloc_year.memberships.filter(unit_id=head_id).select_related("unit").first()
    if membership is None:
        return ""
    return membership.unit.leader_name or name_on(membership.unit, datetime.date(bloc_year.year, 12, 31))


# --- end of score sheets ----------------------------------------------------------
