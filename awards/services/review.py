"""Writes of the council office's review of a proposal (DOMAIN §8): receive or return it, assign an
officer, appraise each proposed award and record the other agencies' compliance notes, finish the
appraisal and place the dossier on the council's session.

Every write locks the proposal's row (the state every step reads), refuses a closed year, checks the
move on ``awards.transitions.PROPOSAL`` and writes one audit entry on the proposal with the reason,
so the dossier's timeline shows who did what, when and why.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import Appraisal, CheckingAgency, ProposalAction, ProposalStatus
from awards.lateness import Deadline, is_late
from awards.models import ComplianceNote, Proposal, ProposalItem
from awards.selectors.review import office_officers, secretariat_officers
from awards.transitions import PROPOSAL
from blocs.services import ensure_year_open
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import log_action, notify, records_refusals


def _lock(proposal: Proposal) -> Proposal:
    """Re-read the proposal under a row lock (every review step reads its state); refuse a closed year."""
    rows = Proposal.objects.select_for_update(of=("self",)).select_related("bloc_year__bloc__province")
    locked = rows.get(pk=proposal.pk)
    ensure_year_open(locked.bloc_year)
    return locked


def _move(proposal: Proposal, move_action: str, *, actor: User | None, action: str, **data: object) -> Proposal:
    """Check ``move_action`` on the locked proposal, set its target state, save and audit ``action`` with ``data``."""
    move = PROPOSAL.check(proposal, move_action)
    before, proposal.status = proposal.status, move.target
    proposal.save(update_fields=["status"])
    log_action(proposal, actor=actor, action=action, data={"before": before, "after": move.target, **data})
    return proposal


def submitted_late(proposal: Proposal) -> bool:
    """The dossier reached the office after its province's deadline in the dossier's year (DOMAIN §8)."""
    province = proposal.bloc_year.bloc.province
    deadline = Deadline(province.proposal_deadline_day, province.proposal_deadline_month)
    return is_late(proposal.submitted_on, proposal.bloc_year.year, deadline)


@records_refusals
@transaction.atomic
def receive_proposal(proposal: Proposal, *, actor: User | None) -> Proposal:
    """Accept a submitted dossier for appraisal: submitted → received.

    In order: lock the row; refuse a closed year; a received dossier is a no-op; refuse any other
    state; save; audit awards.proposal.received (with whether it came after the deadline).
    """
    proposal = _lock(proposal)
    if proposal.status == ProposalStatus.RECEIVED:
        return proposal
    late = submitted_late(proposal)
    return _move(proposal, ProposalAction.RECEIVE, actor=actor, action="awards.proposal.received", late=late)


@records_refusals
@transaction.atomic
def return_proposal(proposal: Proposal, *, actor: User | None, reason: str) -> Proposal:
    """Send the dossier back to the bloc's secretariat for correction, with the reason.

    In order: refuse an empty reason; lock the row; refuse a closed year; a returned dossier is a
    no-op; refuse a state the return does not start from (submitted, received, assigned); save the
    state and the reason; audit awards.proposal.returned with the reason; after commit, notify the
    officers of the unit heading the bloc that year.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for returning the dossier."))
    proposal = _lock(proposal)
    if proposal.status == ProposalStatus.RETURNED:
        return proposal
    PROPOSAL.check(proposal, ProposalAction.RETURN)
    proposal.return_reason = reason
    proposal.save(update_fields=["return_reason"])
    _move(proposal, ProposalAction.RETURN, actor=actor, action="awards.proposal.returned", reason=reason)
    text = _("The council office returned %(proposal)s: %(reason)s") % {"proposal": proposal, "reason": reason}
    users = list(secretariat_officers(proposal.bloc_year))
    transaction.on_commit(lambda: [notify(user, text=text, url=proposal.get_absolute_url()) for user in users])
    return proposal


@records_refusals
@transaction.atomic
def assign_proposal(proposal: Proposal, *, actor: User | None, officer: User) -> Proposal:
    """Put an officer of the council office in charge of the dossier: received/assigned → assigned.

    In order: lock the row; refuse a closed year; the same officer again is a no-op; refuse a state the
    move does not start from; refuse an officer who does not work in the office of the proposal's
    province; save the officer and the state; audit awards.proposal.assigned (before and after officer).
    """
    proposal = _lock(proposal)
    if proposal.status == ProposalStatus.ASSIGNED and proposal.assigned_to_id == officer.pk:
        return proposal
    PROPOSAL.check(proposal, ProposalAction.ASSIGN)
    if not office_officers(proposal.bloc_year.bloc.province).filter(pk=officer.pk).exists():
        raise DomainError(
            _("%(user)s is not an officer of the council office of %(province)s.")
            % {"user": officer, "province": proposal.bloc_year.bloc.province}
        )
    previous, proposal.assigned_to = proposal.assigned_to_id, officer
    proposal.save(update_fields=["assigned_to"])
    data = {"officer": officer.pk, "previous": previous}
    return _move(proposal, ProposalAction.ASSIGN, actor=actor, action="awards.proposal.assigned", **data)


def _lock_item(item: ProposalItem) -> tuple[Proposal, ProposalItem]:
    """Lock the item's proposal, refuse unless it is being appraised, then lock and re-read the item."""
    proposal = _lock(item.proposal)
    if not PROPOSAL.can_start(proposal, ProposalAction.APPRAISE):
        raise RefusedTransition(
            _("Proposed awards are appraised while the dossier is with an officer, not while it is %(status)s.")
            % {"status": proposal.get_status_display().lower()}
        )
    locked = ProposalItem.objects.select_for_update().select_related("unit").get(pk=item.pk, proposal=proposal)
    return proposal, locked


@records_refusals
@transaction.atomic
def appraise_item(item: ProposalItem, *, actor: User, eligible: bool, reason: str = "") -> ProposalItem:
    """Record the council office's finding on one proposed award: eligible, or not eligible with a reason.

    In order: refuse "not eligible" without a reason; lock the proposal; refuse a closed year or a
    dossier not assigned for appraisal; lock the item; save the finding, the reason, who and when
    (a new finding replaces the last); audit awards.proposal.item_appraised on the proposal.
    """
    reason = reason.strip()
    if not eligible and not reason:
        raise DomainError(_("Give the reason why the proposed award is not eligible."))
    proposal, item = _lock_item(item)
    before = item.appraisal
    item.appraisal = Appraisal.ELIGIBLE if eligible else Appraisal.INELIGIBLE
    item.appraisal_reason, item.appraised_by, item.appraised_at = reason, actor, timezone.now()
    item.save(update_fields=["appraisal", "appraisal_reason", "appraised_by", "appraised_at"])
    data = {"item": item.pk, "unit": item.unit_id, "award": item.award, "before": before, "after": item.appraisal}
    log_action(proposal, actor=actor, action="awards.proposal.item_appraised", data={**data, "reason": reason})
    return item


@records_refusals
@transaction.atomic
def add_compliance_note(item: ProposalItem, *, actor: User, agency: str, reference: str, note: str) -> ComplianceNote:
    """Record what another agency (police, tax, social insurance, inspectorate …) answered about the item's unit.

    In order: refuse an unknown agency, an empty document reference or note; lock the proposal; refuse
    a closed year or a dossier not assigned for appraisal; store the note; audit
    awards.proposal.compliance_note on the proposal with the agency and its document.
    """
    reference, note = reference.strip(), note.strip()
    if agency not in CheckingAgency.values:
        raise DomainError(_("Choose the agency that gave the note."))
    if not reference or not note:
        raise DomainError(_("Give the agency's document and what it says."))
    proposal, item = _lock_item(item)
    record = ComplianceNote.objects.create(item=item, agency=agency, reference=reference, note=note, recorded_by=actor)
    data = {"item": item.pk, "unit": item.unit_id, "agency": agency, "reference": reference, "note": note}
    log_action(proposal, actor=actor, action="awards.proposal.compliance_note", data=data)
    return record


@records_refusals
@transaction.atomic
def finish_appraisal(proposal: Proposal, *, actor: User | None) -> Proposal:
    """Close the appraisal: assigned → appraised, once every proposed award has a finding.

    In order: lock the row; refuse a closed year; an appraised dossier is a no-op; refuse another
    state or an item still pending (guard ``every_item_appraised``); save; audit awards.proposal.appraised
    with the count of eligible and ineligible items.
    """
    proposal = _lock(proposal)
    if proposal.status == ProposalStatus.APPRAISED:
        return proposal
    findings = list(proposal.items.values_list("appraisal", flat=True))
    eligible, ineligible = findings.count(Appraisal.ELIGIBLE), findings.count(Appraisal.INELIGIBLE)
    return _move(
        proposal,
        ProposalAction.APPRAISE,
        actor=actor,
        action="awards.proposal.appraised",
        eligible=eligible,
        ineligible=ineligible,
    )


@records_refusals
@transaction.atomic
def place_on_session(proposal: Proposal, *, actor: User | None) -> Proposal:
    """Put the appraised dossier on the council's session: appraised → at session (the session itself comes later).

    In order: lock the row; refuse a closed year; a dossier at the session is a no-op; refuse another
    state or a dossier with no eligible item (guard ``some_item_eligible``); save; audit awards.proposal.placed.
    """
    proposal = _lock(proposal)
    if proposal.status == ProposalStatus.AT_SESSION:
        return proposal
    return _move(proposal, ProposalAction.PLACE, actor=actor, action="awards.proposal.placed")
