"""Submitting a unit report issues it: the page asks who signs when the unit has no leader on record."""

import pytest
from django.urls import reverse

from core.models import IssuedDocument
from pledges.enums import ReportStatus
from tests.pledges.factories import UnitReportFactory


@pytest.fixture
def leaderless_report(world):
    """Member M has no leader on record; its draft report is complete (another unit's report exists too)."""
    UnitReportFactory(bloc_year=world.bloc_year, unit=world.head, results="Kết quả.")
    world.member.leader_name, world.member.leader_title = "", ""
    world.member.save()
    return UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, results="Kết quả.")


def test_report_detail_draft_asks_for_the_signer(client, leaderless_report, unit_officer):
    client.force_login(unit_officer)

    html = client.get(reverse("pledges:report_detail", args=[leaderless_report.pk])).content.decode()

    assert 'name="signer_title"' in html and 'name="signer_name"' in html


def test_report_submit_without_signer_shows_message_and_changes_nothing(client, leaderless_report, unit_officer):
    client.force_login(unit_officer)

    response = client.post(reverse("pledges:report_submit", args=[leaderless_report.pk]), follow=True)

    leaderless_report.refresh_from_db()
    assert leaderless_report.status == ReportStatus.DRAFT
    assert not IssuedDocument.objects.exists()
    assert len(list(response.context["messages"])) == 1


def test_report_submit_with_signer_stores_the_named_person(client, leaderless_report, unit_officer):
    client.force_login(unit_officer)

    client.post(
        reverse("pledges:report_submit", args=[leaderless_report.pk]),
        {"signer_title": "Phó Giám đốc", "signer_name": "Thượng tá Hồ Văn Hải"},
    )

    leaderless_report.refresh_from_db()
    issued = IssuedDocument.objects.get(object_id=leaderless_report.pk)
    assert leaderless_report.status == ReportStatus.SUBMITTED
    assert (issued.signer_title, issued.signer_name) == ("PHÓ GIÁM ĐỐC", "Thượng tá Hồ Văn Hải")
