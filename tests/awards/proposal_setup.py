"""Arrangements of the proposal tests: year Y's meeting with its ballots tallied and its minutes issued.

Ballots and minutes are arranged directly (their services are tested on their own)."""

import datetime

from awards.enums import AwardKind, BallotForm, BallotStatus, VoteMethod
from awards.models import Ballot, BallotCandidate, Meeting
from awards.services.proposals import edit_achievement_report
from tests.pledges.factories import RegistrationFactory, TitleFactory

MINUTES_DAY = datetime.date(2020, 12, 22)
SUBMIT_DAY = datetime.date(2020, 12, 28)


def tallied_ballot(meeting, *, award, actor, votes: dict, elected: list, round_number=1) -> Ballot:
    """A tallied round of ``award``: ``votes`` unit → count among 3 members all present; ``elected`` units."""
    ballot = Ballot.objects.create(
        meeting=meeting,
        award=award,
        form=BallotForm.CHOOSE,
        max_choices=1,
        seats=1 if award == AwardKind.PROVINCE_FLAG else None,
        round_number=round_number,
        status=BallotStatus.TALLIED,
        method=VoteMethod.PAPER,
        salt=b"0" * 16,
        created_by=actor,
        result={
            "ballots": 3,
            "votes": {str(unit.pk): count for unit, count in votes.items()},
            "members": 3,
            "present": 3,
            "elected": [unit.pk for unit in elected],
            "next_round": [],
        },
    )
    BallotCandidate.objects.bulk_create(BallotCandidate(ballot=ballot, unit=unit) for unit in votes)
    return ballot


def decided_meeting(world, meeting, *, actor, flag_elected=None) -> Meeting:
    """H registered for the flag; the flag round elected H (3 of 3) or ``flag_elected``; the certificate round
    elected D (2 of 3, M 1); the minutes issued on MINUTES_DAY."""
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.head, title=TitleFactory(), status="accepted")
    flag_elected = flag_elected or [world.head]
    tallied_ballot(
        meeting, award=AwardKind.PROVINCE_FLAG, actor=actor, votes=dict.fromkeys(flag_elected, 3), elected=flag_elected
    )
    tallied_ballot(
        meeting,
        award=AwardKind.PROVINCE_MERIT,
        actor=actor,
        votes={world.deputy: 2, world.member: 1},
        elected=[world.deputy],
    )
    Meeting.objects.filter(pk=meeting.pk).update(minutes_issued_on=MINUTES_DAY)
    meeting.refresh_from_db()
    return meeting


def write_achievement_reports(proposal, *, actor) -> None:
    """Write each empty achievement report of ``proposal``, as the secretariat does before submitting."""
    for report in proposal.achievement_reports.filter(body="", file=""):
        edit_achievement_report(report, actor=actor, body=f"I. Thành tích\nThành tích năm của {report.unit}.")
