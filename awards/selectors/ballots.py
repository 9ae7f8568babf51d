"""Reads of the secret ballot: the chokepoint, who may vote, and the results, which exist only once closed.

Nothing here returns a count, a choice or a ballot of a ballot that is still a draft or open: the
results readers answer None (DOMAIN §7: nobody, the administrator included, sees a partial result).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from awards.calculations import (
    Choice,
    Threshold,
    UnitFacts,
    ballot_digest,
    ballot_fingerprint,
    choice_votes,
    round_result,
)
from awards.enums import RESULT_STATUSES, BallotStatus
from awards.models import Attendance, Ballot, BallotCandidate, CastBallot, Meeting, MeetingSession, Participation
from awards.selectors.meetings import Viewer, visible_meetings
from blocs.enums import BallotVoters
from blocs.models import BlocYear, Membership
from blocs.selectors import current_member_units, roles_of
from core.exceptions import DomainError
from core.models import ActivityLog
from core.selectors import get_or_404
from scoring.selectors.sheets import year_names


def visible_ballots(user: Viewer) -> QuerySet[Ballot]:
    """Ballots of the meetings the user may see (``visible_meetings``)."""
    return Ballot.objects.filter(meeting__in=visible_meetings(user))


def get_ballot_for_user(user: Viewer, pk: object) -> Ballot:
    """The ballot, or 404 when it does not exist or the user may not see its meeting."""
    return get_or_404(visible_ballots(user).select_related("meeting__bloc_year__bloc__province"), pk)


def last_session(meeting: Meeting) -> MeetingSession | None:
    """The session sitting now (the latest): its attendance says who votes."""
    return meeting.sessions.order_by("-held_on", "-starts_at", "-id").first()


def present_unit_ids(meeting: Meeting) -> set[int]:
    """The current member units recorded present at the meeting's latest session."""
    session = last_session(meeting)
    if session is None:
        return set()
    members = current_member_units(meeting.bloc_year).values("pk")
    rows = Attendance.objects.filter(session=session, present=True, unit_id__in=members)
    return set(rows.values_list("unit_id", flat=True))


def voting_unit_ids(meeting: Meeting) -> set[int]:
    """The units whose representative may vote: those present at the latest session, or every current member
    unit when the bloc's rules let all members vote (BlocRule.ballot_voters). Not the threshold's "present"
    denominator: that stays ``present_unit_ids``."""
    rule = getattr(meeting.bloc_year, "rule", None)
    if rule is not None and rule.ballot_voters == BallotVoters.ALL_MEMBERS:
        return set(current_member_units(meeting.bloc_year).values_list("pk", flat=True))
    return present_unit_ids(meeting)


def candidate_ids(ballot: Ballot) -> list[int]:
    return list(ballot.entries.order_by("unit_id").values_list("unit_id", flat=True))


def candidate_facts(ballot: Ballot) -> list[UnitFacts]:
    """The ballot's candidates as the round rules read them: name of the year and women's share when known."""
    entries = list(BallotCandidate.objects.filter(ballot=ballot).select_related("unit").order_by("unit_id"))
    names = year_names([e.unit_id for e in entries], ballot.meeting.bloc_year.year)
    return [UnitFacts(e.unit_id, names.get(e.unit_id, e.unit.name), women_share=e.women_share) for e in entries]


def threshold_of(bloc_year: BlocYear) -> Threshold:
    """The bloc's threshold settings (BlocRule), or the default: more than 50 % of all members."""
    rule = getattr(bloc_year, "rule", None)
    if rule is None:
        return Threshold()
    return Threshold(Decimal(rule.vote_threshold_percent), rule.vote_threshold_strict, rule.vote_denominator)


def participation_count(ballot: Ballot) -> int:
    """How many have voted: the only figure shown while the ballot is open (never what they voted)."""
    return ballot.participations.count()


def eligible_voter_count(ballot: Ballot) -> int:
    """How many units may vote (one vote each): ``voting_unit_ids``."""
    return len(voting_unit_ids(ballot.meeting))


def has_voted(ballot: Ballot, user: Viewer) -> bool:
    """The user, or a unit they act for, took part (a participation: who, never what)."""
    if not user.is_authenticated:
        return False
    units = roles_of(user).unit_ids
    return Participation.objects.filter(ballot=ballot).filter(Q(voter=user) | Q(unit_id__in=units)).exists()


def ballots_of(meeting: Meeting) -> list[Ballot]:
    """Every round of every award at the meeting, by award then round."""
    return list(meeting.ballots.order_by("award", "round_number"))


def open_ballots_for_voter(user: Viewer) -> QuerySet[Ballot]:
    """Open ballots the user may vote in now: a unit they act for is a current member, present at the
    meeting's latest session (or the bloc's rules let all members vote), and has not voted (one query)."""
    units = roles_of(user).unit_ids if user.is_authenticated else frozenset()
    if not units:
        return Ballot.objects.none()
    latest = MeetingSession.objects.filter(meeting=OuterRef(OuterRef("meeting"))).order_by(
        "-held_on", "-starts_at", "-id"
    )
    present = Attendance.objects.filter(session=Subquery(latest.values("pk")[:1]), present=True, unit_id__in=units)
    members = Membership.objects.filter(
        bloc_year=OuterRef("meeting__bloc_year"), unit_id__in=units, left_on__isnull=True
    )
    voted = Participation.objects.filter(ballot=OuterRef("pk")).filter(Q(voter=user) | Q(unit_id__in=units))
    return (
        Ballot.objects.filter(
            Exists(present) | Q(meeting__bloc_year__rule__ballot_voters=BallotVoters.ALL_MEMBERS),
            Exists(members),
            status=BallotStatus.OPEN,
        )
        .exclude(Exists(voted))
        .select_related("meeting__bloc_year__bloc")
        .order_by("meeting__bloc_year__bloc__name", "award", "round_number")
    )


def stored_ballots(ballot: Ballot) -> list[tuple[str, Choice]] | None:
    """(receipt, choice) of every cast ballot by receipt, or None before the ballot closes."""
    if ballot.status not in RESULT_STATUSES:
        return None
    rows = CastBallot.objects.filter(ballot=ballot).order_by("receipt")
    return [(row.receipt, row.choice) for row in rows if row.choice is not None]


def ballot_result(ballot: Ballot) -> dict[str, Any] | None:
    """The stored count and outcome of a tallied ballot, or None before it is tallied."""
    if ballot.status not in RESULT_STATUSES:
        return None
    return ballot.result


def find_receipt(ballot: Ballot, code: str) -> Choice | None:
    """The choice recorded under a receipt code (the voter checks their ballot was counted); None before closing."""
    if ballot.status not in RESULT_STATUSES:
        return None
    row = CastBallot.objects.filter(ballot=ballot, receipt=code.strip().upper()).first()
    return row.choice if row is not None else None


def round_notes(ballot: Ballot) -> tuple[str, ...]:
    """Why the round ended as it did (nobody reached the threshold, a tie, the women's-share preference), in
    the reader's language. The notes are words, not data: they are recomputed from the stored count with the
    same rule, and left out (empty) unless that gives the stored outcome again. Empty before tallying."""
    result = ballot_result(ballot)
    if not result:
        return ()
    try:
        outcome = round_result(
            {int(unit_id): count for unit_id, count in result["votes"].items()},
            candidates=candidate_facts(ballot),
            quota=ballot.seats,
            members=result["members"],
            present=result["present"],
            threshold=threshold_of(ballot.meeting.bloc_year),
        )
    except (DomainError, KeyError, TypeError, ValueError):
        return ()
    same = set(outcome.elected) == set(result.get("elected", [])) and set(outcome.next_round) == set(
        result.get("next_round", [])
    )
    return outcome.notes if same else ()


def vote_base_counts(meeting: Meeting) -> tuple[int, int]:
    """(member units, member units present): what the threshold's denominator counts."""
    return current_member_units(meeting.bloc_year).count(), len(present_unit_ids(meeting))


# --- Verifying a closed ballot -------------------------------------------------------------------


@dataclass(frozen=True)
class BallotCheck:
    """What ``verify_ballot`` found: receipts altered, added or removed since closing, and the sums that differ."""

    closed: bool
    altered: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    digest_matches: bool = True
    recorded_digest_matches: bool = True
    count_matches: bool = True
    tally_matches: bool = True

    @property
    def ok(self) -> bool:
        return (
            self.closed
            and not (self.altered or self.added or self.removed)
            and all((self.digest_matches, self.recorded_digest_matches, self.count_matches, self.tally_matches))
        )


def closing_entry(ballot: Ballot) -> ActivityLog | None:
    """The audit entry written at closing: the digest and each ballot's fingerprint, in the hash chain."""
    entries = ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Ballot), object_id=ballot.pk, action="awards.ballot.closed"
    )
    return entries.order_by("-id").first()


def verify_stored_ballots(ballot: Ballot) -> BallotCheck:
    """Recount the stored ballots and compare them with what closing recorded (reads only).

    Each stored ballot is compared by receipt with the fingerprints of the closing audit entry; the
    digest is recomputed and compared with the ballot's and the audit entry's; the count with the
    participations; a tallied ballot's counts with a fresh recount.
    """
    entry = closing_entry(ballot)
    if ballot.status not in RESULT_STATUSES or entry is None:
        return BallotCheck(closed=False)
    rows = list(CastBallot.objects.filter(ballot=ballot).values_list("receipt", "choice"))
    recorded: dict[str, str] = entry.data.get("fingerprints", {})
    stored = {receipt: ballot_fingerprint(receipt, choice) if choice else "" for receipt, choice in rows}
    digest = ballot_digest(ballot.pk, [(r, c) for r, c in rows if c]) if all(c for _r, c in rows) else ""
    return BallotCheck(
        closed=True,
        altered=tuple(sorted(r for r in stored.keys() & recorded.keys() if stored[r] != recorded[r])),
        added=tuple(sorted(stored.keys() - recorded.keys())),
        removed=tuple(sorted(recorded.keys() - stored.keys())),
        digest_matches=digest == ballot.digest,
        recorded_digest_matches=digest == entry.data.get("digest"),
        count_matches=len(rows) == ballot.participations.count(),
        tally_matches=_recount_matches(ballot, [c for _r, c in rows]),
    )


def _recount_matches(ballot: Ballot, choices: list[Choice | None]) -> bool:
    if ballot.status != BallotStatus.TALLIED:
        return True
    try:
        counted = choice_votes(
            [c for c in choices if c is not None],
            form=ballot.form,
            candidates=candidate_ids(ballot),
            max_choices=ballot.max_choices,
        )
    except (DomainError, KeyError, TypeError):
        return False
    votes = {str(unit_id): count for unit_id, count in counted["votes"].items()}
    return None not in choices and votes == (ballot.result or {}).get("votes")
