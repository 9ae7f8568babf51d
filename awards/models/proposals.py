"""The bloc's proposal to the provincial Emulation-Reward Council (hồ sơ đề nghị khen thưởng, DOMAIN §8):
the dossier, its items (one award for one unit) and the compliance notes other agencies give per item.

The lifecycle is ``awards.transitions.PROPOSAL``; every step is an audit entry, which the dossier's
timeline reads (who, when, the reason).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.enums import Appraisal, AwardKind, CheckingAgency, ProposalStatus


class Proposal(models.Model):
    """One per bloc-year, created by the secretariat from the year-end meeting's results.

    ``number`` is the cover submission's (tờ trình, TTr) number, drawn when the dossier is first
    submitted; ``return_reason`` holds the council office's latest reason for returning it.
    """

    bloc_year = models.OneToOneField(
        "blocs.BlocYear", on_delete=models.CASCADE, related_name="proposal", verbose_name=_("bloc year")
    )
    meeting = models.OneToOneField(
        "awards.Meeting", on_delete=models.PROTECT, related_name="proposal", verbose_name=_("meeting")
    )
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer in charge"),
    )
    council_session = models.ForeignKey(
        "awards.CouncilSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("council session"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-bloc_year__year", "bloc_year__bloc__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.DRAFT) | Q(submitted_on__isnull=False),
                name="proposal_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.RETURNED) | ~Q(return_reason=""),
                name="proposal_returned_has_reason",
            ),
        ]

    def __str__(self):
        return _("Proposal of %(bloc_year)s") % {"bloc_year": self.bloc_year}

    def get_absolute_url(self) -> str:
        return reverse("awards:proposal_detail", args=[self.pk])


class ProposalItem(models.Model):
    """One award proposed for one unit, with what the meeting decided (rank, score, the deciding round's
    votes) and the council office's appraisal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="items", verbose_name=_("proposal"))
    award = models.CharField(_("award"), max_length=20, choices=AwardKind.choices)
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    total = models.DecimalField(_("final score"), max_digits=8, decimal_places=2, null=True, blank=True)
    ballot = models.ForeignKey(
        "awards.Ballot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deciding ballot"),
    )
    votes = models.PositiveSmallIntegerField(_("votes"), null=True, blank=True)
    vote_percent = models.DecimalField(_("share of votes (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    appraisal = models.CharField(_("appraisal"), max_length=12, choices=Appraisal.choices, default=Appraisal.PENDING)
    appraisal_reason = models.TextField(_("reason"), blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed award")
        verbose_name_plural = _("proposed awards")
        ordering = ["proposal", "award", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "award", "unit"], name="proposalitem_unique_award_unit"),
            models.CheckConstraint(
                condition=~Q(appraisal=Appraisal.INELIGIBLE) | ~Q(appraisal_reason=""),
                name="proposalitem_ineligible_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_award_display()} – {self.unit}"


class ComplianceNote(models.Model):
    """What another agency (police, tax, social insurance, inspectorate …) answered about a proposed unit,
    recorded by the council office against the item with the agency's document."""

    item = models.ForeignKey(
        ProposalItem, on_delete=models.CASCADE, related_name="compliance_notes", verbose_name=_("proposed award")
    )
    agency = models.CharField(_("agency"), max_length=20, choices=CheckingAgency.choices)
    reference = models.CharField(_("document"), max_length=200)
    note = models.TextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("compliance note")
        verbose_name_plural = _("compliance notes")
        ordering = ["item", "recorded_at", "id"]

    def __str__(self):
        return f"{self.get_agency_display()} – {self.reference}"


class AchievementReport(models.Model):
    """A proposed unit's achievement report (báo cáo thành tích, Law 06/2022 Art. 84; DOMAIN §8): issued by the
    unit itself and signed by its head, one per unit per proposal.

    ``body`` is drafted from the unit's annual report of the year when the proposal is drawn up
    (``drafted_from``; null when the unit had none) and edited by the secretariat. An uploaded PDF (the
    signed scan) stands in the dossier instead of the text while it is there.
    """

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="achievement_reports", verbose_name=_("proposal")
    )
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    body = models.TextField(_("text"), blank=True)
    drafted_from = models.ForeignKey(
        "pledges.UnitReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted from"),
    )
    # Stored under MEDIA_ROOT but never served from MEDIA_URL: downloads go through a permission-checked view.
    file = models.FileField(_("signed PDF"), upload_to="awards/achievements/%Y/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("achievement report")
        verbose_name_plural = _("achievement reports")
        ordering = ["proposal", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit"], name="achievementreport_one_per_unit"),
        ]

    def __str__(self):
        return _("Achievement report of %(unit)s") % {"unit": self.unit}

    def get_absolute_url(self) -> str:
        return reverse("awards:achievement_report_edit", args=[self.pk])
