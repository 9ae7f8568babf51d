"""Page context of the award decisions: the list (with the held sessions awaiting a decision and the year's
totals) and one decision's page (its items, money and revocations)."""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from awards.enums import DECISION_KIND, DecisionStatus
from awards.models import AwardDecision
from awards.selectors import decisions as selectors
from awards.selectors.certificates import certificates_of
from blocs.selectors import roles_of
from core.selectors import history_for
from core.services import issued_document_of


def _province_ids(user) -> list[int] | None:
    roles = roles_of(user)
    return None if roles.is_admin else sorted(roles.council_province_ids)


def decision_list_page(user, year: int | None = None) -> dict[str, Any]:
    year = year or timezone.localdate().year
    totals = selectors.year_totals(_province_ids(user), year)
    return {
        "decisions": selectors.decision_list(user),
        "sessions": selectors.held_sessions_without_decision(user),
        "year": year,
        "totals": totals,
        "total_count": sum(row.count for row in totals),
        "by_bloc": selectors.awards_by_bloc_and_year(_province_ids(user), up_to=year),
        "total_money": sum((row.money for row in totals if row.money is not None), Decimal(0)),
    }


def decision_detail_page(user, decision: AwardDecision) -> dict[str, Any]:
    items = list(selectors.items_of(decision))
    approved = [item for item in items if item.approved]
    return {
        "decision": decision,
        "issued": issued_document_of(decision, kind=DECISION_KIND),
        "is_draft": decision.status == DecisionStatus.DRAFT,
        "approved": approved,
        "rejected": [item for item in items if not item.approved],
        "total": sum((i.amount for i in approved if i.amount is not None and i.revoked_on is None), Decimal(0)),
        "history": history_for(decision),
        "can_print_certificates": user.has_perm("awards.print_certificates", decision)
        and bool(certificates_of(decision)),
    }
