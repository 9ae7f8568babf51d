"""Demo data: Hà Tĩnh 2020 (closed, history) with its launch meeting, pledge signed by all 9 members, 9/9 for the flag."""

import datetime

import pytest
from django.core.management import call_command

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from core.models import Notice
from core.services import verify_activity_chain
from pledges.enums import RegistrationStatus
from pledges.models import LaunchMeeting, Pledge, PledgeSignature, PledgeVersion, Registration


# Loads the demo itself (its on-commit work run), so it comes before the tests sharing the module's load.
def test_demo_registrations_dated_2020_before_the_deadline_and_their_notices_read(
    db, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    demo = BlocYear.objects.get(bloc__province__name="Hà Tĩnh", year=2020)

    deadline = demo.rule.registration_deadline
    submitted = {r.submitted_at.date() for r in demo.registrations.all()}
    assert submitted and all(day.year == 2020 and day <= deadline for day in submitted)
    urls = [r.get_absolute_url() for r in demo.registrations.all()]
    assert Notice.objects.filter(url__in=urls).exists()
    assert not Notice.objects.filter(url__in=urls, read_at__isnull=True).exists()


@pytest.fixture
def demo(demo_db):
    """Hà Tĩnh 2020 in the demo story, loaded once for this module; each test's changes roll back."""
    return BlocYear.objects.get(bloc__province__name="Hà Tĩnh", year=2020)


def _counts():
    return [m.objects.count() for m in (LaunchMeeting, Pledge, PledgeVersion, PledgeSignature, Registration)]


def test_demo_hatinh_2020_at_scoring_with_meeting_and_every_signature(demo):
    assert demo.status == BlocYearStatus.SCORING
    assert demo.launch_meeting.held_on == datetime.date(2020, 2, 27)
    members = set(demo.memberships.filter(left_on__isnull=True).values_list("unit_id", flat=True))
    assert len(members) == 9
    assert set(demo.pledge.signatures.values_list("unit_id", flat=True)) == members
    version = demo.pledge.versions.get()
    assert version.theme == demo.theme and version.theme.startswith("Đoàn kết, sáng tạo")
    assert version.clauses.count() >= 5 and version.unit_themes.count() == 9


def test_demo_hatinh_2020_nine_of_nine_registered_for_the_flag_and_forwarded(demo):
    flag = demo.registrations.filter(title__name="Cờ thi đua của UBND tỉnh")

    assert flag.count() == 9
    assert set(flag.values_list("status", flat=True)) == {RegistrationStatus.FORWARDED}


def test_demo_loading_twice_changes_nothing(demo):
    before = _counts()

    call_command("load_demo")

    assert _counts() == before
    assert verify_activity_chain().ok
