"""The score summary as a Decree 30 document: draft until the secretariat issues it, then fixed."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from blocs.enums import ProvinceKind
from core.exceptions import DomainError
from core.models import ActivityLog, IssuedDocument
from scoring.documents import summary_pdf
from scoring.services import sheets as services
from scoring.services.summary import issue_score_summary
from tests.factories import CouncilOfficeNameFactory
from tests.pdf import pdf_text
from tests.scoring.conftest import approve_all

SIGNER = {"signer_authority": "TM. Khối thi đua", "signer_title": "Trưởng khối", "signer_name": "Bùi Thị Khánh"}


def _text(content: bytes, tmp_path) -> str:
    raw = pdf_text(content, tmp_path)
    return "\n".join(" ".join(line.split()) for line in raw.replace("\f", "").splitlines() if line.strip())


@pytest.fixture
def locked_year(world, self_sheets, admin_user):
    """Every member's approved sheet of bloc B year Y accepted and locked."""
    approve_all(world, self_sheets, officer=admin_user, verifier=admin_user)
    services.lock_scores(world.bloc_year, actor=admin_user)
    return world.bloc_year


def test_summary_pdf_before_issue_is_a_draft_without_number_or_date(world, self_sheets, tmp_path):
    world.head.leader_name = "Bùi Thị Khánh"
    world.head.save()

    text = _text(summary_pdf(world.bloc_year).content, tmp_path)

    assert text.startswith(
        "DỰ THẢO\nUBND TỈNH HÀ TĨNH\nKHỐI THI ĐUA NỘI CHÍNH\nSố: /BC-KTĐ\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Tĩnh, ngày tháng năm\nBÁO CÁO\n"
    )
    assert text.endswith("TM. KHỐI THI ĐUA\nTRƯỞNG KHỐI\nBùi Thị Khánh")


def test_issue_score_summary_locked_year_stores_number_date_signer_and_audit(locked_year, secretariat, tmp_path):
    CouncilOfficeNameFactory(province=locked_year.bloc.province)
    issue_score_summary(locked_year, actor=secretariat, issued_on=datetime.date(2020, 12, 5), **SIGNER)

    issued = IssuedDocument.objects.get(kind="scoring.summary", object_id=locked_year.pk)
    assert (issued.number_text, issued.issued_on, issued.signer_name) == (
        "01/BC-KTĐ",
        datetime.date(2020, 12, 5),
        "Bùi Thị Khánh",
    )
    assert ActivityLog.objects.filter(action="core.document.issued", object_id=locked_year.pk).count() == 1
    text = _text(summary_pdf(locked_year).content, tmp_path)
    assert text.startswith("UBND TỈNH HÀ TĨNH\nKHỐI THI ĐUA NỘI CHÍNH\nSố: 01/BC-KTĐ\n")
    assert "\nHà Tĩnh, ngày 05 tháng 12 năm 2020\n" in text
    assert "Nơi nhận:\n- Ban Thi đua - Khen thưởng tỉnh;\n- Các đơn vị thành viên;\n- Lưu: VT, KTĐ." in text
    assert text.endswith("TM. KHỐI THI ĐUA\nTRƯỞNG KHỐI\nBùi Thị Khánh")
    assert "DỰ THẢO" not in text


def test_issue_score_summary_second_call_keeps_the_first_number(locked_year, secretariat):
    first = issue_score_summary(locked_year, actor=secretariat, issued_on=datetime.date(2020, 12, 5), **SIGNER)
    again = issue_score_summary(locked_year, actor=secretariat, issued_on=datetime.date(2020, 12, 9), **SIGNER)

    assert again.pk == first.pk and IssuedDocument.objects.get().issued_on == datetime.date(2020, 12, 5)


def test_issue_score_summary_unlocked_scores_is_refused_and_stores_nothing(world, self_sheets, secretariat):
    with pytest.raises(DomainError):
        issue_score_summary(world.bloc_year, actor=secretariat, issued_on=datetime.date(2020, 12, 5), **SIGNER)

    assert not IssuedDocument.objects.exists()


def test_issue_score_summary_without_signer_name_is_refused(locked_year, secretariat):
    with pytest.raises(DomainError):
        issue_score_summary(
            locked_year, actor=secretariat, issued_on=datetime.date(2020, 12, 5), **{**SIGNER, "signer_name": " "}
        )

    assert not IssuedDocument.objects.exists()


def test_summary_pdf_issued_rerender_years_later_is_identical_text(locked_year, secretariat, tmp_path):
    issue_score_summary(locked_year, actor=secretariat, issued_on=datetime.date(2020, 12, 5), **SIGNER)
    with time_machine.travel(datetime.datetime(2020, 12, 6, 2, tzinfo=datetime.UTC), tick=False):
        first = _text(summary_pdf(locked_year).content, tmp_path)
    locked_year.bloc.province.name = "Hà Tĩnh (sau sáp nhập)"
    locked_year.bloc.province.save()

    with time_machine.travel(datetime.datetime(2026, 3, 1, 2, tzinfo=datetime.UTC), tick=False):
        again = _text(summary_pdf(locked_year).content, tmp_path)

    assert again == first


def test_summary_pdf_city_province_says_thanh_pho_on_one_line(world, self_sheets, tmp_path):
    province = world.bloc_year.bloc.province
    province.name, province.kind = "Thành phố Hồ Chí Minh", ProvinceKind.CITY
    province.save()
    CouncilOfficeNameFactory(province=province, name="Ban Thi đua - Khen thưởng thành phố", valid_to=None)

    layout = pdf_text(summary_pdf(world.bloc_year).content, tmp_path, mode="-layout")
    header = layout.splitlines()[:12]

    assert any("UBND THÀNH PHỐ HỒ CHÍ MINH" in line for line in header), header
    assert any("Thành phố Hồ Chí Minh, ngày" in line and "năm" in line for line in header), header
    assert "- Ban Thi đua - Khen thưởng thành phố;" in layout


def test_summary_issue_view_secretariat_issues_other_member_refused(client, locked_year, secretariat, unit_officer):
    url = reverse("scoring:summary_issue", args=[locked_year.pk])
    client.force_login(unit_officer)
    assert client.post(url, {"issued_on": "05/12/2020", **SIGNER}).status_code == 403
    client.force_login(secretariat)

    response = client.post(url, {"issued_on": "05/12/2020", **SIGNER})

    assert response.status_code == 302
    assert IssuedDocument.objects.get().issued_on == datetime.date(2020, 12, 5)


def test_summary_issue_view_missing_name_shows_form_error_and_stores_nothing(client, locked_year, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("scoring:summary_issue", args=[locked_year.pk]), {"issued_on": "05/12/2020", "signer_title": "X"}
    )

    assert response.status_code == 400
    assert not IssuedDocument.objects.exists()
