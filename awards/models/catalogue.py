"""The legal catalogue (DOMAIN §1, §6, §7): award types, legal regimes by validity dates, base salaries by date.

All three are data the administrator keeps in the admin, never constants in code: the law changes
(Decree 91/2017 → 98/2023 → 152/2025) and so does the base salary. Each row carries its legal basis
and a note saying which figures were verified against which text.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardTypeCode, DecidedBy, DossierDocument, VoteThresholdKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def validate_dossier_documents(value: object) -> None:
    """A list of known dossier document codes, each at most once."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("The required documents are a list of document codes."))
    unknown = sorted(set(value) - set(DossierDocument.values))
    if unknown:
        raise ValidationError(_("Unknown document codes: %(codes)s."), params={"codes": ", ".join(unknown)})
    if len(set(value)) != len(value):
        raise ValidationError(_("A document is listed twice."))


def _multiplier_field(label: "StrOrPromise") -> "models.DecimalField[Decimal | None, Decimal | None]":
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Times the base salary; empty: not verified or no money."),
    )


class AwardType(models.Model):
    """The legal side of one title of the registration catalogue (``pledges.Title``): one catalogue, not two."""

    title = models.OneToOneField(
        "pledges.Title", on_delete=models.PROTECT, related_name="award_type", verbose_name=_("title")
    )
    code = models.CharField(_("code"), max_length=30, choices=AwardTypeCode.choices, unique=True)
    criteria = models.TextField(_("criteria"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, help_text=_("For example: Law 06/2022, Art. 26."))
    decided_by = models.CharField(_("decided by"), max_length=30, choices=DecidedBy.choices)
    council_vote_required = models.BooleanField(_("council vote required"), default=False)
    vote_threshold = models.CharField(
        _("council vote threshold"),
        max_length=20,
        choices=VoteThresholdKind.choices,
        blank=True,
        help_text=_("Which threshold of the legal regime the council vote must reach."),
    )
    multiplier_key = models.CharField(
        _("money multiplier"),
        max_length=30,
        choices=AwardTypeCode.choices,
        blank=True,
        help_text=_("Which multiplier of the legal regime sets the money; empty: no money."),
    )
    required_documents = models.JSONField(
        _("required dossier documents"), default=list, blank=True, validators=[validate_dossier_documents]
    )
    note = models.TextField(_("note"), blank=True, help_text=_("What was verified against which legal text."))

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["title__position", "title__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(council_vote_required=False) | ~Q(vote_threshold=""),
                name="awardtype_council_vote_has_threshold",
                violation_error_message=_("A council vote needs a threshold."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)


class LegalRegime(models.Model):
    """A law and its implementing decree, in force from ``valid_from`` to ``valid_to`` (inclusive; open if empty).

    The regime of a decision is the one in force on the decision's date. It holds every parameter
    the council's vote and the award money depend on.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.TextField(_("legal basis"))
    valid_from = models.DateField(_("valid from"), unique=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty: still in force."))
    flag_threshold_percent = models.DecimalField(
        _("flag threshold (% of all council members)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    fighter_threshold_percent = models.DecimalField(
        _("emulation fighter threshold (% of all council members)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum numerator"), validators=[MinValueValidator(1)])
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum denominator"), validators=[MinValueValidator(1)])
    attendance_percent = models.DecimalField(
        _("attendance at award sessions (% of all council members)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    money_rounding_vnd = models.PositiveIntegerField(
        _("money rounded up to a multiple of (VND)"), default=1, validators=[MinValueValidator(1)]
    )
    # One typed field per award type (AwardTypeCode), as multipliers of the base salary.
    multiplier_government_flag = _multiplier_field(_("Government flag multiplier"))
    multiplier_province_flag = _multiplier_field(_("provincial flag multiplier"))
    multiplier_prime_minister_merit = _multiplier_field(_("Prime Minister's certificate multiplier"))
    multiplier_province_merit = _multiplier_field(_("provincial certificate multiplier"))
    multiplier_excellent_collective = _multiplier_field(_("excellent labour collective multiplier"))
    multiplier_advanced_collective = _multiplier_field(_("advanced labour collective multiplier"))
    multiplier_agency_merit = _multiplier_field(_("agency certificate multiplier"))
    note = models.TextField(_("note"), blank=True, help_text=_("What was verified against which legal text."))

    class Meta:
        verbose_name = _("legal regime")
        verbose_name_plural = _("legal regimes")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="legalregime_valid_to_after_valid_from",
                violation_error_message=_("A regime cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=F("quorum_denominator")),
                name="legalregime_quorum_at_most_one",
                violation_error_message=_("The quorum cannot exceed all members."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Without a start date there is nothing to compare: the field's own "required" error says so
        # (building the query with None raised, and the admin's empty form answered 500).
        if self.valid_from is None:
            return
        overlapping = LegalRegime.objects.exclude(pk=self.pk).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if self.valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        if overlapping.exists():
            raise ValidationError(_("The validity dates overlap another regime's."))

    def multiplier(self, key: str) -> Decimal | None:
        """The money multiplier for ``key`` (an ``AwardTypeCode``); None when the regime does not set one."""
        if key not in AwardTypeCode.values:
            return None
        value: Decimal | None = getattr(self, f"multiplier_{key}")
        return value


class BaseSalary(models.Model):
    """The base salary (lương cơ sở) in force from ``valid_from`` until the next row's date."""

    amount = models.PositiveIntegerField(_("amount (VND)"), validators=[MinValueValidator(1)])
    valid_from = models.DateField(_("valid from"), unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["valid_from"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="basesalary_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount:,} VND ({self.valid_from:%d/%m/%Y})"
