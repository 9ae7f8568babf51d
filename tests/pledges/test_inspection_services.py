"""Inspections: recording, findings per unit, who sees which findings."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocs.models import UnitName
from core.exceptions import DomainError
from core.models import ActivityLog, Notice
from pledges.selectors.reports import findings_for_user
from pledges.services import reports as services
from tests.pledges.factories import InspectionFactory, InspectionFindingFactory


@pytest.fixture
def inspection(world):
    inspection = InspectionFactory(bloc_year=world.bloc_year)
    InspectionFindingFactory(inspection=inspection, unit=world.member, findings="Công an tỉnh: hồ sơ đầy đủ.")
    InspectionFindingFactory(inspection=inspection, unit=world.deputy, findings="Sở Tư pháp: thiếu minh chứng.")
    return inspection


def test_record_inspection_stores_it_with_audit(world, council_officer):
    inspection = services.record_inspection(
        world.bloc_year,
        actor=council_officer,
        inspected_on=datetime.date(2020, 10, 20),
        team="Trần Thị Bình - Trưởng đoàn\nLê Văn Cường - Thành viên",
    )

    assert inspection.recorded_by == council_officer
    entry = ActivityLog.objects.get(action="pledges.inspection.recorded")
    assert entry.object_id == inspection.pk and entry.data["inspected_on"] == "2020-10-20"


def test_set_inspection_finding_twice_rewrites_the_same_row(world, council_officer, inspection):
    services.set_inspection_finding(inspection, actor=council_officer, unit=world.member, findings="Bản mới.")

    assert inspection.findings.get(unit=world.member).findings == "Bản mới."
    assert inspection.findings.count() == 2
    assert ActivityLog.objects.get(action="pledges.inspection.finding_set").data["created"] is False


def test_set_inspection_finding_tells_the_unit(
    world, council_officer, unit_officer, django_capture_on_commit_callbacks
):
    inspection = InspectionFactory(bloc_year=world.bloc_year)

    with django_capture_on_commit_callbacks(execute=True):
        services.set_inspection_finding(inspection, actor=council_officer, unit=world.member, findings="Tốt.")

    assert Notice.objects.get(user=unit_officer).url == inspection.get_absolute_url()


def test_set_inspection_finding_unit_outside_the_bloc_is_refused(world, council_officer, inspection):
    with pytest.raises(DomainError):
        services.set_inspection_finding(inspection, actor=council_officer, unit=world.other_unit, findings="x")

    assert inspection.findings.count() == 2


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        ("unit_officer", {"member"}),
        ("unit_leader", {"member"}),
        ("deputy_officer", {"deputy"}),
        ("secretariat", {"member", "deputy"}),
        ("council_officer", {"member", "deputy"}),
        ("council_member", {"member", "deputy"}),
    ],
)
def test_findings_for_user_units_see_only_their_own(request, world, inspection, name, sees):
    user = request.getfixturevalue(name)

    units = {finding.unit_id for finding in findings_for_user(inspection, user)}

    assert units == {getattr(world, attr).pk for attr in sees}


def test_inspection_detail_unit_page_hides_other_units_and_attachments(client, world, inspection, unit_officer):
    client.force_login(unit_officer)

    html = client.get(reverse("pledges:inspection_detail", args=[inspection.pk])).content.decode()

    assert "Công an tỉnh: hồ sơ đầy đủ." in html
    assert "Sở Tư pháp: thiếu minh chứng." not in html
    assert 'data-testid="attachments"' not in html


def test_inspection_detail_secretariat_page_shows_every_unit(client, world, inspection, secretariat):
    client.force_login(secretariat)

    html = client.get(reverse("pledges:inspection_detail", args=[inspection.pk])).content.decode()

    assert "Công an tỉnh: hồ sơ đầy đủ." in html and "Sở Tư pháp: thiếu minh chứng." in html


def test_add_inspection_attachment_stores_file_with_audit(world, council_officer, inspection):
    upload = SimpleUploadedFile("bien-ban-kiem-tra.pdf", b"%PDF-1.4\n%%EOF\n")

    attachment = services.add_inspection_attachment(inspection, actor=council_officer, uploaded_file=upload)

    with attachment.file.open("rb") as stream:
        assert stream.read() == b"%PDF-1.4\n%%EOF\n"
    assert ActivityLog.objects.get(action="pledges.inspection.attachment_added").data["file"] == "bien-ban-kiem-tra.pdf"


def test_inspection_finding_page_for_a_unit_starts_from_its_recorded_finding(
    client, world, inspection, council_officer
):
    client.force_login(council_officer)
    url = reverse("pledges:inspection_finding", args=[inspection.pk])

    edit = client.get(url, {"unit": world.member.pk}).content.decode()
    junk = client.get(url, {"unit": "1 OR 1=1"})

    assert "Công an tỉnh: hồ sơ đầy đủ." in edit
    assert junk.status_code == 200


def test_inspection_detail_shows_units_under_the_name_they_had_then(client, world, inspection, council_officer):
    UnitName.objects.filter(unit=world.member).update(valid_to=datetime.date(2024, 12, 31))
    UnitName.objects.create(unit=world.member, name="Công an tỉnh (tên mới)", valid_from=datetime.date(2025, 1, 1))
    world.member.name = "Công an tỉnh (tên mới)"
    world.member.save()
    client.force_login(council_officer)

    html = client.get(reverse("pledges:inspection_detail", args=[inspection.pk])).content.decode()

    assert ">Công an tỉnh</h3>" in html
    assert "(tên mới)" not in html
