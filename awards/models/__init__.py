"""The awards app's models, one module per area, all importable from ``awards.models``."""

from awards.models.ballots import Ballot, BallotCandidate, CastBallot, Participation
from awards.models.compliance import ComplianceRecord
from awards.models.meetings import Attendance, CandidateOverride, Guest, Meeting, MeetingSession, NextLeadership

__all__ = [
    "Attendance",
    "Ballot",
    "BallotCandidate",
    "CandidateOverride",
    "CastBallot",
    "ComplianceRecord",
    "Guest",
    "Meeting",
    "MeetingSession",
    "NextLeadership",
    "Participation",
]
