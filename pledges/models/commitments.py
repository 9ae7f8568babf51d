"""The year's commitments: launch meeting, pledge (versioned), signatures, title catalogue and registrations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pledges.enums import RegistrationStatus, TitleLevel

__all__ = [
    "LaunchMeeting",
    "Pledge",
    "PledgeClause",
    "PledgeSignature",
    "PledgeVersion",
    "Registration",
    "Title",
    "UnitTheme",
]


class LaunchMeeting(models.Model):
    """The launch and pledge-signing meeting (hội nghị phát động, ký kết giao ước) of a bloc-year."""

    bloc_year = models.OneToOneField(
        "blocs.BlocYear", on_delete=models.CASCADE, related_name="launch_meeting", verbose_name=_("bloc year")
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300)
    attendees = models.TextField(_("attendees"), help_text=_("One attendee or delegation per line."))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("launch meeting")
        verbose_name_plural = _("launch meetings")

    def __str__(self):
        return f"{self.bloc_year} – {self.held_on:%d/%m/%Y}"

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class Pledge(models.Model):
    """The bloc's emulation pledge (giao ước thi đua) for one year; its text lives in versions."""

    bloc_year = models.OneToOneField(
        "blocs.BlocYear", on_delete=models.CASCADE, related_name="pledge", verbose_name=_("bloc year")
    )
    current_version = models.PositiveSmallIntegerField(_("current version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [models.CheckConstraint(condition=Q(current_version__gte=1), name="pledge_version_positive")]

    def __str__(self):
        return _("Pledge of %(bloc_year)s") % {"bloc_year": self.bloc_year}

    def get_absolute_url(self) -> str:
        return reverse("pledges:commitments", args=[self.bloc_year_id])


class PledgeVersion(models.Model):
    """One text of the pledge. An amendment adds a version; earlier ones are kept unchanged."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="versions", verbose_name=_("pledge"))
    number = models.PositiveSmallIntegerField(_("version"))
    theme = models.CharField(_("bloc theme"), max_length=500)
    slogan = models.CharField(_("slogan"), max_length=300, blank=True)
    plan_number = models.CharField(_("plan number"), max_length=60, blank=True)
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    preamble = models.TextField(_("content of the pledge"), blank=True)
    change_note = models.TextField(_("what the amendment changes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge version")
        verbose_name_plural = _("pledge versions")
        ordering = ["pledge", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="pledgeversion_unique_number"),
            models.CheckConstraint(condition=Q(number=1) | ~Q(change_note=""), name="pledgeversion_amendment_has_note"),
        ]

    def __str__(self):
        return _("%(pledge)s, version %(number)s") % {"pledge": self.pledge, "number": self.number}


class PledgeClause(models.Model):
    """A target of the pledge (chỉ tiêu): what, measured in what, how much."""

    version = models.ForeignKey(
        PledgeVersion, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("pledge version")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    content = models.TextField(_("content"))
    unit_of_measure = models.CharField(_("unit of measure"), max_length=60, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("pledge clause")
        verbose_name_plural = _("pledge clauses")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="pledgeclause_unique_position")]

    def __str__(self):
        return self.content[:80]


class UnitTheme(models.Model):
    """A member unit's own emulation theme in one version of the pledge."""

    version = models.ForeignKey(
        PledgeVersion, on_delete=models.CASCADE, related_name="unit_themes", verbose_name=_("pledge version")
    )
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    theme = models.CharField(_("unit's theme"), max_length=500)

    class Meta:
        verbose_name = _("unit theme")
        verbose_name_plural = _("unit themes")
        ordering = ["version", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["version", "unit"], name="unittheme_unique_unit")]

    def __str__(self):
        return self.theme


class PledgeSignature(models.Model):
    """A member unit's leader signed the pledge; recorded by the unit's emulation officer."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("pledge"))
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("position"), max_length=150)
    signed_on = models.DateField(_("signed on"))
    version_number = models.PositiveSmallIntegerField(_("version signed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge signature")
        verbose_name_plural = _("pledge signatures")
        ordering = ["pledge", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["pledge", "unit"], name="pledgesignature_one_per_unit")]

    def __str__(self):
        return f"{self.unit} – {self.signer_name}"


class Title(models.Model):
    """An emulation title or award a unit may register for; the catalogue is kept by the admin."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=TitleLevel.choices)
    is_flag = models.BooleanField(
        _("emulation flag"), default=False, help_text=_("A flag: the bloc's main award, normally one per year.")
    )
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    is_active = models.BooleanField(_("offered for registration"), default=True)

    class Meta:
        verbose_name = _("emulation title")
        verbose_name_plural = _("emulation titles")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Registration(models.Model):
    """A unit registers for a title (đăng ký danh hiệu thi đua) with its targets for the year."""

    bloc_year = models.ForeignKey(
        "blocs.BlocYear", on_delete=models.CASCADE, related_name="registrations", verbose_name=_("bloc year")
    )
    unit = models.ForeignKey(
        "blocs.Unit", on_delete=models.PROTECT, related_name="registrations", verbose_name=_("unit")
    )
    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("title"))
    targets = models.TextField(_("targets"), help_text=_("What the unit commits to achieve for this title."))
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.DRAFT
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("title registration")
        verbose_name_plural = _("title registrations")
        ordering = ["bloc_year", "title__position", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "unit", "title"], name="registration_unique_title"),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.RETURNED) | ~Q(return_reason=""),
                name="registration_returned_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.title} ({self.bloc_year.year})"

    def get_absolute_url(self) -> str:
        return reverse("pledges:registration_detail", args=[self.pk])
