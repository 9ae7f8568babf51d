"""Who may see and keep compliance records, and see and record the year-end meeting. Predicates read role facts only.

Permissions are registered here, not as ``rules_permissions`` in the model's Meta, for the reason
``blocs/rules.py`` gives (the predicates read roles through selectors that import the models).
The compliance predicates take a unit or a compliance record of it; the meeting's take the bloc-year.
"""

import rules

from awards.enums import (
    LEADERSHIP_STATUSES,
    MEETING_STATUSES,
    RESULT_STATUSES,
    BallotAction,
    BallotStatus,
    CouncilSessionStatus,
    DecisionStatus,
    ProposalAction,
    ProposalStatus,
)
from awards.models import Meeting, Proposal
from awards.selectors.ballots import voting_unit_ids
from awards.selectors.compliance import units_under_secretariat
from awards.selectors.publication import province_ids_of
from awards.transitions import BALLOT, PROPOSAL
from blocs.enums import BlocYearStatus
from blocs.rules import (
    is_admin,
    is_member_of_year,
    is_open_year,
    is_secretariat,
    manages_province,
    sees_province_data,
)
from blocs.selectors import roles_of


def _unit(obj):
    return getattr(obj, "unit", obj)


@rules.predicate
def manages_province_of_unit(user, obj) -> bool:
    """The administrator, or the council office of the unit's province."""
    return manages_province(user, _unit(obj))


@rules.predicate
def sees_province_of_unit(user, obj) -> bool:
    """The administrator, or anyone in the council (office or member) of the unit's province."""
    return sees_province_data(user, _unit(obj))


@rules.predicate
def acts_for_the_unit(user, obj) -> bool:
    """The user acts (as officer or leader) for the unit itself."""
    return _unit(obj).pk in roles_of(user).unit_ids


@rules.predicate
def is_secretariat_of_unit(user, obj) -> bool:
    """An officer of the head unit of an open year of a bloc the unit is a current member of (not its own)."""
    return _unit(obj).pk in units_under_secretariat(user)


@rules.predicate
def is_unresolved(user, record) -> bool:
    return record.resolved_on is None


keeps_records = manages_province_of_unit | is_secretariat_of_unit
sees_records = sees_province_of_unit | acts_for_the_unit | is_secretariat_of_unit

# On a unit: its list of records, and recording a new one.
rules.add_perm("awards.view_compliancerecords", sees_records)
rules.add_perm("awards.add_compliancerecord", keeps_records)
# On a record.
rules.add_perm("awards.view_compliancerecord", sees_records)
rules.add_perm("awards.change_compliancerecord", keeps_records)
rules.add_perm("awards.resolve_compliancerecord", keeps_records & is_unresolved)


# --- The year-end meeting (on the bloc-year) ------------------------------------------------


@rules.predicate
def meeting_due(user, bloc_year) -> bool:
    """The year has reached "ready for review": its meeting can be held and recorded."""
    return bloc_year.status in MEETING_STATUSES


@rules.predicate
def scores_await_approval(user, bloc_year) -> bool:
    """The meeting approves the scores while the year is "ready for review"."""
    return bloc_year.status == BlocYearStatus.READY_FOR_REVIEW


@rules.predicate
def elects_next_leadership(user, bloc_year) -> bool:
    """The meeting elects next year's head and deputies while the year is "ready for review" or "reviewed"."""
    return bloc_year.status in LEADERSHIP_STATUSES


records_meeting = is_open_year & meeting_due & (manages_province | is_secretariat)

rules.add_perm("awards.view_meeting", meeting_due & (sees_province_data | is_member_of_year))
rules.add_perm("awards.record_meeting", records_meeting)
rules.add_perm("awards.approve_scores", records_meeting & scores_await_approval)
rules.add_perm("awards.record_next_leadership", records_meeting & elects_next_leadership)


# --- The secret ballot (on the ballot) ----------------------------------------------------------


def _on_year(predicate, name: str):
    """``predicate`` (on a bloc-year) read on the ballot's bloc-year."""
    return rules.predicate(lambda user, ballot: predicate.test(user, ballot.meeting.bloc_year), name=name)


@rules.predicate
def is_draft_ballot(user, ballot) -> bool:
    """The ballot has not been voted on: its papers are printed before the vote."""
    return ballot.status == BallotStatus.DRAFT


@rules.predicate
def results_published(user, ballot) -> bool:
    """The ballot is closed or tallied: counts and ballots exist for nobody before (DOMAIN §7)."""
    return ballot.status in RESULT_STATUSES


@rules.predicate
def votes_here(user, ballot) -> bool:
    """The user acts for a unit that votes: present at the latest session, or any current member when the
    bloc's rules let all members vote (``voting_unit_ids``)."""
    return bool(roles_of(user).unit_ids & voting_unit_ids(ballot.meeting))


sees_meeting = meeting_due & (sees_province_data | is_member_of_year)
sees_ballot = _on_year(sees_meeting, "sees_ballot")
runs_ballot = _on_year(records_meeting, "runs_ballot")

rules.add_perm("awards.view_ballot", sees_ballot)
rules.add_perm("awards.open_ballot", runs_ballot & BALLOT.may(BallotAction.OPEN))
rules.add_perm("awards.close_ballot", runs_ballot & BALLOT.may(BallotAction.CLOSE))
rules.add_perm("awards.tally_ballot", runs_ballot & BALLOT.may(BallotAction.TALLY))
# Voting is possible while the ballot is open: the state the close move starts from.
rules.add_perm(
    "awards.cast_ballot", BALLOT.may(BallotAction.CLOSE) & _on_year(is_open_year, "ballot_year_open") & votes_here
)
rules.add_perm("awards.view_ballot_result", results_published & sees_ballot)


# --- The minutes (the issue permission on the bloc-year, the PDF's on the meeting) ----------------


@rules.predicate
def minutes_due(user, bloc_year) -> bool:
    """The minutes are issued while the year is "ready for review" (they are needed to move on to "reviewed")."""
    return bloc_year.status == BlocYearStatus.READY_FOR_REVIEW


rules.add_perm("awards.issue_minutes", records_meeting & minutes_due)
rules.add_perm(
    "awards.view_minutes",
    rules.predicate(lambda user, meeting: sees_meeting.test(user, meeting.bloc_year), name="sees_minutes"),
)
# The paper ballot: the committee's count replaces the electronic vote of a draft; the secretariat prints the papers.
rules.add_perm("awards.record_paper_count", runs_ballot & BALLOT.may(BallotAction.RECORD_PAPER))
rules.add_perm("awards.print_paper_ballots", runs_ballot & is_draft_ballot)


# --- The proposal to the council (on the proposal; DOMAIN §8) ------------------------------------


def _on_proposal_year(predicate, name: str):
    """``predicate`` (on a bloc-year) read on the proposal's bloc-year."""
    return rules.predicate(lambda user, proposal: predicate.test(user, proposal.bloc_year), name=name)


@rules.predicate
def proposal_editable(user, proposal) -> bool:
    """A draft, or a dossier the council office returned: the secretariat corrects it before (re)submitting."""
    return proposal.status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED)


@rules.predicate
def proposal_due(user, bloc_year) -> bool:
    """The year-end meeting has reviewed the year (the minutes are checked by the service)."""
    return bloc_year.status in (BlocYearStatus.READY_FOR_REVIEW, BlocYearStatus.REVIEWED)


@rules.predicate
def awaits_proposal(user, bloc_year) -> bool:
    """The meeting's minutes are issued and the year has no proposal yet (one per bloc-year)."""
    issued = Meeting.objects.filter(bloc_year=bloc_year, minutes_issued_on__isnull=False).exists()
    return issued and not Proposal.objects.filter(bloc_year=bloc_year).exists()


# The secretariat of the bloc-year draws up and submits; the administrator may act for it.
keeps_proposal = _on_proposal_year(is_open_year & (is_admin | is_secretariat), "keeps_proposal")
# The council office of the province (or the administrator) runs the review.
reviews_proposal = _on_proposal_year(is_open_year & manages_province, "reviews_proposal")
sees_proposal = _on_proposal_year(sees_province_data | is_member_of_year, "sees_proposal")

rules.add_perm("awards.create_proposal", is_open_year & proposal_due & (is_admin | is_secretariat) & awaits_proposal)
rules.add_perm("awards.view_proposal", sees_proposal)
rules.add_perm("awards.change_proposal", keeps_proposal & proposal_editable)
rules.add_perm("awards.submit_proposal", keeps_proposal & PROPOSAL.may(ProposalAction.SUBMIT))
# A proposed unit's achievement report is seen by whoever sees its proposal (the PDF is checked on the report).
rules.add_perm(
    "awards.view_achievementreport",
    rules.predicate(lambda user, report: sees_proposal.test(user, report.proposal), name="sees_achievement_report"),
)


# --- The council office's review (on the proposal; the list needs no object) -----------------------
# The council office of the proposal's province, or the administrator, receives, returns, assigns,
# appraises and places the dossier (DOMAIN §2, §8); a closed year refuses every write.


@rules.predicate
def works_in_a_council_office(user) -> bool:
    return bool(roles_of(user).office_province_ids)


rules.add_perm("awards.view_proposal_list", is_admin | works_in_a_council_office)
rules.add_perm("awards.receive_proposal", reviews_proposal & PROPOSAL.may(ProposalAction.RECEIVE))
rules.add_perm("awards.return_proposal", reviews_proposal & PROPOSAL.may(ProposalAction.RETURN))
rules.add_perm("awards.assign_proposal", reviews_proposal & PROPOSAL.may(ProposalAction.ASSIGN))
# Appraising each item and recording the agencies' notes happen while the dossier is assigned, the
# state finishing the appraisal starts from.
rules.add_perm("awards.appraise_proposal", reviews_proposal & PROPOSAL.may(ProposalAction.APPRAISE))
rules.add_perm("awards.place_proposal", reviews_proposal & PROPOSAL.may(ProposalAction.PLACE))


# --- The council's session (on the session; DOMAIN §7) ---------------------------------------------
# The council office of the session's province (or the administrator) plans it and records attendance
# and votes while it is planned; every member of that council (office included) sees it.


@rules.predicate
def session_planned(user, session) -> bool:
    return session.status == CouncilSessionStatus.PLANNED


@rules.predicate
def sits_in_a_council(user) -> bool:
    roles = roles_of(user)
    return roles.is_admin or bool(roles.council_province_ids)


rules.add_perm("awards.view_councilsession_list", sits_in_a_council)
rules.add_perm("awards.add_councilsession", is_admin | works_in_a_council_office)
rules.add_perm("awards.view_councilsession", sees_province_data)
rules.add_perm("awards.change_councilsession", manages_province & session_planned)
rules.add_perm("awards.view_council_minutes", sees_province_data)


# --- Publication for comment and certificates on pre-printed stock (issue 11) ----------------------


@rules.predicate
def works_in_province_of(user, publication) -> bool:
    """The user works in the publication's province (its council, or a unit of it): the list is public there."""
    return publication.province_id in province_ids_of(user)


@rules.predicate
def runs_office_of_province(user, province) -> bool:
    """The user works in the council office of ``province`` (a Province)."""
    return province.pk in roles_of(user).office_province_ids


@rules.predicate
def is_issued_decision(user, decision) -> bool:
    return decision.status == DecisionStatus.ISSUED


rules.add_perm("awards.view_publication", is_admin | works_in_province_of)
rules.add_perm("awards.publish_list", is_admin | runs_office_of_province)
# The page to publish, without a province yet.
rules.add_perm("awards.publish_lists", is_admin | works_in_a_council_office)
# Who commented is the council's to read, not the proposed units' (the comments feed the appraisal).
rules.add_perm("awards.view_public_comments", sees_province_data)
rules.add_perm("awards.record_public_comment", manages_province)
rules.add_perm("awards.print_certificates", manages_province & is_issued_decision)
rules.add_perm("awards.calibrate_certificates", is_admin | works_in_a_council_office)


# --- The award decision (on the decision, its item, or the council session; DOMAIN §8) -------------------
# Anyone in the council of the province (office or member) sees the decisions; its office drafts, issues
# and revokes them (the administrator too). Revocation (Law 06/2022 ch. VII) has no open-year condition.


@rules.predicate
def decision_is_draft(user, decision) -> bool:
    return decision.status == DecisionStatus.DRAFT


@rules.predicate
def session_is_held(user, session) -> bool:
    return session.status == CouncilSessionStatus.HELD


@rules.predicate
def item_revocable(user, item) -> bool:
    return item.decision.status == DecisionStatus.ISSUED and item.approved and item.revoked_on is None


_decision_of_item = rules.predicate(lambda user, item: manages_province.test(user, item.decision), name="manages_item")

rules.add_perm("awards.view_decision_list", is_admin | works_in_a_council_office)
rules.add_perm("awards.view_decision", sees_province_data)
rules.add_perm("awards.draft_decision", manages_province & session_is_held)
rules.add_perm("awards.issue_decision", manages_province & decision_is_draft)
rules.add_perm("awards.revoke_decision_item", _decision_of_item & item_revocable)
# The dossier's own side of the decision (its page lists the moves its state allows): decided or rejected
# only through the issued decision (awards.services.decisions.issue_decision), never by a button.
rules.add_perm("awards.decide_proposal", reviews_proposal & PROPOSAL.may(ProposalAction.DECIDE))
