"""The daily reminders, with frozen time and the mail outbox: 7 days, 1 day, overdue; never twice."""

import datetime
import smtplib
import threading
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from blocs.enums import BlocYearStatus
from core.models import Notice
from pledges.enums import ReminderItem, ReminderStage, ReportKind, ReportStatus
from pledges.models import Reminder
from pledges.services.reminders import send_due_reminders
from pledges.tasks import send_due_reminders as send_due_reminders_task
from scoring.enums import SheetStatus, Stage
from scoring.models import ScoreSheet
from tests.pledges.factories import RegistrationFactory, UnitReportFactory

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SIX_MONTH_DUE = datetime.date(2020, 7, 15)  # the world's rules use the default calendar
WEEK_BEFORE, DAY_BEFORE, OVERDUE = datetime.date(2020, 7, 8), datetime.date(2020, 7, 14), datetime.date(2020, 7, 16)


@pytest.fixture
def officers(world, secretariat, deputy_officer, unit_officer, english):
    for user, email in [(secretariat, "tt@ht.vn"), (deputy_officer, "stp@ht.vn"), (unit_officer, "ca@ht.vn")]:
        user.email = email
        user.save()
    return {"head": secretariat, "deputy": deputy_officer, "member": unit_officer}


def label(item: ReminderItem) -> str:
    """The item's name as the mail shows it: in the site's default language, whatever the test's."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(item.label)


def recipients(message) -> tuple[list, list]:
    return sorted(message.to), sorted(message.cc)


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_send_due_reminders_week_before_mails_each_unit_officer(world, officers):
    reminded = send_due_reminders(today=WEEK_BEFORE)

    assert reminded == 3
    assert sorted(recipients(m) for m in mail.outbox) == [(["ca@ht.vn"], []), (["stp@ht.vn"], []), (["tt@ht.vn"], [])]
    message = mails_to("ca@ht.vn")[0]
    assert (
        label(ReminderItem.SIX_MONTH_REPORT) in message.subject
        and "Công an tỉnh" in message.subject
        and "15/07/2020" in message.body
    )
    assert Notice.objects.filter(user=officers["member"]).count() == 1
    row = Reminder.objects.get(user=officers["member"])
    assert (row.item, row.stage, row.due_date) == (
        ReminderItem.SIX_MONTH_REPORT,
        ReminderStage.WEEK_BEFORE,
        SIX_MONTH_DUE,
    )


def test_send_due_reminders_twice_sends_no_second_mail(world, officers):
    send_due_reminders(today=WEEK_BEFORE)

    again = send_due_reminders(today=WEEK_BEFORE)
    next_day = send_due_reminders(today=WEEK_BEFORE + datetime.timedelta(days=1))

    assert (again, next_day) == (0, 0)
    assert len(mail.outbox) == 3
    assert Notice.objects.count() == 3


def test_send_due_reminders_day_before_is_a_new_reminder(world, officers):
    send_due_reminders(today=WEEK_BEFORE)

    send_due_reminders(today=DAY_BEFORE)

    assert len(mails_to("ca@ht.vn")) == 2
    stages = Reminder.objects.filter(user=officers["member"]).values_list("stage", flat=True)
    assert sorted(stages) == sorted([ReminderStage.WEEK_BEFORE, ReminderStage.DAY_BEFORE])


def test_send_due_reminders_overdue_copies_the_secretariat(world, officers):
    send_due_reminders(today=OVERDUE)

    assert recipients(mails_to("ca@ht.vn")[0]) == (["ca@ht.vn"], ["tt@ht.vn"])
    assert recipients(mails_to("stp@ht.vn")[0]) == (["stp@ht.vn"], ["tt@ht.vn"])
    # the head unit's own report: its officers are the secretariat, reminded once, not copied to themselves
    assert recipients(mails_to("tt@ht.vn")[0]) == (["tt@ht.vn"], [])
    assert Reminder.objects.filter(user=officers["head"], stage=ReminderStage.OVERDUE).count() == 3


def test_send_due_reminders_overdue_only_once_across_days(world, officers):
    send_due_reminders(today=OVERDUE)

    assert send_due_reminders(today=OVERDUE + datetime.timedelta(days=5)) == 0
    assert len(mail.outbox) == 3


def test_send_due_reminders_long_overdue_is_left_alone(world, officers):
    assert send_due_reminders(today=SIX_MONTH_DUE + datetime.timedelta(days=31)) == 0
    assert not mail.outbox


@pytest.mark.parametrize(
    ("status", "reminded"),
    [
        (ReportStatus.DRAFT, True),
        (ReportStatus.RETURNED, True),
        (ReportStatus.SUBMITTED, False),
        (ReportStatus.ACCEPTED, False),
    ],
)
def test_send_due_reminders_only_while_the_unit_has_not_submitted(world, officers, status, reminded):
    UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, kind=ReportKind.SIX_MONTH, status=status)

    send_due_reminders(today=WEEK_BEFORE)

    assert bool(mails_to("ca@ht.vn")) is reminded
    assert len(mails_to("tt@ht.vn")) == 1


@pytest.mark.parametrize(
    ("status", "reminded"),
    [("draft", True), ("returned", True), ("submitted", False), ("accepted", False), ("forwarded", False)],
)
def test_send_due_reminders_title_registration(world, officers, status, reminded):
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, status=status)

    send_due_reminders(today=datetime.date(2020, 3, 30))

    assert bool(mails_to("ca@ht.vn")) is reminded
    assert label(ReminderItem.REGISTRATION) in mails_to("tt@ht.vn")[0].subject


def test_send_due_reminders_annual_report_one_day_before(world, officers):
    send_due_reminders(today=datetime.date(2020, 11, 29))

    rows = set(Reminder.objects.values_list("item", "stage").distinct())
    assert rows == {(ReminderItem.ANNUAL_REPORT, ReminderStage.DAY_BEFORE)}


def test_send_due_reminders_closed_year_and_departed_unit_get_nothing(world, officers):
    world.bloc_year.memberships.filter(unit=world.member).update(
        left_on=datetime.date(2020, 6, 1), left_reason="Sáp nhập"
    )
    world.other_bloc_year.status = BlocYearStatus.CLOSED
    world.other_bloc_year.save()

    send_due_reminders(today=WEEK_BEFORE)

    assert not mails_to("ca@ht.vn")
    assert len(mail.outbox) == 2


def test_send_due_reminders_officer_without_email_still_gets_the_notice(world, officers):
    officers["member"].email = ""
    officers["member"].save()

    send_due_reminders(today=WEEK_BEFORE)

    assert len(mail.outbox) == 2
    assert Notice.objects.filter(user=officers["member"]).exists()


def test_send_due_reminders_failed_send_claims_nothing_and_retries_next_run(world, officers, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_due_reminders(today=WEEK_BEFORE)
    assert not Reminder.objects.exists() and not Notice.objects.exists()
    monkeypatch.undo()

    assert send_due_reminders(today=WEEK_BEFORE) == 3


def test_send_reminders_command_runs_the_job_for_today(world, officers, capsys):
    with time_machine.travel(datetime.datetime(2020, 7, 8, 1, 0, tzinfo=HANOI), tick=False):
        call_command("send_reminders")
        call_command("send_reminders")

    assert len(mail.outbox) == 3
    assert capsys.readouterr().out.splitlines() == ["3 reminded", "0 reminded"]


def test_send_due_reminders_task_uses_the_local_date(world, officers):
    # 17:30 UTC on 7 July is already 8 July in Vietnam: the week-before reminder is due.
    with time_machine.travel(datetime.datetime(2020, 7, 7, 17, 30, tzinfo=datetime.UTC), tick=False):
        assert send_due_reminders_task.delay().get() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_send_due_reminders_two_concurrent_runs_send_each_reminder_once(world, officers):
    results, errors = [], []

    def run():
        try:
            results.append(send_due_reminders(today=WEEK_BEFORE))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sum(results) == 3
    assert len(mail.outbox) == 3
    assert Reminder.objects.count() == 3


# --- Self-scoring ---------------------------------------------------------------------------
SELF_DUE = datetime.date(2020, 12, 5)  # the annual report is moved out of the way, to tell the reminders apart


@pytest.fixture
def self_scoring(world):
    """Self-scoring opened: the member's sheet in draft, the deputy's already submitted, none for the head."""
    rule = world.bloc_year.rule
    rule.self_scoring_deadline, rule.annual_report_deadline = SELF_DUE, datetime.date(2020, 12, 31)
    rule.save(update_fields=["self_scoring_deadline", "annual_report_deadline"])
    ScoreSheet.objects.create(bloc_year=world.bloc_year, unit=world.member, stage=Stage.SELF)
    ScoreSheet.objects.create(
        bloc_year=world.bloc_year, unit=world.deputy, stage=Stage.SELF, status=SheetStatus.SUBMITTED
    )


def self_scoring_rows():
    return Reminder.objects.filter(item=ReminderItem.SELF_SCORING)


def test_send_due_reminders_self_scoring_week_before_only_units_with_a_sheet_to_send(world, officers, self_scoring):
    with time_machine.travel(datetime.datetime(2020, 11, 28, 8, 0, tzinfo=HANOI), tick=False):
        call_command("send_reminders")

    assert [recipients(m) for m in mail.outbox] == [(["ca@ht.vn"], [])]
    message = mail.outbox[0]
    assert label(ReminderItem.SELF_SCORING) in message.subject and "05/12/2020" in message.body
    assert f"/scoring/years/{world.bloc_year.pk}/scores/mine/" in message.body
    row = self_scoring_rows().get()
    assert (row.user, row.stage, row.due_date) == (officers["member"], ReminderStage.WEEK_BEFORE, SELF_DUE)
    assert Notice.objects.filter(user=officers["member"], url__endswith="/scores/mine/").count() == 1


def test_send_due_reminders_self_scoring_once_per_person_and_deadline(world, officers, self_scoring):
    first = send_due_reminders(today=datetime.date(2020, 11, 28))
    again = send_due_reminders(today=datetime.date(2020, 11, 29))
    day_before = send_due_reminders(today=datetime.date(2020, 12, 4))

    assert (first, again, day_before) == (1, 0, 1)
    stages = sorted(self_scoring_rows().values_list("stage", flat=True))
    assert stages == sorted([ReminderStage.WEEK_BEFORE, ReminderStage.DAY_BEFORE])


def test_send_due_reminders_self_scoring_overdue_copies_secretariat_and_returned_counts(world, officers, self_scoring):
    ScoreSheet.objects.filter(unit=world.member).update(status=SheetStatus.RETURNED)

    with time_machine.travel(datetime.datetime(2020, 12, 6, 8, 0, tzinfo=HANOI), tick=False):
        call_command("send_reminders")

    assert [recipients(m) for m in mail.outbox] == [(["ca@ht.vn"], ["tt@ht.vn"])]
    assert set(self_scoring_rows().values_list("user", "stage")) == {
        (officers["member"].pk, ReminderStage.OVERDUE),
        (officers["head"].pk, ReminderStage.OVERDUE),
    }


def test_send_due_reminders_self_scoring_sent_sheet_gets_nothing(world, officers, self_scoring):
    ScoreSheet.objects.filter(unit=world.member).update(status=SheetStatus.SUBMITTED)

    assert send_due_reminders(today=datetime.date(2020, 12, 4)) == 0
    assert not self_scoring_rows().exists()
