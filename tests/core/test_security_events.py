"""Security events: refused state changes and failed logins are kept (outside the refused transaction),
shown on the administrator's dashboard, queryable, and purged after the retention period."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from core.enums import SecurityEventKind
from core.exceptions import DomainError, RefusedTransition
from core.models import ActivityLog, Notice, SecurityEvent
from core.selectors import failed_login_count, security_events
from core.services import log_action, purge_security_events, record_security_event, records_refusals
from core.tasks import purge_security_events as purge_task
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
NOW = datetime.datetime(2026, 11, 29, 9, 0, tzinfo=datetime.UTC)


@records_refusals
@transaction.atomic
def _write_then_refuse(user, *, actor, refusal=RefusedTransition):
    """Writes a notice and an audit entry, then refuses: the writes must roll back."""
    Notice.objects.create(user=user, text="written before the refusal")
    log_action(user, actor=actor, action="test.written")
    raise refusal("The sheet is accepted and cannot be returned.")


@records_refusals
@transaction.atomic
def _outer(user, *, actor):
    return _write_then_refuse(user, actor=actor)


def _event(kind, *, days_ago: float, username="canbo"):
    event = record_security_event(kind, username=username, action="test")
    SecurityEvent.objects.filter(pk=event.pk).update(created=NOW - datetime.timedelta(days=days_ago))
    return event


# --- Refused transitions ------------------------------------------------------------------


def test_records_refusals_refused_transaction_rolls_back_but_event_is_kept(db):
    actor, target = UserFactory(), UserFactory()

    with pytest.raises(RefusedTransition):
        _write_then_refuse(target, actor=actor)

    assert not Notice.objects.exists()
    assert not ActivityLog.objects.filter(action="test.written").exists()
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor, event.username) == (SecurityEventKind.TRANSITION_REFUSED, actor, actor.username)
    assert event.object_id == target.pk
    assert event.action == f"{__name__}._write_then_refuse"
    assert event.reason == "The sheet is accepted and cannot be returned."


def test_records_refusals_nested_services_record_one_event(db):
    actor, target = UserFactory(), UserFactory()

    with pytest.raises(RefusedTransition):
        _outer(target, actor=actor)

    assert SecurityEvent.objects.get().action == f"{__name__}._outer"


def test_records_refusals_plain_domain_error_is_not_a_security_event(db):
    actor, target = UserFactory(), UserFactory()

    with pytest.raises(DomainError):
        _write_then_refuse(target, actor=actor, refusal=DomainError)

    assert not SecurityEvent.objects.exists()
    assert not Notice.objects.exists()


def test_records_refusals_event_does_not_touch_the_audit_chain(db):
    before = ActivityLog.objects.count()

    with pytest.raises(RefusedTransition):
        _write_then_refuse(UserFactory(), actor=None)

    assert ActivityLog.objects.count() == before
    assert SecurityEvent.objects.get().actor is None


# --- Failed logins ------------------------------------------------------------------------


def test_failed_login_records_username_and_address_never_the_password(client, db):
    UserFactory(username="canbo")
    UserFactory(username="khac")

    response = client.post(reverse("login"), {"username": "khac", "password": "sai-mat-khau"}, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 200
    event = SecurityEvent.objects.get()
    assert (event.kind, event.username, event.ip_address) == (SecurityEventKind.LOGIN_FAILED, "khac", "10.0.0.9")
    assert event.actor is None
    assert "sai-mat-khau" not in f"{event.reason} {event.action} {event.object_repr}"


def test_successful_login_records_no_event(client, db):
    UserFactory(username="canbo")

    client.post(reverse("login"), {"username": "canbo", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")

    assert not SecurityEvent.objects.exists()


# --- Queries and dashboard ----------------------------------------------------------------


def test_security_events_selector_filters_by_kind_time_and_actor(db):
    actor = UserFactory()
    old = _event(SecurityEventKind.LOGIN_FAILED, days_ago=3)
    recent = _event(SecurityEventKind.LOGIN_FAILED, days_ago=0.5)
    refused = record_security_event(SecurityEventKind.TRANSITION_REFUSED, actor=actor, action="x", reason="closed")
    since = NOW - datetime.timedelta(days=1)

    with time_machine.travel(NOW, tick=False):
        assert list(security_events(kind=SecurityEventKind.LOGIN_FAILED, since=since)) == [recent]
        assert failed_login_count(since=since) == 1
    assert list(security_events(actor=actor)) == [refused]
    assert set(security_events()) == {old, recent, refused}


def test_dashboard_admin_sees_failed_logins_since_yesterday(client, admin_user):
    _event(SecurityEventKind.LOGIN_FAILED, days_ago=0.2)
    _event(SecurityEventKind.LOGIN_FAILED, days_ago=0.9)
    _event(SecurityEventKind.LOGIN_FAILED, days_ago=5)  # too old to count
    record_security_event(SecurityEventKind.TRANSITION_REFUSED, action="x")  # not a login
    client.force_login(admin_user)

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("dashboard"))

    items = [item for section in response.context["sections"] for item in section.items]
    logins = [item for item in items if item.url == reverse("admin:core_securityevent_changelist")]
    assert len(logins) == 1
    assert logins[0].text.startswith("2 ")
    assert logins[0].level == "warning"


def test_dashboard_non_admin_sees_no_failed_login_count(client, world, council_officer):
    _event(SecurityEventKind.LOGIN_FAILED, days_ago=0.2)
    client.force_login(council_officer)

    response = client.get(reverse("dashboard"))

    assert reverse("admin:core_securityevent_changelist") not in response.content.decode()


def test_admin_changelist_lists_security_events_read_only(client, admin_user):
    _event(SecurityEventKind.LOGIN_FAILED, days_ago=0.2, username="nguoi-la")
    client.force_login(admin_user)

    response = client.get(reverse("admin:core_securityevent_changelist"))

    assert response.status_code == 200
    assert "nguoi-la" in response.content.decode()
    assert client.get(reverse("admin:core_securityevent_add")).status_code == 403


# --- Retention ------------------------------------------------------------------------------


def test_purge_security_events_deletes_only_events_past_retention(db, settings):
    settings.SECURITY_EVENT_RETENTION_DAYS = 30
    kept = _event(SecurityEventKind.LOGIN_FAILED, days_ago=29)
    _event(SecurityEventKind.LOGIN_FAILED, days_ago=31)
    _event(SecurityEventKind.TRANSITION_REFUSED, days_ago=400)

    deleted = purge_security_events(now=NOW)

    assert deleted == 2
    assert list(SecurityEvent.objects.all()) == [kept]
    assert purge_security_events(now=NOW) == 0


def test_purge_security_events_command_and_task_use_the_setting(db, settings, capsys):
    settings.SECURITY_EVENT_RETENTION_DAYS = 7
    _event(SecurityEventKind.LOGIN_FAILED, days_ago=8)
    _event(SecurityEventKind.LOGIN_FAILED, days_ago=6)

    with time_machine.travel(NOW, tick=False):
        call_command("purge_security_events")
        assert "Purged 1 security events" in capsys.readouterr().out
        _event(SecurityEventKind.LOGIN_FAILED, days_ago=10)
        assert purge_task.delay().get() == 1

    assert SecurityEvent.objects.count() == 1


def test_purge_security_events_is_scheduled_daily(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-security-events"]

    assert schedule["task"] == "core.tasks.purge_security_events"
    assert schedule["schedule"].hour == {2}


# --- Forbidden actions ----------------------------------------------------------------------


def test_forbidden_post_is_recorded_with_who_what_and_where(client, world, secretariat):
    BlocYear.objects.filter(pk=world.bloc_year.pk).update(status=BlocYearStatus.CLOSED)
    client.force_login(secretariat)
    url = reverse("blocs:bloc_year_edit", args=[world.bloc_year.pk])

    response = client.post(url, {"theme": "Sửa năm đã đóng"}, REMOTE_ADDR="10.0.0.7")

    assert response.status_code == 403
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor, event.action) == (
        SecurityEventKind.ACTION_FORBIDDEN,
        secretariat,
        "blocs:bloc_year_edit",
    )
    assert (event.reason, event.ip_address) == (url, "10.0.0.7")
    assert BlocYear.objects.get(pk=world.bloc_year.pk).theme == ""


def test_forbidden_get_and_allowed_post_record_nothing(client, world, secretariat, council_member):
    client.force_login(council_member)
    assert client.get(reverse("blocs:bloc_year_edit", args=[world.bloc_year.pk])).status_code == 403
    client.force_login(secretariat)
    response = client.post(reverse("blocs:bloc_year_edit", args=[world.bloc_year.pk]), {"theme": "Chủ đề"})

    assert response.status_code == 302
    assert not SecurityEvent.objects.exists()
