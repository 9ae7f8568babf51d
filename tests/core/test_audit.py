import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections, connection, transaction

from core.models import GENESIS_HASH, ActivityChainHead, ActivityLog
from core.selectors import history_for
from core.services import log_action, verify_activity_chain
from core.tasks import check_activity_chain


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
    import datetime
    from decimal import Decimal

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


def test_verify_chain_edited_entry_is_found(world, secretariat):
    _log_three(world, secretariat)
    second = ActivityLog.objects.order_by("id")[1]
    ActivityLog.objects.filter(pk=second.pk).update(data={"n": "forged"})

    report = verify_activity_chain()

    assert report.broken_id == second.pk
    assert report.checked == 1


def test_verify_chain_deleted_middle_entry_is_found(world, secretariat):
    _log_three(world, secretariat)
    _first, second, third = ActivityLog.objects.order_by("id")
    second.delete()

    assert verify_activity_chain().broken_id == third.pk


def test_verify_chain_deleted_last_entry_is_found(world, secretariat):
    _log_three(world, secretariat)
    ActivityLog.objects.order_by("-id").first().delete()

    report = verify_activity_chain()

    assert not report.ok and report.broken_id is None


def test_verify_command_reports_first_broken_entry(world, secretariat, capsys):
    _log_three(world, secretariat)
    call_command("verify_activity_log")
    assert "3 entries verified" in capsys.readouterr().out
    first = ActivityLog.objects.order_by("id").first()
    ActivityLog.objects.filter(pk=first.pk).update(action="a.rewritten")

    with pytest.raises(CommandError, match=f"entry #{first.pk}"):
        call_command("verify_activity_log")


def test_check_activity_chain_task_mails_admins_when_broken(world, secretariat, settings, mailoutbox):
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


def test_log_action_inside_recorded_at_carries_that_time_and_chain_verifies(world, secretariat):
    import datetime

    from core.services import recorded_at

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
