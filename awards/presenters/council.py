"""Page assembly of the council's session: its dossiers with their items, votes and pass marks, the sitting status."""

from dataclasses import dataclass
from typing import Any

from awards import council
from awards.enums import Appraisal, CouncilSessionStatus
from awards.models import CouncilSession, Proposal, ProposalItem
from awards.selectors import council as selectors
from awards.selectors.catalogue import regime_for
from awards.services.council import COUNCIL_MINUTES_KIND, vote_needed
from core.exceptions import DomainError
from core.models import User


@dataclass(frozen=True)
class ItemRow:
    item: ProposalItem
    needs_vote: bool
    vote: Any  # CouncilVote | None

    @property
    def outcome(self) -> str:
        """ "passed", "failed", "pending", "by_appraisal" (no vote needed) or "ineligible"."""
        if self.item.appraisal != Appraisal.ELIGIBLE:
            return "ineligible"
        if not self.needs_vote:
            return "by_appraisal"
        if self.vote is None:
            return "pending"
        return "passed" if self.vote.passed else "failed"


@dataclass(frozen=True)
class DossierRow:
    proposal: Proposal
    items: list[ItemRow]


def _vote_of(item: ProposalItem) -> Any:
    try:
        return item.council_vote
    except ProposalItem.council_vote.RelatedObjectDoesNotExist:
        return None


def sitting(session: CouncilSession) -> dict[str, Any]:
    """Whether the quorum and the award-session attendance of the regime on the session's day are met."""
    try:
        regime = regime_for(session.held_on)
    except DomainError as exc:
        return {"error": exc.message}
    return {
        "regime": regime,
        "quorum": council.quorum_met(session.members_total, session.present, regime),
        "attendance": council.attendance_met(session.members_total, session.present, regime),
    }


def session_rows(session: CouncilSession) -> list[DossierRow]:
    """The session's dossiers with each item, whether it needs the vote, and its vote."""
    needs: dict[str, bool] = {}
    dossiers = []
    for proposal in selectors.session_proposals(session):
        rows = []
        for item in proposal.items.all():
            if item.award not in needs:
                needs[item.award] = vote_needed(item) is not None
            rows.append(ItemRow(item, needs[item.award], _vote_of(item)))
        dossiers.append(DossierRow(proposal, rows))
    return dossiers


def session_detail_page(user: User, session: CouncilSession) -> dict[str, Any]:
    can_change = user.has_perm("awards.change_councilsession", session)
    return {
        "session": session,
        "dossiers": session_rows(session),
        "sitting": sitting(session),
        "can_change": can_change,
        "can_add": can_change and selectors.placeable_proposals(session).exists(),
        "held": session.status == CouncilSessionStatus.HELD,
        "minutes_kind": COUNCIL_MINUTES_KIND,
    }
