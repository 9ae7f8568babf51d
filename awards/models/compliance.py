from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.enums import ComplianceKind


class ComplianceRecord(models.Model):
    """A fact that blocks a unit's proposal and award while it lasts (Decree 152/2025 Art. 4(4)):
    discipline under consideration, an investigation, an inspection with open findings, a pending
    complaint or denunciation. It stops blocking from the day it is resolved."""

    unit = models.ForeignKey(
        "blocs.Unit", on_delete=models.PROTECT, related_name="compliance_records", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ComplianceKind.choices)
    started_on = models.DateField(_("from"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    reference = models.CharField(
        _("reference document"), max_length=300, blank=True, help_text=_("For example: QĐ số 12/QĐ-UBND.")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("compliance record")
        verbose_name_plural = _("compliance records")
        ordering = ["unit", "-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("started_on")),
                name="compliancerecord_resolved_on_after_started_on",
                violation_error_message=_("The record cannot be resolved before it started."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("awards:compliance_list", args=[self.unit_id])

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None
