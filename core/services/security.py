"""Security events: refused state changes, forbidden actions and failed logins, kept apart from the audit chain."""

import datetime
import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

from core.enums import SecurityEventKind
from core.exceptions import RefusedTransition
from core.models import SecurityEvent
from core.services.audit import Actor, signed_in

P = ParamSpec("P")
R = TypeVar("R")


def record_security_event(
    kind: str,
    *,
    actor: Actor = None,
    action: str = "",
    reason: str | Promise = "",
    obj: models.Model | None = None,
    username: str = "",
    ip_address: str | None = None,
) -> SecurityEvent:
    """Store one security event (a refused state change, a failed login). No audit-chain lock is taken."""
    user = signed_in(actor)
    return SecurityEvent.objects.create(
        kind=kind,
        actor=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=ip_address or None,
        action=action[:200],
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        object_repr=str(obj)[:300] if obj is not None else "",
        reason=str(reason),
    )


_refusal_depth = ContextVar("refusal_depth", default=0)


def records_refusals(service: Callable[P, R]) -> Callable[P, R]:
    """Record a RefusedTransition raised by ``service`` as a security event, then raise it on.

    Put it above ``@transaction.atomic``: the event is written after the service's own
    transaction rolled back, so it survives the rollback. Only the outermost wrapped call
    records, so a service calling another records one event, outside both transactions.
    """

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        outermost = _refusal_depth.get() == 0
        token = _refusal_depth.set(_refusal_depth.get() + 1)
        try:
            return service(*args, **kwargs)
        except RefusedTransition as refusal:
            if outermost:
                _record_refusal(service, refusal, obj=args[0] if args else None, actor=kwargs.get("actor"))
            raise
        finally:
            _refusal_depth.reset(token)

    return wrapper


def _record_refusal(service: Callable[..., Any], refusal: RefusedTransition, *, obj: Any, actor: Any) -> None:
    record_security_event(
        SecurityEventKind.TRANSITION_REFUSED,
        actor=actor,
        action=f"{service.__module__}.{service.__name__}",
        reason=refusal.message,
        obj=obj,
    )


def purge_security_events(*, now: datetime.datetime | None = None) -> int:
    """Delete security events older than ``SECURITY_EVENT_RETENTION_DAYS``; returns how many went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
    deleted, _by_model = SecurityEvent.objects.filter(created__lt=cutoff).delete()
    return deleted
