"""Unit reports, the bloc's consolidated reports, the council's inspections and the reminders sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pledges.enums import REPORT_SECTIONS, BlocReportStatus, ReminderItem, ReminderStage, ReportKind, ReportStatus

__all__ = [
    "BlocReport",
    "Inspection",
    "InspectionAttachment",
    "InspectionFinding",
    "Reminder",
    "ReportAttachment",
    "UnitReport",
]


class ReportSections(models.Model):
    results = models.TextField(_("results against the pledge's targets"), blank=True)
    shortcomings = models.TextField(_("shortcomings and limitations"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    next_tasks = models.TextField(_("tasks for the next period"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    class Meta:
        abstract = True

    @property
    def section_items(self) -> list[tuple[str, str]]:
        """(heading, text) of each section, in order."""
        fields = {field.name: field for field in self._meta.concrete_fields}
        return [(str(fields[name].verbose_name), getattr(self, name)) for name in REPORT_SECTIONS]


class UnitReport(ReportSections):
    """A member unit's 6-month (sơ kết) or annual (tổng kết) report for one bloc-year."""

    bloc_year = models.ForeignKey(
        "blocs.BlocYear", on_delete=models.CASCADE, related_name="unit_reports", verbose_name=_("bloc year")
    )
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="reports", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["bloc_year", "kind", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "unit", "kind"], name="unitreport_one_per_kind"),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(first_submitted_at__isnull=False),
                name="unitreport_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.RETURNED) | ~Q(return_reason=""),
                name="unitreport_returned_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.unit} – {self.bloc_year.year}"

    def get_absolute_url(self) -> str:
        return reverse("pledges:report_detail", args=[self.pk])


class Attachment(models.Model):
    # Stored under MEDIA_ROOT but never served from MEDIA_URL: downloads go through a permission-checked view.
    file = models.FileField(_("file"), upload_to="pledges/attachments/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class ReportAttachment(Attachment):
    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="attachments")

    class Meta(Attachment.Meta):
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")


class BlocReport(ReportSections):
    """The bloc's consolidated 6-month or annual report, compiled and issued by the secretariat."""

    bloc_year = models.ForeignKey(
        "blocs.BlocYear", on_delete=models.CASCADE, related_name="bloc_reports", verbose_name=_("bloc year")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=BlocReportStatus.choices, default=BlocReportStatus.DRAFT
    )
    issuer_unit = models.ForeignKey(
        "blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by (head unit)")
    )
    summary = models.CharField(_("summary line"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=100)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One recipient per line."))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bloc report")
        verbose_name_plural = _("bloc reports")
        ordering = ["bloc_year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "kind"], name="blocreport_one_per_kind"),
            models.CheckConstraint(
                condition=Q(status=BlocReportStatus.DRAFT) | Q(number__isnull=False, issued_on__isnull=False),
                name="blocreport_issued_has_number",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.bloc_year}"

    def get_absolute_url(self) -> str:
        return reverse("pledges:bloc_report_detail", args=[self.pk])

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class Inspection(models.Model):
    """The council's inspection (kiểm tra) of a bloc-year: the basis for the year-end vote."""

    bloc_year = models.ForeignKey(
        "blocs.BlocYear", on_delete=models.CASCADE, related_name="inspections", verbose_name=_("bloc year")
    )
    inspected_on = models.DateField(_("date"))
    team = models.TextField(_("inspection team"), help_text=_("One member per line: name and position."))
    conclusion = models.TextField(_("general conclusion"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["bloc_year", "-inspected_on", "-id"]

    def __str__(self):
        return f"{self.bloc_year} – {self.inspected_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("pledges:inspection_detail", args=[self.pk])


class InspectionFinding(models.Model):
    """What the inspection found at one member unit, and what it recommends."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    findings = models.TextField(_("findings"))
    recommendations = models.TextField(_("recommendations"), blank=True)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["inspection", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["inspection", "unit"], name="inspectionfinding_one_per_unit")]

    def __str__(self):
        return f"{self.inspection} – {self.unit}"


class InspectionAttachment(Attachment):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="attachments")

    class Meta(Attachment.Meta):
        verbose_name = _("inspection attachment")
        verbose_name_plural = _("inspection attachments")


class Reminder(models.Model):
    """One reminder sent to one person about one deadline at one stage; the row is what prevents a second."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    bloc_year = models.ForeignKey("blocs.BlocYear", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("blocs.Unit", on_delete=models.CASCADE, related_name="+")
    item = models.CharField(_("what is due"), max_length=20, choices=ReminderItem.choices)
    stage = models.CharField(_("stage"), max_length=10, choices=ReminderStage.choices)
    due_date = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "bloc_year", "unit", "item", "stage", "due_date"], name="reminder_once_per_deadline"
            ),
        ]

    def __str__(self):
        return f"{self.get_item_display()} {self.due_date:%d/%m/%Y} – {self.get_stage_display()} – {self.user}"
