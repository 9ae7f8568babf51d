"""Concurrent saves on PostgreSQL: version checks under row locks; no lost update; total = recomputed sum."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from scoring.calculations import sheet_total
from scoring.enums import SchemeItemKind
from scoring.exceptions import LineConflict
from scoring.models import Scheme, SchemeItem, ScoreLine
from scoring.services import sheets as services

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


# PostgreSQL's default 100 connections are shared with other test runs: 25 threads, each with its own
# connection, run the saves (thread k does saves k, k + 25, …), all released together by a barrier.
WORKERS = 25


def _run_in_threads(count: int, work) -> tuple[list, list]:
    """Run ``work(i)`` for i in range(count) across WORKERS threads released together; (results, errors)."""
    workers = min(count, WORKERS)
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def run(k):
        try:
            barrier.wait()
            for i in range(k, count, workers):
                try:
                    results.append(work(i))
                except Exception as exc:  # collected and asserted by the test
                    errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def _recomputed(sheet) -> Decimal:
    pairs = ScoreLine.objects.filter(sheet=sheet).values_list("item__kind", "points")
    return sheet_total(pairs, bonus_cap=sheet.bloc_year.scheme.bonus_cap)


def test_concurrent_saves_same_line_same_version_exactly_one_wins(member_sheet, unit_officer):
    line = member_sheet.lines.get(item__code="I.2")

    def save(i):
        return services.save_line(line, actor=unit_officer, version=1, points=Decimal(i % 20 + 1) / 2)

    results, errors = _run_in_threads(50, save)

    assert len(results) == 1
    assert len(errors) == 49
    assert all(isinstance(error, LineConflict) for error in errors)
    line.refresh_from_db()
    assert line.version == 2
    assert line.points == results[0].points
    member_sheet.refresh_from_db()
    assert member_sheet.total == line.points == _recomputed(member_sheet)


@pytest.fixture
def wide_sheet(world, secretariat):
    """A self-score sheet of unit M with 100 criteria of 10 points each."""
    scheme = Scheme.objects.create(bloc_year=world.bloc_year, title="Thang điểm rộng", bonus_cap=Decimal(0))
    SchemeItem.objects.bulk_create(
        SchemeItem(
            scheme=scheme,
            kind=SchemeItemKind.CRITERION,
            code=f"C.{n}",
            text=f"Tiêu chí {n}",
            max_points=Decimal(10),
            position=n,
            sort_key=f"{n:04d}",
        )
        for n in range(1, 101)
    )
    services.open_self_scoring(world.bloc_year, actor=secretariat)
    return world.bloc_year.score_sheets.get(unit=world.member)


def test_concurrent_saves_of_different_lines_none_lost(wide_sheet, unit_officer):
    lines = list(wide_sheet.lines.order_by("item__sort_key"))

    def save(i):
        return services.save_line(lines[i], actor=unit_officer, version=1, points=Decimal(i % 10) + Decimal("0.5"))

    results, errors = _run_in_threads(100, save)

    assert errors == []
    assert len(results) == 100
    stored = dict(ScoreLine.objects.filter(sheet=wide_sheet).values_list("pk", "points"))
    assert all(stored[line.pk] == Decimal(i % 10) + Decimal("0.5") for i, line in enumerate(lines))
    wide_sheet.refresh_from_db()
    assert wide_sheet.total == _recomputed(wide_sheet) == sum(Decimal(i % 10) + Decimal("0.5") for i in range(100))
