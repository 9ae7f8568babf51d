"""What the awards app's audit entries mean, for the history panels (see core.history)."""

from django.utils.translation import gettext_lazy as _

from awards.models import (
    AwardDecision,
    Ballot,
    CandidateOverride,
    ComplianceRecord,
    CouncilSession,
    DecisionItem,
    Meeting,
    MeetingSession,
    NextLeadership,
    Proposal,
    ProposalItem,
    Publication,
)
from blocs.models import BlocYear, Unit
from core.history import register, register_each
from core.models import User

register_each(
    "awards.compliance_record",
    {
        "recorded": _("Recorded a compliance record"),
        "updated": _("Edited the compliance record"),
        "resolved": _("Recorded that the compliance record was resolved"),
    },
    model=ComplianceRecord,
    refs={"unit": Unit},
)

register(
    "awards.meeting.opened",
    _("Opened the record of the year-end meeting"),
    model=Meeting,
    refs={"bloc_year": BlocYear},
)
register(
    "awards.meeting.scores_approved",
    _("The meeting approved the ranked scores (the score sheets are locked)"),
    model=Meeting,
    labels={"sheets_locked": _("sheets locked")},
)
register(
    "awards.meeting.leading_unit",
    _("Recorded the leading unit agreed by the meeting"),
    model=Meeting,
    refs={"before": Unit, "after": Unit},
)
register(
    "awards.meeting.override",
    _("Let a unit left out by the rules stand, with a written reason"),
    model=CandidateOverride,  # its award field names the award
    refs={"unit": Unit},
    labels={"award": _("award"), "reason": _("reason")},
)
register(
    "awards.meeting.override_withdrawn",
    _("Withdrew the override: the unit is left out by the rules again"),
    model=CandidateOverride,
    refs={"unit": Unit},
    labels={"award": _("award"), "override_reason": _("reason for the override"), "reason": _("reason withdrawn")},
)
register(
    "awards.meeting.next_leadership",
    _("Recorded next year's head and deputies elected by the meeting"),
    model=NextLeadership,
    refs={"head": Unit, "deputies": Unit, "bloc_year": BlocYear},
    labels={"head": _("head unit"), "deputies": _("deputy units"), "bloc_year": _("next year")},
)
register_each(
    "awards.session",
    {
        "recorded": _("Recorded a session of the meeting"),
        "updated": _("Edited the session of the meeting"),
        "attendance": _("Recorded the attendance of the session"),
        "guest_added": _("Added a guest to the session"),
        "guest_removed": _("Removed a guest from the session"),
    },
    model=MeetingSession,
    refs={"present": Unit, "absent": Unit},
    labels={"present": _("present"), "absent": _("absent"), "name": _("name"), "title": _("title")},
)
register_each(
    "awards.ballot",
    {
        "created": _("Prepared the ballot"),
        "opened": _("Opened the ballot for voting"),
        # Names the voter and the unit, never the choice (DOMAIN §7).
        "participated": _("Voted in the ballot"),
        "closed": _("Closed the ballot: the ballots were unsealed and their digest recorded"),
        "tallied": _("Counted the ballot and recorded the result"),
        "paper_counted": _("Recorded the vote-counting committee's count of the paper ballot"),
    },
    model=Ballot,
    refs={"unit": Unit, "candidates": Unit, "elected": Unit, "next_round": Unit, "passing": Unit, "preferred": Unit},
    labels={
        "award": _("award"),
        "round": _("round"),
        "form": _("ballot form"),
        "digest": _("digest"),
        "ballots": _("ballots"),
        "members": _("member units"),
        "present": _("units present"),
        # Unit ids (names through refs): what the round decided.
        "passing": _("passed the threshold"),
        "elected": _("elected"),
        "next_round": _("to the next round"),
        "preferred": _("preferred by the women's-share rule"),
    },
    hidden=("fingerprints", "votes", "no", "blank", "issued", "returned", "valid", "invalid", "method"),
)
register(
    "awards.counting_committee.recorded",
    _("Recorded the vote-counting committee"),
    model=Meeting,
    labels={"head": _("head"), "members": _("members")},
)
register(
    "awards.minutes.issued",
    _("Issued the minutes of the year-end meeting"),
    model=Meeting,
    labels={"number": _("number"), "issued_on": _("issued on")},
)

# --- The proposal (the secretariat's side) ---
register(
    "awards.proposal.created",
    _("Drew up the proposal from the year-end meeting's results"),
    model=Proposal,
    labels={"count": _("proposed awards")},
    hidden=("proposed",),
)
register(
    "awards.proposal.item_removed",
    _("Removed a proposed award from the dossier"),
    model=Proposal,
    refs={"unit": Unit},
    labels={"award": _("award"), "reason": _("reason")},
)
register(
    "awards.proposal.signer",
    _("Named the signer of the cover submission"),
    model=Proposal,
    labels={"before": _("before"), "after": _("after"), "name": _("signer's name"), "title": _("signer's title")},
)
register(
    "awards.proposal.submitted",
    _("Submitted the proposal to the council office"),
    model=Proposal,
    labels={"number": _("number"), "submitted_on": _("submitted on"), "resubmitted": _("resubmitted")},
)
register_each(
    "awards.proposal",
    {
        "achievement_edited": _("Edited a proposed unit's achievement report"),
        "achievement_uploaded": _("Uploaded a proposed unit's signed achievement report (PDF)"),
        "achievement_upload_removed": _("Removed the uploaded achievement report: its text stands again"),
    },
    model=Proposal,
    refs={"unit": Unit},
    labels={
        "characters": _("length (characters)"),
        "file": _("file"),
        "size": _("size (bytes)"),
    },
)
# --- The council office's review of the proposal (entries on the proposal: its timeline) ------------
register_each(
    "awards.proposal",
    {
        "received": _("The council office received the dossier"),
        "returned": _("The council office returned the dossier for correction"),
        "assigned": _("Assigned the dossier to an officer of the council office"),
        "appraised": _("Finished the appraisal of the dossier"),
        "placed": _("Placed the dossier on the council's session"),
    },
    model=Proposal,
    refs={"officer": User, "previous": User},
    labels={
        "late": _("after the deadline"),
        "reason": _("reason"),
        "officer": _("officer"),
        "previous": _("previous officer"),
        "eligible": _("eligible"),
        "ineligible": _("not eligible"),
    },
)
register(
    "awards.proposal.item_appraised",
    _("Appraised a proposed award"),
    model=ProposalItem,  # the entry sits on the proposal; the item's fields name the award and the finding
    refs={"item": ProposalItem, "unit": Unit},
    labels={"award": _("award"), "reason": _("reason")},
    moved_field="appraisal",
)
register(
    "awards.proposal.compliance_note",
    _("Recorded another agency's compliance note on a proposed award"),
    model=Proposal,
    refs={"item": ProposalItem, "unit": Unit},
    labels={"agency": _("agency"), "reference": _("document"), "note": _("note")},
)

# --- The council's session (entries on the session) ---------------------------------------------------
register(
    "awards.council_session.planned",
    _("Planned the council session"),
    model=CouncilSession,
    labels={"held_on": _("held on"), "members_total": _("council members")},
)
register(
    "awards.council_session.proposal_added",
    _("Put a dossier on the council session"),
    model=CouncilSession,
    refs={"proposal": Proposal},
    labels={"proposal": _("proposal")},
)
register(
    "awards.council_session.attendance",
    _("Recorded the members present and the written opinions"),
    model=CouncilSession,
    labels={"before": _("before"), "after": _("after")},
)
register(
    "awards.council_session.vote_recorded",
    _("Recorded the council's vote on a proposed award"),
    model=CouncilSession,
    refs={"item": ProposalItem, "unit": Unit},
    labels={
        "award": _("award"),
        "yes": _("yes"),
        "no": _("no"),
        "written_yes": _("written yes"),
        "passed": _("passed"),
    },
)
register(
    "awards.council_session.held",
    _("Closed the council session and issued its minutes"),
    model=CouncilSession,
    labels={"number": _("number")},
)
# --- Publication for comment (issue 11) ---------------------------------------------------------------
register(
    "awards.publication.published",
    _("Published the list of proposed awards for comment"),
    model=Publication,
    labels={"year": _("year"), "opens_on": _("from"), "closes_on": _("until"), "items": _("awards listed")},
)
register(
    "awards.publication.comment_recorded",
    _("Recorded a comment on a published award"),
    model=Publication,
    refs={"item": ProposalItem, "unit": Unit},
    labels={"received_on": _("received on"), "commenter": _("from")},
)
register(
    "awards.proposal.comment_recorded",
    _("Recorded a comment received while the list was published"),
    model=Proposal,
    refs={"item": ProposalItem, "unit": Unit},
    labels={"received_on": _("received on"), "commenter": _("from")},
)


# --- The award decision (entries on the decision; the dossiers' own entries on each proposal) -------------
register(
    "awards.decision.drafted",
    _("Drafted the award decision from the council's session"),
    model=AwardDecision,
    refs={"session": CouncilSession},
    labels={"approved": _("approved"), "rejected": _("rejected")},
)
register(
    "awards.decision.issued",
    _("Issued the award decision"),
    model=AwardDecision,
    labels={"number": _("number"), "issued_on": _("issued on"), "approved": _("approved"), "total": _("total (VND)")},
)
register(
    "awards.decision.item_revoked",
    _("Revoked an award of the decision"),
    model=AwardDecision,
    refs={"item": DecisionItem, "unit": Unit},
    labels={
        "award": _("award"),
        "revoked_on": _("revoked on"),
        "reason": _("reason"),
        "basis": _("legal basis"),
    },
)
register_each(
    "awards.proposal",
    {
        "decided": _("The award decision decided the dossier"),
        "rejected": _("The award decision rejected the dossier"),
    },
    model=Proposal,
    refs={"decision": AwardDecision},
    labels={"decision": _("decision")},
    hidden=("before", "after"),
)
