"""Scoring schemes (thang điểm): one tree of groups, criteria, bonus and deduction items per bloc-year."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blocs.models import BlocYear
from scoring.enums import SchemeItemKind

__all__ = ["Scheme", "SchemeItem"]


class Scheme(models.Model):
    """The scoring scheme of one bloc-year. Frozen when scoring opens; a later year starts from a copy."""

    bloc_year = models.OneToOneField(
        BlocYear, on_delete=models.CASCADE, related_name="scheme", verbose_name=_("bloc year")
    )
    title = models.CharField(_("name of the scheme"), max_length=300)
    bonus_cap = models.DecimalField(
        _("bonus cap"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(0),
        help_text=_("The most bonus points a unit can receive in total, whatever the bonus items add up to."),
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("copied from")
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    # Set by freeze_scheme (a frozen scheme never changes), so pages that only need the maximum
    # do not read the whole tree; ``selectors.schemes.scheme_maximum`` computes it while unset.
    max_total = models.DecimalField(_("maximum total"), max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        constraints = [models.CheckConstraint(condition=Q(bonus_cap__gte=0), name="scheme_bonus_cap_not_negative")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("scoring:scheme_detail", args=[self.bloc_year_id])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class SchemeItem(models.Model):
    """A group, criterion, bonus or deduction item of a scheme.

    ``max_points`` is the maximum of a criterion or bonus item and the amount of a
    deduction (stored positive, subtracted); a group's maximum is computed. ``sort_key``
    and ``depth`` are maintained by the scheme services so that one ``ORDER BY sort_key``
    returns the tree in document order.
    """

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="items", verbose_name=_("scheme"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("group")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SchemeItemKind.choices)
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    max_points = models.DecimalField(_("maximum points"), max_digits=7, decimal_places=2, default=Decimal(0))
    deduction_fixed = models.BooleanField(
        _("fixed deduction"),
        default=False,
        help_text=_("On: the whole amount is deducted or nothing. Off: up to the amount."),
    )
    step = models.DecimalField(_("step"), max_digits=4, decimal_places=2, default=Decimal("0.5"))
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    guidance = models.TextField(_("guidance for the scorer"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=1)
    sort_key = models.CharField(max_length=100, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    class Meta:
        verbose_name = _("scheme item")
        verbose_name_plural = _("scheme items")
        ordering = ["scheme", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="schemeitem_unique_code"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="schemeitem_max_points_not_negative"),
            models.CheckConstraint(condition=Q(step__gt=0), name="schemeitem_step_positive"),
            models.CheckConstraint(
                condition=~Q(kind=SchemeItemKind.GROUP) | Q(max_points=0), name="schemeitem_group_max_computed"
            ),
            # A fixed deduction is all or nothing: its only allowed values are 0 and the amount.
            models.CheckConstraint(
                condition=Q(deduction_fixed=False) | Q(kind=SchemeItemKind.DEDUCTION, step=F("max_points")),
                name="schemeitem_fixed_deduction_step",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="schemeitem_not_own_parent"),
        ]
        indexes = [models.Index(fields=["scheme", "sort_key"], name="schemeitem_order_idx")]

    def __str__(self):
        return f"{self.code}. {self.text[:80]}"

    @property
    def is_scorable(self) -> bool:
        return self.kind != SchemeItemKind.GROUP
