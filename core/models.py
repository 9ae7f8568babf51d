from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class User(AbstractUser):
    """A person who signs in. What they may do comes from their roles (blocs.UnitRole, blocs.CouncilRole)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
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

    def __str__(self):
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

    def __str__(self):
        return f"{self.length} entries, head {self.last_hash[:12]}"
