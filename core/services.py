import datetime
import functools
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import mail_admins
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as KombuOperationalError

from core.audit import entry_hash, normalise
from core.documents import get_renderer
from core.enums import GeneratedFileStatus, SecurityEventKind
from core.exceptions import RefusedTransition
from core.models import (
    GENESIS_HASH,
    ActivityChainHead,
    ActivityLog,
    DocumentNumber,
    GeneratedFile,
    IssuedDocument,
    Notice,
    SecurityEvent,
)

logger = logging.getLogger(__name__)


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


def log_action(obj: models.Model | None, *, actor, action: str, data: dict | None = None) -> ActivityLog:
    """Append one entry to the audit chain, inside the caller's transaction.

    Locks the chain head row until the caller's transaction ends, so concurrent
    writers append one after the other and the chain never forks.
    """
    with transaction.atomic():
        head, _ = ActivityChainHead.objects.select_for_update().get_or_create(pk=1)
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None
        entry = ActivityLog(
            created=action_time(),
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
    head = ActivityChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != expected_prev or head.length != checked):
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
    _write_atomically(_anchor_directory() / anchor.name, content)
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


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The values of ``fields`` on ``obj``, JSON-ready, for an audit entry's before/after."""
    return normalise({name: getattr(obj, name) for name in fields})


def assign(obj: models.Model, fields: list[str], values: dict) -> None:
    """Set ``values`` on ``obj``; a name outside ``fields`` is a programming error (TypeError), never saved."""
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(obj, name, value)


def changes(before: dict, after: dict) -> dict:
    """Only the fields that changed, as {"before": {...}, "after": {...}}."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {"before": {n: before.get(n) for n in changed}, "after": {n: after[n] for n in changed}}


# A job not built this long after it was (last) sent is sent again by the sweep; a claim this old
# is taken to belong to a worker that died. Both are far beyond a normal build (a few seconds).
RESEND_PENDING_AFTER = datetime.timedelta(minutes=5)
STALE_BUILD_AFTER = datetime.timedelta(minutes=15)
# What a publish raises when the broker is unreachable (kombu wraps most of them in OperationalError).
BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError, TimeoutError)


def request_generated_file(target: models.Model, *, kind: str, actor) -> GeneratedFile:
    """Ask for a file to be rendered in the background.

    Creates the pending row, writes the audit entry, and enqueues the build once the
    transaction commits (in-process without a broker). Returns the pending row at once even
    when the broker is unreachable: the row stays pending and ``resend_pending_files`` sends it later.
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
        transaction.on_commit(lambda: send_generated_file(generated.pk))
    return generated


def send_generated_file(file_id) -> bool:
    """Hand one build job to the broker (or run it in-process without one); False when the broker is unreachable.

    Records the time the broker took it. Never raises for an unreachable broker: the job stays
    pending for the sweep, and the request that asked answers at once.
    """
    from core.tasks import build_generated_file as build_task

    try:
        # No result: the page polls the row, and a web process must not wait on the result store.
        build_task.apply_async((str(file_id),), ignore_result=True)
    except BROKER_ERRORS as error:
        logger.warning("Build of generated file %s not sent, will be re-sent: %s", file_id, error)
        return False
    GeneratedFile.objects.filter(pk=file_id, status=GeneratedFileStatus.PENDING).update(sent_at=timezone.now())
    return True


def resend_pending_files(*, now=None) -> int:
    """Send again every job left pending past ``RESEND_PENDING_AFTER`` or stuck building past ``STALE_BUILD_AFTER``.

    Run by beat (and by ``manage.py resend_pending_files`` without one). Sending twice is safe:
    ``build_generated_file`` builds a job once. Returns how many jobs reached the broker.
    """
    now = now or timezone.now()
    stale = GeneratedFile.objects.filter(
        models.Q(status=GeneratedFileStatus.PENDING, sent_at__isnull=True, created_at__lt=now - RESEND_PENDING_AFTER)
        | models.Q(status=GeneratedFileStatus.PENDING, sent_at__lt=now - RESEND_PENDING_AFTER)
        | models.Q(status=GeneratedFileStatus.BUILDING, started_at__lt=now - STALE_BUILD_AFTER)
    )
    return sum(send_generated_file(file_id) for file_id in stale.values_list("pk", flat=True))


def build_generated_file(generated: GeneratedFile) -> GeneratedFile:
    """Render a pending file, write it atomically (temporary name, then rename) and store its sha256.

    Claims the job first with one conditional UPDATE, so of two deliveries of the same job only
    one builds; a file ready, failed or being built by a live worker is returned unchanged.
    A rendering error marks the file failed with the error, so the waiting page can say so.
    """
    if not _claim(generated):
        generated.refresh_from_db()
        return generated
    generated.refresh_from_db()
    renderer = get_renderer(generated.kind)
    try:
        # Documents are Vietnamese (Decree 30/2020) whoever asked: labels and numbers too.
        with translation.override(settings.LANGUAGE_CODE):
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


def _claim(generated: GeneratedFile) -> bool:
    now = timezone.now()
    claimable = models.Q(status=GeneratedFileStatus.PENDING) | models.Q(
        status=GeneratedFileStatus.BUILDING, started_at__lt=now - STALE_BUILD_AFTER
    )
    claimed = GeneratedFile.objects.filter(claimable, pk=generated.pk).update(
        status=GeneratedFileStatus.BUILDING, started_at=now, attempts=models.F("attempts") + 1
    )
    return claimed == 1


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


# --- Security events ---------------------------------------------------------------


def record_security_event(
    kind: str, *, actor=None, action: str = "", reason: str = "", obj=None, username: str = "", ip_address=None
) -> SecurityEvent:
    """Store one security event (a refused state change, a failed login). No audit-chain lock is taken."""
    user = actor if actor is not None and actor.is_authenticated else None
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


def records_refusals(service):
    """Record a RefusedTransition raised by ``service`` as a security event, then raise it on.

    Put it above ``@transaction.atomic``: the event is written after the service's own
    transaction rolled back, so it survives the rollback. Only the outermost wrapped call
    records, so a service calling another records one event, outside both transactions.
    """

    @functools.wraps(service)
    def wrapper(obj, *args, **kwargs):
        outermost = _refusal_depth.get() == 0
        token = _refusal_depth.set(_refusal_depth.get() + 1)
        try:
            return service(obj, *args, **kwargs)
        except RefusedTransition as refusal:
            if outermost:
                action = f"{service.__module__}.{service.__name__}"
                record_security_event(
                    SecurityEventKind.TRANSITION_REFUSED,
                    actor=kwargs.get("actor"),
                    action=action,
                    reason=refusal.message,
                    obj=obj,
                )
            raise
        finally:
            _refusal_depth.reset(token)

    return wrapper


def purge_security_events(*, now: datetime.datetime | None = None) -> int:
    """Delete security events older than ``SECURITY_EVENT_RETENTION_DAYS``; returns how many went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
    deleted, _by_model = SecurityEvent.objects.filter(created__lt=cutoff).delete()
    return deleted
