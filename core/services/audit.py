"""The audit chain: entries written by services, the verifier and the anchors kept outside the database."""

import datetime
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.mail import mail_admins
from django.db import models, transaction
from django.utils import timezone

from core.audit import entry_hash, normalise
from core.models import GENESIS_HASH, ActivityChainHead, ActivityLog, User
from core.storage import write_atomically

# Who did it: a signed-in user; an anonymous request or a system job (None) is stored as no actor.
Actor = User | AnonymousUser | None


def signed_in(actor: Actor) -> User | None:
    """The actor as stored on a row: the user when signed in, else None."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def _object_type(content_type: ContentType | None) -> str:
    return f"{content_type.app_label}.{content_type.model}" if content_type else ""


_recorded_at: ContextVar[datetime.datetime | None] = ContextVar("audit_recorded_at", default=None)


@contextmanager
def recorded_at(moment: datetime.datetime) -> Iterator[None]:
    """Audit entries written inside the block carry ``moment`` as their time instead of now.

    Only for replaying a story that happened earlier (the demo loader); the entries still
    join the chain in order and their hashes cover the time they carry.
    """
    token = _recorded_at.set(moment)
    try:
        yield
    finally:
        _recorded_at.reset(token)


def action_time() -> datetime.datetime:
    """Now; inside ``recorded_at``, the moment being replayed (for services whose audit data depends on it)."""
    return _recorded_at.get() or timezone.now()


def log_action(
    obj: models.Model | None, *, actor: Actor, action: str, data: dict[str, Any] | None = None
) -> ActivityLog:
    """Append one entry to the audit chain, inside the caller's transaction.

    Locks the chain head row until the caller's transaction ends, so concurrent
    writers append one after the other and the chain never forks.
    """
    with transaction.atomic():
        head, _ = ActivityChainHead.objects.select_for_update().get_or_create(pk=1)
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None
        entry = ActivityLog(
            created=action_time(),
            actor=signed_in(actor),
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

    Reads only (the database and the anchor files). Detects edited entries (hash mismatch),
    removed or reordered entries (link mismatch), a removed tail (head mismatch) and a tail
    removed together with a rewritten head (an anchor the chain no longer holds).
    """
    anchors: dict[int, list[ChainAnchor]] = {}
    for anchor in read_chain_anchors():
        if anchor.length < 0:
            return ChainReport(0, None, f"the anchor {anchor.name} cannot be read")
        anchors.setdefault(anchor.length, []).append(anchor)
    expected_prev, checked = GENESIS_HASH, 0
    entries = ActivityLog.objects.select_related("content_type").order_by("id")
    for entry in entries.iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return ChainReport(checked, entry.id, "link to the previous entry is broken")
        if entry.hash != _hash_of(entry):
            return ChainReport(checked, entry.id, "content does not match its hash")
        expected_prev, checked = entry.hash, checked + 1
        for anchor in anchors.pop(checked, []):
            if anchor.hash != entry.hash:
                return ChainReport(checked - 1, entry.id, f"entry does not match the anchor {anchor.name}")
    return _check_tail(expected_prev, checked, anchors)


def _check_tail(last_hash: str, checked: int, anchors: dict[int, list["ChainAnchor"]]) -> ChainReport:
    """After the last entry: the head row and the anchors beyond it must not claim more entries."""
    head = ActivityChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != last_hash or head.length != checked):
        return ChainReport(checked, None, "entries are missing at the end of the log")
    beyond = sorted(a for same_length in anchors.values() for a in same_length if a.length > checked)
    if beyond:
        return ChainReport(checked, None, f"entries are missing at the end of the log (anchor {beyond[0].name})")
    return ChainReport(checked)


@dataclass(frozen=True, order=True)
class ChainAnchor:
    """The chain's length and newest hash at one moment, as written outside the database."""

    length: int
    hash: str
    created: str = ""
    name: str = ""


def _anchor_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "audit-anchors"


def anchor_activity_chain() -> ChainAnchor:
    """Write the chain head (length and hash) to a file under the media root and mail it to ADMINS.

    The file (one a day; a second run the same day replaces it with the newer head) and the
    mail keep a copy of the head outside the database, so that removing the newest entries
    and rewriting the head row is still caught by ``verify_activity_chain``.
    """
    head = ActivityChainHead.objects.filter(pk=1).first()
    now = timezone.now()
    anchor = ChainAnchor(
        length=head.length if head else 0,
        hash=head.last_hash if head else GENESIS_HASH,
        created=now.isoformat(timespec="seconds"),
        name=f"{timezone.localdate(now).isoformat()}.json",
    )
    content = json.dumps({"length": anchor.length, "hash": anchor.hash, "created": anchor.created}).encode()
    write_atomically(_anchor_directory() / anchor.name, content)
    mail_admins(
        f"Audit chain anchor {anchor.name}",
        f"Audit log at {anchor.created}: {anchor.length} entries, newest hash {anchor.hash}.\n"
        "Keep this message: the verifier compares the log with these anchors.",
    )
    return anchor


def read_chain_anchors() -> list[ChainAnchor]:
    """Every anchor file under the media root; an unreadable one has length -1 (the verifier reports it)."""
    anchors = []
    for path in sorted(_anchor_directory().glob("*.json")):
        try:
            raw = json.loads(path.read_text())
            anchors.append(ChainAnchor(int(raw["length"]), str(raw["hash"]), str(raw.get("created", "")), path.name))
        except (OSError, ValueError, KeyError, TypeError):
            anchors.append(ChainAnchor(-1, "", "", path.name))
    return anchors


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj``, JSON-ready, for an audit entry's before/after."""
    return normalise({name: getattr(obj, name) for name in fields})


def assign(obj: models.Model, fields: list[str], values: dict[str, Any]) -> None:
    """Set ``values`` on ``obj``; a name outside ``fields`` is a programming error (TypeError), never saved."""
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(obj, name, value)


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Only the fields that changed, as {"before": {...}, "after": {...}}."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {"before": {n: before.get(n) for n in changed}, "after": {n: after[n] for n in changed}}
