"""In-app notices: the bell's messages to one user."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise

from core.models import Notice, User


def notify(user: User, *, text: str | Promise, url: str = "", key: str = "") -> Notice | None:
    """Leave an in-app notice for ``user``. With a ``key``, a second notice with the same key is not created."""
    if key and Notice.objects.filter(user=user, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notice.objects.create(user=user, text=str(text)[:500], url=url, key=key)
    except IntegrityError:  # the same key, created concurrently
        return None


def mark_notices_read(user: User, *, notice_ids: list[int] | None = None) -> int:
    """Mark the user's unread notices (all, or the given ones) read; returns how many changed."""
    notices = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    return notices.update(read_at=timezone.now())
