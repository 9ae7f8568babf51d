"""Reads of the legal catalogue: the award types, and the regime and base salary in force on a date.

The catalogue is public law, readable by every signed-in user; there is no per-object chokepoint.
"""

import datetime
from decimal import Decimal

from django.db.models import QuerySet

from awards import council
from awards.models import AwardType, BaseSalary, LegalRegime


def award_types() -> QuerySet[AwardType]:
    """Every award type with its title, in the registration catalogue's order."""
    return AwardType.objects.select_related("title").order_by("title__position", "title__name")


def award_type_of(code: str) -> AwardType | None:
    """The award type with ``code`` (an ``AwardTypeCode``), or None if the catalogue lacks it."""
    return award_types().filter(code=code).first()


def regimes() -> QuerySet[LegalRegime]:
    return LegalRegime.objects.order_by("valid_from")


def regime_for(date: datetime.date) -> LegalRegime:
    """The legal regime in force on ``date`` (a decision's date); DomainError if none or several."""
    candidates = regimes().filter(valid_from__lte=date).exclude(valid_to__lt=date)
    return council.regime_on(candidates, date)


def salary_for(date: datetime.date) -> BaseSalary:
    """The base salary in force on ``date``; DomainError if none is recorded that early."""
    latest = BaseSalary.objects.filter(valid_from__lte=date).order_by("-valid_from")[:1]
    return council.base_salary_on(latest, date)


def money_for(award_type: AwardType, date: datetime.date) -> Decimal | None:
    """The money that goes with ``award_type`` decided on ``date``; None when the regime sets no multiplier."""
    regime = regime_for(date)
    multiplier = regime.multiplier(award_type.multiplier_key) if award_type.multiplier_key else None
    if multiplier is None:
        return None
    return council.award_money(multiplier, salary_for(date).amount, rounding_step=regime.money_rounding_vnd)
