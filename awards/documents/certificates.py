"""Certificates printed on pre-printed stock (in phôi): each field's text placed absolutely, in millimetres,
where the layout says; and the calibration test print that shows where each field lands.

The sheet feeder takes one sheet per approved award; the text is Vietnamese whatever the interface language.
"""

import base64
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from awards.enums import CALIBRATION_KIND, CERTIFICATES_KIND, CertificateField, FieldAlign
from awards.models import AwardDecision, CertificateLayout, DecisionItem, LayoutField
from awards.selectors.certificates import certificates_of
from blocs.selectors import name_on
from core.documents import Rendered, number_text, renderer
from core.pdf import render_pdf

CERTIFICATE_STYLESHEETS = ("awards/certificates.css",)

SAMPLE_TEXT: dict[str, str] = {
    CertificateField.UNIT_NAME: "Thanh tra tỉnh Hà Tĩnh",
    CertificateField.ACHIEVEMENT: "Đã có thành tích xuất sắc trong phong trào thi đua năm 2020",
    CertificateField.DECISION_NUMBER: "Quyết định số 05/QĐ-UBND",
    CertificateField.DECISION_DATE: "Hà Tĩnh, ngày 05 tháng 3 năm 2021",
    CertificateField.SIGNER_TITLE: "CHỦ TỊCH",
    CertificateField.SIGNER_NAME: "Nguyễn Văn A",
}


@dataclass(frozen=True)
class Placed:
    """One field's text and its box on the sheet, in millimetres from the top-left corner."""

    name: str
    text: str
    left_mm: Decimal
    top_mm: Decimal
    width_mm: Decimal
    font_size_pt: Decimal
    bold: bool
    align: str
    x_mm: Decimal


def place(field: LayoutField, text: str) -> Placed:
    """The box of ``field``: x is its left edge, its centre or its right edge by the alignment."""
    shift = {FieldAlign.LEFT: Decimal(0), FieldAlign.CENTER: field.width_mm / 2, FieldAlign.RIGHT: field.width_mm}
    return Placed(
        name=field.name,
        text=text,
        left_mm=field.x_mm - shift[FieldAlign(field.align)],
        top_mm=field.y_mm,
        width_mm=field.width_mm,
        font_size_pt=field.font_size_pt,
        bold=field.bold,
        align=field.align,
        x_mm=field.x_mm,
    )


def field_texts(item: DecisionItem, decision: AwardDecision) -> dict[str, str]:
    """What each field prints for one award of an issued decision."""
    province = decision.province
    day = decision.issued_on
    achievement = item.achievement or f"Đã có thành tích xuất sắc trong phong trào thi đua năm {item.year}"
    return {
        CertificateField.UNIT_NAME: name_on(item.unit, day) if day else item.unit.name,
        CertificateField.ACHIEVEMENT: achievement,
        CertificateField.DECISION_NUMBER: f"Quyết định số {number_text(decision.number, 'QĐ', 'UBND')}",
        CertificateField.DECISION_DATE: _date_text(province.name, day),
        CertificateField.SIGNER_TITLE: decision.signer_title.upper(),
        CertificateField.SIGNER_NAME: decision.signer_name,
    }


def _date_text(place_name: str, day) -> str:
    if day is None:
        return ""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place_name}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _sheet(layout: CertificateLayout, texts: dict[str, str]) -> dict[str, Any]:
    return {"layout": layout, "fields": [place(field, texts.get(field.name, "")) for field in layout.fields.all()]}


def certificates_context(decision: AwardDecision) -> dict[str, Any]:
    """One sheet per approved award that has a layout."""
    sheets = [_sheet(cert.layout, field_texts(cert.item, decision)) for cert in certificates_of(decision)]
    return {"sheets": sheets, "calibration": False, "positions": positions_css(sheets)}


def calibration_context(layout: CertificateLayout) -> dict[str, Any]:
    """One sheet with a crosshair, the field's box and its name at each field's position, sample text inside."""
    sheets = [_sheet(layout, dict(SAMPLE_TEXT))]
    return {"sheets": sheets, "calibration": True, "positions": positions_css(sheets)}


def positions_css(sheets: list[dict[str, Any]]) -> str:
    """The sheets' sizes (a named page per layout) and every field's box, as a data: URL stylesheet.

    Templates carry no inline style (a test holds every template to the site's CSP), so the positions,
    which are data, reach WeasyPrint as a stylesheet of their own."""
    rules = []
    for layout in {sheet["layout"].award: sheet["layout"] for sheet in sheets}.values():
        size = f"{layout.page_width_mm}mm {layout.page_height_mm}mm"
        rules.append(f"@page sheet-{layout.award} {{ size: {size}; margin: 0; }}")
        rules.append(
            f".sheet-{layout.award} {{ page: sheet-{layout.award}; width: {layout.page_width_mm}mm; "
            f"height: {layout.page_height_mm}mm; }}"
        )
    for field in {(sheet["layout"].award, field.name): field for sheet in sheets for field in sheet["fields"]}.items():
        (award, name), box = field
        at = f".sheet-{award} .at-{name}"
        rules.append(f"{at} {{ left: {box.left_mm}mm; top: {box.top_mm}mm; width: {box.width_mm}mm; }}")
        rules.append(f"{at}.field {{ font-size: {box.font_size_pt}pt; text-align: {box.align}; }}")
        rules.append(f"{at}.cross-h, {at}.cross-v {{ left: {box.x_mm}mm; }}")
    css = "\n".join(rules).encode()
    return "data:text/css;base64," + base64.b64encode(css).decode()


@renderer(CERTIFICATES_KIND, permission="awards.print_certificates")
def certificates_pdf(decision: AwardDecision) -> Rendered:
    context = certificates_context(decision)
    if not context["sheets"]:
        raise ValueError(f"decision {decision.pk} has no approved award with a certificate layout")
    content = render_pdf("awards/documents/certificates.html", context, stylesheets=CERTIFICATE_STYLESHEETS)
    return Rendered(content, f"bang-khen-qd-{decision.number}.pdf")


@renderer(CALIBRATION_KIND, permission="awards.calibrate_certificates")
def calibration_pdf(layout: CertificateLayout) -> Rendered:
    content = render_pdf(
        "awards/documents/certificates.html", calibration_context(layout), stylesheets=CERTIFICATE_STYLESHEETS
    )
    return Rendered(content, f"in-thu-{layout.award}.pdf")
