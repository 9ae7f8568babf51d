"""A closed year refuses every pledge, registration, report and inspection write, the administrator's too."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from blocs.models import Membership
from pledges.models import BlocReport, Inspection, LaunchMeeting, PledgeSignature, Registration, UnitReport
from pledges.services import commitments, reports
from tests.pledges.factories import BlocReportFactory, InspectionFactory, RegistrationFactory, UnitReportFactory
from tests.refusals import assert_refused, close_year


@pytest.fixture(autouse=True)
def _english(english):
    """Refusal reasons are asserted in English."""


def _row(model, pk, *fields):
    return model.objects.filter(pk=pk).values_list(*fields).first()


def _membership(w):
    return Membership.objects.get(bloc_year=w.bloc_year, unit=w.member)


def _report(w, status="draft"):
    return UnitReportFactory(bloc_year=w.bloc_year, unit=w.member, status=status)


def _registration(w, flag, status="draft"):
    return RegistrationFactory(bloc_year=w.bloc_year, unit=w.member, title=flag, status=status)


def _clauses():
    return [{"content": "Hoàn thành 100% chỉ tiêu", "unit_of_measure": "%", "target_value": 100}]


# (name, prepare(world, flag, pledge) → argument, call(argument, world, actor), state(argument, world)).
WRITES = [
    (
        "record_launch_meeting",
        lambda w, f, p: w.bloc_year,
        lambda by, w, a: commitments.record_launch_meeting(
            by, actor=a, held_on=datetime.date(2020, 2, 27), place="Hà Tĩnh", attendees="9 đơn vị"
        ),
        lambda by, w: LaunchMeeting.objects.count(),
    ),
    (
        "save_pledge",
        lambda w, f, p: w.bloc_year,
        lambda by, w, a: commitments.save_pledge(by, actor=a, theme="Chủ đề", clauses=_clauses(), unit_themes={}),
        lambda by, w: list(by.pledge.versions.values_list("number", "theme")),
    ),
    (
        "record_pledge_signature",
        lambda w, f, p: p,
        lambda pledge, w, a: commitments.record_pledge_signature(
            pledge,
            actor=a,
            unit=w.member,
            signer_name="A",
            signer_title="Giám đốc",
            signed_on=datetime.date(2020, 3, 1),
        ),
        lambda pledge, w: PledgeSignature.objects.count(),
    ),
    (
        "create_registration",
        lambda w, f, p: (w.bloc_year, f),
        lambda arg, w, a: commitments.create_registration(arg[0], actor=a, unit=w.member, title=arg[1], targets="X"),
        lambda arg, w: Registration.objects.count(),
    ),
    (
        "update_registration",
        lambda w, f, p: _registration(w, f),
        lambda r, w, a: commitments.update_registration(r, actor=a, targets="Mới"),
        lambda r, w: _row(Registration, r.pk, "targets"),
    ),
    (
        "submit_registration",
        lambda w, f, p: _registration(w, f),
        lambda r, w, a: commitments.submit_registration(r, actor=a),
        lambda r, w: _row(Registration, r.pk, "status"),
    ),
    (
        "accept_registration",
        lambda w, f, p: _registration(w, f, "submitted"),
        lambda r, w, a: commitments.accept_registration(r, actor=a),
        lambda r, w: _row(Registration, r.pk, "status"),
    ),
    (
        "forward_accepted_registrations",
        lambda w, f, p: (_registration(w, f, "accepted"), w.bloc_year)[1],
        lambda by, w, a: commitments.forward_accepted_registrations(by, actor=a),
        lambda by, w: list(Registration.objects.values_list("status", flat=True)),
    ),
    (
        "start_unit_report",
        lambda w, f, p: _membership(w),
        lambda m, w, a: reports.start_unit_report(m, actor=a, kind="annual"),
        lambda m, w: UnitReport.objects.count(),
    ),
    (
        "update_unit_report",
        lambda w, f, p: _report(w),
        lambda r, w, a: reports.update_unit_report(r, actor=a, results="Sửa sau khi khóa"),
        lambda r, w: _row(UnitReport, r.pk, "results"),
    ),
    (
        "submit_unit_report",
        lambda w, f, p: _report(w),
        lambda r, w, a: reports.submit_unit_report(r, actor=a),
        lambda r, w: _row(UnitReport, r.pk, "status", "first_submitted_at"),
    ),
    (
        "return_unit_report",
        lambda w, f, p: _report(w, "submitted"),
        lambda r, w, a: reports.return_unit_report(r, actor=a, reason="Thiếu số liệu"),
        lambda r, w: _row(UnitReport, r.pk, "status", "return_reason"),
    ),
    (
        "accept_unit_report",
        lambda w, f, p: _report(w, "submitted"),
        lambda r, w, a: reports.accept_unit_report(r, actor=a),
        lambda r, w: _row(UnitReport, r.pk, "status"),
    ),
    (
        "start_bloc_report",
        lambda w, f, p: w.bloc_year,
        lambda by, w, a: reports.start_bloc_report(by, actor=a, kind="six_month"),
        lambda by, w: BlocReport.objects.count(),
    ),
    (
        "update_bloc_report",
        lambda w, f, p: BlocReportFactory(bloc_year=w.bloc_year, issuer_unit=w.head),
        lambda r, w, a: reports.update_bloc_report(r, actor=a, summary="Sửa"),
        lambda r, w: _row(BlocReport, r.pk, "summary"),
    ),
    (
        "issue_bloc_report",
        lambda w, f, p: BlocReportFactory(bloc_year=w.bloc_year, issuer_unit=w.head),
        lambda r, w, a: reports.issue_bloc_report(r, actor=a, issued_on=datetime.date(2020, 7, 20)),
        lambda r, w: _row(BlocReport, r.pk, "status", "number"),
    ),
    (
        "record_inspection",
        lambda w, f, p: w.bloc_year,
        lambda by, w, a: reports.record_inspection(by, actor=a, inspected_on=datetime.date(2020, 10, 1), team="Đoàn"),
        lambda by, w: Inspection.objects.count(),
    ),
    (
        "update_inspection",
        lambda w, f, p: InspectionFactory(bloc_year=w.bloc_year),
        lambda i, w, a: reports.update_inspection(i, actor=a, team="Đoàn mới"),
        lambda i, w: _row(Inspection, i.pk, "team"),
    ),
    (
        "set_inspection_finding",
        lambda w, f, p: InspectionFactory(bloc_year=w.bloc_year),
        lambda i, w, a: reports.set_inspection_finding(i, actor=a, unit=w.member, findings="Tốt"),
        lambda i, w: i.findings.count(),
    ),
]


@pytest.mark.parametrize(("name", "prepare", "call", "state"), WRITES, ids=[w[0] for w in WRITES])
def test_pledges_write_admin_in_closed_year_is_refused_and_recorded(
    world, flag, pledge, admin_user, name, prepare, call, state
):
    argument = prepare(world, flag, pledge)
    close_year(world.bloc_year)

    event = assert_refused(
        lambda: call(argument, world, admin_user), state=lambda: state(argument, world), actor=admin_user
    )

    assert event.action.endswith(f".{name}")
    assert "closed" in event.reason


def test_bloc_report_start_view_admin_in_closed_year_shows_message_and_starts_nothing(client, world, admin_user):
    close_year(world.bloc_year)
    client.force_login(admin_user)

    response = client.post(reverse("pledges:bloc_report_start", args=[world.bloc_year.pk, "six_month"]))

    assert response.status_code == 302
    assert any("closed" in str(m) for m in get_messages(response.wsgi_request))
    assert not BlocReport.objects.exists()


def test_report_start_view_admin_in_closed_year_shows_message_and_starts_nothing(client, world, admin_user):
    close_year(world.bloc_year)
    client.force_login(admin_user)

    response = client.post(reverse("pledges:report_start", args=[_membership(world).pk, "six_month"]))

    assert response.status_code == 302
    assert any("closed" in str(m) for m in get_messages(response.wsgi_request))
    assert not UnitReport.objects.exists()


def test_accept_unit_report_accepted_report_return_is_refused_and_recorded(world, secretariat):
    report = _report(world, "accepted")

    event = assert_refused(
        lambda: reports.return_unit_report(report, actor=secretariat, reason="Sửa lại"),
        state=lambda: _row(UnitReport, report.pk, "status"),
        actor=secretariat,
    )

    assert (event.object_id, event.action) == (report.pk, "pledges.services.reports.return_unit_report")
