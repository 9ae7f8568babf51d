"""Reads of the meeting's minutes: the session that closes the meeting, the counted ballots, who is told."""

from django.db.models import Prefetch, QuerySet

from awards.enums import BallotStatus
from awards.models import Ballot, BallotCandidate, CountingMember, Meeting, MeetingSession
from blocs.enums import UnitRoleKind
from blocs.models import BlocYear, Membership
from core.models import User


def closing_session(meeting: Meeting) -> MeetingSession | None:
    """The meeting's last session: its chair and secretary sign the minutes."""
    return meeting.sessions.order_by("-held_on", "-starts_at", "-id").first()


def counted_ballots(meeting: Meeting) -> list[Ballot]:
    """Every tallied ballot of the meeting by award and round, with its candidates and its paper count (if any)."""
    entries = BallotCandidate.objects.order_by("unit_id")
    return list(
        meeting.ballots.filter(status=BallotStatus.TALLIED)
        .select_related("paper_count")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("award", "round_number")
    )


def counting_committee(meeting: Meeting) -> list[CountingMember]:
    """The vote-counting committee, its head first."""
    return list(meeting.counting_committee.order_by("-is_head", "id"))


def member_officers(bloc_year: BlocYear) -> QuerySet[User]:
    """Active officers of every current member unit of the year, each once."""
    members = Membership.objects.filter(bloc_year=bloc_year, left_on__isnull=True).values("unit_id")
    return (
        User.objects.filter(
            is_active=True,
            unit_roles__role=UnitRoleKind.OFFICER,
            unit_roles__is_active=True,
            unit_roles__unit_id__in=members,
        )
        .distinct()
        .order_by("pk")
    )
