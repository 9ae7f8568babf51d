import datetime
import uuid
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.http import Http404

from core.documents import get_renderer
from core.enums import SecurityEventKind
from core.history import HistoryRow, present_history
from core.models import ActivityLog, GeneratedFile, Notice, SecurityEvent, User

M = TypeVar("M", bound=models.Model)


def get_or_404(queryset: models.QuerySet[M], pk: object) -> M:
    """The object with ``pk`` among ``queryset`` (the rows the user may see), else 404.

    The one lookup every ``get_*_for_user`` chokepoint ends with. It orders by pk alone: a model's
    display ordering would join and sort for a single row.
    """
    obj = queryset.filter(pk=pk).order_by("pk").first()
    if obj is None:
        raise Http404
    return obj


def history_for(*objects: models.Model, limit: int = 50) -> list[HistoryRow]:
    """The newest audit entries about any of ``objects``, readable (the caller has checked it may see them)."""
    condition = Q(pk__in=[])
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        condition |= Q(content_type=content_type, object_id=obj.pk)
    return present_history(ActivityLog.objects.filter(condition).select_related("actor").order_by("-id")[:limit])


def get_generated_file_for_user(user: User | AnonymousUser, pk: uuid.UUID | str) -> GeneratedFile:
    """A generated file the user may see: they hold the renderer's permission on its target (else 404)."""
    generated = GeneratedFile.objects.filter(pk=pk).select_related("content_type").first()
    if generated is None or generated.target is None:
        raise Http404
    if not user.has_perm(get_renderer(generated.kind).permission, generated.target):
        raise Http404
    return generated


def unread_notices(user: User, *, limit: int = 20) -> models.QuerySet[Notice]:
    return Notice.objects.filter(user=user, read_at__isnull=True).order_by("-created_at")[:limit]


def security_events(
    *, kind: str | None = None, since: datetime.datetime | None = None, actor: User | None = None
) -> models.QuerySet[SecurityEvent]:
    """Security events, newest first, narrowed by kind, time and actor (for the administrator)."""
    events = SecurityEvent.objects.select_related("actor", "content_type").order_by("-created", "-id")
    if kind:
        events = events.filter(kind=kind)
    if since is not None:
        events = events.filter(created__gte=since)
    if actor is not None:
        events = events.filter(actor=actor)
    return events


def failed_login_count(*, since: datetime.datetime) -> int:
    return security_events(kind=SecurityEventKind.LOGIN_FAILED, since=since).count()
