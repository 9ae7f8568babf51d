"""The demo loader: the 2019/2020 story at its own dates, today's year live on top of it."""

import datetime

import pytest
from django.utils import timezone

from awards.models import CouncilSession
from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from core.dashboard import sections_for
from core.models import ActivityLog, Notice, User
from core.services import verify_activity_chain
from pledges.enums import RegistrationStatus, ReportKind, ReportStatus
from pledges.models import Registration, UnitReport
from tests.conftest import demo_story

# A day the demo was certainly not written for: the current year is computed from it.
TODAY = datetime.datetime(2031, 5, 20, 10, 0, tzinfo=datetime.UTC)
PERSONAS = ["admin", "vanphong.hatinh", "hoidong.hatinh", "thuky.noichinh.hatinh", "canbo.congan.hatinh"]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, demo_media):
    """The demo story loaded once for this module, on TODAY, with its on-commit work done."""
    with demo_story(django_db_blocker, demo_media, at=TODAY, execute_on_commit=True):
        yield


@pytest.fixture
def demo(demo_db):
    """The demo story loaded on TODAY; each test's changes roll back."""


def _current():
    return BlocYear.objects.select_related("rule").get(
        bloc__province__code="42", bloc__name__contains="Nội chính", year=2031
    )


def test_load_demo_opens_the_current_year_in_progress_from_2020(demo):
    current = _current()
    previous = BlocYear.objects.get(bloc=current.bloc, year=2020)

    assert current.status == BlocYearStatus.IN_PROGRESS
    members = set(current.memberships.values_list("unit_id", "role"))
    assert members == set(previous.memberships.values_list("unit_id", "role"))
    assert current.pledge.signatures.count() == len(members) == 9
    assert previous.status == BlocYearStatus.SCORING  # kept for a visitor to verify scores and hold the meeting


def test_load_demo_current_year_deadlines_around_today(demo):
    rule, today = _current().rule, TODAY.date()

    assert 0 < (rule.six_month_report_deadline - today).days <= 7
    assert rule.registration_deadline < today < rule.annual_report_deadline
    registrations = Registration.objects.filter(bloc_year=_current())
    assert all(r.submitted_at.date() <= rule.registration_deadline for r in registrations)
    assert set(registrations.values_list("status", flat=True)) == {
        RegistrationStatus.FORWARDED,
        RegistrationStatus.SUBMITTED,
        RegistrationStatus.RETURNED,
    }


def test_load_demo_audit_entries_carry_the_story_dates_and_chain_verifies(demo):
    created = [timezone.localtime(c) for c in ActivityLog.objects.values_list("created", flat=True)]

    assert created and all(moment < TODAY for moment in created)
    # 2019 and 2021: the compliance records of awards/demo.py (raised and resolved then).
    assert {moment.year for moment in created} == {2019, 2020, 2021, 2025, 2031}
    submitted_2020 = ActivityLog.objects.filter(action="pledges.unit_report.submitted", created__year=2020)
    assert submitted_2020.exists() and all(e.data["days_late"] <= 3 for e in submitted_2020)
    assert verify_activity_chain().ok


def test_load_demo_notices_of_the_story_are_read(demo):
    assert Notice.objects.exists()
    assert not Notice.objects.filter(read_at__isnull=True).exists()


def test_load_demo_every_persona_dashboard_shows_nothing_absurd(demo):
    today = TODAY.date()
    for username in PERSONAS:
        items = [i for s in sections_for(User.objects.get(username=username), today=today) for i in s.items]
        assert all(i.days_left is None or i.days_left >= -31 for i in items), username
        # 2020 stays at scoring for a visitor to verify scores: its items are work, never "years late".
        assert not any("2020" in i.text and i.days_left is not None for i in items), username


def test_load_demo_unit_and_secretariat_have_live_work(demo):
    today = TODAY.date()
    police = [i for s in sections_for(User.objects.get(username="canbo.congan.hatinh"), today=today) for i in s.items]
    secretary = [
        i for s in sections_for(User.objects.get(username="thuky.noichinh.hatinh"), today=today) for i in s.items
    ]

    assert any("2031" in i.text and i.days_left is not None and 0 < i.days_left <= 7 for i in police)
    waiting = UnitReport.objects.filter(bloc_year=_current(), kind=ReportKind.SIX_MONTH, status=ReportStatus.SUBMITTED)
    assert waiting.exists()
    assert sum(str(r) in i.text for r in waiting for i in secretary) == waiting.count()


def test_load_demo_council_member_sees_this_years_session_coming(demo):
    today = TODAY.date()
    member = User.objects.get(username="hoidong.hatinh")

    items = [i for s in sections_for(member, today=today) for i in s.items]

    session = CouncilSession.objects.get(held_on__gte=today)
    assert session.held_on > today and session.held_on.weekday() < 5 and session.status == "planned"
    assert any(session.held_on.strftime("%d/%m/%Y") in i.text for i in items)
