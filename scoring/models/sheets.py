"""Score sheets: per unit, per bloc-year, per stage, each stage with its own lines; the bloc's scoring settings."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.models import BlocYear, Unit
from scoring.enums import STAGE_ORDER, SheetStatus, Stage, VerifierMode

__all__ = ["Evidence", "ScoreLine", "ScoreSheet", "ScoringSetting", "default_bands"]


def default_bands() -> list[dict]:
    """Nghệ An 2025 draft bands (DOMAIN §5): total % and the least % any criterion may reach."""
    return [
        {"label": "Hoàn thành xuất sắc nhiệm vụ", "min_total": "90", "min_item": "85"},
        {"label": "Hoàn thành tốt nhiệm vụ", "min_total": "80", "min_item": "80"},
        {"label": "Hoàn thành nhiệm vụ", "min_total": "70", "min_item": "70"},
    ]


DEFAULT_FAIL_LABEL = "Không hoàn thành nhiệm vụ"


class ScoringSetting(models.Model):
    """How a bloc scores in one year: who verifies, whether the council office adjusts, release, bands."""

    bloc_year = models.OneToOneField(
        BlocYear, on_delete=models.CASCADE, related_name="scoring_setting", verbose_name=_("bloc year")
    )
    verifier_mode = models.CharField(
        _("who verifies"), max_length=12, choices=VerifierMode.choices, default=VerifierMode.LEADERSHIP
    )
    uses_council_stage = models.BooleanField(
        _("council office adjustment stage"),
        default=True,
        help_text=_("On: after verification the council office adjusts some items (e.g. −8 for no pledge)."),
    )
    scores_released = models.BooleanField(
        _("scores released to members"),
        default=False,
        help_text=_("On: every member unit sees all units' scores. Off: a unit sees only its own."),
    )
    bands = models.JSONField(_("classification bands"), default=default_bands)
    fail_label = models.CharField(_("label below the last band"), max_length=100, default=DEFAULT_FAIL_LABEL)

    class Meta:
        verbose_name = _("scoring settings")
        verbose_name_plural = _("scoring settings")

    def __str__(self):
        return f"{self.bloc_year}"

    def stages(self) -> tuple[str, ...]:
        return tuple(s for s in STAGE_ORDER if s != Stage.COUNCIL or self.uses_council_stage)


class ScoreSheet(models.Model):
    """One unit's scores at one stage of a bloc-year. ``total`` is kept equal to the sum of its lines."""

    bloc_year = models.ForeignKey(
        BlocYear, on_delete=models.CASCADE, related_name="score_sheets", verbose_name=_("bloc year")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="score_sheets", verbose_name=_("unit"))
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2, default=Decimal(0))
    # Kept with the total by the services, so the summary bands units without scanning every line.
    weakest_percent = models.DecimalField(
        _("weakest criterion, percent of its maximum"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    comment = models.TextField(_("comments of the reviewer"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("submitted late"), default=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["bloc_year", "unit__name", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "unit", "stage"], name="scoresheet_one_per_stage"),
            models.CheckConstraint(
                condition=Q(locked_at__isnull=True) | Q(status=SheetStatus.ACCEPTED), name="scoresheet_locked_accepted"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.get_stage_display()} – {self.bloc_year}"

    def get_absolute_url(self) -> str:
        return reverse("scoring:sheet_grid", args=[self.pk])


class ScoreLine(models.Model):
    """Points for one scheme item on one sheet.

    ``base_points`` is the previous stage's value when the sheet was opened; changing it
    needs a ``reason`` that the unit sees. ``version`` grows with every save so that two
    people editing the same line cannot overwrite each other unknowingly.
    """

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="lines", verbose_name=_("sheet"))
    item = models.ForeignKey(
        "scoring.SchemeItem", on_delete=models.PROTECT, related_name="score_lines", verbose_name=_("item")
    )
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, null=True, blank=True)
    base_points = models.DecimalField(_("previous stage's points"), max_digits=7, decimal_places=2, null=True)
    note = models.TextField(_("note"), blank=True)
    reason = models.TextField(_("reason for the change"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("score line")
        verbose_name_plural = _("score lines")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="scoreline_one_per_item"),
            models.CheckConstraint(condition=Q(points__gte=0), name="scoreline_points_not_negative"),
            models.CheckConstraint(condition=Q(version__gte=1), name="scoreline_version_positive"),
        ]

    def __str__(self):
        return f"{self.sheet} – {self.item_id}: {self.points}"


class Evidence(models.Model):
    """A file proving a line (minh chứng). Served only through a permission-checked view."""

    line = models.ForeignKey(ScoreLine, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("line"))
    file = models.FileField(_("file"), upload_to="scoring/evidence/%Y/")
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.filename
