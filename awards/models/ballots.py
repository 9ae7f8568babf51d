"""The electronic secret ballot: the ballot of one award and round, who took part, and the cast ballots.

Two tables never meet (DOMAIN §7): ``Participation`` says who voted (no choice, no time) and
``CastBallot`` holds what was voted (no voter, no time, a random id). See ``awards`` for the threat model.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardKind, BallotForm, BallotStatus, VoteMethod
from awards.models.meetings import Meeting


class Ballot(models.Model):
    """One round of the secret ballot for one award: draft → open → closed → tallied.

    ``seats`` is how many the round may elect (None: no limit); ``salt`` feeds the sealing key's
    derivation; ``digest`` (sha256 of the sorted ballot list) and ``result`` are written at closing and tallying.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("meeting"))
    award = models.CharField(_("award"), max_length=20, choices=AwardKind.choices)
    round_number = models.PositiveSmallIntegerField(_("round"), default=1)
    form = models.CharField(_("ballot form"), max_length=10, choices=BallotForm.choices)
    max_choices = models.PositiveSmallIntegerField(_("at most this many choices"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("places to fill"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=BallotStatus.choices, default=BallotStatus.DRAFT)
    method = models.CharField(
        _("voting method"), max_length=10, choices=VoteMethod.choices, default=VoteMethod.ELECTRONIC
    )
    candidates = models.ManyToManyField(
        "blocs.Unit", through="BallotCandidate", related_name="+", verbose_name=_("candidates")
    )
    salt = models.BinaryField(_("key salt"), max_length=16, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    digest = models.CharField(_("digest of the ballots"), max_length=64, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["meeting", "award", "round_number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "award", "round_number"], name="ballot_unique_round"),
            models.CheckConstraint(
                condition=Q(form=BallotForm.YES_NO, max_choices__isnull=True)
                | Q(form=BallotForm.CHOOSE, max_choices__gte=1),
                name="ballot_choices_match_form",
            ),
            models.CheckConstraint(
                condition=Q(status=BallotStatus.DRAFT) | Q(opened_at__isnull=False) | Q(method=VoteMethod.PAPER),
                name="ballot_opened_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[BallotStatus.DRAFT, BallotStatus.OPEN])
                | ~Q(digest="")
                | Q(method=VoteMethod.PAPER),
                name="ballot_closed_has_digest",
            ),
        ]

    def __str__(self):
        return _("Ballot for %(award)s, round %(round)s") % {
            "award": self.get_award_display(),
            "round": self.round_number,
        }

    def get_absolute_url(self) -> str:
        return reverse("awards:meeting_detail", args=[self.meeting.bloc_year_id])


class BallotCandidate(models.Model):
    """A unit on the ballot; ``women_share`` (0–100 %) when known, for Decree 152/2025 Art. 4(6)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="entries", verbose_name=_("ballot"))
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    women_share = models.DecimalField(_("share of women (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    paper_votes = models.PositiveIntegerField(_("votes counted on paper"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot candidate")
        verbose_name_plural = _("ballot candidates")
        ordering = ["ballot", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "unit"], name="ballotcandidate_unique_unit"),
            models.CheckConstraint(
                condition=Q(women_share__isnull=True) | Q(women_share__gte=0, women_share__lte=100),
                name="ballotcandidate_women_share_range",
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.ballot}"


class Participation(models.Model):
    """A voter took part for a unit. No choice and no time: nothing here can be joined to a cast ballot."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="participations", verbose_name=_("ballot")
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("voter")
    )
    unit = models.ForeignKey("blocs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["ballot", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "voter"], name="participation_once_per_voter"),
            models.UniqueConstraint(fields=["ballot", "unit"], name="participation_once_per_unit"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.ballot}"


class CastBallot(models.Model):
    """A ballot in the box: a random id, no voter, no time. While the ballot is open only ``sealed``
    holds the choice (AES-GCM, key not in the database); from closing only ``choice`` does."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="cast", verbose_name=_("ballot"))
    sealed = models.BinaryField(_("sealed choice"), null=True, editable=False)
    choice = models.JSONField(_("choice"), null=True, editable=False)
    receipt = models.CharField(_("receipt code"), max_length=16)

    class Meta:
        verbose_name = _("cast ballot")
        verbose_name_plural = _("cast ballots")
        ordering = ["ballot", "receipt"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "receipt"], name="castballot_unique_receipt"),
            models.CheckConstraint(
                condition=Q(sealed__isnull=True, choice__isnull=False) | Q(sealed__isnull=False, choice__isnull=True),
                name="castballot_sealed_or_plain",
            ),
        ]

    def __str__(self):
        return self.receipt


class PaperCount(models.Model):
    """The counting committee's count of a paper ballot (DOMAIN §7): ballots issued, returned, valid and
    invalid; the votes per candidate are on ``BallotCandidate.paper_votes``. Recording it tallies the
    ballot in place of electronic votes (``Ballot.method`` becomes paper)."""

    ballot = models.OneToOneField(
        Ballot, on_delete=models.CASCADE, related_name="paper_count", verbose_name=_("ballot")
    )
    issued = models.PositiveIntegerField(_("ballots issued"))
    returned = models.PositiveIntegerField(_("ballots returned"))
    valid = models.PositiveIntegerField(_("valid ballots"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("paper count")
        verbose_name_plural = _("paper counts")
        ordering = ["ballot"]
        constraints = [
            models.CheckConstraint(condition=Q(returned__lte=F("issued")), name="papercount_returned_not_above_issued"),
            models.CheckConstraint(
                condition=Q(returned=F("valid") + F("invalid")), name="papercount_valid_invalid_add_up"
            ),
        ]

    def __str__(self):
        return _("Paper count of %(ballot)s") % {"ballot": self.ballot}
