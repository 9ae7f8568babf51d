"""PDF renderers of the scoring app (run by core's background task; see core.documents).

Shared by two areas: keep each area's part in its own section.
"""

# --- Score sheets -----------------------------------------------------------------
# Document text is Vietnamese whatever the interface language (Decree 30/2020).

from django.utils import timezone

from blocs.selectors import leadership_of
from core.documents import Rendered, Signature, draft_header, issued_header, issued_signature, renderer
from core.pdf import render_pdf
from core.services import issued_document_of
from scoring.enums import SUMMARY_KIND
from scoring.presenters import summary_context
from scoring.services.summary import summary_recipients


@renderer("scoring.summary", permission="scoring.view_score_summary")
def summary_pdf(bloc_year) -> Rendered:
    """The bloc's score summary (bảng tổng hợp điểm) as a Decree 30 report; a draft until the secretariat issues it."""
    context = summary_document_context(bloc_year)
    filename = f"tong-hop-diem-{bloc_year.year}-khoi-{bloc_year.bloc_id}.pdf"
    stylesheets = ("core/decree30.css", "scoring/sheet_summary_pdf.css")
    return Rendered(render_pdf("scoring/documents/summary.html", context, stylesheets=stylesheets), filename)


def summary_document_context(bloc_year) -> dict:
    """Header, signature and recipients as stored when the summary was issued, or a dated-nowhere draft."""
    text = {"type_name": "BÁO CÁO", "summary": f"Kết quả chấm điểm thi đua năm {bloc_year.year}"}
    issued = issued_document_of(bloc_year, kind=SUMMARY_KIND)
    if issued is not None:
        head = {"header": issued_header(issued, **text), "signature": issued_signature(issued)}
        head["recipients"] = issued.recipients
    else:
        head = {"header": _draft_header(bloc_year, text), "signature": _draft_signature(bloc_year)}
        head["recipients"] = summary_recipients(bloc_year, on=timezone.localdate())
    return {**head, **summary_context(bloc_year)}


def _draft_header(bloc_year, text: dict):
    bloc = bloc_year.bloc
    return draft_header(
        superior=bloc.province.people_committee,
        issuer=bloc.name.upper(),
        type_code="BC",
        issuer_code=bloc.abbreviation,
        place=bloc.province.name,
        **text,
    )


def _draft_signature(bloc_year) -> Signature:
    word = bloc_year.bloc.kind_word
    return Signature(authority=f"TM. {word} THI ĐUA", title=f"TRƯỞNG {word}", name=head_leader_name(bloc_year))


def head_leader_name(bloc_year) -> str:
    """The head unit's leader as recorded today: the proposed signer until the summary is issued."""
    head_id = leadership_of(bloc_year).head_unit_id
    membership = bloc_year.memberships.filter(unit_id=head_id).select_related("unit").first()
    return membership.unit.leader_name if membership else ""


# --- end of score sheets ----------------------------------------------------------
