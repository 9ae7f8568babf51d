"""Certificates on pre-printed stock: the seeded layouts, the printed PDF (text, page count, fonts, positions in
mm) and the calibration test print; the print views' allowed and forbidden cases."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from awards.documents.certificates import calibration_pdf, certificates_pdf
from awards.enums import DecisionStatus
from awards.models import AwardDecision, CertificateLayout, DecisionItem
from core.models import GeneratedFile
from tests.pdf import pdf_fonts, pdf_text

MM_PER_PT = Decimal("25.4") / 72


@pytest.fixture
def decision(world, admin_user):
    """An issued decision: certificates for the deputy and the member, a rejected one for the head, a flag
    (not printed) for the other unit; and a second decision, a draft, to fetch past."""
    AwardDecision.objects.create(province=world.province, created_by=admin_user)
    issued = AwardDecision.objects.create(
        province=world.province,
        status=DecisionStatus.ISSUED,
        number=45,
        issued_on=datetime.date(2021, 2, 5),
        signer_title="Chủ tịch",
        signer_name="Trần Tiến Hưng",
        created_by=admin_user,
    )
    for unit, award, approved in [
        (world.deputy, "province_merit", True),
        (world.member, "province_merit", True),
        (world.head, "province_merit", False),
        (world.other_unit, "province_flag", True),
    ]:
        DecisionItem.objects.create(decision=issued, unit=unit, award=award, year=2020, approved=approved)
    return issued


def test_seeded_layouts_certificates_only(db):
    assert set(CertificateLayout.objects.values_list("award", flat=True)) == {
        "province_merit",
        "excellent_collective",
        "advanced_collective",
    }
    assert CertificateLayout.objects.get(award="province_merit").fields.count() == 6


def test_certificates_pdf_one_page_per_approved_item_with_text_and_embedded_fonts(decision, world, tmp_path):
    content = certificates_pdf(decision).content
    text = pdf_text(content, tmp_path)
    assert text.count("\f") == 2  # the two approved certificates; neither the rejected one nor the flag
    assert world.deputy.name in text and world.member.name in text and world.head.name not in text
    assert "Quyết định số 45/QĐ-UBND" in text and "ngày 05 tháng 02 năm 2021" in text
    assert "CHỦ TỊCH" in text and "Trần Tiến Hưng" in text
    assert all(row[-5] == "yes" for row in pdf_fonts(content, tmp_path))  # the "emb" column


def _words(content: bytes, tmp_path) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    path = tmp_path / "bbox.pdf"
    path.write_bytes(content)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True)
    words = []
    for line in html.stdout.splitlines():
        if "<word " in line:
            attrs = dict(part.split("=") for part in line.split("<word ")[1].split(">")[0].split())
            word = line.split(">")[1].split("<")[0]
            x_min, y_min, x_max = (Decimal(attrs[key].strip('"')) * MM_PER_PT for key in ("xMin", "yMin", "xMax"))
            words.append((word, x_min, y_min, x_max))
    return words


def test_certificates_pdf_fields_land_within_1mm_of_their_position(decision, tmp_path):
    layout = CertificateLayout.objects.get(award="province_merit")
    layout.fields.filter(name="decision_number").update(x_mm=Decimal("71.5"), y_mm=Decimal("233.0"))
    words = _words(certificates_pdf(decision).content, tmp_path)
    number = next(word for word in words if word[0] == "Quyết")
    assert abs(number[1] - Decimal("71.5")) <= 1 and abs(number[2] - Decimal("233.0")) <= 1
    # centred: the unit name's middle is on x = 210 mm
    name_words = [word for word in words if word[2] > 115 and word[2] < 135]
    middle = (min(w[1] for w in name_words) + max(w[3] for w in name_words)) / 2
    assert abs(middle - 210) <= 1


def test_calibration_pdf_labels_every_field(db, tmp_path):
    layout = CertificateLayout.objects.get(award="excellent_collective")
    text = pdf_text(calibration_pdf(layout).content, tmp_path)
    assert text.count("\f") == 1
    for name in ["unit_name", "achievement", "decision_number", "decision_date", "signer_title", "signer_name"]:
        assert name in text


def test_certificates_view_office_prints_member_forbidden(client, decision, council_officer, council_member):
    url = reverse("awards:certificates_pdf", args=[decision.pk])
    client.force_login(council_member)
    assert client.post(url).status_code == 403  # sees the decision (one chokepoint), does not print it
    client.force_login(council_officer)
    assert client.post(url).status_code == 302


def test_certificates_view_other_province_not_found(client, decision, other_council_officer):
    client.force_login(other_council_officer)
    assert client.post(reverse("awards:certificates_pdf", args=[decision.pk])).status_code == 404
    assert not GeneratedFile.objects.filter(kind="awards.certificates").exists()


def test_certificates_view_draft_decision_forbidden(client, decision, council_officer):
    draft = AwardDecision.objects.exclude(pk=decision.pk).get()
    client.force_login(council_officer)
    assert client.post(reverse("awards:certificates_pdf", args=[draft.pk])).status_code == 403


def test_test_print_view_office_allowed_unit_officer_not(client, council_officer, unit_officer):
    layout = CertificateLayout.objects.get(award="advanced_collective")
    url = reverse("awards:certificate_test_print", args=[layout.pk])
    client.force_login(unit_officer)
    assert client.post(url).status_code == 404
    client.force_login(council_officer)
    assert client.post(url).status_code == 302


def test_decision_page_offers_certificates_only_when_one_is_printable(client, decision, council_officer, english):
    """A decision whose only approved award is a flag prints nothing: no button, and a POST says why."""
    page = reverse("awards:decision_detail", args=[decision.pk])
    client.force_login(council_officer)
    assert 'data-testid="print-certificates"' in client.get(page).content.decode()

    decision.items.filter(award="province_merit").update(approved=False)
    assert 'data-testid="print-certificates"' not in client.get(page).content.decode()
    response = client.post(reverse("awards:certificates_pdf", args=[decision.pk]), follow=True)

    assert "no certificate to print" in response.content.decode()
    assert not GeneratedFile.objects.filter(kind="awards.certificates").exists()
