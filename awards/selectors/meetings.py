"""Reads of the year-end meeting: the chokepoints, its sessions, and the facts the candidate rules read."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from awards.calculations import (
    Award,
    BlocRules,
    Candidacy,
    Override,
    Standing,
    UnitFacts,
    apply_overrides,
    derive_candidates,
)
from awards.compliance import blocking_records
from awards.enums import FLAG_AWARDS, AwardKind
from awards.models import (
    Attendance,
    CandidateOverride,
    ComplianceRecord,
    Guest,
    Meeting,
    MeetingSession,
    NextLeadership,
)
from blocs.enums import UnitStatus
from blocs.models import BlocYear, Membership, Unit
from blocs.selectors import roles_of
from core.models import User
from core.selectors import get_or_404
from pledges.enums import RegistrationStatus, TitleLevel
from pledges.models import Registration
from scoring.presenters import ranked_rows
from scoring.selectors.sheets import year_names

Viewer = User | AnonymousUser

# Registrations that stand at the meeting: accepted by the secretariat or already forwarded on.
STANDING_REGISTRATIONS = (RegistrationStatus.ACCEPTED, RegistrationStatus.FORWARDED)
# The catalogue has two province-level titles that are not flags (pledges migration 0002); the
# certificate of merit is told from the other ("Tập thể lao động xuất sắc") by its name.
MERIT_TITLE_NAME = "Bằng khen của Chủ tịch UBND tỉnh"
ENDED = (UnitStatus.MERGED, UnitStatus.DISSOLVED)


def visible_meetings(user: Viewer) -> QuerySet[Meeting]:
    """Meetings the user may see: all for an admin, the province's for its council, the year's for its members."""
    roles = roles_of(user)
    if roles.is_admin:
        return Meeting.objects.all()
    member = Membership.objects.filter(bloc_year=OuterRef("bloc_year"), unit_id__in=roles.unit_ids)
    return Meeting.objects.filter(Q(bloc_year__bloc__province_id__in=roles.council_province_ids) | Exists(member))


def get_meeting_for_user(user: Viewer, pk: object) -> Meeting:
    """The meeting, or 404 when it does not exist or the user may not see it."""
    return get_or_404(visible_meetings(user).select_related("bloc_year__bloc__province", "bloc_year__rule"), pk)


def get_session_for_user(user: Viewer, pk: object) -> MeetingSession:
    """The meeting's session, or 404 when the user may not see the meeting."""
    sessions = MeetingSession.objects.filter(meeting__in=visible_meetings(user))
    return get_or_404(sessions.select_related("meeting__bloc_year__bloc__province"), pk)


def get_guest_for_user(user: Viewer, pk: object) -> Guest:
    """A guest of a session, or 404 when the user may not see the meeting."""
    guests = Guest.objects.filter(session__meeting__in=visible_meetings(user))
    return get_or_404(guests.select_related("session__meeting__bloc_year__bloc__province"), pk)


def get_override_for_user(user: Viewer, pk: object) -> CandidateOverride:
    """An override of the meeting's candidates, or 404 when the user may not see the meeting."""
    overrides = CandidateOverride.objects.filter(meeting__in=visible_meetings(user))
    return get_or_404(overrides.select_related("unit", "meeting__bloc_year__bloc__province"), pk)


def meeting_of(bloc_year: BlocYear) -> Meeting | None:
    """The bloc-year's meeting, or None before its first session is recorded."""
    return Meeting.objects.filter(bloc_year=bloc_year).select_related("leading_unit", "scores_approved_by").first()


def next_leadership_of(meeting: Meeting) -> NextLeadership | None:
    """What the meeting elected for next year (head, deputies, method, who recorded it), or None."""
    records = NextLeadership.objects.select_related("head", "recorded_by").prefetch_related(
        Prefetch("deputies", queryset=Unit.objects.order_by("name"))
    )
    return records.filter(meeting=meeting).first()


def sessions_of(meeting: Meeting) -> list[MeetingSession]:
    """The meeting's sessions in date order, each with its attendance (units loaded) and guests."""
    attendances = Attendance.objects.select_related("unit").order_by("-present", "unit__name")
    return list(
        meeting.sessions.prefetch_related(Prefetch("attendances", queryset=attendances), "guests").order_by(
            "held_on", "starts_at", "id"
        )
    )


def overrides_of(meeting: Meeting) -> list[CandidateOverride]:
    return list(meeting.overrides.select_related("unit", "created_by").order_by("award", "id"))


def memberships_of_year(bloc_year: BlocYear) -> list[Membership]:
    """Every membership of the year, those who left included, with the unit."""
    return list(bloc_year.memberships.select_related("unit").order_by("unit__name"))


def decision_day(meeting: Meeting | None) -> datetime.date:
    """The day the candidates are decided: the meeting's last session, or today before any is recorded."""
    if meeting is None:
        return timezone.localdate()
    last = meeting.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    return last or timezone.localdate()


# --- Facts for the candidate rules --------------------------------------------------------


def bloc_rules_of(bloc_year: BlocYear) -> BlocRules:
    rule = getattr(bloc_year, "rule", None)
    if rule is None:
        return BlocRules()
    return BlocRules(highest_score_first=rule.highest_score_first, flag_quota=rule.flag_quota)


def registered_awards(bloc_year: BlocYear) -> dict[int, frozenset[str]]:
    """Unit id → the award kinds it registered for at the start of the year (accepted or forwarded)."""
    rows = Registration.objects.filter(bloc_year=bloc_year, status__in=STANDING_REGISTRATIONS).values_list(
        "unit_id", "title__name", "title__level", "title__is_flag"
    )
    kinds: dict[int, set[str]] = defaultdict(set)
    for unit_id, name, level, is_flag in rows:
        kind = award_of_title(name, level, is_flag)
        if kind is not None:
            kinds[unit_id].add(kind)
    return {unit_id: frozenset(found) for unit_id, found in kinds.items()}


def award_of_title(name: str, level: str, is_flag: bool) -> AwardKind | None:
    """The award a registered title stands for at the meeting, or None for a title the bloc does not propose."""
    if is_flag and level == TitleLevel.PROVINCE:
        return AwardKind.PROVINCE_FLAG
    if is_flag and level == TitleLevel.GOVERNMENT:
        return AwardKind.GOVERNMENT_FLAG
    if name == MERIT_TITLE_NAME:
        return AwardKind.PROVINCE_MERIT
    return None


def blocked_units(unit_ids: Iterable[int], *, year: int, day: datetime.date) -> set[int]:
    """Units with a compliance record blocking them for the year, as of ``day`` (Decree 152/2025 Art. 4(4))."""
    records = ComplianceRecord.objects.filter(unit_id__in=list(unit_ids), started_on__lte=day).only(
        "unit_id", "started_on", "resolved_on"
    )
    start = datetime.date(year, 1, 1)
    return {record.unit_id for record in blocking_records(records, period_start=min(start, day), period_end=day)}


def standing_of(membership: Membership, day: datetime.date) -> tuple[Standing, bool]:
    """The unit's standing at the meeting, and whether it ends (merged or dissolved) by the decision date."""
    unit = membership.unit
    if unit.status in ENDED and unit.valid_to is not None:
        if unit.valid_to < day:
            return Standing.GONE, False
        return Standing.LEFT if membership.left_on else Standing.ACTIVE, True
    return (Standing.LEFT if membership.left_on else Standing.ACTIVE), False


def unit_facts(
    bloc_year: BlocYear, *, ranks: dict[int, tuple[int | None, Decimal | None]], day: datetime.date
) -> list[UnitFacts]:
    """The facts of every unit that was a member of the year, for the candidate rules, in name order.

    ``ranks`` maps unit id → (rank, final score) as the score summary gives them. A fixed number
    of queries whatever the number of members: memberships, their names of the year (two),
    registrations, compliance records. The women's share is not recorded yet: None (unknown).
    """
    memberships = memberships_of_year(bloc_year)
    ids = [m.unit_id for m in memberships]
    names = year_names(ids, bloc_year.year)
    registered = registered_awards(bloc_year)
    blocked = blocked_units(ids, year=bloc_year.year, day=day)
    facts = [_facts(m, names, registered, blocked, ranks, day) for m in memberships]
    return sorted(facts, key=lambda f: f.name)


def _facts(
    membership: Membership,
    names: dict[int, str],
    registered: dict[int, frozenset[str]],
    blocked: set[int],
    ranks: dict[int, tuple[int | None, Decimal | None]],
    day: datetime.date,
) -> UnitFacts:
    unit_id = membership.unit_id
    standing, gone_by_decision = standing_of(membership, day)
    rank, score = ranks.get(unit_id, (None, None))
    return UnitFacts(
        unit_id=unit_id,
        name=names.get(unit_id, membership.unit.name),
        standing=standing,
        gone_by_decision_date=gone_by_decision,
        registered=registered.get(unit_id, frozenset()),
        rank=rank if standing == Standing.ACTIVE else None,
        final_score=score,
        has_blocking_record=unit_id in blocked,
    )


def ranks_of(bloc_year: BlocYear) -> dict[int, tuple[int | None, Decimal | None]]:
    """Unit id → (rank, final score) as the score summary defines them (final: the latest accepted
    stage after self-scoring)."""
    return {row.unit_id: (row.rank, row.final_total) for row in ranked_rows(bloc_year)}


def award_of_kind(kind: AwardKind) -> Award:
    return Award(kind.value, str(kind.label), kind in FLAG_AWARDS)


def candidacy(bloc_year: BlocYear, kind: AwardKind, *, meeting: Meeting | None) -> Candidacy:
    """The candidates the rules derive for one award from the year's data, before any override."""
    facts = unit_facts(bloc_year, ranks=ranks_of(bloc_year), day=decision_day(meeting))
    return derive_candidates(facts, award=award_of_kind(kind), rules=bloc_rules_of(bloc_year))


def candidacies(
    bloc_year: BlocYear, *, meeting: Meeting | None, ranks: dict[int, tuple[int | None, Decimal | None]]
) -> list[Candidacy]:
    """Per award the bloc proposes, the candidates and every unit left out with its reasons, overrides applied.

    ``ranks`` as ``ranks_of`` reads them. The Government flag is shown only when a unit registered
    for it. An override that no longer applies (the unit now stands by the rules, or the law now
    bars it) is left aside. A fixed number of queries whatever the number of members.
    """
    facts = unit_facts(bloc_year, ranks=ranks, day=decision_day(meeting))
    rules = bloc_rules_of(bloc_year)
    overrides = overrides_of(meeting) if meeting is not None else []
    kinds = [k for k in AwardKind if k != AwardKind.GOVERNMENT_FLAG or any(k in f.registered for f in facts)]
    return [_with_overrides(derive_candidates(facts, award=award_of_kind(k), rules=rules), overrides) for k in kinds]


def _with_overrides(derived: Candidacy, overrides: list[CandidateOverride]) -> Candidacy:
    liftable = {item.unit.unit_id for item in derived.left_out if item.overridable}
    kind = derived.award.kind
    applying = [Override(o.unit_id, o.reason) for o in overrides if o.award == kind and o.unit_id in liftable]
    return apply_overrides(derived, applying)


def attendance_rows(session: MeetingSession) -> list[tuple[int, str, Attendance | None]]:
    """(unit id, name of the year, recorded attendance or None) for every current member, in name order."""
    bloc_year = session.meeting.bloc_year
    unit_ids = list(bloc_year.memberships.filter(left_on__isnull=True).values_list("unit_id", flat=True))
    names = year_names(unit_ids, bloc_year.year)
    recorded = {a.unit_id: a for a in session.attendances.all()}
    return sorted(((i, names.get(i, ""), recorded.get(i)) for i in unit_ids), key=lambda row: row[1])


def units_of_year(bloc_year: BlocYear) -> QuerySet[Unit]:
    """Every unit that was a member of the year (those who left included): who an override may name."""
    return Unit.objects.filter(memberships__bloc_year=bloc_year).order_by("name")
