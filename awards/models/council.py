"""The provincial council's session, its vote on each proposed award, and the Chairman's award decision
(DOMAIN §7, §8). A decided, unrevoked decision item is a unit's award history.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardTypeCode, CouncilSessionStatus, DecisionStatus


class CouncilSession(models.Model):
    """A session of the provincial Emulation-Reward Council: who sat, and the proposals placed on it.

    ``members_total`` is every member of the council (the threshold's denominator, DOMAIN §7);
    ``present`` sat; ``written_opinions`` are absentees who gave their opinion in writing.
    """

    province = models.ForeignKey(
        "blocs.Province", on_delete=models.PROTECT, related_name="council_sessions", verbose_name=_("province")
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300)
    chair_name = models.CharField(_("chair's name"), max_length=150)
    chair_title = models.CharField(_("chair's title"), max_length=200)
    secretary_name = models.CharField(_("secretary's name"), max_length=150, blank=True)
    members_total = models.PositiveSmallIntegerField(_("council members"))
    present = models.PositiveSmallIntegerField(_("members present"))
    written_opinions = models.PositiveSmallIntegerField(_("absentees' written opinions"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=CouncilSessionStatus.choices, default=CouncilSessionStatus.PLANNED
    )
    number = models.PositiveIntegerField(_("minutes number"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-held_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(members_total__gte=1), name="councilsession_has_members"),
            models.CheckConstraint(
                condition=Q(present__lte=F("members_total")), name="councilsession_present_le_total"
            ),
            models.CheckConstraint(
                condition=Q(written_opinions__lte=F("members_total") - F("present")),
                name="councilsession_opinions_from_absentees",
            ),
        ]

    def __str__(self):
        return _("Council session of %(day)s") % {"day": self.held_on.strftime("%d/%m/%Y")}


class CouncilAttendee(models.Model):
    """One council member named in the session's minutes: present, or absent with or without a written opinion.

    The session's counts are the numbers of these rows when any are recorded (services.council.record_attendance).
    """

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("council session")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=200, blank=True)
    present = models.BooleanField(_("present"))
    written_opinion = models.BooleanField(_("written opinion"), default=False)

    class Meta:
        verbose_name = _("council session attendee")
        verbose_name_plural = _("council session attendees")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="councilattendee_unique_position"),
            models.CheckConstraint(
                condition=Q(present=False) | Q(written_opinion=False), name="councilattendee_opinion_if_absent"
            ),
        ]

    def __str__(self):
        return self.name


class CouncilVote(models.Model):
    """The council's vote on one proposed award: the counts entered (show of hands, paper, or the electronic
    ballot's tally), the absentees' written yes, and whether it reached the regime's threshold."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="votes", verbose_name=_("session")
    )
    item = models.OneToOneField(
        "awards.ProposalItem", on_delete=models.PROTECT, related_name="council_vote", verbose_name=_("proposed award")
    )
    yes = models.PositiveSmallIntegerField(_("yes"))
    no = models.PositiveSmallIntegerField(_("no"), default=0)
    written_yes = models.PositiveSmallIntegerField(_("written yes"), default=0)
    passed = models.BooleanField(_("passed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        ordering = ["session", "id"]

    def __str__(self):
        return f"{self.item} – {self.session}"


class AwardDecision(models.Model):
    """The Chairman's award decision (…/QĐ-UBND): number and date once issued, the signer, its items."""

    province = models.ForeignKey(
        "blocs.Province", on_delete=models.PROTECT, related_name="award_decisions", verbose_name=_("province")
    )
    session = models.ForeignKey(
        CouncilSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("council session"),
    )
    status = models.CharField(_("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=DecisionStatus.DRAFT) | Q(number__isnull=False, issued_on__isnull=False),
                name="awarddecision_issued_has_number_and_date",
            ),
        ]

    def __str__(self):
        if self.number is None:
            return str(_("Draft award decision"))
        return _("Decision No. %(number)s of %(day)s") % {
            "number": f"{self.number:02d}/QĐ-UBND",
            "day": self.issued_on.strftime("%d/%m/%Y") if self.issued_on else "",
        }


class DecisionItem(models.Model):
    """One award in a decision: approved (with its money) or rejected; revoked later with reason and legal
    basis (Law 06/2022 ch. VII), keeping the row. ``year`` is the emulation year the award is for."""

    decision = models.ForeignKey(
        AwardDecision, on_delete=models.CASCADE, related_name="items", verbose_name=_("decision")
    )
    proposal_item = models.OneToOneField(
        "awards.ProposalItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_item",
        verbose_name=_("proposed award"),
    )
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="awards", verbose_name=_("unit"))
    award = models.CharField(_("award"), max_length=30, choices=AwardTypeCode.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    bloc = models.ForeignKey(
        "blocs.Bloc", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bloc")
    )
    approved = models.BooleanField(_("approved"))
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0, null=True, blank=True)
    achievement = models.TextField(_("achievement"), blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revocation_basis = models.CharField(_("legal basis of the revocation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("decided award")
        verbose_name_plural = _("decided awards")
        ordering = ["decision", "award", "unit__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | (~Q(revocation_reason="") & ~Q(revocation_basis="")),
                name="decisionitem_revocation_has_reason_and_basis",
            ),
            models.CheckConstraint(
                condition=Q(approved=True) | Q(amount__isnull=True), name="decisionitem_rejected_has_no_amount"
            ),
        ]

    def __str__(self):
        return f"{self.get_award_display()} – {self.unit} ({self.year})"
