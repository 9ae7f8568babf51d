"""PostgreSQL row locks: concurrent moves of a year, concurrent signatures and decisions change things once."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from blocs import services as bloc_services
from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from core.exceptions import DomainError
from core.models import ActivityLog
from pledges.enums import RegistrationStatus
from pledges.models import LaunchMeeting, PledgeSignature, Registration
from pledges.services import commitments as services
from tests.pledges.factories import PledgeFactory, RegistrationFactory, TitleFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 8


def _race(work) -> tuple[int, list[Exception]]:
    """Run ``work()`` in THREADS threads released together; (successes, errors)."""
    barrier, done, errors = threading.Barrier(THREADS), [], []

    def run():
        try:
            barrier.wait()
            work()
            done.append(1)
        except Exception as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done), errors


def test_launch_bloc_year_concurrent_calls_move_once(world, secretariat):
    LaunchMeeting.objects.create(
        bloc_year=world.bloc_year, held_on=datetime.date(2020, 2, 27), place="Hà Tĩnh", attendees="Ban TĐKT"
    )

    succeeded, errors = _race(
        lambda: bloc_services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.LAUNCHED, actor=secretariat)
    )

    assert (succeeded, errors) == (THREADS, [])  # the others see the new status and do nothing
    assert BlocYear.objects.get(pk=world.bloc_year.pk).status == BlocYearStatus.LAUNCHED
    assert ActivityLog.objects.filter(action="blocs.bloc_year.moved").count() == 1


def test_record_pledge_signature_concurrent_calls_record_one(world, unit_officer):
    pledge = PledgeFactory(bloc_year=world.bloc_year)

    def sign():
        services.record_pledge_signature(
            pledge,
            actor=unit_officer,
            unit=world.member,
            signer_name="Phạm Minh Dũng",
            signer_title="Giám đốc",
            signed_on=datetime.date(2020, 2, 27),
        )

    succeeded, errors = _race(sign)

    assert succeeded == 1
    assert len(errors) == THREADS - 1 and all(isinstance(e, DomainError) for e in errors)
    assert PledgeSignature.objects.count() == 1
    assert ActivityLog.objects.filter(action="pledges.pledge.signed").count() == 1


def test_accept_and_return_registration_race_one_decision_wins(world, secretariat):
    registration = RegistrationFactory(
        bloc_year=world.bloc_year, unit=world.member, title=TitleFactory(), status=RegistrationStatus.SUBMITTED
    )
    turn = iter(range(THREADS))

    def decide():
        if next(turn) % 2:
            services.accept_registration(registration, actor=secretariat)
        else:
            services.return_registration(registration, actor=secretariat, reason="Thiếu chỉ tiêu")

    _, errors = _race(decide)

    final = Registration.objects.get().status
    assert final in (RegistrationStatus.ACCEPTED, RegistrationStatus.RETURNED)
    assert all(isinstance(e, DomainError) for e in errors) and errors
    decisions = ActivityLog.objects.filter(
        action__in=["pledges.registration.accepted", "pledges.registration.returned"]
    )
    assert decisions.count() == 1
