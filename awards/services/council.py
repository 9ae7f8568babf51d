"""Writes of the provincial council's session (DOMAIN §7, §8): plan it, put appraised dossiers on it, record
who sat and the absentees' written opinions, record the vote on each proposed award, close it with its minutes.

Every write locks the session's row (the state every step reads). The thresholds come from the legal regime
in force on the session's day (``awards.selectors.catalogue.regime_for``), never from constants; the pure
comparisons are ``awards.council``.
"""

import datetime
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import council
from awards.enums import Appraisal, CouncilSessionStatus, ProposalAction, ProposalStatus
from awards.models import AwardType, CouncilAttendee, CouncilSession, CouncilVote, Proposal, ProposalItem
from awards.selectors.catalogue import award_type_of, regime_for
from awards.transitions import PROPOSAL
from blocs.models import Province
from blocs.selectors import council_office_name
from blocs.services import ensure_year_open
from core.documents import Issue
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import issue_document, log_action, records_refusals

COUNCIL_MINUTES_KIND = "awards.council_minutes"
COUNCIL_NAME = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"


def _lock(session: CouncilSession) -> CouncilSession:
    """Re-read the session under a row lock; refuse a session already held (its record is closed)."""
    locked = CouncilSession.objects.select_for_update(of=("self",)).select_related("province").get(pk=session.pk)
    if locked.status != CouncilSessionStatus.PLANNED:
        raise RefusedTransition(_("The council session has been held: its record is closed."))
    return locked


@records_refusals
@transaction.atomic
def plan_session(
    province: Province,
    *,
    actor: User,
    held_on: datetime.date,
    place: str,
    chair_name: str,
    chair_title: str,
    members_total: int,
    secretary_name: str = "",
) -> CouncilSession:
    """Plan a session of the province's council.

    In order: refuse a council without members or an empty place or chair; store the planned session
    (nobody present yet); audit awards.council_session.planned.
    """
    place, chair_name, chair_title = place.strip(), chair_name.strip(), chair_title.strip()
    if members_total < 1:
        raise DomainError(_("The council has at least one member."))
    if not place or not chair_name or not chair_title:
        raise DomainError(_("Give the place, the chair's name and the chair's title."))
    session = CouncilSession.objects.create(
        province=province,
        held_on=held_on,
        place=place,
        chair_name=chair_name,
        chair_title=chair_title,
        secretary_name=secretary_name.strip(),
        members_total=members_total,
        present=0,
        created_by=actor,
    )
    data = {"held_on": held_on, "members_total": members_total}
    log_action(session, actor=actor, action="awards.council_session.planned", data=data)
    return session


@records_refusals
@transaction.atomic
def add_to_session(proposal: Proposal, session: CouncilSession, *, actor: User) -> Proposal:
    """Put an appraised dossier of the session's province on the planned session (appraised → at session).

    In order: lock the session (refuse a held one); lock the proposal; refuse a closed year, another
    province's dossier, a dossier already on another session; the same session again is a no-op; move
    appraised → at session (guard: some item eligible); save the session; audit
    awards.council_session.proposal_added on the session and awards.proposal.placed on the proposal.
    """
    session = _lock(session)
    rows = Proposal.objects.select_for_update(of=("self",)).select_related("bloc_year__bloc")
    proposal = rows.get(pk=proposal.pk)
    ensure_year_open(proposal.bloc_year)
    if proposal.bloc_year.bloc.province_id != session.province_id:
        raise DomainError(_("The dossier belongs to another province's council."))
    if proposal.council_session_id == session.pk:
        return proposal
    if proposal.council_session_id is not None:
        raise DomainError(_("The dossier is already on another council session."))
    if proposal.status != ProposalStatus.AT_SESSION:
        move = PROPOSAL.check(proposal, ProposalAction.PLACE)
        before, proposal.status = proposal.status, move.target
        log_action(
            proposal, actor=actor, action="awards.proposal.placed", data={"before": before, "after": move.target}
        )
    proposal.council_session = session
    proposal.save(update_fields=["status", "council_session"])
    log_action(session, actor=actor, action="awards.council_session.proposal_added", data={"proposal": proposal.pk})
    return proposal


class Attendee(NamedTuple):
    """A council member as the minutes name them; ``written_opinion`` only for an absentee."""

    name: str
    title: str
    present: bool
    written_opinion: bool = False


@records_refusals
@transaction.atomic
def record_attendance(
    session: CouncilSession,
    *,
    actor: User,
    present: int,
    written_opinions: int,
    members: Sequence[Attendee] | None = None,
) -> CouncilSession:
    """Record how many members sat and how many absentees gave a written opinion, and, when ``members`` is
    given, who they were (the list replaces the last one; an empty list clears it).

    In order: lock the session (refuse a held one); refuse counts above the council's members or written
    opinions from more members than were absent; refuse a named list longer than the council, a member without
    a name, a written opinion from a member present, or counts that differ from the named list; refuse a
    change of counts once a vote is recorded (the votes were checked against these counts); save the counts and
    the list; audit awards.council_session.attendance.
    """
    session = _lock(session)
    if not 0 <= present <= session.members_total:
        raise DomainError(
            _("Members present lie between zero and the %(total)s members.") % {"total": session.members_total}
        )
    if not 0 <= written_opinions <= session.members_total - present:
        raise DomainError(_("Only absent members give written opinions."))
    if members is not None:
        members = [_clean_attendee(member) for member in members]
        _check_members(session, members, present=present, written_opinions=written_opinions)
    if session.votes.exists() and (present, written_opinions) != (session.present, session.written_opinions):
        raise DomainError(_("Votes are recorded: the attendance they were counted on cannot change."))
    before = {"present": session.present, "written_opinions": session.written_opinions}
    session.present, session.written_opinions = present, written_opinions
    session.save(update_fields=["present", "written_opinions"])
    after: dict[str, object] = {"present": present, "written_opinions": written_opinions}
    if members is not None:
        _replace_attendees(session, members)
        after["members"] = [list(member) for member in members]
    log_action(
        session, actor=actor, action="awards.council_session.attendance", data={"before": before, "after": after}
    )
    return session


def _clean_attendee(member: Attendee) -> Attendee:
    name = unicodedata.normalize("NFC", " ".join(member.name.split()))
    title = unicodedata.normalize("NFC", " ".join(member.title.split()))
    return Attendee(name, title, bool(member.present), bool(member.written_opinion))


def _check_members(session: CouncilSession, members: list[Attendee], *, present: int, written_opinions: int) -> None:
    if not members:
        return
    if len(members) > session.members_total:
        raise DomainError(
            _("The council has %(total)s members: %(count)s are named.")
            % {"total": session.members_total, "count": len(members)}
        )
    if any(not member.name for member in members):
        raise DomainError(_("Each member named needs a name."))
    if any(member.present and member.written_opinion for member in members):
        raise DomainError(_("Only absent members give written opinions."))
    named_present = sum(1 for member in members if member.present)
    named_opinions = sum(1 for member in members if member.written_opinion)
    if (named_present, named_opinions) != (present, written_opinions):
        raise DomainError(
            _(
                "The counts differ from the members named: %(present)s named present and %(opinions)s absentees "
                "with a written opinion."
            )
            % {"present": named_present, "opinions": named_opinions}
        )


def _replace_attendees(session: CouncilSession, members: list[Attendee]) -> None:
    session.attendees.all().delete()
    CouncilAttendee.objects.bulk_create(
        CouncilAttendee(session=session, position=position, **member._asdict())
        for position, member in enumerate(members, start=1)
    )


def check_sitting(session: CouncilSession) -> None:
    """Refuse unless the session may vote on awards: the quorum and the attendance of the regime in force
    on its day (QĐ 86/2025 Bắc Ninh Art. 8(4)(b), as ``awards.council`` cites)."""
    regime = regime_for(session.held_on)
    if not council.quorum_met(session.members_total, session.present, regime):
        raise DomainError(_("The session has no quorum: record who is present first."))
    if not council.attendance_met(session.members_total, session.present, regime):
        raise DomainError(
            _("A session on awards needs %(percent)s%% of the members present.")
            % {"percent": f"{regime.attendance_percent.normalize():f}"}
        )


def vote_needed(item: ProposalItem) -> AwardType | None:
    """The item's award type when it needs the council's vote; None when the appraisal decides."""
    award_type = award_type_of(item.award)
    return award_type if award_type is not None and award_type.council_vote_required else None


@records_refusals
@transaction.atomic
def record_vote(item: ProposalItem, *, actor: User, yes: int, no: int, written_yes: int) -> CouncilVote:
    """Record the council's vote on one proposed award and whether it passed (a new count replaces the last).

    In order: lock the item's session (refuse a dossier on no session, or a held session); refuse an
    ineligible item or one whose award needs no vote; refuse a session without quorum or attendance;
    refuse impossible counts (yes + no > present, written yes > written opinions); compute the pass
    (yes + written yes ≥ the regime's threshold of ALL members, Decree 98/2023 Art. 30.7); save;
    audit awards.council_session.vote_recorded on the session.
    """
    item = ProposalItem.objects.select_related("proposal").get(pk=item.pk)
    if item.proposal.council_session_id is None:
        raise DomainError(_("The dossier is not on a council session."))
    session = _lock(CouncilSession(pk=item.proposal.council_session_id))
    if item.appraisal != Appraisal.ELIGIBLE:
        raise DomainError(_("Only a proposed award appraised as eligible goes to the vote."))
    award_type = vote_needed(item)
    if award_type is None:
        raise DomainError(_("This award needs no council vote: the appraisal decides it."))
    check_sitting(session)
    if min(yes, no, written_yes) < 0 or yes + no > session.present:
        raise DomainError(
            _("Yes and no together cannot exceed the %(present)s members present.") % {"present": session.present}
        )
    if written_yes > session.written_opinions:
        raise DomainError(
            _("Written yes votes cannot exceed the %(n)s written opinions.") % {"n": session.written_opinions}
        )
    regime = regime_for(session.held_on)
    passed = council.council_item_passes(yes + written_yes, session.members_total, regime, award_type.vote_threshold)
    counts = {"yes": yes, "no": no, "written_yes": written_yes, "passed": passed}
    vote, __ = CouncilVote.objects.update_or_create(
        item=item, defaults={"session": session, **counts, "recorded_by": actor, "recorded_at": timezone.now()}
    )
    data = {"item": item.pk, "unit": item.unit_id, "award": item.award, **counts}
    log_action(session, actor=actor, action="awards.council_session.vote_recorded", data=data)
    return vote


def items_awaiting_vote(session: CouncilSession) -> list[ProposalItem]:
    """The session's eligible items whose award needs a vote and that have none yet."""
    items = ProposalItem.objects.filter(
        proposal__council_session=session, appraisal=Appraisal.ELIGIBLE, council_vote__isnull=True
    )
    return [item for item in items.select_related("unit") if vote_needed(item) is not None]


def council_issue(session: CouncilSession, issued_on: datetime.date) -> Issue:
    """The minutes' header: the province council's own BB series, signed by the session's chair (DOMAIN §9)."""
    province = session.province
    return Issue(
        issuer_key=f"council:{province.pk}",
        type_code="BB",
        issuer_code="HĐTĐKT",
        issued_on=issued_on,
        place=province.name,
        superior=province.people_committee,
        issuer=COUNCIL_NAME,
        signer_authority="",
        signer_title="CHỦ TỊCH HỘI ĐỒNG",
        signer_name=session.chair_name,
        recipients=["Chủ tịch UBND tỉnh", "Các thành viên Hội đồng", council_office_name(province, on=issued_on)],
    )


@records_refusals
@transaction.atomic
def close_session(session: CouncilSession, *, actor: User) -> CouncilSession:
    """Close the session once every proposed award on it has a vote or needs none; issue its minutes (BB).

    In order: lock the session (refuse a held one); refuse a session with no dossier, without quorum or
    attendance, or with an item still awaiting its vote; issue the minutes numbered in the council's BB
    series of the session's year, dated the session's day; save status held and the number; audit
    awards.council_session.held.
    """
    session = _lock(session)
    if not session.proposals.exists():
        raise DomainError(_("No dossier is on the session."))
    check_sitting(session)
    waiting = items_awaiting_vote(session)
    if waiting:
        names = ", ".join(str(item) for item in waiting)
        raise DomainError(_("These proposed awards still await the vote: %(items)s.") % {"items": names})
    issued = issue_document(
        session, kind=COUNCIL_MINUTES_KIND, issue=council_issue(session, session.held_on), actor=actor
    )
    session.status, session.number = CouncilSessionStatus.HELD, issued.number
    session.save(update_fields=["status", "number"])
    log_action(session, actor=actor, action="awards.council_session.held", data={"number": issued.number_text})
    return session
