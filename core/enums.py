from django.db import models
from django.utils.translation import gettext_lazy as _


class GeneratedFileStatus(models.TextChoices):
    PENDING = "pending", _("being prepared")
    BUILDING = "building", _("being built")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class SecurityEventKind(models.TextChoices):
    LOGIN_FAILED = "login_failed", _("Failed login")
    TRANSITION_REFUSED = "transition_refused", _("Refused state change")
    ACTION_FORBIDDEN = "action_forbidden", _("Forbidden action")
