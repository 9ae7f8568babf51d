"""The dossier benchmark's seam: the HTML core.pdf hands WeasyPrint, captured without changing the PDF."""

import datetime

from bench.dossier_render import capturing_html
from core.documents import DocumentHeader
from core.pdf import render_pdf


def _header(summary: str) -> DocumentHeader:
    return DocumentHeader(
        superior="UBND TỈNH HÀ TĨNH",
        issuer="KHỐI THI ĐUA NỘI CHÍNH",
        number="05/BC-KTĐ",
        place="Hà Tĩnh",
        date=datetime.date(2020, 3, 5),
        type_name="BÁO CÁO",
        summary=summary,
    )


def test_capturing_html_records_every_render_in_order_and_only_inside():
    with capturing_html() as captured:
        first = render_pdf("documents/decree30.html", {"header": _header("Sơ kết 6 tháng")})
        render_pdf("documents/decree30.html", {"header": _header("Tổng kết năm")})
    render_pdf("documents/decree30.html", {"header": _header("Ngoài phạm vi")})

    assert first.startswith(b"%PDF")
    assert [("Sơ kết 6 tháng" in c.html, "Tổng kết năm" in c.html) for c in captured] == [(True, False), (False, True)]
    assert all(len(c.stylesheets) == 1 and c.began <= c.ended for c in captured)
