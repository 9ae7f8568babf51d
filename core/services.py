import datetime
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from core.audit import entry_hash, normalise
from core.documents import get_renderer
from core.enums import GeneratedFileStatus
from core.models import (
    GENESIS_HASH,
    ActivityChainHead,
    ActivityLog,
    DocumentNumber,
    GeneratedFile,
    IssuedDocument,
    Notice,
)

logger = logging.getLogger(__name__)


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


def request_generated_file(target: models.Model, *, kind: str, actor) -> GeneratedFile:
    """Ask for a file to be rendered in the background.

    Creates the pending row, writes the audit entry, and enqueues the build once the
    transaction commits (in-process without a broker). Returns the pending row.
    """
    get_renderer(kind)  # an unknown kind is a programming error: fail here, not in the worker
    with transaction.atomic():
        generated = GeneratedFile.objects.create(
            kind=kind,
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            object_id=target.pk,
            requested_by=actor if actor is not None and actor.is_authenticated else None,
        )
        log_action(target, actor=actor, action="core.file.requested", data={"kind": kind, "file": str(generated.pk)})
        from core.tasks import build_generated_file as build_task

        transaction.on_commit(lambda: build_task.delay(str(generated.pk)))
    return generated


def build_generated_file(generated: GeneratedFile) -> GeneratedFile:
    """Render a pending file, write it atomically (temporary name, then rename) and store its sha256.

    Idempotent: a file that is no longer pending is returned unchanged. A rendering error
    marks the file failed with the error, so the waiting page can say so.
    """
    if generated.status != GeneratedFileStatus.PENDING:
        return generated
    renderer = get_renderer(generated.kind)
    try:
        rendered = renderer.render(generated.target)
    except Exception as error:
        logger.exception("Rendering %s %s failed", generated.kind, generated.pk)
        return _finish(generated, status=GeneratedFileStatus.FAILED, error=str(error)[:2000])
    relative = Path("generated") / str(timezone.now().year) / f"{generated.pk}{Path(rendered.filename).suffix}"
    _write_atomically(Path(settings.MEDIA_ROOT) / relative, rendered.content)
    generated.file.name = str(relative)
    return _finish(
        generated,
        status=GeneratedFileStatus.READY,
        filename=rendered.filename,
        sha256=hashlib.sha256(rendered.content).hexdigest(),
        size=len(rendered.content),
    )


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _finish(generated: GeneratedFile, *, status: str, **fields) -> GeneratedFile:
    for name, value in fields.items():
        setattr(generated, name, value)
    generated.status, generated.finished_at = status, timezone.now()
    generated.save(update_fields=["status", "finished_at", "file", *fields])
    return generated


def next_document_number(*, issuer_key: str, type_code: str, year: int) -> int:
    """The next number of an issuer's documents of one type in one year (Decree 30), starting at 1.

    Locks the counter row, so two documents issued at once never share a number; call it
    inside the transaction that stores the number.
    """
    with transaction.atomic():
        counter, _ = DocumentNumber.objects.select_for_update().get_or_create(
            issuer_key=issuer_key, type_code=type_code, year=year
        )
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
    return counter.last_number


@dataclass(frozen=True)
class Issue:
    """What a document prints when it is issued; the number is drawn by ``issue_document``."""

    issuer_key: str  # whose numbering: "bloc:7", "unit:12"
    type_code: str  # "BC", "GƯ", ...
    issuer_code: str  # after the type in the number: "KTĐ", "CAT"
    issued_on: datetime.date
    place: str
    superior: str
    issuer: str
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients: list[str]


def issued_document_of(target: models.Model, *, kind: str) -> IssuedDocument | None:
    """The issued record of ``target`` as a document of ``kind``; None while it is a draft."""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return IssuedDocument.objects.filter(kind=kind, content_type=content_type, object_id=target.pk).first()


def issue_document(target: models.Model, *, kind: str, issue: Issue, actor) -> IssuedDocument:
    """Issue ``target`` as a document of ``kind``: draw its number and store what it prints.

    Call inside the caller's transaction (with ``target`` locked). Idempotent: a document
    already issued keeps its number, date and signer. Side effects in order: number drawn
    from the locked counter, record stored, audit entry.
    """
    existing = issued_document_of(target, kind=kind)
    if existing is not None:
        return existing
    number = next_document_number(issuer_key=issue.issuer_key, type_code=issue.type_code, year=issue.issued_on.year)
    fields = {name: getattr(issue, name) for name in Issue.__dataclass_fields__ if name != "issuer_key"}
    document = IssuedDocument.objects.create(
        kind=kind,
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        object_id=target.pk,
        number=number,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
        **fields,
    )
    data = {"kind": kind, "number": document.number_text, "issued_on": issue.issued_on, "signer": issue.signer_name}
    log_action(target, actor=actor, action="core.document.issued", data=data)
    return document


def notify(user, *, text: str, url: str = "", key: str = "") -> Notice | None:
    """Leave an in-app notice for ``user``. With a ``key``, a second notice with the same key is not created."""
    if key and Notice.objects.filter(user=user, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notice.objects.create(user=user, text=str(text)[:500], url=url, key=key)
    except IntegrityError:  # the same key, created concurrently
        return None


def mark_notices_read(user, *, notice_ids: list[int] | None = None) -> int:
    """Mark the user's unread notices (all, or the given ones) read; returns how many changed."""
    notices = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    return notices.update(read_at=timezone.now())
