"""The awards app's state machine: the secret ballot (draft → open → closed → tallied); the guards of
issuing the meeting's minutes; the awards app's requirements on the bloc-year.

Read by the services (``BALLOT.check``), the permission predicates (``awards.rules``) and, later, the
ballot page's buttons. Each guard names its source.

Shared by several areas: keep each area's part in its own section.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.enums import Appraisal, BallotAction, BallotForm, BallotStatus, ProposalAction, ProposalStatus
from awards.models import Ballot, Meeting, Proposal
from awards.selectors.ballots import voting_unit_ids
from awards.selectors.meetings import bloc_rules_of
from awards.selectors.proposals import flag_counts, problems_by_item
from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from blocs.requirements import requirement
from core.transitions import Machine, Move


def has_candidates(ballot: Ballot) -> str | None:
    """The ballot paper lists its candidates before anyone votes (DOMAIN §7: a ballot among candidates)."""
    count = ballot.entries.count()
    if count == 0:
        return _("List the candidates before opening the ballot.")
    if ballot.form == BallotForm.CHOOSE and (ballot.max_choices or 0) > count:
        return _("A voter may not choose more candidates than the ballot lists.")
    return None


def scores_approved(ballot: Ballot) -> str | None:
    """The meeting approves the ranked scores before it votes on the awards (DOMAIN §7: approve, agree, then vote)."""
    if ballot.meeting.scores_approved_at is None:
        return _("The meeting approves the scores before the ballot opens.")
    return None


def someone_present(ballot: Ballot) -> str | None:
    """The representatives of the member units present vote (DOMAIN §7): the attendance is recorded first.
    When the bloc's rules let every member unit vote, the current members are the voters already."""
    if not voting_unit_ids(ballot.meeting):
        return _("Record who is present at the meeting before opening the ballot.")
    return None


def committee_recorded(ballot: Ballot) -> str | None:
    """A paper ballot is counted by the meeting's vote-counting committee (ban kiểm phiếu), named with its head."""
    if not ballot.meeting.counting_committee.filter(is_head=True).exists():
        return _("Record the vote-counting committee and its head before entering a paper count.")
    return None


def _refused(ballot: Ballot, action: str, move: Move) -> str:
    return _("A ballot that is %(status)s cannot be moved on with “%(action)s”.") % {
        "status": ballot.get_status_display().lower(),
        "action": BallotAction(action).label,
    }


# The secretariat opens and closes the ballot (issue 10); closing unseals and shuffles, tallying counts.
BALLOT = Machine(
    "awards.ballot",
    {
        BallotAction.OPEN: Move(
            sources={BallotStatus.DRAFT},
            target=BallotStatus.OPEN,
            permission="awards.open_ballot",
            guards=(has_candidates, scores_approved, someone_present),
        ),
        BallotAction.CLOSE: Move(
            sources={BallotStatus.OPEN}, target=BallotStatus.CLOSED, permission="awards.close_ballot"
        ),
        BallotAction.TALLY: Move(
            sources={BallotStatus.CLOSED}, target=BallotStatus.TALLIED, permission="awards.tally_ballot"
        ),
        # A paper round is counted by the committee in the room: a draft never opened on the product
        # goes straight to tallied, under the same conditions as opening (DOMAIN §7).
        BallotAction.RECORD_PAPER: Move(
            sources={BallotStatus.DRAFT},
            target=BallotStatus.TALLIED,
            permission="awards.record_paper_count",
            guards=(has_candidates, scores_approved, someone_present, committee_recorded),
        ),
    },
    refused=_refused,
)


# --- The minutes (biên bản) ------------------------------------------------------------------------
# What must hold before the minutes are issued: they record the whole meeting (DOMAIN §7, "Minutes
# record ..."; QĐ 86/2025 Bắc Ninh, Art. 8: the minutes of the review carry the vote's result).


def minutes_session_recorded(meeting: Meeting) -> str | None:
    """The minutes give the time and place, chair and secretary of the meeting: a session is recorded."""
    if not meeting.sessions.exists():
        return _("Record the meeting's session before issuing the minutes.")
    return None


def minutes_scores_approved(meeting: Meeting) -> str | None:
    """The minutes record the ranked scores the meeting approved (DOMAIN §7: approve, agree, then vote)."""
    if meeting.scores_approved_at is None:
        return _("The meeting has not approved the ranked scores yet.")
    return None


def minutes_no_ballot_pending(meeting: Meeting) -> str | None:
    """The minutes give each ballot's count (DOMAIN §7): no ballot is still open or closed but not counted."""
    if meeting.ballots.filter(status__in=[BallotStatus.OPEN, BallotStatus.CLOSED]).exists():
        return _("A ballot is still open or not yet counted: count every ballot before issuing the minutes.")
    return None


def minutes_no_round_missing(meeting: Meeting) -> str | None:
    """A round that decided nothing calls for a new one (DOMAIN §7, "A tie → a new round"): it must be held."""
    last_rounds: dict[str, Ballot] = {}
    for ballot in meeting.ballots.order_by("award", "round_number"):
        last_rounds[ballot.award] = ballot
    for ballot in last_rounds.values():
        if ballot.status == BallotStatus.TALLIED and (ballot.result or {}).get("next_round"):
            return _("The ballot for %(award)s calls for a new round that was not held.") % {
                "award": ballot.get_award_display()
            }
    return None


def minutes_leading_unit_agreed(meeting: Meeting) -> str | None:
    """The meeting agrees the bloc's leading unit by consultation (hiệp thương) before it votes on the awards
    (DOMAIN §7): the minutes record it."""
    if meeting.leading_unit_id is None:
        return _("Record the leading unit the meeting agreed before issuing the minutes.")
    return None


MINUTES_GUARDS = (
    minutes_session_recorded,
    minutes_scores_approved,
    minutes_leading_unit_agreed,
    minutes_no_ballot_pending,
    minutes_no_round_missing,
)


def minutes_unmet(meeting: Meeting) -> list[str]:
    """What keeps the minutes from being issued, each a sentence; empty when they may be."""
    return [message for guard in MINUTES_GUARDS if (message := guard(meeting))]


@requirement(BlocYearStatus.REVIEWED)
def meeting_results_recorded(bloc_year: BlocYear) -> str | None:
    """The review is over once the meeting's results are recorded (DOMAIN §4 step 7: scores approved,
    every ballot counted, no round left pending) — the same guards that issuing the minutes checks."""
    meeting = Meeting.objects.filter(bloc_year=bloc_year).first()
    if meeting is None:
        return _("The year-end meeting is not recorded yet.")
    unmet = minutes_unmet(meeting)
    return unmet[0] if unmet else None


@requirement(BlocYearStatus.REVIEWED)
def minutes_issued(bloc_year: BlocYear) -> str | None:
    """The minutes of the review meeting are issued before the year is reviewed: the proposal dossier
    carries them with the ballot's result (Law 06/2022 Art. 84; DOMAIN §8)."""
    if Meeting.objects.filter(bloc_year=bloc_year, minutes_issued_on__isnull=False).exists():
        return None
    return _("The minutes of the year-end meeting are not issued yet.")


# --- The proposal to the council (DOMAIN §8) -------------------------------------------------------


def proposal_has_items(proposal: Proposal) -> str | None:
    """A dossier proposes at least one award (Law 06/2022 Art. 84: the dossier lists who is proposed)."""
    if not proposal.items.exists():
        return _("Add at least one proposed award before submitting.")
    return None


def proposal_signer_named(proposal: Proposal) -> str | None:
    """The cover submission (tờ trình) is signed by the head of the bloc-head unit on the bloc's behalf
    (Law 06/2022 Art. 84; DOMAIN §8): the signer is named before the number is drawn."""
    if not proposal.signer_name.strip() or not proposal.signer_title.strip():
        return _("Name the signer of the cover submission and their title before submitting.")
    return None


def proposal_within_quota(proposal: Proposal) -> str | None:
    """The bloc proposes at most its flag quota of each flag (DOMAIN §6: normally one per bloc per year)."""
    quota = bloc_rules_of(proposal.bloc_year).flag_quota
    counts = flag_counts(list(proposal.items.values_list("award", "unit_id")))
    if any(count > quota for count in counts.values()):
        return _("The bloc's rules allow at most %(quota)s proposals for each flag: remove the extra items.") % {
            "quota": quota
        }
    return None


def proposal_items_eligible(proposal: Proposal) -> str | None:
    """Every proposed unit still meets the candidate rules on the day of submission (Decree 152/2025 Art. 4(4);
    Circular 15/2025; Law 06/2022 Art. 74): an item with a problem is removed first."""
    day = proposal.submitted_on or timezone.localdate()
    if any(problems_by_item(proposal, on=day).values()):
        return _("A proposed award has an eligibility problem on the day of submission: remove it or resolve it.")
    return None


def achievement_reports_written(proposal: Proposal) -> str | None:
    """Each proposed unit's achievement report has its text or the signed PDF: the dossier carries one per unit
    (Law 06/2022 Art. 84; DOMAIN §8, "each proposed unit's achievement report")."""
    unit_ids = set(proposal.items.values_list("unit_id", flat=True))
    written = proposal.achievement_reports.filter(unit_id__in=unit_ids).exclude(body="", file="")
    missing = len(unit_ids) - written.count()
    if missing:
        return ngettext(
            "%(count)s proposed unit has no achievement report yet: write it or upload the signed one.",
            "%(count)s proposed units have no achievement report yet: write them or upload the signed ones.",
            missing,
        ) % {"count": missing}
    return None


def every_item_appraised(proposal: Proposal) -> str | None:
    """The council office finds each proposed award eligible or not, with a reason when not, before the
    dossier goes to the council (DOMAIN §8: "appraised (each item eligible / ineligible with reason)")."""
    pending = proposal.items.filter(appraisal=Appraisal.PENDING).count()
    if pending:
        return _("%(count)s proposed awards are not appraised yet.") % {"count": pending}
    return None


def some_item_eligible(proposal: Proposal) -> str | None:
    """The council votes per eligible item (DOMAIN §8, "at the council session (vote per item)"): a dossier
    with nothing eligible has nothing to put to the vote and is rejected instead."""
    if not proposal.items.filter(appraisal=Appraisal.ELIGIBLE).exists():
        return _("No proposed award was found eligible: there is nothing to put to the council.")
    return None


def _proposal_refused(proposal: Proposal, action: str, move: Move) -> str:
    return _("A proposal that is %(status)s cannot be moved on with “%(action)s”.") % {
        "status": proposal.get_status_display().lower(),
        "action": ProposalAction(action).label,
    }


# The secretariat submits (and resubmits after a return); the council office receives or returns it,
# assigns an officer, appraises each item and places the dossier on a council session (DOMAIN §8).
PROPOSAL = Machine(
    "awards.proposal",
    {
        ProposalAction.SUBMIT: Move(
            sources={ProposalStatus.DRAFT, ProposalStatus.RETURNED},
            target=ProposalStatus.SUBMITTED,
            permission="awards.submit_proposal",
            guards=(
                proposal_has_items,
                proposal_signer_named,
                proposal_within_quota,
                proposal_items_eligible,
                achievement_reports_written,
            ),
        ),
        ProposalAction.RETURN: Move(
            sources={ProposalStatus.SUBMITTED, ProposalStatus.RECEIVED, ProposalStatus.ASSIGNED},
            target=ProposalStatus.RETURNED,
            permission="awards.return_proposal",
        ),
        ProposalAction.RECEIVE: Move(
            sources={ProposalStatus.SUBMITTED}, target=ProposalStatus.RECEIVED, permission="awards.receive_proposal"
        ),
        ProposalAction.ASSIGN: Move(
            sources={ProposalStatus.RECEIVED, ProposalStatus.ASSIGNED},
            target=ProposalStatus.ASSIGNED,
            permission="awards.assign_proposal",
        ),
        ProposalAction.APPRAISE: Move(
            sources={ProposalStatus.ASSIGNED},
            target=ProposalStatus.APPRAISED,
            permission="awards.appraise_proposal",
            guards=(every_item_appraised,),
        ),
        ProposalAction.PLACE: Move(
            sources={ProposalStatus.APPRAISED},
            target=ProposalStatus.AT_SESSION,
            permission="awards.place_proposal",
            guards=(some_item_eligible,),
        ),
        # The Chairman's award decision settles the dossier (awards.services.decisions.issue_decision):
        # decided when at least one of its awards is approved, rejected when none is.
        ProposalAction.DECIDE: Move(
            sources={ProposalStatus.AT_SESSION}, target=ProposalStatus.DECIDED, permission="awards.decide_proposal"
        ),
        ProposalAction.REJECT: Move(
            sources={ProposalStatus.AT_SESSION}, target=ProposalStatus.REJECTED, permission="awards.decide_proposal"
        ),
    },
    refused=_proposal_refused,
)


@requirement(BlocYearStatus.PROPOSED)
def proposal_submitted(bloc_year: BlocYear) -> str | None:
    """The year is "proposed" once the bloc's dossier has gone to the council office (DOMAIN §4 step 8, §8):
    a draft or a returned dossier is not a proposal yet."""
    status = Proposal.objects.filter(bloc_year=bloc_year).values_list("status", flat=True).first()
    if status is None or status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED):
        return _("The proposal to the council office is not submitted yet.")
    return None
