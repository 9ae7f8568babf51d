"""Helpers of the tests that a state rule refuses a write for every actor and leaves a security event."""

import pytest

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from core.enums import SecurityEventKind
from core.exceptions import RefusedTransition
from core.models import ActivityLog, SecurityEvent


def close_year(bloc_year: BlocYear) -> BlocYear:
    """Put the year at "closed" directly (the way history arrives from the lifecycle)."""
    BlocYear.objects.filter(pk=bloc_year.pk).update(status=BlocYearStatus.CLOSED)
    bloc_year.refresh_from_db()
    return bloc_year


def assert_refused(call, *, state, actor) -> SecurityEvent:
    """``call()`` raises RefusedTransition, ``state()`` and the audit log are unchanged, one event is kept."""
    before, logged, events = state(), ActivityLog.objects.count(), SecurityEvent.objects.count()
    with pytest.raises(RefusedTransition):
        call()
    assert state() == before
    assert ActivityLog.objects.count() == logged
    assert SecurityEvent.objects.count() == events + 1
    event = SecurityEvent.objects.order_by("-id").first()
    assert event.kind == SecurityEventKind.TRANSITION_REFUSED
    assert event.actor == actor
    assert event.reason
    return event
