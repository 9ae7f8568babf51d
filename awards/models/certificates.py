"""Printing certificates on pre-printed stock (in phôi, issue 11): per award type, where each blank of the
printed sheet is, in millimetres from the sheet's top-left corner, calibrated once with a test print.

The administrator keeps the layouts in the admin; each field is a row (``LayoutField``).
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardTypeCode, CertificateField, FieldAlign

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _mm(label: "StrOrPromise", **options: Any) -> "models.DecimalField[Decimal, Decimal]":
    """A length in millimetres, to a tenth."""
    return models.DecimalField(label, max_digits=6, decimal_places=1, **options)


class CertificateLayout(models.Model):
    """The sheet of one award type's certificate: its size and its fields (a flag is not printed)."""

    award = models.CharField(_("award type"), max_length=30, choices=AwardTypeCode.choices, unique=True)
    page_width_mm = _mm(
        _("sheet width (mm)"), validators=[MinValueValidator(Decimal(50)), MaxValueValidator(Decimal(1000))]
    )
    page_height_mm = _mm(
        _("sheet height (mm)"), validators=[MinValueValidator(Decimal(50)), MaxValueValidator(Decimal(1000))]
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Which stock, which printer, when calibrated."))

    class Meta:
        verbose_name = _("certificate layout")
        verbose_name_plural = _("certificate layouts")
        ordering = ["award"]
        constraints = [
            models.CheckConstraint(
                condition=Q(page_width_mm__gte=50, page_height_mm__gte=50), name="certificatelayout_sheet_size"
            )
        ]

    def __str__(self) -> str:
        return str(self.get_award_display())


class LayoutField(models.Model):
    """Where one field is printed: ``x_mm`` (by ``align``) and ``y_mm`` (the top of the text) from the top-left."""

    layout = models.ForeignKey(
        CertificateLayout, on_delete=models.CASCADE, related_name="fields", verbose_name=_("layout")
    )
    name = models.CharField(_("field"), max_length=20, choices=CertificateField.choices)
    x_mm = _mm(_("x (mm)"), validators=[MinValueValidator(Decimal(0))])
    y_mm = _mm(_("y (mm)"), validators=[MinValueValidator(Decimal(0))])
    width_mm = _mm(_("width (mm)"), validators=[MinValueValidator(Decimal(5))])
    font_size_pt = models.DecimalField(
        _("font size (pt)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(14),
        validators=[MinValueValidator(Decimal(6)), MaxValueValidator(Decimal(72))],
    )
    bold = models.BooleanField(_("bold"), default=False)
    align = models.CharField(_("alignment"), max_length=10, choices=FieldAlign.choices, default=FieldAlign.CENTER)

    class Meta:
        verbose_name = _("layout field")
        verbose_name_plural = _("layout fields")
        ordering = ["layout", "y_mm", "x_mm"]
        constraints = [
            models.UniqueConstraint(fields=["layout", "name"], name="layoutfield_unique_name"),
            models.CheckConstraint(
                condition=Q(x_mm__gte=0, y_mm__gte=0, width_mm__gte=5), name="layoutfield_positive_position"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_name_display())
