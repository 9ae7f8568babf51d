import datetime
import json
import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone

from core.models import GENESIS_HASH, ActivityChainHead, ActivityLog
from core.selectors import history_for
from core.services import anchor_activity_chain, log_action, recorded_at, verify_activity_chain
from core.tasks import anchor_activity_chain as anchor_activity_chain_task
from core.tasks import check_activity_chain


@pytest.fixture
def intruder(db):
    """Someone with the table owner's rights, who can switch off PostgreSQL's append-only trigger first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_activitylog DISABLE TRIGGER core_activitylog_append_only")


def _log_three(world, actor):
    for action in ["a.one", "a.two", "a.three"]:
        log_action(world.bloc_year, actor=actor, action=action, data={"n": action})


def test_log_action_chains_entries(world, secretariat):
    _log_three(world, secretariat)

    entries = list(ActivityLog.objects.order_by("id"))
    assert entries[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert ActivityChainHead.objects.get().last_hash == entries[-1].hash
    assert entries[0].actor == secretariat
    assert entries[0].object_repr == str(world.bloc_year)


def test_log_action_rolls_back_with_the_callers_transaction(world, secretariat):
    with pytest.raises(RuntimeError), transaction.atomic():
        log_action(world.bloc_year, actor=secretariat, action="a.lost")
        raise RuntimeError

    assert not ActivityLog.objects.exists()
    assert verify_activity_chain().ok


def test_log_action_decimal_and_date_data_survive_round_trip(world, secretariat):
    log_action(
        world.bloc_year,
        actor=secretariat,
        action="a.values",
        data={"p": Decimal("9.5"), "d": datetime.date(2020, 3, 5)},
    )

    assert ActivityLog.objects.get().data == {"p": "9.5", "d": "2020-03-05"}
    assert verify_activity_chain().ok


def test_verify_chain_intact_reports_count(world, secretariat):
    _log_three(world, secretariat)

    report = verify_activity_chain()

    assert report.ok and report.checked == 3


def test_verify_chain_edited_entry_is_found(world, secretariat, intruder):
    _log_three(world, secretariat)
    second = ActivityLog.objects.order_by("id")[1]
    ActivityLog.objects.filter(pk=second.pk).update(data={"n": "forged"})

    report = verify_activity_chain()

    assert report.broken_id == second.pk
    assert report.checked == 1


def test_verify_chain_deleted_middle_entry_is_found(world, secretariat, intruder):
    _log_three(world, secretariat)
    _first, second, third = ActivityLog.objects.order_by("id")
    second.delete()

    assert verify_activity_chain().broken_id == third.pk


def test_verify_chain_deleted_last_entry_is_found(world, secretariat, intruder):
    _log_three(world, secretariat)
    ActivityLog.objects.order_by("-id").first().delete()

    report = verify_activity_chain()

    assert not report.ok and report.broken_id is None


def test_verify_command_reports_first_broken_entry(world, secretariat, intruder, capsys):
    _log_three(world, secretariat)
    call_command("verify_activity_log")
    assert "3 entries verified" in capsys.readouterr().out
    first = ActivityLog.objects.order_by("id").first()
    ActivityLog.objects.filter(pk=first.pk).update(action="a.rewritten")

    with pytest.raises(CommandError, match=f"entry #{first.pk}"):
        call_command("verify_activity_log")


def test_check_activity_chain_task_mails_admins_when_broken(world, secretariat, intruder, settings, mailoutbox):
    settings.ADMINS = [("Admin", "admin@example.invalid")]
    _log_three(world, secretariat)
    ActivityLog.objects.filter(pk=ActivityLog.objects.order_by("id").first().pk).update(object_repr="x")

    result = check_activity_chain.delay().get()

    assert result["ok"] is False
    assert len(mailoutbox) == 1
    assert "Audit chain broken" in mailoutbox[0].subject


def test_history_for_returns_entries_of_the_object_only(world, secretariat):
    log_action(world.bloc_year, actor=secretariat, action="a.mine")
    log_action(world.other_bloc_year, actor=secretariat, action="a.other")

    assert [e.action for e in history_for(world.bloc_year)] == ["a.mine"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_log_action_concurrent_writers_never_fork_the_chain(world, secretariat):
    """20 threads append at once; the head row lock makes them queue, so the chain stays linear."""
    barrier = threading.Barrier(20)
    errors = []

    def write(i):
        try:
            barrier.wait()
            with transaction.atomic():
                log_action(world.bloc_year, actor=secretariat, action=f"a.thread{i}")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    report = verify_activity_chain()
    assert report.ok and report.checked == 20


def test_activity_details_pairs_before_and_after(world, secretariat):
    entry = log_action(
        world.bloc_year, actor=secretariat, action="a.x", data={"before": {"theme": "A"}, "after": {"theme": "B"}}
    )
    plain = log_action(world.bloc_year, actor=secretariat, action="a.y", data={"year": 2021})

    assert entry.details == [("theme", "A", "B")]
    assert plain.details == [("year", None, 2021)]


def test_log_action_inside_recorded_at_carries_that_time_and_chain_verifies(world, secretariat, intruder):
    story = datetime.datetime(2020, 2, 27, 8, 0, tzinfo=datetime.UTC)
    log_action(world.bloc_year, actor=secretariat, action="a.before")
    with recorded_at(story):
        log_action(world.bloc_year, actor=secretariat, action="a.replayed")
    log_action(world.bloc_year, actor=secretariat, action="a.after")

    created = dict(ActivityLog.objects.values_list("action", "created"))
    assert created["a.replayed"] == story
    assert created["a.before"] > story and created["a.after"] > story
    assert verify_activity_chain().ok
    ActivityLog.objects.filter(action="a.replayed").update(created=story + datetime.timedelta(days=1))
    assert not verify_activity_chain().ok  # the time is part of what the hash covers


# --- Append-only on PostgreSQL, daily anchors outside the database ----------------------------


@pytest.mark.postgres
def test_activity_log_update_and_delete_are_refused_by_postgresql(world, secretariat):
    _log_three(world, secretariat)
    first, second, _third = ActivityLog.objects.order_by("id")

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ActivityLog.objects.filter(pk=second.pk).update(data={"n": "forged"})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ActivityLog.objects.filter(pk__gte=second.pk).delete()
    log_action(world.bloc_year, actor=secretariat, action="a.four")

    assert ActivityLog.objects.get(pk=second.pk).data == {"n": "a.two"}
    assert ActivityLog.objects.count() == 4 and verify_activity_chain().ok
    assert ActivityLog.objects.get(pk=first.pk).action == "a.one"


def _cut_tail_and_rewrite_head(keep: int) -> None:
    """What an intruder does: remove the newest entries and make the head row agree with what is left."""
    kept = list(ActivityLog.objects.order_by("id")[:keep])
    ActivityLog.objects.filter(id__gt=kept[-1].id).delete()
    ActivityChainHead.objects.filter(pk=1).update(last_hash=kept[-1].hash, length=keep)


def test_anchor_activity_chain_writes_head_under_media_root_and_mails_admins(world, secretariat, settings, mailoutbox):
    settings.ADMINS = [("Admin", "admin@example.invalid")]
    _log_three(world, secretariat)
    head = ActivityChainHead.objects.get()

    anchor = anchor_activity_chain()

    stored = json.loads((settings.MEDIA_ROOT / "audit-anchors" / anchor.name).read_text())
    assert stored["length"] == 3 and stored["hash"] == head.last_hash
    assert anchor.name == f"{timezone.localdate().isoformat()}.json"
    assert len(mailoutbox) == 1 and head.last_hash in mailoutbox[0].body and "3 entries" in mailoutbox[0].body


def test_verify_chain_tail_removed_and_head_rewritten_is_found_by_the_anchor(world, secretariat, intruder):
    _log_three(world, secretariat)
    anchor_activity_chain()
    _cut_tail_and_rewrite_head(keep=2)

    report = verify_activity_chain()

    assert not report.ok and report.checked == 2
    assert "anchor" in report.reason and "missing" in report.reason


def test_verify_chain_anchored_entry_replaced_by_a_forged_one_is_found(world, secretariat, intruder):
    _log_three(world, secretariat)
    anchor_activity_chain()
    _cut_tail_and_rewrite_head(keep=2)
    log_action(world.bloc_year, actor=secretariat, action="a.three", data={"n": "forged"})
    forged = ActivityLog.objects.order_by("-id").first()

    report = verify_activity_chain()

    assert report.broken_id == forged.pk and "anchor" in report.reason


def test_verify_chain_anchors_older_than_new_entries_still_pass(world, secretariat):
    _log_three(world, secretariat)
    anchor_activity_chain()
    log_action(world.bloc_year, actor=secretariat, action="a.four")

    report = verify_activity_chain()

    assert report.ok and report.checked == 4


def test_verify_chain_unreadable_anchor_is_reported(world, secretariat, settings):
    _log_three(world, secretariat)
    folder = settings.MEDIA_ROOT / "audit-anchors"
    folder.mkdir(parents=True)
    (folder / "2026-01-01.json").write_text("{not json")

    report = verify_activity_chain()

    assert not report.ok and "2026-01-01.json" in report.reason


def test_anchor_command_and_task_write_the_anchor_the_verify_command_checks(
    world, secretariat, settings, capsys, intruder
):
    _log_three(world, secretariat)
    call_command("anchor_activity_log")
    assert "Anchored 3 entries" in capsys.readouterr().out
    assert anchor_activity_chain_task.delay().get()["length"] == 3
    _cut_tail_and_rewrite_head(keep=2)

    with pytest.raises(CommandError, match=r"end of the log: entries are missing .*\(anchor "):
        call_command("verify_activity_log")
    assert list((settings.MEDIA_ROOT / "audit-anchors").glob("*.json"))


def test_beat_schedule_anchors_the_chain_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["anchor-activity-chain"]

    assert entry["task"] == "core.tasks.anchor_activity_chain"
    assert entry["schedule"].hour == {2}
