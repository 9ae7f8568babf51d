"""PDF renderers of the pledges app (run by core's background task; see core.documents)."""

import datetime

from django.utils import timezone

from blocs.selectors import name_on
from core.documents import DocumentHeader, Rendered, Signature, number_text, renderer
from core.pdf import render_pdf
from pledges.calculations import bloc_abbreviation, document_sections, report_summary, superior_of_province
from pledges.models import REPORT_SECTIONS, LaunchMeeting
from pledges.selectors.commitments import current_members, current_version
from pledges.selectors.reports import bloc_report_for_pdf, bloc_unit_headings, unit_report_for_pdf

# --- Reports (P-B) -------------------------------------------------------------
# Document text is Vietnamese whatever the interface language (Decree 30/2020).


@renderer("pledges.bloc_report", permission="pledges.view_blocreport")
def bloc_report_pdf(report) -> Rendered:
    report = bloc_report_for_pdf(report)
    context = {**bloc_report_context(report), "sections": _sections(report, bloc_unit_headings(report.bloc_year))}
    filename = _filename(report.kind, report.bloc_year.year, f"khoi-{report.bloc_year.bloc_id}")
    return Rendered(render_pdf("pledges/documents/report.html", context), filename)


def bloc_report_context(report) -> dict:
    bloc = report.bloc_year.bloc
    is_cluster = bloc.kind == "cum"
    header = DocumentHeader(
        superior=superior_of_province(bloc.province.name),
        issuer=bloc.name.upper(),
        number=number_text(report.number, "BC", bloc_abbreviation(bloc.kind)),
        place=report.place,
        date=report.issued_on,
        type_name="BÁO CÁO",
        summary=report.summary,
    )
    signature = Signature(
        authority=f"TM. {'CỤM' if is_cluster else 'KHỐI'} THI ĐUA",
        title=f"TRƯỞNG {'CỤM' if is_cluster else 'KHỐI'}",
        name=report.signer_name,
        notes=[report.signer_title.upper()] if report.signer_title else [],
    )
    return {"header": header, "signature": signature, "recipients": report.recipient_list}


@renderer("pledges.unit_report", permission="pledges.view_unitreport")
def unit_report_pdf(report) -> Rendered:
    report = unit_report_for_pdf(report)
    context = {**unit_report_context(report), "sections": _sections(report)}
    filename = _filename(report.kind, report.bloc_year.year, f"dv-{report.unit_id}")
    return Rendered(render_pdf("pledges/documents/report.html", context), filename)


def unit_report_context(report) -> dict:
    bloc_year, unit = report.bloc_year, report.unit
    submitted = timezone.localdate(report.first_submitted_at) if report.first_submitted_at else None
    header = DocumentHeader(
        superior="",
        issuer=name_on(unit, datetime.date(bloc_year.year, 12, 31)).upper(),
        number="      /BC",
        place=bloc_year.bloc.province.name,
        date=submitted,
        type_name="BÁO CÁO",
        summary=report_summary(report.kind, bloc_year.year),
    )
    signature = Signature(authority="", title=(unit.leader_title or "Thủ trưởng đơn vị").upper(), name=unit.leader_name)
    recipients = [f"{bloc_year.bloc.name} (Trưởng khối)", "Lưu: VT"]
    return {"header": header, "signature": signature, "recipients": recipients}


def _filename(kind: str, year: int, whose: str) -> str:
    return f"bao-cao-{'so-ket' if kind == 'six_month' else 'tong-ket'}-{year}-{whose}.pdf"


def _sections(report, subheadings: frozenset[str] = frozenset()) -> list:
    return document_sections([(name, getattr(report, name)) for name in REPORT_SECTIONS], subheadings)


# --- end of reports (P-B) ------------------------------------------------------


# --- Signed pledge (P-A) -------------------------------------------------------------


PLEDGE_STYLESHEETS = ("core/decree30.css", "pledges/pledge_document.css")


@renderer("pledges.signed_pledge", permission="pledges.view_pledge")
def signed_pledge_pdf(pledge) -> Rendered:
    context = signed_pledge_context(pledge)
    filename = f"giao-uoc-thi-dua-{pledge.bloc_year.year}-khoi-{pledge.bloc_year.bloc_id}.pdf"
    content = render_pdf("pledges/documents/pledge.html", context, stylesheets=PLEDGE_STYLESHEETS)
    return Rendered(content, filename)


def signed_pledge_context(pledge) -> dict:
    """The pledge in force, its clauses, each unit's theme and a row of every current member's signature line."""
    bloc_year = pledge.bloc_year
    bloc = bloc_year.bloc
    version = current_version(pledge)
    members = current_members(bloc_year)
    signatures = {s.unit_id: s for s in pledge.signatures.all()}
    meeting = LaunchMeeting.objects.filter(bloc_year=bloc_year).first()
    signed_on = meeting.held_on if meeting else max((s.signed_on for s in signatures.values()), default=None)
    header = DocumentHeader(
        superior=superior_of_province(bloc.province.name),
        issuer=bloc.name.upper(),
        # The clerk writes the number by hand: keep the blank wide (HTML would collapse plain spaces).
        number=number_text(None, "GƯ", bloc_abbreviation(bloc.kind)).replace(" ", "\u00a0"),
        place=bloc.province.name,
        date=signed_on,
        type_name="GIAO ƯỚC THI ĐUA",
        summary=f"Năm {bloc_year.year}",
    )
    themes = {t.unit_id: t.theme for t in version.unit_themes.all()}
    return {
        "header": header,
        "version": version,
        "preamble": [line.strip() for line in version.preamble.splitlines() if line.strip()],
        "plan_date": version.plan_date.strftime("%d/%m/%Y") if version.plan_date else "",
        "clauses": [(c, _value_text(c)) for c in version.clauses.all()],
        "unit_themes": [(m.unit_name, themes[m.unit_id]) for m in members if m.unit_id in themes],
        "signature_rows": _in_rows([(m.unit_name.upper(), signatures.get(m.unit_id)) for m in members], 3),
        "recipients": ["Ban Thi đua - Khen thưởng tỉnh", "Các đơn vị thành viên khối", "Lưu: VT"],
    }


def _value_text(clause) -> str:
    if clause.target_value is None:
        return ""
    value = f"{clause.target_value.normalize():f}".replace(".", ",")
    return f"{value} {clause.unit_of_measure}".strip()


def _in_rows(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


# --- end of signed pledge (P-A) ------------------------------------------------------
