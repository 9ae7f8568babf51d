"""PDF renderers of the pledges app (run by core's background task; see core.documents)."""

import dataclasses
import datetime

from django.utils import timezone

from blocs.selectors import council_office_name, name_on
from core.documents import (
    DocumentHeader,
    Rendered,
    Signature,
    draft_header,
    issued_header,
    issued_signature,
    number_text,
    renderer,
)
from core.pdf import render_pdf
from core.services import issued_document_of
from pledges.calculations import document_sections, report_summary
from pledges.enums import BLOC_REPORT_KIND, REPORT_SECTIONS, SIGNED_PLEDGE_KIND, UNIT_REPORT_KIND
from pledges.selectors.commitments import current_version, signature_rows
from pledges.selectors.reports import bloc_report_for_pdf, bloc_unit_headings, unit_report_for_pdf

# --- Reports -------------------------------------------------------------------
# Document text is Vietnamese whatever the interface language (Decree 30/2020).


@renderer("pledges.bloc_report", permission="pledges.view_blocreport")
def bloc_report_pdf(report) -> Rendered:
    report = bloc_report_for_pdf(report)
    context = {**bloc_report_context(report), "sections": _sections(report, bloc_unit_headings(report.bloc_year))}
    filename = _filename(report.kind, report.bloc_year.year, f"khoi-{report.bloc_year.bloc_id}")
    return Rendered(render_pdf("pledges/documents/report.html", context), filename)


def bloc_report_context(report) -> dict:
    """The header as stored when the report was issued (older issues: as the bloc is now), or a draft."""
    bloc = report.bloc_year.bloc
    issued = issued_document_of(report, kind=BLOC_REPORT_KIND)
    header = DocumentHeader(
        superior=bloc.province.people_committee,
        issuer=bloc.name.upper(),
        number=number_text(report.number, "BC", bloc.abbreviation),
        place=report.place,
        date=report.issued_on,
        type_name="BÁO CÁO",
        summary=report.summary,
        draft=report.number is None,
    )
    if issued is not None:
        header = issued_header(issued, type_name="BÁO CÁO", summary=report.summary)
    signature = Signature(
        authority=f"TM. {bloc.kind_word} THI ĐUA",
        title=f"TRƯỞNG {bloc.kind_word}",
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
    """Header, signature and recipients as stored when the unit first submitted the report, or a draft."""
    bloc_year, unit = report.bloc_year, report.unit
    text = {"type_name": "BÁO CÁO", "summary": report_summary(report.kind, bloc_year.year)}
    issued = issued_document_of(report, kind=UNIT_REPORT_KIND)
    if issued is not None:
        return {
            "header": issued_header(issued, **text),
            "signature": issued_signature(issued),
            "recipients": issued.recipients,
        }
    header = draft_header(
        superior=unit.superior_body.upper(),
        issuer=name_on(unit, datetime.date(bloc_year.year, 12, 31)).upper(),
        type_code="BC",
        issuer_code=unit.abbreviation,
        place=bloc_year.bloc.province.name,
        **text,
    )
    signature = Signature(authority="", title=unit.leader_title.upper(), name=unit.leader_name)
    recipients = [f"{bloc_year.bloc.name} (Trưởng khối)", "Lưu: VT"]
    return {"header": header, "signature": signature, "recipients": recipients}


def _filename(kind: str, year: int, whose: str) -> str:
    return f"bao-cao-{'so-ket' if kind == 'six_month' else 'tong-ket'}-{year}-{whose}.pdf"


def _sections(report, subheadings: frozenset[str] = frozenset()) -> list:
    return document_sections([(name, getattr(report, name)) for name in REPORT_SECTIONS], subheadings)


# --- Signed pledge -------------------------------------------------------------------


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
    version = current_version(pledge)
    rows = signature_rows(bloc_year, pledge)
    header, recipients = _pledge_header(pledge)
    themes = {t.unit_id: t.theme for t in version.unit_themes.all()}
    return {
        "header": header,
        "version": version,
        "preamble": [line.strip() for line in version.preamble.splitlines() if line.strip()],
        "plan_date": version.plan_date.strftime("%d/%m/%Y") if version.plan_date else "",
        "clauses": [(c, _value_text(c)) for c in version.clauses.all()],
        "unit_themes": [(r.unit_name, themes[r.membership.unit_id]) for r in rows if r.membership.unit_id in themes],
        "signature_rows": _in_rows([(r.unit_name.upper(), r.signature) for r in rows], 3),
        "recipients": recipients,
    }


def _pledge_header(pledge) -> tuple[DocumentHeader, list[str]]:
    """Issued when the last member signed (number and date stored then); a draft before."""
    bloc_year = pledge.bloc_year
    text = {"type_name": "GIAO ƯỚC THI ĐUA", "summary": f"Năm {bloc_year.year}"}
    issued = issued_document_of(pledge, kind=SIGNED_PLEDGE_KIND)
    if issued is not None:
        return issued_header(issued, **text), issued.recipients
    bloc = bloc_year.bloc
    header = draft_header(
        superior=bloc.province.people_committee,
        issuer=bloc.name.upper(),
        type_code="GƯ",
        issuer_code=bloc.abbreviation,
        place=bloc.province.name,
        **text,
    )
    # The clerk writes the number by hand: keep the blank wide (HTML would collapse plain spaces).
    header = dataclasses.replace(header, number=header.number.replace(" ", "\u00a0"))
    return header, [
        council_office_name(bloc.province, on=timezone.localdate()),
        "Các đơn vị thành viên khối",
        "Lưu: VT",
    ]


def _value_text(clause) -> str:
    if clause.target_value is None:
        return ""
    value = f"{clause.target_value.normalize():f}".replace(".", ",")
    return f"{value} {clause.unit_of_measure}".strip()


def _in_rows(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]
