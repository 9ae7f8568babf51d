"""Unit and bloc report services: every legal and illegal move, with DB state, audit entries and notices."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import IntegrityError

from core.exceptions import DomainError
from core.models import ActivityLog, Notice
from pledges.enums import BlocReportStatus, ReportKind, ReportStatus
from pledges.models import BlocReport, ReportAttachment, UnitReport
from pledges.services import reports as services
from pledges.transitions import REPORT
from tests.factories import CouncilOfficeNameFactory
from tests.pledges.factories import BlocReportFactory, UnitReportFactory

MOVES = {
    ReportStatus.SUBMITTED: lambda report, actor: services.submit_unit_report(report, actor=actor),
    ReportStatus.RETURNED: lambda report, actor: services.return_unit_report(
        report, actor=actor, reason="Thiếu số liệu"
    ),
    ReportStatus.ACCEPTED: lambda report, actor: services.accept_unit_report(report, actor=actor),
}
LEGAL = [
    (start, end)
    for start in ReportStatus
    for end in MOVES
    if any(start in m.sources and end == m.target for m in REPORT.moves.values())
]
ILLEGAL = [(start, end) for start in ReportStatus for end in MOVES if (start, end) not in LEGAL and end != start]


def member_report(world, status=ReportStatus.DRAFT, **kwargs) -> UnitReport:
    return UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, status=status, **kwargs)


@pytest.mark.parametrize(("start", "end"), LEGAL)
def test_unit_report_legal_move_changes_status_with_audit(world, secretariat, start, end):
    report = member_report(world, start)

    result = MOVES[end](report, secretariat)

    report.refresh_from_db()
    assert result.status == report.status == end
    assert ActivityLog.objects.filter(action=f"pledges.unit_report.{end}", object_id=report.pk).count() == 1


@pytest.mark.parametrize(("start", "end"), ILLEGAL)
def test_unit_report_illegal_move_is_refused_and_changes_nothing(world, secretariat, start, end):
    report = member_report(world, start)

    with pytest.raises(DomainError):
        MOVES[end](report, secretariat)

    report.refresh_from_db()
    assert report.status == start
    assert not ActivityLog.objects.filter(action__startswith="pledges.unit_report.").exists()


@pytest.mark.parametrize("status", list(MOVES))
def test_unit_report_same_state_call_is_a_no_op(world, secretariat, status):
    report = member_report(world, status)

    MOVES[status](report, secretariat)

    assert not ActivityLog.objects.exists()


def test_submit_unit_report_first_submission_time_is_kept_on_resubmit(world, unit_officer, secretariat):
    report = member_report(world)
    with time_machine.travel(datetime.datetime(2020, 7, 10, 9, tzinfo=datetime.UTC), tick=False):
        services.submit_unit_report(report, actor=unit_officer)
    services.return_unit_report(report, actor=secretariat, reason="Bổ sung số liệu")
    with time_machine.travel(datetime.datetime(2020, 7, 20, 9, tzinfo=datetime.UTC), tick=False):
        services.submit_unit_report(report, actor=unit_officer)

    report.refresh_from_db()
    assert report.first_submitted_at.date() == datetime.date(2020, 7, 10)
    assert report.submitted_at.date() == datetime.date(2020, 7, 20)
    assert report.return_reason == ""


def test_submit_unit_report_late_records_days_late_in_audit(world, unit_officer):
    report = member_report(world)  # the 6-month deadline of the world is 15/07/2020

    with time_machine.travel(datetime.datetime(2020, 7, 19, 3, tzinfo=datetime.UTC), tick=False):
        services.submit_unit_report(report, actor=unit_officer)

    assert ActivityLog.objects.get(action="pledges.unit_report.submitted").data == {"days_late": 4}


def test_submit_unit_report_without_results_is_refused(world, unit_officer):
    report = member_report(world, results="  ")

    with pytest.raises(DomainError):
        services.submit_unit_report(report, actor=unit_officer)

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_submit_unit_report_tells_the_secretariat(world, unit_officer, secretariat, django_capture_on_commit_callbacks):
    report = member_report(world)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_unit_report(report, actor=unit_officer)

    notice = Notice.objects.get(user=secretariat)
    assert notice.url == report.get_absolute_url()
    assert not Notice.objects.filter(user=unit_officer).exists()


def test_return_unit_report_blank_reason_is_refused(world, secretariat):
    report = member_report(world, ReportStatus.SUBMITTED)

    with pytest.raises(DomainError):
        services.return_unit_report(report, actor=secretariat, reason="   ")

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_return_unit_report_tells_the_unit_with_the_reason(
    world, secretariat, unit_officer, django_capture_on_commit_callbacks
):
    report = member_report(world, ReportStatus.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.return_unit_report(report, actor=secretariat, reason="Thiếu phần bài học kinh nghiệm")

    report.refresh_from_db()
    assert report.return_reason == "Thiếu phần bài học kinh nghiệm"
    assert "Thiếu phần bài học kinh nghiệm" in Notice.objects.get(user=unit_officer).text
    assert ActivityLog.objects.get(action="pledges.unit_report.returned").data == {
        "reason": "Thiếu phần bài học kinh nghiệm"
    }


def test_start_unit_report_twice_is_refused(world, unit_officer):
    membership = world.bloc_year.memberships.get(unit=world.member)
    services.start_unit_report(membership, actor=unit_officer, kind=ReportKind.SIX_MONTH)

    with pytest.raises(DomainError):
        services.start_unit_report(membership, actor=unit_officer, kind=ReportKind.SIX_MONTH)

    assert UnitReport.objects.count() == 1
    assert ActivityLog.objects.filter(action="pledges.unit_report.started").count() == 1


def test_start_unit_report_unit_that_left_is_refused(world, unit_officer):
    membership = world.bloc_year.memberships.get(unit=world.member)
    membership.left_on, membership.left_reason = datetime.date(2020, 5, 1), "Sáp nhập"
    membership.save()

    with pytest.raises(DomainError):
        services.start_unit_report(membership, actor=unit_officer, kind=ReportKind.ANNUAL)

    assert not UnitReport.objects.exists()


def test_update_unit_report_submitted_is_refused(world, unit_officer):
    report = member_report(world, ReportStatus.SUBMITTED)

    with pytest.raises(DomainError):
        services.update_unit_report(report, actor=unit_officer, lessons="Mới")

    report.refresh_from_db()
    assert report.lessons == ""


def test_update_unit_report_audits_only_changed_sections(world, unit_officer):
    report = member_report(world)

    services.update_unit_report(report, actor=unit_officer, results=report.results, lessons="Phát huy sức mạnh tập thể")

    entry = ActivityLog.objects.get(action="pledges.unit_report.updated")
    assert entry.data == {"before": {"lessons": ""}, "after": {"lessons": "Phát huy sức mạnh tập thể"}}


def test_unit_report_returned_without_reason_is_refused_by_the_database(world):
    report = member_report(world, ReportStatus.SUBMITTED)

    with pytest.raises(IntegrityError):
        UnitReport.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED, return_reason="")


# --- Bloc reports ------------------------------------------------------------------------


def accepted(world, unit, **sections):
    return UnitReportFactory(bloc_year=world.bloc_year, unit=unit, status=ReportStatus.ACCEPTED, **sections)


def test_start_bloc_report_gathers_accepted_sections_under_unit_names(world, secretariat):
    accepted(world, world.member, results="Bắt giữ 120 đối tượng.", lessons="")
    accepted(world, world.head, results="Thanh tra 15 cuộc.", lessons="Đoàn kết.")
    UnitReportFactory(bloc_year=world.bloc_year, unit=world.deputy, status=ReportStatus.SUBMITTED, results="Chưa duyệt")

    report = services.start_bloc_report(world.bloc_year, actor=secretariat, kind=ReportKind.SIX_MONTH)

    assert report.results == "Thanh tra tỉnh:\nThanh tra 15 cuộc.\n\nCông an tỉnh:\nBắt giữ 120 đối tượng."
    assert report.lessons == "Thanh tra tỉnh:\nĐoàn kết."
    assert report.issuer_unit == world.head
    assert report.place == "Hà Tĩnh"
    assert ActivityLog.objects.filter(action="pledges.bloc_report.started", object_id=report.pk).exists()


def test_start_bloc_report_twice_is_refused(world, secretariat):
    services.start_bloc_report(world.bloc_year, actor=secretariat, kind=ReportKind.ANNUAL)

    with pytest.raises(DomainError):
        services.start_bloc_report(world.bloc_year, actor=secretariat, kind=ReportKind.ANNUAL)

    assert BlocReport.objects.count() == 1


def test_start_bloc_report_without_head_is_refused(world, secretariat):
    world.bloc_year.memberships.filter(unit=world.head).update(role="member")

    with pytest.raises(DomainError):
        services.start_bloc_report(world.bloc_year, actor=secretariat, kind=ReportKind.SIX_MONTH)

    assert not BlocReport.objects.exists()


def test_issue_bloc_report_numbers_per_bloc_type_and_year(world, secretariat):
    first = BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head, kind=ReportKind.SIX_MONTH)
    second = BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head, kind=ReportKind.ANNUAL)

    services.issue_bloc_report(first, actor=secretariat, issued_on=datetime.date(2020, 7, 20))
    services.issue_bloc_report(second, actor=secretariat, issued_on=datetime.date(2020, 12, 5))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.status == BlocReportStatus.ISSUED
    assert first.issued_on == datetime.date(2020, 7, 20)
    assert ActivityLog.objects.get(action="pledges.bloc_report.issued", object_id=second.pk).data == {"number": 2}


def test_issue_bloc_report_numbering_restarts_in_a_new_year(world, secretariat):
    first = BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head, kind=ReportKind.SIX_MONTH)
    second = BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head, kind=ReportKind.ANNUAL)

    services.issue_bloc_report(first, actor=secretariat, issued_on=datetime.date(2020, 12, 20))
    services.issue_bloc_report(second, actor=secretariat, issued_on=datetime.date(2021, 1, 5))

    second.refresh_from_db()
    assert second.number == 1


def test_issue_bloc_report_again_is_a_no_op(world, secretariat):
    report = BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head)
    services.issue_bloc_report(report, actor=secretariat, issued_on=datetime.date(2020, 7, 20))

    services.issue_bloc_report(report, actor=secretariat, issued_on=datetime.date(2020, 8, 1))

    report.refresh_from_db()
    assert (report.number, report.issued_on) == (1, datetime.date(2020, 7, 20))
    assert ActivityLog.objects.filter(action="pledges.bloc_report.issued").count() == 1


def test_issue_bloc_report_without_signer_is_refused(world, secretariat):
    report = BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head, signer_name="")

    with pytest.raises(DomainError):
        services.issue_bloc_report(report, actor=secretariat, issued_on=datetime.date(2020, 7, 20))

    report.refresh_from_db()
    assert report.status == BlocReportStatus.DRAFT
    assert report.number is None


def test_update_bloc_report_issued_is_refused(world, secretariat):
    report = BlocReportFactory(
        bloc_year=world.bloc_year,
        issuer_unit=world.head,
        status=BlocReportStatus.ISSUED,
        number=3,
        issued_on=datetime.date(2020, 7, 20),
    )

    with pytest.raises(DomainError):
        services.update_bloc_report(report, actor=secretariat, results="Sửa")

    report.refresh_from_db()
    assert report.results == ""


def test_issue_bloc_report_tells_member_officers(
    world, secretariat, unit_officer, other_unit_officer, django_capture_on_commit_callbacks
):
    report = BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head)

    with django_capture_on_commit_callbacks(execute=True):
        services.issue_bloc_report(report, actor=secretariat, issued_on=datetime.date(2020, 7, 20))

    assert set(Notice.objects.values_list("user", flat=True)) == {secretariat.pk, unit_officer.pk}


def test_remove_report_attachment_submitted_meanwhile_is_refused_and_changes_nothing(world, unit_officer):
    report = member_report(world)
    attachment = ReportAttachment(report=report, original_name="a.pdf", size=4, uploaded_by=unit_officer)
    attachment.file.save("a.pdf", ContentFile(b"%PDF"))
    services.submit_unit_report(report, actor=unit_officer)  # submitted from another tab meanwhile
    before = ActivityLog.objects.count()

    with pytest.raises(DomainError):
        services.remove_report_attachment(attachment, actor=unit_officer)

    assert ReportAttachment.objects.filter(pk=attachment.pk).exists()
    assert attachment.file.storage.exists(attachment.file.name)
    assert ActivityLog.objects.count() == before


def test_start_bloc_report_of_a_past_year_names_the_office_as_it_was_then(world, secretariat):
    """World's year is 2020: a report started in 2026 for it still goes to the office under its 2020 name."""
    CouncilOfficeNameFactory(
        province=world.province, name="Ban Thi đua - Khen thưởng tỉnh", valid_to=datetime.date(2025, 6, 30)
    )
    CouncilOfficeNameFactory(
        province=world.province, name="Sở Nội vụ tỉnh", valid_from=datetime.date(2025, 7, 1), valid_to=None
    )

    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC), tick=False):
        report = services.start_bloc_report(world.bloc_year, actor=secretariat, kind=ReportKind.SIX_MONTH)

    assert report.recipients.splitlines()[0] == "Ban Thi đua - Khen thưởng tỉnh"
