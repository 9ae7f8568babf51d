"""The year-end meeting of a bloc (hội nghị tổng kết, bình xét, suy tôn): its sessions, who attended,
the guests, and the exclusions the secretariat lifted with a written reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardKind, LeadershipMethod


class Meeting(models.Model):
    """One per bloc-year, created with its first session. It approves the ranked scores and records
    the leading unit agreed by consultation (hiệp thương)."""

    bloc_year = models.OneToOneField(
        "blocs.BlocYear", on_delete=models.CASCADE, related_name="meeting", verbose_name=_("bloc year")
    )
    leading_unit = models.ForeignKey(
        "blocs.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leading unit (agreed)"),
    )
    scores_approved_at = models.DateTimeField(_("scores approved at"), null=True, blank=True)
    scores_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scores approved by"),
    )
    # The minutes (biên bản) once issued: the day they bear; number and signers are on core.IssuedDocument.
    minutes_issued_on = models.DateField(_("minutes issued on"), null=True, blank=True)
    minutes_secretary_name = models.CharField(_("minutes' secretary"), max_length=150, blank=True)
    minutes_secretary_title = models.CharField(_("minutes' secretary's title"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-bloc_year__year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scores_approved_at__isnull=True) | Q(scores_approved_by__isnull=False),
                name="meeting_approval_names_approver",
            ),
        ]

    def __str__(self):
        return _("Year-end meeting of %(bloc_year)s") % {"bloc_year": self.bloc_year}

    def get_absolute_url(self) -> str:
        return reverse("awards:meeting_detail", args=[self.bloc_year_id])


class MeetingSession(models.Model):
    """A sitting of the meeting: an adjourned meeting continues in a new session with its own attendance."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("meeting"))
    held_on = models.DateField(_("held on"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    chair_name = models.CharField(_("chair's name"), max_length=150)
    chair_title = models.CharField(_("chair's title"), max_length=200)
    secretary_name = models.CharField(_("secretary's name"), max_length=150)
    secretary_title = models.CharField(_("secretary's title"), max_length=200)

    class Meta:
        verbose_name = _("meeting session")
        verbose_name_plural = _("meeting sessions")
        ordering = ["held_on", "starts_at", "id"]

    def __str__(self):
        return _("Session of %(day)s") % {"day": self.held_on.strftime("%d/%m/%Y")}

    def get_absolute_url(self) -> str:
        return reverse("awards:meeting_detail", args=[self.meeting.bloc_year_id])


class Attendance(models.Model):
    """A member unit at one session: present with its representative, or absent (recorded too)."""

    session = models.ForeignKey(
        MeetingSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    present = models.BooleanField(_("present"))
    representative_name = models.CharField(_("representative's name"), max_length=150, blank=True)
    representative_title = models.CharField(_("representative's title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "unit"], name="attendance_unique_unit_per_session"),
            models.CheckConstraint(
                condition=Q(present=False) | ~Q(representative_name=""),
                name="attendance_present_has_representative",
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.session}"


class Guest(models.Model):
    """Someone attending a session who does not represent a member unit (e.g. the council office's representative)."""

    session = models.ForeignKey(
        MeetingSession, on_delete=models.CASCADE, related_name="guests", verbose_name=_("session")
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["session", "id"]

    def __str__(self):
        return self.name


class CandidateOverride(models.Model):
    """The secretariat lets a unit left out by a rule stand anyway, with a written reason (for the minutes)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("meeting"))
    award = models.CharField(_("award"), max_length=20, choices=AwardKind.choices)
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidate override")
        verbose_name_plural = _("candidate overrides")
        ordering = ["meeting", "award", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "award", "unit"], name="candidateoverride_unique_unit_award"),
            models.CheckConstraint(condition=~Q(reason=""), name="candidateoverride_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_award_display()} – {self.unit}"


class NextLeadership(models.Model):
    """The head and deputy units the meeting elected for next year, and how (ballot, agreement, show of hands).

    Recording it sets the leadership of next year's bloc-year (created if need be): the bloc's page
    reads the roles from there; this row keeps what the meeting decided, for the minutes.
    """

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="next_leadership", verbose_name=_("meeting")
    )
    head = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("head unit"))
    deputies = models.ManyToManyField("blocs.Unit", related_name="+", verbose_name=_("deputy units"))
    method = models.CharField(_("method"), max_length=20, choices=LeadershipMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("next year's leadership")
        verbose_name_plural = _("next year's leaderships")
        ordering = ["meeting"]

    def __str__(self):
        return _("Leadership for the year after %(bloc_year)s") % {"bloc_year": self.meeting.bloc_year}

    def get_absolute_url(self) -> str:
        return reverse("awards:meeting_detail", args=[self.meeting.bloc_year_id])


class CountingMember(models.Model):
    """A member of the meeting's vote-counting committee (ban kiểm phiếu), by name; one of them heads it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="counting_committee", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=200, blank=True)
    is_head = models.BooleanField(_("head of the committee"), default=False)

    class Meta:
        verbose_name = _("vote-counting committee member")
        verbose_name_plural = _("vote-counting committee members")
        ordering = ["meeting", "-is_head", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(is_head=True), name="countingmember_one_head_per_meeting"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="countingmember_has_name"),
        ]

    def __str__(self):
        return self.name
