"""Mass assignment over the real pledge views: every model field name posted, only the form's fields change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocs.models import BlocYear, Unit
from pledges.enums import REPORT_SECTIONS, RegistrationStatus, ReportKind, ReportStatus
from pledges.models import Registration, ReportAttachment, UnitReport
from tests.factories import pdf_bytes
from tests.mass import hostile_data, post_hostile
from tests.pledges.factories import RegistrationFactory, UnitReportFactory

PDF = pdf_bytes()
SECTIONS = {name: f"Phần {name}" for name in REPORT_SECTIONS}


@pytest.fixture
def report(world):
    UnitReportFactory(bloc_year=world.other_bloc_year, unit=world.other_unit, kind=ReportKind.SIX_MONTH)
    return UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, kind=ReportKind.SIX_MONTH)


def _membership(world):
    return world.bloc_year.memberships.get(unit=world.member)


def test_registration_edit_every_model_field_posted_changes_only_targets(client, world, registration, unit_officer):
    client.force_login(unit_officer)
    url = reverse("pledges:registration_edit", args=[registration.pk])

    response = post_hostile(
        client,
        url,
        {"targets": "Dẫn đầu khối"},
        registration,
        parents=[world.bloc_year, world.member],
        other_pk=world.other_unit.pk,
        allowed={"targets"},
    )

    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).targets == "Dẫn đầu khối"


def test_registration_create_every_model_field_posted_keeps_owner_and_status(client, world, flag, unit_officer):
    RegistrationFactory(bloc_year=world.other_bloc_year, unit=world.other_unit, title=flag)
    client.force_login(unit_officer)
    data = {**hostile_data(Registration, other_pk=world.other_unit.pk), "title": flag.pk, "targets": "Dẫn đầu"}

    response = client.post(reverse("pledges:registration_create", args=[_membership(world).pk]), data)

    assert response.status_code == 302
    created = Registration.objects.get(unit=world.member)
    assert (created.bloc_year, created.status, created.return_reason) == (
        world.bloc_year,
        RegistrationStatus.DRAFT,
        "",
    )
    assert (created.submitted_at, created.decided_at, created.forwarded_at) == (None, None, None)


def test_report_edit_every_model_field_posted_changes_only_the_sections(client, world, report, unit_officer):
    client.force_login(unit_officer)

    response = post_hostile(
        client,
        reverse("pledges:report_edit", args=[report.pk]),
        SECTIONS,
        report,
        parents=[world.bloc_year, world.member],
        other_pk=world.other_unit.pk,
        allowed=set(REPORT_SECTIONS),
    )

    assert response.status_code == 302
    assert UnitReport.objects.get(pk=report.pk).results == SECTIONS["results"]


def test_report_submit_every_model_field_posted_moves_only_the_state(client, world, report, unit_officer):
    UnitReport.objects.filter(pk=report.pk).update(**SECTIONS)
    client.force_login(unit_officer)

    response = post_hostile(
        client,
        reverse("pledges:report_submit", args=[report.pk]),
        {},
        report,
        parents=[world.bloc_year, world.member],
        other_pk=world.other_unit.pk,
        allowed={"status", "submitted_at", "first_submitted_at"},
    )

    assert response.status_code == 302
    assert UnitReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_report_attachment_every_model_field_posted_is_owned_by_the_report_and_actor(
    client, world, report, unit_officer
):
    client.force_login(unit_officer)
    data = hostile_data(ReportAttachment, UnitReport, BlocYear, Unit, other_pk=world.other_unit.pk)
    data["file"] = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")

    response = client.post(reverse("pledges:report_attachment_add", args=[report.pk]), data)

    assert response.status_code == 302
    attachment = ReportAttachment.objects.get()
    assert (attachment.report, attachment.uploaded_by) == (report, unit_officer)
    assert (attachment.original_name, attachment.size) == ("bao-cao.pdf", len(PDF))
