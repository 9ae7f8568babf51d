"""The awards app's models, one module per area, all importable from ``awards.models``."""

from awards.models.ballots import Ballot, BallotCandidate, CastBallot, PaperCount, Participation
from awards.models.catalogue import AwardType, BaseSalary, LegalRegime
from awards.models.certificates import CertificateLayout, LayoutField
from awards.models.compliance import ComplianceRecord
from awards.models.council import AwardDecision, CouncilAttendee, CouncilSession, CouncilVote, DecisionItem
from awards.models.meetings import (
    Attendance,
    CandidateOverride,
    CountingMember,
    Guest,
    Meeting,
    MeetingSession,
    NextLeadership,
)
from awards.models.proposals import AchievementReport, ComplianceNote, Proposal, ProposalItem
from awards.models.publication import Publication, PublicationSetting, PublicComment

__all__ = [
    "AchievementReport",
    "Attendance",
    "AwardDecision",
    "AwardType",
    "Ballot",
    "BallotCandidate",
    "BaseSalary",
    "CandidateOverride",
    "CastBallot",
    "CertificateLayout",
    "ComplianceNote",
    "ComplianceRecord",
    "CouncilAttendee",
    "CouncilSession",
    "CouncilVote",
    "CountingMember",
    "DecisionItem",
    "Guest",
    "LayoutField",
    "LegalRegime",
    "Meeting",
    "MeetingSession",
    "NextLeadership",
    "PaperCount",
    "Participation",
    "Proposal",
    "ProposalItem",
    "PublicComment",
    "Publication",
    "PublicationSetting",
]
