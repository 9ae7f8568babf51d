from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from core.audit import entry_hash, normalise
from core.models import GENESIS_HASH, ActivityChainHead, ActivityLog


def _object_type(content_type: ContentType | None) -> str:
    return f"{content_type.app_label}.{content_type.model}" if content_type else ""


def log_action(obj: models.Model | None, *, actor, action: str, data: dict | None = None) -> ActivityLog:
    """Append one entry to the audit chain, inside the caller's transaction.

    Locks the chain head row until the caller's transaction ends, so concurrent
    writers append one after the other and the chain never forks.
    """
    with transaction.atomic():
        head, _ = ActivityChainHead.objects.select_for_update().get_or_create(pk=1)
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None
        entry = ActivityLog(
            created=timezone.now(),
            actor=actor if actor is not None and actor.is_authenticated else None,
            content_type=content_type,
            object_id=obj.pk if obj is not None else None,
            object_repr=str(obj)[:300] if obj is not None else "",
            action=action,
            data=normalise(data),
            prev_hash=head.last_hash,
        )
        entry.hash = _hash_of(entry)
        entry.save()
        head.last_hash, head.length = entry.hash, head.length + 1
        head.save(update_fields=["last_hash", "length"])
    return entry


def _hash_of(entry: ActivityLog) -> str:
    return entry_hash(
        prev_hash=entry.prev_hash,
        created=entry.created,
        actor_id=entry.actor_id,
        object_type=_object_type(entry.content_type),
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        action=entry.action,
        data=entry.data,
    )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None and not self.reason


def verify_activity_chain() -> ChainReport:
    """Recompute every entry's hash in order; report the first entry that does not match.

    Reads only. Detects edited entries (hash mismatch), removed or reordered
    entries (link mismatch) and a removed tail (head mismatch).
    """
    expected_prev, checked = GENESIS_HASH, 0
    entries = ActivityLog.objects.select_related("content_type").order_by("id")
    for entry in entries.iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return ChainReport(checked, entry.id, "link to the previous entry is broken")
        if entry.hash != _hash_of(entry):
            return ChainReport(checked, entry.id, "content does not match its hash")
        expected_prev, checked = entry.hash, checked + 1
    head = ActivityChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != expected_prev or head.length != checked):
        return ChainReport(checked, None, "entries are missing at the end of the log")
    return ChainReport(checked)


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The values of ``fields`` on ``obj``, JSON-ready, for an audit entry's before/after."""
    return normalise({name: getattr(obj, name) for name in fields})


def changes(before: dict, after: dict) -> dict:
    """Only the fields that changed, as {"before": {...}, "after": {...}}."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {"before": {n: before.get(n) for n in changed}, "after": {n: after[n] for n in changed}}
