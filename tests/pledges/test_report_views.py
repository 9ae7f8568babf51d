"""Report and inspection views: one allowed and one forbidden persona each, invisible → 404, anonymous → login;
the flows through the views, and query counts of the reports page."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import ActivityLog
from pledges.enums import BlocReportStatus, ReportKind, ReportStatus
from pledges.models import BlocReport, Inspection, InspectionAttachment, ReportAttachment, UnitReport
from tests.factories import MembershipFactory, UnitFactory, pdf_bytes
from tests.pledges.factories import BlocReportFactory, InspectionFactory, UnitReportFactory
from tests.queries import page_queries

PDF = pdf_bytes()


@pytest.fixture
def objects(world):
    draft = UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, kind=ReportKind.SIX_MONTH)
    submitted = UnitReportFactory(
        bloc_year=world.bloc_year, unit=world.member, kind=ReportKind.ANNUAL, status=ReportStatus.SUBMITTED
    )
    inspection = InspectionFactory(bloc_year=world.bloc_year)
    uploader = inspection.recorded_by
    report_file = ReportAttachment(report=draft, original_name="bao-cao.pdf", size=len(PDF), uploaded_by=uploader)
    report_file.file.save("bao-cao.pdf", ContentFile(PDF))
    inspection_file = InspectionAttachment(
        inspection=inspection, original_name="bien-ban.pdf", size=len(PDF), uploaded_by=uploader
    )
    inspection_file.file.save("bien-ban.pdf", ContentFile(PDF))
    return SimpleNamespace(
        draft=draft,
        submitted=submitted,
        bloc_report=BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head),
        inspection=inspection,
        report_file=report_file,
        inspection_file=inspection_file,
        deputy_membership=world.bloc_year.memberships.get(unit=world.deputy),
    )


# view, arguments, method, persona allowed, persona refused (403), persona blind (404)
VIEWS = [
    ("report_year", lambda w, o: [w.bloc_year.pk], "get", "unit_officer", None, "other_unit_officer"),
    (
        "report_start",
        lambda w, o: [o.deputy_membership.pk, "six_month"],
        "post",
        "deputy_officer",
        "unit_officer",
        "other_unit_officer",
    ),
    # A draft never submitted is its unit's alone (tests/pledges/test_report_privacy.py): others get 404.
    ("report_detail", lambda w, o: [o.submitted.pk], "get", "secretariat", None, "other_unit_officer"),
    ("report_edit", lambda w, o: [o.draft.pk], "get", "unit_officer", "unit_leader", "other_unit_officer"),
    ("report_submit", lambda w, o: [o.draft.pk], "post", "unit_officer", "unit_leader", "other_unit_officer"),
    ("report_return", lambda w, o: [o.submitted.pk], "get", "secretariat", "unit_officer", "other_unit_officer"),
    ("report_accept", lambda w, o: [o.submitted.pk], "post", "secretariat", "deputy_officer", "outsider"),
    (
        "report_attachment_add",
        lambda w, o: [o.draft.pk],
        "post",
        "unit_officer",
        "unit_leader",
        "other_unit_officer",
    ),
    ("report_pdf", lambda w, o: [o.draft.pk], "post", "unit_officer", None, "other_unit_officer"),
    ("report_attachment", lambda w, o: [o.report_file.pk], "get", "unit_officer", None, "other_unit_officer"),
    (
        "report_attachment_remove",
        lambda w, o: [o.report_file.pk],
        "get",
        "unit_officer",
        "unit_leader",
        "other_unit_officer",
    ),
    (
        "bloc_report_start",
        lambda w, o: [w.bloc_year.pk, "annual"],
        "post",
        "secretariat",
        "deputy_officer",
        "other_unit_officer",
    ),
    (
        "bloc_report_detail",
        lambda w, o: [o.bloc_report.pk],
        "get",
        "deputy_officer",
        "unit_officer",
        "other_unit_officer",
    ),
    (
        "bloc_report_edit",
        lambda w, o: [o.bloc_report.pk],
        "get",
        "secretariat",
        "council_member",
        "other_council_officer",
    ),
    ("bloc_report_issue", lambda w, o: [o.bloc_report.pk], "get", "secretariat", "deputy_officer", "outsider"),
    ("bloc_report_pdf", lambda w, o: [o.bloc_report.pk], "post", "council_member", "unit_officer", "outsider"),
    (
        "inspection_create",
        lambda w, o: [w.bloc_year.pk],
        "get",
        "council_officer",
        "secretariat",
        "other_council_officer",
    ),
    ("inspection_detail", lambda w, o: [o.inspection.pk], "get", "unit_officer", None, "other_unit_officer"),
    (
        "inspection_edit",
        lambda w, o: [o.inspection.pk],
        "get",
        "council_officer",
        "secretariat",
        "other_council_officer",
    ),
    ("inspection_finding", lambda w, o: [o.inspection.pk], "get", "council_officer", "unit_officer", "outsider"),
    (
        "inspection_attachment_add",
        lambda w, o: [o.inspection.pk],
        "post",
        "council_officer",
        "secretariat",
        "other_unit_officer",
    ),
    (
        "inspection_attachment",
        lambda w, o: [o.inspection_file.pk],
        "get",
        "secretariat",
        "unit_officer",
        "other_unit_officer",
    ),
]
ALLOWED = {"get": 200, "post": 302}


def call(client, method, name, args):
    response = getattr(client, method)(reverse(f"pledges:{name}", args=args))
    _close_file(response)
    return response


def _close_file(response) -> None:
    """A download holds its file open until its content is read: the test client closes it then
    (``response.close()`` instead would close the database connection in the middle of the test)."""
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.parametrize(("name", "args", "method", "allowed", "refused", "blind"), VIEWS)
def test_report_view_allowed_persona_gets_through(
    client, request, world, objects, name, args, method, allowed, refused, blind
):
    client.force_login(request.getfixturevalue(allowed))

    response = call(client, method, name, args(world, objects))

    assert response.status_code == ALLOWED[method]


@pytest.mark.parametrize(("name", "args", "method", "allowed", "refused", "blind"), [v for v in VIEWS if v[4]])
def test_report_view_visible_but_not_allowed_gets_403(
    client, request, world, objects, name, args, method, allowed, refused, blind
):
    client.force_login(request.getfixturevalue(refused))
    before = ActivityLog.objects.count()

    response = call(client, method, name, args(world, objects))

    assert response.status_code == 403
    assert ActivityLog.objects.count() == before


@pytest.mark.parametrize(("name", "args", "method", "allowed", "refused", "blind"), VIEWS)
def test_report_view_invisible_object_gets_404(
    client, request, world, objects, name, args, method, allowed, refused, blind
):
    client.force_login(request.getfixturevalue(blind))

    assert call(client, method, name, args(world, objects)).status_code == 404


@pytest.mark.parametrize(("name", "args", "method", "allowed", "refused", "blind"), VIEWS)
def test_report_view_anonymous_is_sent_to_login(client, world, objects, name, args, method, allowed, refused, blind):
    response = call(client, method, name, args(world, objects))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_report_start_unknown_kind_gets_404(client, world, unit_officer):
    client.force_login(unit_officer)
    membership = world.bloc_year.memberships.get(unit=world.member)

    assert client.post(reverse("pledges:report_start", args=[membership.pk, "quarterly"])).status_code == 404
    assert not UnitReport.objects.exists()


def test_report_flow_through_the_views_file_return_resubmit_accept(client, world, unit_officer, secretariat):
    membership = world.bloc_year.memberships.get(unit=world.member)
    client.force_login(unit_officer)
    client.post(reverse("pledges:report_start", args=[membership.pk, "six_month"]))
    report = UnitReport.objects.get()
    sections = {
        "results": "Hoàn thành 100% chỉ tiêu.",
        "shortcomings": "",
        "causes": "",
        "lessons": "",
        "next_tasks": "",
        "proposals": "",
    }
    client.post(reverse("pledges:report_edit", args=[report.pk]), sections)
    client.post(reverse("pledges:report_submit", args=[report.pk]))
    client.force_login(secretariat)
    client.post(reverse("pledges:report_return", args=[report.pk]), {"reason": "Bổ sung số liệu quý II"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    client.force_login(unit_officer)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Bổ sung số liệu quý II" in page
    client.post(reverse("pledges:report_submit", args=[report.pk]))
    client.force_login(secretariat)
    client.post(reverse("pledges:report_accept", args=[report.pk]))

    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    actions = list(ActivityLog.objects.filter(object_id=report.pk).order_by("id").values_list("action", flat=True))
    assert actions == [
        "pledges.unit_report.started",
        "pledges.unit_report.updated",
        "core.document.issued",  # the first submission numbers and dates it; the second keeps them
        "pledges.unit_report.submitted",
        "pledges.unit_report.returned",
        "pledges.unit_report.submitted",
        "pledges.unit_report.accepted",
    ]


def test_report_return_without_reason_shows_error_and_changes_nothing(client, world, objects, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("pledges:report_return", args=[objects.submitted.pk]), {"reason": "  "})

    assert response.status_code == 400
    objects.submitted.refresh_from_db()
    assert objects.submitted.status == ReportStatus.SUBMITTED


def test_report_attachment_add_wrong_content_is_refused_with_message(client, world, objects, unit_officer, english):
    client.force_login(unit_officer)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(
        reverse("pledges:report_attachment_add", args=[objects.draft.pk]), {"file": fake}, follow=True
    )

    assert objects.draft.attachments.count() == 1  # only the fixture's
    assert "bao-cao.pdf" in response.content.decode()
    assert "is not a .pdf file" in response.content.decode()


def test_report_attachment_add_pdf_is_stored_and_downloadable(client, world, objects, unit_officer):
    client.force_login(unit_officer)
    upload = SimpleUploadedFile("phu-luc.pdf", PDF, content_type="application/pdf")

    client.post(reverse("pledges:report_attachment_add", args=[objects.draft.pk]), {"file": upload})

    attachment = objects.draft.attachments.get(original_name="phu-luc.pdf")
    download = client.get(reverse("pledges:report_attachment", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert ActivityLog.objects.filter(action="pledges.unit_report.attachment_added").count() == 1


def test_report_attachment_submitted_report_refuses_new_files(client, world, objects, unit_officer):
    client.force_login(unit_officer)
    upload = SimpleUploadedFile("phu-luc.pdf", PDF, content_type="application/pdf")

    response = client.post(reverse("pledges:report_attachment_add", args=[objects.submitted.pk]), {"file": upload})

    assert response.status_code == 403
    assert not objects.submitted.attachments.exists()


def test_bloc_report_start_and_issue_through_the_views(client, world, secretariat):
    world.head.leader_name, world.head.leader_title = "Nguyễn Văn An", "Chánh Thanh tra tỉnh"
    world.head.save()
    UnitReportFactory(
        bloc_year=world.bloc_year, unit=world.member, status=ReportStatus.ACCEPTED, results="Bắt giữ 120 đối tượng."
    )
    client.force_login(secretariat)

    client.post(reverse("pledges:bloc_report_start", args=[world.bloc_year.pk, "six_month"]))
    report = BlocReport.objects.get()
    response = client.post(reverse("pledges:bloc_report_issue", args=[report.pk]), {"issued_on": "20/07/2020"})

    report.refresh_from_db()
    assert response.status_code == 302
    assert report.results == "Công an tỉnh:\nBắt giữ 120 đối tượng."
    assert (report.status, report.number) == (BlocReportStatus.ISSUED, 1)


def test_bloc_report_issue_bad_date_shows_error_and_changes_nothing(client, world, objects, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("pledges:bloc_report_issue", args=[objects.bloc_report.pk]), {"issued_on": "31/02/2020"}
    )

    assert response.status_code == 400
    objects.bloc_report.refresh_from_db()
    assert objects.bloc_report.status == BlocReportStatus.DRAFT


def test_inspection_create_and_findings_through_the_views(client, world, council_officer):
    client.force_login(council_officer)

    client.post(
        reverse("pledges:inspection_create", args=[world.bloc_year.pk]),
        {"inspected_on": "20/10/2020", "team": "Trần Thị Bình - Trưởng đoàn", "conclusion": ""},
    )
    inspection = Inspection.objects.get()
    client.post(
        reverse("pledges:inspection_finding", args=[inspection.pk]),
        {"unit": world.member.pk, "findings": "Hồ sơ thi đua đầy đủ.", "recommendations": "Lưu trữ điện tử."},
    )

    finding = inspection.findings.get()
    assert (finding.unit, finding.findings) == (world.member, "Hồ sơ thi đua đầy đủ.")
    assert ActivityLog.objects.filter(action="pledges.inspection.finding_set").count() == 1


def test_inspection_finding_unit_outside_the_bloc_is_refused(client, world, objects, council_officer):
    client.force_login(council_officer)

    response = client.post(
        reverse("pledges:inspection_finding", args=[objects.inspection.pk]),
        {"unit": world.other_unit.pk, "findings": "Không thuộc khối."},
    )

    assert response.status_code == 400
    assert not objects.inspection.findings.exists()


def reports_page_queries(client, user, bloc_year) -> int:
    client.force_login(user)
    return page_queries(client, reverse("pledges:report_year", args=[bloc_year.pk]))


def add_members_with_reports(bloc_year, count):
    for _ in range(count):
        unit = UnitFactory(province=bloc_year.bloc.province)
        MembershipFactory(bloc_year=bloc_year, unit=unit)
        UnitReportFactory(bloc_year=bloc_year, unit=unit, status=ReportStatus.SUBMITTED)
        UnitReportFactory(bloc_year=bloc_year, unit=unit, kind=ReportKind.ANNUAL)
    InspectionFactory(bloc_year=bloc_year)


@pytest.mark.parametrize("persona", ["secretariat", "council_officer", "unit_officer"])
def test_report_year_query_count_does_not_grow_with_units(client, request, world, persona):
    user = request.getfixturevalue(persona)
    add_members_with_reports(world.bloc_year, 2)
    small = reports_page_queries(client, user, world.bloc_year)

    add_members_with_reports(world.bloc_year, 8)
    large = reports_page_queries(client, user, world.bloc_year)

    assert small == large


def test_report_year_unit_officer_sees_only_own_unit_rows(client, world, objects, unit_officer):
    client.force_login(unit_officer)

    html = client.get(reverse("pledges:report_year", args=[world.bloc_year.pk])).content.decode()

    assert f'data-unit="{world.member.pk}"' in html
    assert f'data-unit="{world.head.pk}"' not in html


def test_report_year_secretariat_sees_every_unit_and_lateness(client, world, objects, secretariat):
    client.force_login(secretariat)

    html = client.get(reverse("pledges:report_year", args=[world.bloc_year.pk])).content.decode()

    for unit in (world.head, world.deputy, world.member):
        assert f'data-unit="{unit.pk}"' in html
    assert 'data-testid="late"' in html  # the world's 2020 deadlines are long past


def test_bloc_report_issue_without_signer_shows_the_reason(client, world, objects, secretariat, english):
    BlocReport.objects.filter(pk=objects.bloc_report.pk).update(signer_name="")
    client.force_login(secretariat)

    response = client.post(
        reverse("pledges:bloc_report_issue", args=[objects.bloc_report.pk]), {"issued_on": "20/07/2020"}
    )

    assert response.status_code == 400
    assert "Give the name of the person who signs the report." in response.content.decode()
    objects.bloc_report.refresh_from_db()
    assert objects.bloc_report.number is None


def test_report_edit_browser_line_ends_are_stored_as_newlines_and_nfc(client, world, objects, unit_officer):
    client.force_login(unit_officer)
    decomposed = "Dòng một\r\nDòng hai".replace("ò", "o\u0300")
    data = {"results": decomposed, "shortcomings": "", "causes": "", "lessons": "", "next_tasks": "", "proposals": ""}

    client.post(reverse("pledges:report_edit", args=[objects.draft.pk]), data)

    objects.draft.refresh_from_db()
    assert objects.draft.results == "Dòng một\nDòng hai"


def test_report_attachment_remove_confirmed_deletes_row_and_file_and_audits(
    client, world, objects, unit_officer, django_capture_on_commit_callbacks
):
    second = ReportAttachment(
        report=objects.draft, original_name="phu-luc.pdf", size=len(PDF), uploaded_by=unit_officer
    )
    second.file.save("phu-luc.pdf", ContentFile(PDF))
    storage, name = second.file.storage, second.file.name
    client.force_login(unit_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pledges:report_attachment_remove", args=[second.pk]))

    assert response.status_code == 302 and response.url == objects.draft.get_absolute_url()
    assert list(objects.draft.attachments.values_list("pk", flat=True)) == [objects.report_file.pk]
    assert not storage.exists(name)
    assert objects.report_file.file.storage.exists(objects.report_file.file.name)
    entry = ActivityLog.objects.get(action="pledges.unit_report.attachment_removed")
    assert (entry.object_id, entry.actor, entry.data["file"]) == (objects.draft.pk, unit_officer, "phu-luc.pdf")


def test_report_attachment_remove_get_only_asks_to_confirm(client, world, objects, unit_officer):
    client.force_login(unit_officer)

    response = client.get(reverse("pledges:report_attachment_remove", args=[objects.report_file.pk]))

    assert response.status_code == 200
    assert "bao-cao.pdf" in response.content.decode()
    assert objects.draft.attachments.filter(pk=objects.report_file.pk).exists()
    assert not ActivityLog.objects.filter(action="pledges.unit_report.attachment_removed").exists()


def test_report_attachment_remove_submitted_report_is_refused_and_keeps_the_file(client, world, objects, unit_officer):
    kept = ReportAttachment(report=objects.submitted, original_name="giu.pdf", size=len(PDF), uploaded_by=unit_officer)
    kept.file.save("giu.pdf", ContentFile(PDF))
    client.force_login(unit_officer)

    response = client.post(reverse("pledges:report_attachment_remove", args=[kept.pk]))

    assert response.status_code == 403
    assert objects.submitted.attachments.filter(pk=kept.pk).exists()
    assert kept.file.storage.exists(kept.file.name)


def test_report_detail_offers_remove_only_while_unit_may_edit(client, world, objects, unit_officer, secretariat):
    remove_url = reverse("pledges:report_attachment_remove", args=[objects.report_file.pk])
    client.force_login(unit_officer)
    assert remove_url in client.get(objects.draft.get_absolute_url()).content.decode()

    client.force_login(secretariat)
    assert remove_url not in client.get(objects.draft.get_absolute_url()).content.decode()
