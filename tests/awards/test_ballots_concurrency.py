"""Parallel casts on PostgreSQL: each unit votes once, whatever one voter fires at the same time."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import translation

from awards.models import CastBallot, Participation
from awards.services.ballots import cast_ballot
from core.exceptions import DomainError
from tests.awards.conftest import open_ballot_among

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# PostgreSQL's default 100 connections are shared with other test runs: 25 threads, each with its own
# connection, run the casts (thread k does casts k, k + 25, …), all released together by a barrier.
WORKERS = 25


def _run_in_threads(work: list) -> tuple[list, list]:
    barrier = threading.Barrier(WORKERS)
    results, errors = [], []

    def run(k):
        try:
            barrier.wait()
            translation.activate("en")  # a thread starts in the default language; the test reads English
            for call in work[k::WORKERS]:
                try:
                    results.append(call())
                except Exception as exc:  # collected and asserted by the test
                    errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_cast_ballot_30_units_and_50_parallel_casts_by_one_exactly_30_ballots(world, admin_user):
    ballot, voters = open_ballot_among(world.bloc_year, voters=30, actor=admin_user)
    candidate = voters[0][1].pk
    eager, _unit = voters[0]
    work = [lambda: cast_ballot(ballot, voter=eager, choice=[candidate]) for _ in range(50)]
    work += [lambda voter=voter: cast_ballot(ballot, voter=voter, choice=[candidate]) for voter, _unit in voters[1:]]
    work = work[::2] + work[1::2]  # the eager voter's casts are spread among the others'

    results, errors = _run_in_threads(work)

    assert len(results) == 30 and len(set(results)) == 30
    assert len(errors) == 49 and all(isinstance(e, DomainError) and "already voted" in str(e) for e in errors)
    assert Participation.objects.filter(ballot=ballot).count() == 30
    assert CastBallot.objects.filter(ballot=ballot).count() == 30
    assert Participation.objects.filter(ballot=ballot, voter=eager).count() == 1
