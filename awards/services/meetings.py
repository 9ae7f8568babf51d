"""Writes of the year-end meeting: sessions, attendance, guests, the approval of the scores, the agreed
leading unit and the lifted exclusions. Each call is one transaction with its audit entry."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.calculations import Override, apply_overrides
from awards.enums import LEADERSHIP_STATUSES, MEETING_STATUSES, AwardKind, LeadershipMethod
from awards.models import Attendance, CandidateOverride, Guest, Meeting, MeetingSession, NextLeadership
from awards.selectors import meetings as selectors
from awards.services.records import ensure_minutes_not_issued
from blocs.calculations import leadership_errors
from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocYear, Unit
from blocs.selectors import current_member_units
from blocs.services import create_bloc_year, ensure_year_open, set_leadership
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import assign, changes, log_action, records_refusals, snapshot
from scoring.enums import SheetStatus, Stage
from scoring.models import ScoreSheet
from scoring.selectors.sheets import year_names
from scoring.services.sheets import accept_sheet, lock_scores, submit_sheet

SESSION_FIELDS = [
    "held_on",
    "starts_at",
    "place",
    "chair_name",
    "chair_title",
    "secretary_name",
    "secretary_title",
]
REQUIRED_SESSION_FIELDS = ["place", "chair_name", "chair_title", "secretary_name", "secretary_title"]


@dataclass(frozen=True)
class AttendanceRow:
    """One member unit at a session: present with its representative (name and title), or absent."""

    unit_id: int
    present: bool
    representative_name: str = ""
    representative_title: str = ""


def _open_year(bloc_year: BlocYear) -> BlocYear:
    """Lock the bloc-year row (it serialises the first session's creation of the meeting); refuse a
    closed year, a meeting whose minutes are issued, or a year not yet ready for review."""
    bloc_year = BlocYear.objects.select_for_update().select_related("bloc").get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    ensure_minutes_not_issued(bloc_year)
    if bloc_year.status not in MEETING_STATUSES:
        raise RefusedTransition(
            _("The year-end meeting is recorded once %(bloc_year)s is ready for review.") % {"bloc_year": bloc_year}
        )
    return bloc_year


def _lock_meeting(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("bloc_year__rule").get(pk=meeting.pk)
    _open_year(meeting.bloc_year)
    return meeting


def _clean_session(bloc_year: BlocYear, values: dict[str, Any]) -> None:
    """Refuse a blank name, title or place, and a day outside the year's end or the start of the next."""
    for name in REQUIRED_SESSION_FIELDS:
        values[name] = (values.get(name) or "").strip()
        if not values[name]:
            raise DomainError(_("Give the place, and the name and title of the chair and of the secretary."))
    held_on: datetime.date = values["held_on"]
    if held_on.year not in (bloc_year.year, bloc_year.year + 1):
        raise DomainError(
            _("The meeting of %(year)s is held at the end of that year or early in the next.")
            % {"year": bloc_year.year}
        )


@records_refusals
@transaction.atomic
def record_meeting_session(bloc_year: BlocYear, *, actor: User, **values: Any) -> MeetingSession:
    """Record a session of the year-end meeting (the first creates the meeting).

    In order: lock the bloc-year; refuse a closed year or one not yet ready for review; refuse a
    blank place, chair or secretary and a day outside the year's end; create the meeting if it
    has none (audit awards.meeting.opened), then the session (audit awards.session.recorded).
    """
    bloc_year = _open_year(bloc_year)
    _clean_session(bloc_year, values)
    meeting, created = Meeting.objects.get_or_create(bloc_year=bloc_year)
    if created:
        log_action(meeting, actor=actor, action="awards.meeting.opened", data={"bloc_year": bloc_year.pk})
    session = MeetingSession(meeting=meeting)
    assign(session, SESSION_FIELDS, values)
    session.save()
    log_action(session, actor=actor, action="awards.session.recorded", data=snapshot(session, SESSION_FIELDS))
    return session


@records_refusals
@transaction.atomic
def update_session(session: MeetingSession, *, actor: User, **values: Any) -> MeetingSession:
    """Correct a session's day, time, place, chair or secretary.

    Locks the session; refuses as ``record_meeting_session`` does; saves; audit awards.session.updated.
    """
    session = MeetingSession.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=session.pk)
    bloc_year = _open_year(session.meeting.bloc_year)
    before = snapshot(session, SESSION_FIELDS)
    current = {name: getattr(session, name) for name in SESSION_FIELDS} | values
    _clean_session(bloc_year, current)
    assign(session, SESSION_FIELDS, {name: current[name] for name in values})
    session.save(update_fields=SESSION_FIELDS)
    diff = changes(before, snapshot(session, SESSION_FIELDS))
    log_action(session, actor=actor, action="awards.session.updated", data=diff)
    return session


@records_refusals
@transaction.atomic
def record_attendance(session: MeetingSession, *, actor: User, rows: Sequence[AttendanceRow]) -> list[Attendance]:
    """Record who attended the session: every current member unit of the year once, present or absent.

    Locks the session; refuses a unit that is not a current member, a unit named twice, a member
    left out, and a present unit without its representative's name; then replaces the session's
    attendance; audit awards.session.attendance with the present and absent units.
    """
    session = MeetingSession.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=session.pk)
    bloc_year = _open_year(session.meeting.bloc_year)
    rows = [_clean_row(row) for row in rows]
    _check_rows(bloc_year, rows)
    session.attendances.all().delete()
    created = Attendance.objects.bulk_create(Attendance(session=session, **vars(row)) for row in rows)
    present = sorted(row.unit_id for row in rows if row.present)
    absent = sorted(row.unit_id for row in rows if not row.present)
    log_action(session, actor=actor, action="awards.session.attendance", data={"present": present, "absent": absent})
    return created


def _clean_row(row: AttendanceRow) -> AttendanceRow:
    name, title = row.representative_name.strip(), row.representative_title.strip()
    return AttendanceRow(row.unit_id, row.present, name if row.present else "", title if row.present else "")


def _check_rows(bloc_year: BlocYear, rows: Sequence[AttendanceRow]) -> None:
    members = set(current_member_units(bloc_year).values_list("pk", flat=True))
    named = [row.unit_id for row in rows]
    if set(named) - members:
        raise DomainError(_("Only the current member units of the year can be recorded at the meeting."))
    if len(set(named)) != len(named):
        raise DomainError(_("Each member unit is recorded once."))
    missing = members - set(named)
    if missing:
        names = ", ".join(sorted(year_names(missing, bloc_year.year).values()))
        raise DomainError(_("Say whether these units were present: %(units)s.") % {"units": names})
    unnamed = [row.unit_id for row in rows if row.present and not row.representative_name]
    if unnamed:
        names = ", ".join(sorted(year_names(unnamed, bloc_year.year).values()))
        raise DomainError(_("Give the representative's name of each unit present: %(units)s.") % {"units": names})


@records_refusals
@transaction.atomic
def add_guest(session: MeetingSession, *, actor: User, name: str, title: str = "", organisation: str = "") -> Guest:
    """Add a guest to the session (e.g. the council office's representative); refuses a blank name.

    Locks the session; audit awards.session.guest_added with the guest's name.
    """
    session = MeetingSession.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=session.pk)
    _open_year(session.meeting.bloc_year)
    if not name.strip():
        raise DomainError(_("Give the guest's name."))
    guest = Guest.objects.create(
        session=session, name=name.strip(), title=title.strip(), organisation=organisation.strip()
    )
    data = {"name": guest.name, "title": guest.title}
    log_action(session, actor=actor, action="awards.session.guest_added", data=data)
    return guest


@records_refusals
@transaction.atomic
def remove_guest(guest: Guest, *, actor: User) -> None:
    """Remove a guest recorded by mistake. Locks the session; audit awards.session.guest_removed."""
    session = MeetingSession.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=guest.session_id)
    _open_year(session.meeting.bloc_year)
    name = guest.name
    Guest.objects.filter(pk=guest.pk).delete()
    log_action(session, actor=actor, action="awards.session.guest_removed", data={"name": name})


# --- The scores --------------------------------------------------------------------------------


@records_refusals
@transaction.atomic
def approve_scores(meeting: Meeting, *, actor: User) -> Meeting:
    """The meeting approves the ranked scores: every unit's approved-stage sheet is accepted, then all are locked.

    In order: lock the meeting; a second call is a no-op; refuse a year not at "ready for review",
    a meeting without a session, a member whose verified score is not accepted (no approved-stage
    sheet opened); submit and accept each approved-stage sheet through scoring's services; lock
    the year's scores (scoring.scores.locked); record who approved and when; audit
    awards.meeting.scores_approved.
    """
    meeting = _lock_meeting(meeting)
    if meeting.scores_approved_at is not None:
        return meeting
    bloc_year = meeting.bloc_year
    if bloc_year.status != BlocYearStatus.READY_FOR_REVIEW:
        raise RefusedTransition(_("The meeting approves the scores while the year is ready for review."))
    if not meeting.sessions.exists():
        raise DomainError(_("Record the meeting's session before approving the scores."))
    for sheet in _approved_sheets(bloc_year):
        _accept(sheet, actor=actor)
    locked = lock_scores(bloc_year, actor=actor)
    meeting.scores_approved_at, meeting.scores_approved_by = timezone.now(), actor
    meeting.save(update_fields=["scores_approved_at", "scores_approved_by"])
    log_action(meeting, actor=actor, action="awards.meeting.scores_approved", data={"sheets_locked": locked})
    return meeting


def _approved_sheets(bloc_year: BlocYear) -> list[ScoreSheet]:
    """Each current member's approved-stage sheet; refused while a unit has none (its verified score not accepted)."""
    members = list(current_member_units(bloc_year).values_list("pk", flat=True))
    sheets = list(ScoreSheet.objects.filter(bloc_year=bloc_year, stage=Stage.APPROVED, unit_id__in=members))
    missing = set(members) - {sheet.unit_id for sheet in sheets}
    if not members or missing:
        names = ", ".join(sorted(year_names(missing, bloc_year.year).values()))
        raise DomainError(_("Verified scores are not accepted yet for: %(units)s.") % {"units": names or "—"})
    return sheets


def _accept(sheet: ScoreSheet, *, actor: User) -> None:
    if sheet.status in (SheetStatus.DRAFT, SheetStatus.RETURNED):
        sheet = submit_sheet(sheet, actor=actor)
    if sheet.status == SheetStatus.SUBMITTED:
        accept_sheet(sheet, actor=actor)


# --- The leading unit and the candidates ------------------------------------------------------------


@records_refusals
@transaction.atomic
def record_leading_unit(meeting: Meeting, *, actor: User, unit: Unit) -> Meeting:
    """Record the leading unit the meeting agreed on (hiệp thương); it must be a current member.

    Locks the meeting; the same unit again is a no-op; audit awards.meeting.leading_unit.
    """
    meeting = _lock_meeting(meeting)
    if meeting.leading_unit_id == unit.pk:
        return meeting
    if not current_member_units(meeting.bloc_year).filter(pk=unit.pk).exists():
        raise DomainError(_("The leading unit must be a current member of the bloc that year."))
    before = meeting.leading_unit_id
    meeting.leading_unit = unit
    meeting.save(update_fields=["leading_unit"])
    log_action(meeting, actor=actor, action="awards.meeting.leading_unit", data={"before": before, "after": unit.pk})
    return meeting


@records_refusals
@transaction.atomic
def override_exclusion(meeting: Meeting, *, actor: User, award: str, unit: Unit, reason: str) -> CandidateOverride:
    """Let a unit the rules left out stand for ``award``, with the secretariat's written reason (for the minutes).

    Locks the meeting; refuses a blank reason, a unit not left out, one overridden already, and an
    exclusion no override may lift (the law's bars, a zero quota: ``calculations.apply_overrides``);
    stores the override; audit awards.meeting.override with the award, unit and reason.
    """
    meeting = _lock_meeting(meeting)
    kind = AwardKind(award)
    reason = reason.strip()
    if meeting.overrides.filter(award=kind, unit=unit).exists():
        raise DomainError(_("%(unit)s already stands for this award by an override.") % {"unit": unit})
    candidacy = selectors.candidacy(meeting.bloc_year, kind, meeting=meeting)
    apply_overrides(candidacy, [Override(unit.pk, reason)])
    override = CandidateOverride.objects.create(meeting=meeting, award=kind, unit=unit, reason=reason, created_by=actor)
    data = {"award": kind.value, "unit": unit.pk, "reason": override.reason}
    log_action(meeting, actor=actor, action="awards.meeting.override", data=data)
    return override


@records_refusals
@transaction.atomic
def withdraw_override(override: CandidateOverride, *, actor: User, reason: str) -> None:
    """Withdraw an override: the unit is left out again for the award, with the reasons the rules derive.

    In order: lock the meeting; refuse a closed year or one not at the meeting's statuses; refuse an
    override withdrawn already and a blank reason; refuse once a ballot of that award lists the unit
    (it was voted on: the ballot and the minutes rest on the override); delete the override; audit
    awards.meeting.override_withdrawn with the award, the unit, the override's reason and the reason
    for withdrawing it.
    """
    meeting = _lock_meeting(override.meeting)
    current = meeting.overrides.filter(pk=override.pk).select_related("unit").first()
    if current is None:
        raise DomainError(_("This override was withdrawn already."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the override is withdrawn."))
    if meeting.ballots.filter(award=current.award, entries__unit=current.unit_id).exists():
        raise DomainError(
            _("%(unit)s is on a ballot for this award already: its override cannot be withdrawn.")
            % {"unit": current.unit}
        )
    data = {"award": current.award, "unit": current.unit_id, "override_reason": current.reason, "reason": reason}
    current.delete()
    log_action(meeting, actor=actor, action="awards.meeting.override_withdrawn", data=data)


# --- Next year's leadership ----------------------------------------------------------------------


@dataclass(frozen=True)
class Leadership:
    """A head unit and its deputy units, by id: what the meeting elected, or what a year holds."""

    head: int | None
    deputies: frozenset[int]

    @property
    def units(self) -> list[int]:
        return [unit_id for unit_id in (self.head, *sorted(self.deputies)) if unit_id is not None]


@records_refusals
@transaction.atomic
def record_next_leadership(
    meeting: Meeting, *, actor: User, head: Unit, deputies: Sequence[Unit], method: str
) -> NextLeadership:
    """Record the head and deputies the meeting elected for next year, and how; set them on next year.

    In order: lock the meeting; refuse a closed year or one not at "ready for review" or
    "reviewed"; refuse an unknown method and a head or deputy who is not a current member of
    the year (``blocs.calculations.leadership_errors``); the same election again is a no-op;
    open next year with ``blocs.services.create_bloc_year`` (members and rules carried over;
    audit blocs.bloc_year.created) unless it exists; refuse when next year holds a leadership
    set elsewhere (not by this meeting), or does not count the elected units as members; set
    it with ``blocs.services.set_leadership`` (audit blocs.leadership.set) unless it holds it
    already; store the election; audit awards.meeting.next_leadership with before and after.
    """
    meeting = _lock_meeting(meeting)
    if meeting.bloc_year.status not in LEADERSHIP_STATUSES:
        raise RefusedTransition(_("Next year's leadership is elected while the year is ready for review or reviewed."))
    elected = Leadership(head.pk, frozenset(unit.pk for unit in deputies))
    kind = _method(method)
    _check_elected(meeting.bloc_year, elected)
    recorded = NextLeadership.objects.filter(meeting=meeting).first()
    before = _recorded_values(recorded)
    if recorded is not None and before == _values(elected, kind):
        return recorded
    next_year = _next_year(meeting.bloc_year, actor=actor)
    holds = _leadership_of(next_year)
    _check_next_year(next_year, holds, elected, recorded)
    if holds != elected:
        set_leadership(next_year, actor=actor, head=head, deputies=list(deputies))
    record = _store(meeting, recorded, head, elected.deputies, kind, actor=actor)
    data = {"before": before, "after": _values(elected, kind), "bloc_year": next_year.pk}
    log_action(meeting, actor=actor, action="awards.meeting.next_leadership", data=data)
    return record


def _method(method: str) -> LeadershipMethod:
    if method not in LeadershipMethod.values:
        raise DomainError(_("Say how the meeting chose next year's leadership."))
    return LeadershipMethod(method)


def _check_elected(bloc_year: BlocYear, elected: Leadership) -> None:
    members = current_member_units(bloc_year).values_list("pk", flat=True)
    errors = leadership_errors(head_id=elected.head, deputy_ids=elected.deputies, current_member_ids=members)
    if errors:
        raise DomainError(" ".join(errors))


def _leadership_of(bloc_year: BlocYear) -> Leadership:
    """The head and deputy units a bloc-year holds now (its current members' roles)."""
    roles = bloc_year.memberships.filter(left_on__isnull=True, role__in=[MemberRole.HEAD, MemberRole.DEPUTY])
    rows = list(roles.values_list("unit_id", "role"))
    head = next((unit_id for unit_id, role in rows if role == MemberRole.HEAD), None)
    return Leadership(head, frozenset(unit_id for unit_id, role in rows if role == MemberRole.DEPUTY))


def _next_year(bloc_year: BlocYear, *, actor: User) -> BlocYear:
    """Next year's bloc-year, opened now (members and rules carried over) when the bloc has none yet.

    An existing year is locked: a leadership set on it elsewhere waits (``set_leadership`` locks it too).
    """
    existing = BlocYear.objects.select_for_update().filter(bloc_id=bloc_year.bloc_id, year=bloc_year.year + 1).first()
    return existing or create_bloc_year(bloc_year.bloc, actor=actor, year=bloc_year.year + 1)


def _check_next_year(
    next_year: BlocYear, holds: Leadership, elected: Leadership, recorded: NextLeadership | None
) -> None:
    """Refuse to overwrite a leadership next year got elsewhere, and units next year does not count as members."""
    ours = recorded is not None and holds == Leadership(recorded.head_id, _deputy_ids(recorded))
    if holds.units and holds != elected and not ours:
        raise DomainError(
            _(
                "%(next_year)s already has a head and deputies (%(units)s) chosen elsewhere, not by this "
                "meeting: change them on the bloc's page first, or record the same leadership."
            )
            % {"next_year": next_year, "units": _names(holds.units, next_year)}
        )
    members = set(current_member_units(next_year).values_list("pk", flat=True))
    missing = set(elected.units) - members
    if missing:
        raise DomainError(
            _("Not a member of %(next_year)s: %(units)s. Add it to that year first.")
            % {"units": _names(missing, next_year), "next_year": next_year}
        )


def _names(unit_ids: Iterable[int], bloc_year: BlocYear) -> str:
    return ", ".join(sorted(year_names(unit_ids, bloc_year.year).values()))


def _store(
    meeting: Meeting,
    recorded: NextLeadership | None,
    head: Unit,
    deputies: frozenset[int],
    kind: LeadershipMethod,
    *,
    actor: User,
) -> NextLeadership:
    record = recorded or NextLeadership(meeting=meeting)
    record.head, record.method = head, kind
    record.recorded_by, record.recorded_at = actor, timezone.now()
    record.save()
    record.deputies.set(sorted(deputies))
    return record


def _deputy_ids(record: NextLeadership) -> frozenset[int]:
    return frozenset(record.deputies.values_list("pk", flat=True))


def _values(leadership: Leadership, method: str) -> dict[str, object]:
    return {"head": leadership.head, "deputies": sorted(leadership.deputies), "method": str(method)}


def _recorded_values(record: NextLeadership | None) -> dict[str, object] | None:
    if record is None:
        return None
    return _values(Leadership(record.head_id, _deputy_ids(record)), record.method)
