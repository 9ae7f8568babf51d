"""Documents: the registry of background-rendered files and the Decree 30/2020 layout helpers.

An app registers how to render a kind of file in its own ``documents.py``::

    @renderer("pledges.bloc_report", permission="pledges.view_bloc_report")
    def bloc_report_pdf(report) -> Rendered:
        return Rendered(render_pdf("pledges/documents/bloc_report.html", {...}), "bao-cao.pdf")

The permission is checked against the target before anyone sees or downloads the file.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from core.registry import Discovered

if TYPE_CHECKING:  # the models import nothing from here, but a runtime import would load them early
    from core.models import IssuedDocument


class Rendered(NamedTuple):
    content: bytes
    filename: str


@dataclass(frozen=True)
class Renderer:
    kind: str
    permission: str
    render: Callable[[Any], Rendered]


_renderers: dict[str, Renderer] = {}
_modules = Discovered("documents")


RenderFunction = Callable[[Any], Rendered]


def renderer(kind: str, *, permission: str) -> Callable[[RenderFunction], RenderFunction]:
    """Register ``func`` as how files of ``kind`` are rendered; ``permission`` is checked on the target first."""

    def register(func: RenderFunction) -> RenderFunction:
        _renderers[kind] = Renderer(kind=kind, permission=permission, render=func)
        return func

    return register


def get_renderer(kind: str) -> Renderer:
    """The registered renderer of ``kind``; KeyError when no app registered it."""
    _modules.discover()
    return _renderers[kind]


@dataclass(frozen=True)
class Issue:
    """What a document prints when it is issued; the number is drawn by ``core.services.issue_document``."""

    issuer_key: str  # whose numbering: "bloc:7", "unit:12"
    type_code: str  # "BC", "GƯ", ...
    issuer_code: str  # after the type in the number: "KTĐ", "CAT"
    issued_on: datetime.date
    place: str
    superior: str
    issuer: str
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients: list[str]


@dataclass(frozen=True)
class DocumentHeader:
    """The Decree 30 header block and title of a document."""

    superior: str  # the body above the issuer, e.g. "UBND TỈNH HÀ TĨNH"
    issuer: str  # e.g. "KHỐI THI ĐUA NỘI CHÍNH"
    number: str  # "Số" line, e.g. "05/BC-KTĐ" (blank while a draft)
    place: str
    date: datetime.date | None
    type_name: str  # e.g. "BÁO CÁO"
    summary: str = ""
    draft: bool = False  # printed "DỰ THẢO": not issued, so no number and no date yet

    @property
    def date_line(self) -> str:
        return date_line(self.place, self.date)


@dataclass(frozen=True)
class Signature:
    authority: str  # "TM.", "KT.", "TL." followed by the body, e.g. "TM. KHỐI THI ĐUA"
    title: str  # e.g. "TRƯỞNG KHỐI"
    name: str
    notes: list[str] = field(default_factory=list)


def date_line(place: str, date: datetime.date | None) -> str:
    """``Hà Tĩnh, ngày 05 tháng 3 năm 2020``: a leading zero for days under 10 and for months 1 and 2."""
    if date is None:
        return f"{place}, ngày      tháng      năm     "
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def number_text(number: int | None, type_code: str, issuer_abbreviation: str) -> str:
    """``05/BC-KTĐ``; an unnumbered draft keeps the blank the clerk fills in by hand."""
    shown = f"{number:02d}" if number else "      "
    code = f"{type_code}-{issuer_abbreviation}" if issuer_abbreviation else type_code
    return f"{shown}/{code}"


def draft_header(
    *, superior: str, issuer: str, type_code: str, issuer_code: str, place: str, **text: str
) -> DocumentHeader:
    """The header of a document not issued yet: "DỰ THẢO", a blank number and a blank date."""
    return DocumentHeader(
        superior=superior,
        issuer=issuer,
        number=number_text(None, type_code, issuer_code),
        place=place,
        date=None,
        draft=True,
        **text,
    )


def issued_header(issued: "IssuedDocument", *, type_name: str, summary: str = "") -> DocumentHeader:
    """The header of an issued document, from what was stored when it was issued (core.models.IssuedDocument)."""
    return DocumentHeader(
        superior=issued.superior,
        issuer=issued.issuer,
        number=issued.number_text,
        place=issued.place,
        date=issued.issued_on,
        type_name=type_name,
        summary=summary,
    )


def issued_signature(issued: "IssuedDocument") -> Signature:
    return Signature(authority=issued.signer_authority, title=issued.signer_title, name=issued.signer_name)
