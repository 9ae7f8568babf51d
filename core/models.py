import uuid

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.enums import GeneratedFileStatus, SecurityEventKind

GENESIS_HASH = "0" * 64


class User(AbstractUser):
    """A person who signs in. What they may do comes from their roles (blocs.UnitRole, blocs.CouncilRole)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        # django-stubs types the inherited Meta's names as str; a lazy translation is what Django expects.
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username


class ActivityLog(models.Model):
    """One audited change. Entries form a hash chain: each stores the hash of the one before."""

    created = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # PROTECT: the chain hashes the actor id, so an actor can be deactivated but never deleted.
    actor = models.ForeignKey(
        "core.User", verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=100)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-id"], name="activitylog_object_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"

    @property
    def details(self) -> list[tuple[str, object, object]]:
        """(field, before, after) rows for display; entries without before/after show values as "after"."""
        data = self.data or {}
        before, after = data.get("before"), data.get("after")
        if isinstance(before, dict) and isinstance(after, dict):
            return [(name, before.get(name), after.get(name)) for name in {**before, **after}]
        return [(name, None, value) for name, value in data.items()]


class ActivityChainHead(models.Model):
    """A single row holding the newest chain hash; locking it serialises writers of the log."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    length = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="activitychainhead_singleton")]

    def __str__(self) -> str:
        return f"{self.length} entries, head {self.last_hash[:12]}"


class GeneratedFile(models.Model):
    """A file the system renders in the background (a PDF), about one target object.

    The row exists from the moment it is asked for; the page that asked polls its status.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    status = models.CharField(
        _("status"), max_length=10, choices=GeneratedFileStatus.choices, default=GeneratedFileStatus.PENDING
    )
    file = models.FileField(_("file"), upload_to="generated/%Y/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        "core.User", verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # When the job last reached the broker (null: never yet, e.g. Redis was down); the sweep re-sends from it.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # When a worker claimed it for building; a claim older than the stale limit may be taken over.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("build attempts"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"], name="generatedfile_target_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=GeneratedFileStatus.READY) | ~models.Q(sha256=""),
                name="generatedfile_ready_has_hash",
            ),
        ]

    def __str__(self) -> str:
        return self.filename or self.kind

    def get_absolute_url(self) -> str:
        return reverse("generated_file", args=[self.pk])

    @property
    def is_ready(self) -> bool:
        return self.status == GeneratedFileStatus.READY

    @property
    def is_waiting(self) -> bool:
        return self.status in {GeneratedFileStatus.PENDING, GeneratedFileStatus.BUILDING}


class DocumentNumber(models.Model):
    """The last number an issuer gave to a type of document in a year (Decree 30: per issuer, type and year)."""

    issuer_key = models.CharField(max_length=100)
    type_code = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer_key", "type_code", "year"], name="documentnumber_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_key} {self.type_code} {self.year}: {self.last_number}"


class IssuedDocument(models.Model):
    """What an issued document prints in its header and signature block, fixed on the day it was issued.

    A re-render reads these values, never today's date or a unit's current leader or name
    (Decree 30/2020: the number and date belong to the issued text).
    """

    kind = models.CharField(_("kind"), max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField(_("number"))
    type_code = models.CharField(_("type code"), max_length=10)
    issuer_code = models.CharField(_("issuer code"), max_length=20, blank=True)
    issued_on = models.DateField(_("issued on"))
    place = models.CharField(_("place"), max_length=100)
    superior = models.CharField(_("superior body"), max_length=200, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200)
    signer_authority = models.CharField(_("signing authority"), max_length=150, blank=True)
    # Blank only for documents signed by every member (the pledge): their signatures are listed in the body.
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    issued_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "content_type", "object_id"], name="issueddocument_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number_text} ({self.issued_on:%d/%m/%Y})"

    @property
    def number_text(self) -> str:
        code = f"{self.type_code}-{self.issuer_code}" if self.issuer_code else self.type_code
        return f"{self.number:02d}/{code}"


class Notice(models.Model):
    """An in-app message for one user, shown on the dashboard until read."""

    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="notices", verbose_name=_("user"))
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notice_unique_key_per_user"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class SecurityEvent(models.Model):
    """A refused state change or a failed login: who, what, when, why.

    Kept apart from the hash-chained ActivityLog (no chain lock on this path) and purged
    after ``SECURITY_EVENT_RETENTION_DAYS``.
    """

    created = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=SecurityEventKind.choices)
    actor = models.ForeignKey(
        "core.User", verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=200, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created"]
        indexes = [models.Index(fields=["kind", "-created"], name="securityevent_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username or self.object_repr}"
