from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplianceKind(models.TextChoices):
    """What keeps a unit from being proposed or awarded while it lasts (Decree 152/2025 Art. 4(4))."""

    DISCIPLINE = "discipline", _("Discipline under consideration")
    INVESTIGATION = "investigation", _("Investigation")
    INSPECTION = "inspection", _("Inspection with open findings")
    COMPLAINT = "complaint", _("Pending complaint or denunciation")
