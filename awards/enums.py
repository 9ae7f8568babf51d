from django.db import models
from django.utils.translation import gettext_lazy as _

from blocs.enums import BlocYearStatus


class ComplianceKind(models.TextChoices):
    """What keeps a unit from being proposed or awarded while it lasts (Decree 152/2025 Art. 4(4))."""

    DISCIPLINE = "discipline", _("Discipline under consideration")
    INVESTIGATION = "investigation", _("Investigation")
    INSPECTION = "inspection", _("Inspection with open findings")
    COMPLAINT = "complaint", _("Pending complaint or denunciation")


class AwardKind(models.TextChoices):
    """What the bloc proposes at its year-end meeting (DOMAIN §6), each matched to a title of the catalogue."""

    PROVINCE_FLAG = "province_flag", _("Emulation flag of the Provincial People's Committee")
    PROVINCE_MERIT = "province_merit", _("Certificate of merit of the Provincial People's Committee Chairman")
    GOVERNMENT_FLAG = "government_flag", _("Emulation flag of the Government")


FLAG_AWARDS = frozenset({AwardKind.PROVINCE_FLAG, AwardKind.GOVERNMENT_FLAG})

# The year-end meeting sits once the year is ready for review; it stays on record after.
MEETING_STATUSES = frozenset(
    {
        BlocYearStatus.READY_FOR_REVIEW,
        BlocYearStatus.REVIEWED,
        BlocYearStatus.PROPOSED,
        BlocYearStatus.DECIDED,
        BlocYearStatus.CLOSED,
    }
)


class LeadershipMethod(models.TextChoices):
    """How the meeting chose next year's head and deputies (written into the minutes)."""

    BALLOT = "ballot", _("Secret ballot")
    AGREEMENT = "agreement", _("By agreement")
    SHOW_OF_HANDS = "show_of_hands", _("Show of hands")


# Next year's leadership is elected at the meeting, before the year's results go on to the province.
LEADERSHIP_STATUSES = frozenset({BlocYearStatus.READY_FOR_REVIEW, BlocYearStatus.REVIEWED})


class BallotForm(models.TextChoices):
    """How a ballot paper asks (DOMAIN §7): yes or no per candidate, or choose up to N (N = the remaining quota)."""

    YES_NO = "yes_no", _("Yes or no for each candidate")
    CHOOSE = "choose", _("Choose up to N candidates")


class VoteMethod(models.TextChoices):
    """How a ballot was cast and counted (DOMAIN §7): on the product, or on paper counted by the committee."""

    ELECTRONIC = "electronic", _("Electronic secret ballot")
    PAPER = "paper", _("Paper secret ballot")


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Closed")
    TALLIED = "tallied", _("Tallied")


class BallotAction(models.TextChoices):
    OPEN = "open", _("Open the ballot")
    CLOSE = "close", _("Close the ballot")
    TALLY = "tally", _("Count the result")
    RECORD_PAPER = "record_paper", _("Record the paper count")


# Counts and ballots are shown only from these states, to everybody (DOMAIN §7: hidden until closing).
RESULT_STATUSES = frozenset({BallotStatus.CLOSED, BallotStatus.TALLIED})


# The generated-file and issued-document kind of the meeting's minutes (biên bản, type code BB).
MINUTES_KIND = "awards.minutes"
# Generated documents of the paper ballot: the minutes of the count, and the ballot papers by how many per A4 page.
VOTE_COUNT_MINUTES_KIND = "awards.vote_count_minutes"
PAPER_BALLOTS_KINDS = {1: "awards.paper_ballots_1", 2: "awards.paper_ballots_2", 4: "awards.paper_ballots_4"}


# --- The proposal to the provincial council (DOMAIN §8) ------------------------------------------


class ProposalStatus(models.TextChoices):
    """The bloc's proposal dossier as the council office runs it (DOMAIN §8)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the council office")
    RETURNED = "returned", _("Returned for correction")
    RECEIVED = "received", _("Received by the council office")
    ASSIGNED = "assigned", _("Assigned to an officer")
    APPRAISED = "appraised", _("Appraised")
    AT_SESSION = "at_session", _("On the council's session")
    DECIDED = "decided", _("Decided")
    REJECTED = "rejected", _("Rejected")


class ProposalAction(models.TextChoices):
    SUBMIT = "submit", _("Submit to the council office")
    RETURN = "return", _("Return for correction")
    RECEIVE = "receive", _("Receive the dossier")
    ASSIGN = "assign", _("Assign to an officer")
    APPRAISE = "appraise", _("Finish the appraisal")
    PLACE = "place", _("Place on the council's session")
    DECIDE = "decide", _("Decide the awards")
    REJECT = "reject", _("Reject the proposal")


class Appraisal(models.TextChoices):
    """The council office's finding on one proposed item."""

    PENDING = "pending", _("Not appraised yet")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")


class CheckingAgency(models.TextChoices):
    """Agencies whose compliance notes the council office records per item (DOMAIN §8, practice)."""

    POLICE = "police", _("Police")
    TAX = "tax", _("Tax authority")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    OTHER = "other", _("Other agency")


# --- The legal catalogue: award types, legal regimes, base salaries (DOMAIN §1, §6, §7) -----------


class AwardTypeCode(models.TextChoices):
    """The collective titles and awards of the catalogue; the first three match ``AwardKind``."""

    GOVERNMENT_FLAG = "government_flag", _("Emulation flag of the Government")
    PROVINCE_FLAG = "province_flag", _("Emulation flag of the Provincial People's Committee")
    PRIME_MINISTER_MERIT = "prime_minister_merit", _("Certificate of merit of the Prime Minister")
    PROVINCE_MERIT = "province_merit", _("Certificate of merit of the Provincial People's Committee Chairman")
    EXCELLENT_COLLECTIVE = "excellent_collective", _("Excellent labour collective")
    ADVANCED_COLLECTIVE = "advanced_collective", _("Advanced labour collective")
    AGENCY_MERIT = "agency_merit", _("Certificate of merit of the head of an agency")


class DecidedBy(models.TextChoices):
    """Who signs the award decision."""

    PRIME_MINISTER = "prime_minister", _("The Prime Minister")
    PROVINCE_CHAIRMAN = "province_chairman", _("The Chairman of the Provincial People's Committee")
    AGENCY_HEAD = "agency_head", _("The head of the agency or unit")


class VoteThresholdKind(models.TextChoices):
    """Which of the regime's council thresholds an award needs (DOMAIN §7: Decree 98/2023 Art. 30.7)."""

    FLAG = "flag", _("Emulation flag (percentage of all council members)")
    FIGHTER = "fighter", _("Emulation fighter (percentage of all council members)")


class DossierDocument(models.TextChoices):
    """The documents of a proposal dossier (Law 06/2022 Art. 84; the score summary is practice, DOMAIN §8)."""

    SUBMISSION = "ttr", _("Cover submission (TTr)")
    MINUTES = "bb", _("Minutes of the review meeting with the ballot result (BB)")
    ACHIEVEMENT_REPORT = "bc_thanh_tich", _("Achievement report of each proposed unit (BC)")
    SCORE_SUMMARY = "score_summary", _("Score summary")


# --- The council's session and the award decision (DOMAIN §7, §8) ------------------------------------


class CouncilSessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held: votes recorded")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


# The generated file of the whole proposal dossier (TTr, minutes, achievement reports, score summary).
DOSSIER_KIND = "awards.dossier"


# --- Publication for comment and certificates on pre-printed stock (issue 11) ------------------------

# The comment period when a province has not set its own (a setting: no legal text found fixes it).
DEFAULT_COMMENT_DAYS = 7
# A proposal is listed for comment once the council office has received it and until the council sits.
PUBLISHABLE_STATUSES = frozenset(
    {ProposalStatus.RECEIVED, ProposalStatus.ASSIGNED, ProposalStatus.APPRAISED, ProposalStatus.AT_SESSION}
)
# Comments are recorded until the award is decided or rejected.
COMMENTABLE_STATUSES = PUBLISHABLE_STATUSES

# Generated-file kinds: the certificates of an issued decision, and a layout's calibration test print.
CERTIFICATES_KIND = "awards.certificates"
CALIBRATION_KIND = "awards.certificate_calibration"


class CertificateField(models.TextChoices):
    """What a pre-printed certificate (phôi) leaves blank for the printer to fill in."""

    UNIT_NAME = "unit_name", _("Unit name")
    ACHIEVEMENT = "achievement", _("Achievement")
    DECISION_NUMBER = "decision_number", _("Decision number")
    DECISION_DATE = "decision_date", _("Decision date")
    SIGNER_TITLE = "signer_title", _("Signer's title")
    SIGNER_NAME = "signer_name", _("Signer's name")


class FieldAlign(models.TextChoices):
    """How a field's text sits on its x position: x is the left edge, the centre, or the right edge."""

    LEFT = "left", _("Left: x is where the text starts")
    CENTER = "center", _("Centre: x is the middle of the text")
    RIGHT = "right", _("Right: x is where the text ends")


DECISION_KIND = "awards.decision"  # the award decision's document kind (core.documents renderer, IssuedDocument)


class SignerRank(models.TextChoices):
    """Who signs the Chairman's award decision: the Chairman, or a Vice-Chairman on the Chairman's behalf (KT.)."""

    CHAIRMAN = "chairman", _("Chairman")
    VICE_CHAIRMAN = "vice_chairman", _("Vice-Chairman (on behalf of the Chairman)")
