"""Writes of the Chairman's award decision (DOMAIN §6, §8): drafted from a held council session, issued with its
number (…/QĐ-UBND), date, signer and the money of each approved award, and an award revoked later with its
reason and legal basis (Law 06/2022/QH15 ch. VII), the row kept so the history stays readable.

Which awards are approved: an award that needs the council's vote is approved when its ``CouncilVote``
passed; one that needs no vote (the provincial certificate of merit, DOMAIN §6) when the council office
appraised it eligible. Everything else in the session's dossiers is rejected.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import (
    DECISION_KIND,
    Appraisal,
    CouncilSessionStatus,
    DecisionStatus,
    ProposalAction,
    ProposalStatus,
    SignerRank,
)
from awards.models import AwardDecision, AwardType, CouncilSession, DecisionItem, Proposal, ProposalItem
from awards.selectors import catalogue
from awards.transitions import PROPOSAL
from blocs.enums import BlocYearStatus
from blocs.models import BlocYear, Province
from blocs.selectors import council_office_name
from blocs.services import advance_bloc_year, ensure_year_open
from blocs.transitions import next_status
from core.documents import Issue
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import issue_document, log_action, records_refusals

DECISION_TYPE_CODE = "QĐ"
DECISION_ISSUER_CODE = "UBND"
SIGNER_TITLES = {SignerRank.CHAIRMAN: "Chủ tịch", SignerRank.VICE_CHAIRMAN: "Phó Chủ tịch"}
# The statuses a year with a dossier at the council's session can be in before the decision: the proposal is
# drawn up at "ready for review" or "reviewed" (awards.services.proposals), and the secretariat may not yet
# have stepped the year to "proposed" when the council rules.
BEFORE_DECISION = frozenset({BlocYearStatus.READY_FOR_REVIEW, BlocYearStatus.REVIEWED, BlocYearStatus.PROPOSED})


def decision_summary(province: Province) -> str:
    return f"Về việc khen thưởng tập thể có thành tích xuất sắc trong phong trào thi đua của {province.kind_word}"


def province_committee(province: Province) -> str:
    """The issuer line: "ỦY BAN NHÂN DÂN" over "TỈNH HÀ TĨNH" (no superior body in the header)."""
    return province.people_committee.replace("UBND ", "ỦY BAN NHÂN DÂN\n", 1)


def decision_issue(decision: AwardDecision, *, issued_on: datetime.date, rank: str, signer_name: str) -> Issue:
    """The header and signature of the decision: the province's committee's own QĐ series; the Chairman signs,
    or a Vice-Chairman on the Chairman's behalf ("KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH", Decree 30/2020 Art. 13)."""
    province = decision.province
    return Issue(
        issuer_key=f"province:{province.pk}:ubnd",
        type_code=DECISION_TYPE_CODE,
        issuer_code=DECISION_ISSUER_CODE,
        issued_on=issued_on,
        place=province.name,
        superior="",
        issuer=province_committee(province),
        signer_authority="KT. CHỦ TỊCH" if rank == SignerRank.VICE_CHAIRMAN else "",
        signer_title=SIGNER_TITLES[SignerRank(rank)].upper(),
        signer_name=signer_name,
        recipients=[
            "Như Điều 3",
            f"Hội đồng Thi đua - Khen thưởng {province.kind_word}",
            council_office_name(province, on=issued_on),
            "Lưu: VT, TĐKT",
        ],
    )


def _award_type(code: str) -> AwardType:
    award_type = catalogue.award_type_of(code)
    if award_type is None:
        raise DomainError(_("The catalogue has no award type for %(award)s.") % {"award": code})
    return award_type


def item_approved(item: ProposalItem, award_type: AwardType) -> bool:
    """Whether the council's session approved ``item`` (see the module's docstring); DomainError when an eligible
    item that needs the council's vote has none recorded."""
    if item.appraisal != Appraisal.ELIGIBLE:
        return False
    vote = getattr(item, "council_vote", None)
    if vote is not None:
        return bool(vote.passed)
    if award_type.council_vote_required:
        raise DomainError(
            _("The council's vote on %(item)s is not recorded: record it before drafting the decision.")
            % {"item": item}
        )
    return True


@records_refusals
@transaction.atomic
def draft_decision(session: CouncilSession, *, actor: User) -> AwardDecision:
    """Draft the award decision of a held council session: one item per proposed award of its dossiers.

    In order: lock the session; refuse a session not held; a session with a decision already returns it;
    lock its dossiers still at the session, refuse none or a closed year; read each item's vote or
    appraisal (refuse an eligible item lacking a required vote); create the draft decision and its items
    (approved or rejected, the award's code, the emulation year, the bloc); audit awards.decision.drafted.
    """
    session = CouncilSession.objects.select_for_update().select_related("province").get(pk=session.pk)
    if session.status != CouncilSessionStatus.HELD:
        raise RefusedTransition(_("A decision is drafted once the council's session is held and its votes recorded."))
    existing = session.decisions.first()
    if existing is not None:
        return existing
    proposals = list(
        Proposal.objects.select_for_update(of=("self",))
        .select_related("bloc_year__bloc")
        .filter(council_session=session, status=ProposalStatus.AT_SESSION)
        .order_by("bloc_year__bloc__name", "pk")
    )
    if not proposals:
        raise DomainError(_("No dossier on this session awaits a decision."))
    rows = []
    for proposal in proposals:
        ensure_year_open(proposal.bloc_year)
        items = proposal.items.select_related("unit", "council_vote").order_by("award", "rank", "pk")
        for item in items:
            approved = item_approved(item, _award_type(item.award))
            rows.append((proposal, item, approved))
    decision = AwardDecision.objects.create(
        province=session.province, session=session, summary=decision_summary(session.province), created_by=actor
    )
    DecisionItem.objects.bulk_create(
        DecisionItem(
            decision=decision,
            proposal_item=item,
            unit=item.unit,
            award=item.award,
            year=proposal.bloc_year.year,
            bloc=proposal.bloc_year.bloc,
            approved=approved,
        )
        for proposal, item, approved in rows
    )
    approved_count = sum(1 for *__, approved in rows if approved)
    data = {"session": session.pk, "approved": approved_count, "rejected": len(rows) - approved_count}
    log_action(decision, actor=actor, action="awards.decision.drafted", data=data)
    return decision


@records_refusals
@transaction.atomic
def issue_decision(
    decision: AwardDecision, *, actor: User, issued_on: datetime.date, signer_rank: str, signer_name: str
) -> AwardDecision:
    """Issue the decision: its number in the committee's QĐ series, its date and signer, the money of each award.

    In order: refuse an unknown signer rank or an empty name; lock the decision; an issued decision is a
    no-op; refuse a date before the session; lock its dossiers and refuse a closed year; compute each
    approved item's money (multiplier × base salary in force on ``issued_on``; empty when the regime sets
    none) and save it; draw the number (core.services.issue_document, audited there); save number, date,
    signer, status; move each dossier to decided (an award approved) or rejected (none); move each dossier's
    bloc-year to "decided" (``_decide_year``: the council has ruled, even when it rejected every award);
    audit awards.decision.issued with the number and the total.
    """
    signer_name = " ".join(signer_name.split())
    if signer_rank not in SignerRank.values or not signer_name:
        raise DomainError(_("Name the signer and choose whether the Chairman or a Vice-Chairman signs."))
    decision = (
        AwardDecision.objects.select_for_update(of=("self",)).select_related("province", "session").get(pk=decision.pk)
    )
    if decision.status == DecisionStatus.ISSUED:
        return decision
    if decision.session is not None and issued_on < decision.session.held_on:
        raise DomainError(_("The decision cannot be dated before the council's session."))
    proposal_ids = decision.items.values("proposal_item__proposal_id")
    proposals = list(
        Proposal.objects.select_for_update(of=("self",)).select_related("bloc_year").filter(pk__in=proposal_ids)
    )
    for proposal in proposals:
        ensure_year_open(proposal.bloc_year)
    items = list(decision.items.select_for_update().filter(approved=True))
    for item in items:
        item.amount = catalogue.money_for(_award_type(item.award), issued_on)
    DecisionItem.objects.bulk_update(items, ["amount"])
    issue = decision_issue(decision, issued_on=issued_on, rank=signer_rank, signer_name=signer_name)
    issued = issue_document(decision, kind=DECISION_KIND, issue=issue, actor=actor)
    decision.number, decision.issued_on, decision.status = issued.number, issued.issued_on, DecisionStatus.ISSUED
    decision.signer_name, decision.signer_title = signer_name, SIGNER_TITLES[SignerRank(signer_rank)]
    decision.save(update_fields=["number", "issued_on", "status", "signer_name", "signer_title"])
    decided = set(decision.items.filter(approved=True).values_list("proposal_item__proposal_id", flat=True))
    for proposal in proposals:
        _settle(proposal, decided=proposal.pk in decided, actor=actor, decision=decision)
        _decide_year(proposal.bloc_year, actor=actor)
    total = sum((item.amount for item in items if item.amount is not None), Decimal(0))
    data = {"number": issued.number_text, "issued_on": issued_on, "approved": len(items), "total": str(total)}
    log_action(decision, actor=actor, action="awards.decision.issued", data=data)
    return decision


def _settle(proposal: Proposal, *, decided: bool, actor: User, decision: AwardDecision) -> None:
    action = ProposalAction.DECIDE if decided else ProposalAction.REJECT
    move = PROPOSAL.check(proposal, action)
    before, proposal.status = proposal.status, move.target
    proposal.save(update_fields=["status"])
    code = "awards.proposal.decided" if decided else "awards.proposal.rejected"
    log_action(
        proposal, actor=actor, action=code, data={"before": before, "after": move.target, "decision": decision.pk}
    )


def _decide_year(bloc_year: BlocYear, *, actor: User) -> None:
    """Step the year forward to "decided" through the blocs lifecycle (blocs.services.advance_bloc_year: its
    guards, one audit entry and one notice per step). A year still at "ready for review" or "reviewed" is walked
    through the steps its secretariat has not taken yet: their requirements hold once the dossier is at the
    session (minutes issued, dossier submitted), and the council office may make every move. A year already
    decided stays; a refused step refuses the whole issue, so nothing changes."""
    status = bloc_year.status
    while status in BEFORE_DECISION and (target := next_status(status)) is not None:
        status = advance_bloc_year(bloc_year, to=target, actor=actor).status


@records_refusals
@transaction.atomic
def revoke_item(item: DecisionItem, *, actor: User, revoked_on: datetime.date, reason: str, basis: str) -> DecisionItem:
    """Revoke one decided award (Law 06/2022/QH15 ch. VII: fraud, a false dossier …), keeping the row.

    In order: refuse an empty reason or legal basis; lock the item; refuse an award of a draft decision,
    a rejected one, or one already revoked; refuse a date before the decision or in the future; save the
    date, reason and basis; audit awards.decision.item_revoked on the decision. A closed emulation year does not stop a
    revocation: the law allows it whenever the fraud comes to light.
    """
    reason, basis = reason.strip(), basis.strip()
    if not reason or not basis:
        raise DomainError(_("Give the reason for the revocation and its legal basis."))
    item = DecisionItem.objects.select_for_update(of=("self",)).select_related("decision", "unit").get(pk=item.pk)
    decision = item.decision
    if decision.status != DecisionStatus.ISSUED or not item.approved:
        raise RefusedTransition(_("Only an award of an issued decision can be revoked."))
    if item.revoked_on is not None:
        raise RefusedTransition(_("This award was already revoked."))
    if decision.issued_on and revoked_on < decision.issued_on:
        raise DomainError(_("The revocation cannot be dated before the decision."))
    if revoked_on > timezone.localdate():
        raise DomainError(_("The revocation cannot be dated in the future."))
    item.revoked_on, item.revocation_reason, item.revocation_basis = revoked_on, reason, basis
    item.save(update_fields=["revoked_on", "revocation_reason", "revocation_basis"])
    data = {"item": item.pk, "unit": item.unit_id, "award": item.award, "revoked_on": revoked_on}
    log_action(
        decision, actor=actor, action="awards.decision.item_revoked", data={**data, "reason": reason, "basis": basis}
    )
    return item
