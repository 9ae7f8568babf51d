"""Every write to the organisation model. Each call is one transaction with its audit entry."""

import datetime
from collections.abc import Iterable
from typing import TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from blocs.calculations import default_deadlines, leadership_errors, shift_to_year
from blocs.enums import (
    STATUS_AFTER_SUCCESSION,
    BlocYearAction,
    BlocYearStatus,
    MemberRole,
    SuccessionKind,
    UnitRoleKind,
    UnitStatus,
)
from blocs.models import Bloc, BlocRule, BlocYear, Membership, Unit, UnitName, UnitRole, UnitSuccession
from blocs.requirements import entered
from blocs.transitions import LIFECYCLE, cannot_move, forward_action
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import assign, changes, log_action, notify, records_refusals, snapshot

BLOC_YEAR_FIELDS = ["theme", "slogan", "plan_number", "plan_date"]
BLOC_RULE_FIELDS = [
    "flag_quota",
    "vote_threshold_percent",
    "vote_threshold_strict",
    "vote_denominator",
    "ballot_voters",
    "highest_score_first",
    "registration_deadline",
    "six_month_report_deadline",
    "annual_report_deadline",
    "self_scoring_deadline",
    "dossier_deadline",
]
M = TypeVar("M", bound=models.Model)
UNIT_PROFILE_FIELDS = ["short_name", "abbreviation", "superior_body", "leader_name", "leader_title"]


def ensure_year_open(bloc_year: BlocYear) -> None:
    """Refuse a write into a closed year, whoever asks (the administrator too); ``reopen_bloc_year`` comes first."""
    if bloc_year.status == BlocYearStatus.CLOSED:
        raise RefusedTransition(
            _("%(bloc_year)s is closed: it cannot change unless it is reopened with a reason.")
            % {"bloc_year": bloc_year}
        )


@records_refusals
@transaction.atomic
def create_bloc_year(bloc: Bloc, *, actor: User | None, year: int) -> BlocYear:
    """Open a new emulation year for the bloc.

    Starts from a copy of the latest earlier year: its current, still-active member
    units (all as plain members until the new leadership is set) and its rules with
    the deadlines moved to the new year. Without an earlier year, default rules.
    Writes one audit entry.
    """
    bloc = Bloc.objects.select_for_update().get(pk=bloc.pk)
    if bloc.dissolved_on is not None:
        raise DomainError(_("%(bloc)s was dissolved and cannot open a new year.") % {"bloc": bloc})
    if bloc.years.filter(year=year).exists():
        raise DomainError(_("The bloc already has the year %(year)s.") % {"year": year})
    previous = bloc.years.filter(year__lt=year).select_related("rule").order_by("-year").first()
    bloc_year = BlocYear.objects.create(bloc=bloc, year=year, status=BlocYearStatus.DRAFT)
    BlocRule.objects.create(bloc_year=bloc_year, **_rule_values_for(year, previous))
    copied = _copy_members(previous, bloc_year) if previous else []
    log_action(
        bloc_year,
        actor=actor,
        action="blocs.bloc_year.created",
        data={"year": year, "copied_from": previous.year if previous else None, "members": copied},
    )
    return bloc_year


def _rule_values_for(year: int, previous: BlocYear | None) -> dict[str, object]:
    rule = getattr(previous, "rule", None) if previous else None
    if previous is None or rule is None:
        return vars(default_deadlines(year))
    values = {name: getattr(rule, name) for name in BLOC_RULE_FIELDS}
    for name, value in values.items():
        if isinstance(value, datetime.date):
            values[name] = shift_to_year(value, year - previous.year)
    return values


def _copy_members(previous: BlocYear, bloc_year: BlocYear) -> list[int]:
    units = previous.memberships.filter(left_on__isnull=True, unit__status=UnitStatus.ACTIVE).values_list(
        "unit_id", flat=True
    )
    Membership.objects.bulk_create(Membership(bloc_year=bloc_year, unit_id=unit) for unit in units)
    return sorted(units)


@records_refusals
@transaction.atomic
def update_bloc_year(bloc_year: BlocYear, *, actor: User | None, **values: object) -> BlocYear:
    """Change the year's theme, slogan and plan reference; audit what changed. Refused in a closed year."""
    ensure_year_open(BlocYear.objects.select_for_update().get(pk=bloc_year.pk))
    return _update(bloc_year, BLOC_YEAR_FIELDS, values, actor=actor, action="blocs.bloc_year.updated")


@records_refusals
@transaction.atomic
def update_bloc_rule(rule: BlocRule, *, actor: User | None, **values: object) -> BlocRule:
    """Change the bloc's rules for the year; the audit entry is filed under the bloc-year."""
    rule = BlocRule.objects.select_for_update().select_related("bloc_year").get(pk=rule.pk)
    ensure_year_open(rule.bloc_year)
    before = snapshot(rule, BLOC_RULE_FIELDS)
    assign(rule, BLOC_RULE_FIELDS, values)
    rule.save(update_fields=BLOC_RULE_FIELDS)
    diff = changes(before, snapshot(rule, BLOC_RULE_FIELDS))
    log_action(rule.bloc_year, actor=actor, action="blocs.bloc_rule.updated", data=diff)
    return rule


@transaction.atomic
def update_unit_profile(unit: Unit, *, actor: User | None, **values: object) -> Unit:
    """Change a unit's short name, document code, superior body and its leader's name and title."""
    return _update(unit, UNIT_PROFILE_FIELDS, values, actor=actor, action="blocs.unit.updated")


def _update(obj: M, fields: list[str], values: dict[str, object], *, actor: User | None, action: str) -> M:
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = snapshot(obj, fields)
    assign(obj, fields, values)
    obj.save(update_fields=fields)
    log_action(obj, actor=actor, action=action, data=changes(before, snapshot(obj, fields)))
    return obj


@records_refusals
@transaction.atomic
def add_member(
    bloc_year: BlocYear, *, actor: User | None, unit: Unit, joined_on: datetime.date | None = None
) -> Membership:
    """Add an active unit of the bloc's province to the year as a plain member."""
    bloc_year = BlocYear.objects.select_for_update().select_related("bloc").get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    if unit.province_id != bloc_year.bloc.province_id:
        raise DomainError(_("%(unit)s belongs to another province.") % {"unit": unit})
    if not unit.is_active:
        raise DomainError(_("%(unit)s no longer exists and cannot join a bloc.") % {"unit": unit})
    if bloc_year.memberships.filter(unit=unit).exists():
        raise DomainError(_("%(unit)s is already a member this year.") % {"unit": unit})
    membership = Membership.objects.create(bloc_year=bloc_year, unit=unit, joined_on=joined_on)
    log_action(
        bloc_year,
        actor=actor,
        action="blocs.membership.added",
        data={"unit": unit.pk, "unit_name": unit.name, "joined_on": joined_on},
    )
    return membership


@records_refusals
@transaction.atomic
def end_membership(membership: Membership, *, actor: User | None, left_on: datetime.date, reason: str) -> Membership:
    """Record that a unit left the bloc during the year. A head or deputy must be replaced first."""
    membership = Membership.objects.select_for_update().select_related("unit", "bloc_year").get(pk=membership.pk)
    ensure_year_open(membership.bloc_year)
    _check_can_leave(membership, left_on, reason)
    membership.left_on, membership.left_reason = left_on, reason
    membership.save(update_fields=["left_on", "left_reason"])
    log_action(
        membership.bloc_year,
        actor=actor,
        action="blocs.membership.ended",
        data={"unit": membership.unit_id, "unit_name": membership.unit.name, "left_on": left_on, "reason": reason},
    )
    return membership


def _check_can_leave(membership: Membership, left_on: datetime.date, reason: str) -> None:
    if membership.left_on is not None:
        raise DomainError(_("%(unit)s already left the bloc.") % {"unit": membership.unit})
    if membership.role != MemberRole.MEMBER:
        raise DomainError(
            _("%(unit)s leads the bloc this year: choose another head or deputy first.") % {"unit": membership.unit}
        )
    if not reason.strip():
        raise DomainError(_("Give the reason the unit leaves."))
    if membership.joined_on and left_on < membership.joined_on:
        raise DomainError(_("A unit cannot leave before it joined."))
    if left_on.year != membership.bloc_year.year:
        raise DomainError(_("The leaving date must fall within %(year)s.") % {"year": membership.bloc_year.year})


@records_refusals
@transaction.atomic
def set_leadership(bloc_year: BlocYear, *, actor: User | None, head: Unit, deputies: list[Unit]) -> BlocYear:
    """Make ``head`` the head unit and ``deputies`` the deputy units of the year; others become members.

    The old head is demoted before the new one is promoted, so the one-head
    constraint holds at every statement.
    """
    bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    members = bloc_year.memberships.select_for_update()
    current = {m.unit_id: m for m in members if m.left_on is None}
    deputy_ids = {unit.pk for unit in deputies}
    errors = leadership_errors(head_id=head.pk, deputy_ids=deputy_ids, current_member_ids=current)
    if errors:
        raise DomainError(" ".join(errors))
    before = _leadership_snapshot(current.values())
    members.filter(role__in=[MemberRole.HEAD, MemberRole.DEPUTY]).update(role=MemberRole.MEMBER)
    members.filter(unit_id__in=deputy_ids).update(role=MemberRole.DEPUTY)
    members.filter(unit_id=head.pk).update(role=MemberRole.HEAD)
    after = {"head": head.pk, "deputies": sorted(deputy_ids)}
    log_action(bloc_year, actor=actor, action="blocs.leadership.set", data={"before": before, "after": after})
    return bloc_year


def _leadership_snapshot(memberships: Iterable[Membership]) -> dict[str, object]:
    members = list(memberships)
    head = next((m.unit_id for m in members if m.role == MemberRole.HEAD), None)
    return {"head": head, "deputies": sorted(m.unit_id for m in members if m.role == MemberRole.DEPUTY)}


@transaction.atomic
def rename_unit(
    unit: Unit, *, actor: User | None, name: str, short_name: str, effective_date: datetime.date, legal_basis: str
) -> Unit:
    """Give the unit a new name from ``effective_date``; the old name stays in its history.

    The unit keeps its identity, memberships and award history.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise DomainError(_("%(unit)s no longer exists and cannot be renamed.") % {"unit": unit})
    current = unit.names.filter(valid_to__isnull=True).first()
    if current and current.valid_from and effective_date <= current.valid_from:
        raise DomainError(
            _("The new name must take effect after the current one (%(date)s).")
            % {"date": current.valid_from.strftime("%d/%m/%Y")}
        )
    if current and current.name == name:
        raise DomainError(_("The unit already has this name."))
    before = {"name": unit.name, "short_name": unit.short_name}
    if current:
        current.valid_to = effective_date - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    UnitName.objects.create(
        unit=unit, name=name, short_name=short_name, valid_from=effective_date, legal_basis=legal_basis
    )
    unit.name, unit.short_name = name, short_name
    unit.save(update_fields=["name", "short_name"])
    after = {"name": name, "short_name": short_name, "effective_date": effective_date, "legal_basis": legal_basis}
    log_action(unit, actor=actor, action="blocs.unit.renamed", data={"before": before, "after": after})
    return unit


@transaction.atomic
def record_succession(
    predecessor: Unit,
    *,
    actor: User | None,
    successors: list[Unit],
    kind: str,
    effective_date: datetime.date,
    legal_basis: str,
) -> Unit:
    """End ``predecessor`` on the day before ``effective_date`` and link it to its successor(s).

    Side effects, in order: the predecessor's status and end date, its current
    name closed, its open memberships in years from ``effective_date``'s year ended
    with the reason, the succession links, one audit entry.
    """
    predecessor = Unit.objects.select_for_update().get(pk=predecessor.pk)
    _check_succession(predecessor, successors, kind)
    reason = _("%(kind)s %(names)s") % {
        "kind": SuccessionKind(kind).label,
        "names": ", ".join(unit.name for unit in successors),
    }
    ended = _end_unit(predecessor, STATUS_AFTER_SUCCESSION[SuccessionKind(kind)], effective_date, reason)
    UnitSuccession.objects.bulk_create(
        UnitSuccession(
            predecessor=predecessor, successor=unit, kind=kind, effective_date=effective_date, legal_basis=legal_basis
        )
        for unit in successors
    )
    data = {
        "kind": kind,
        "successors": [unit.pk for unit in successors],
        "effective_date": effective_date,
        "legal_basis": legal_basis,
        "memberships_ended": ended,
    }
    log_action(predecessor, actor=actor, action="blocs.unit.succeeded", data=data)
    return predecessor


@transaction.atomic
def dissolve_unit(unit: Unit, *, actor: User | None, effective_date: datetime.date, legal_basis: str) -> Unit:
    """End ``unit`` on the day before ``effective_date`` with no successor.

    Side effects, in order: status "dissolved" and end date, current name closed,
    open memberships from that year on ended, one audit entry.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise DomainError(_("%(unit)s has already ended.") % {"unit": unit})
    reason = _("Dissolved (%(basis)s)") % {"basis": legal_basis}
    ended = _end_unit(unit, UnitStatus.DISSOLVED, effective_date, reason)
    data = {"effective_date": effective_date, "legal_basis": legal_basis, "memberships_ended": ended}
    log_action(unit, actor=actor, action="blocs.unit.dissolved", data=data)
    return unit


def _end_unit(unit: Unit, status: str, effective_date: datetime.date, reason: str) -> list[int]:
    last_day = effective_date - datetime.timedelta(days=1)
    unit.status, unit.valid_to = status, last_day
    unit.save(update_fields=["status", "valid_to"])
    unit.names.filter(valid_to__isnull=True).update(valid_to=last_day)
    return _end_memberships_from(unit, effective_date, reason)


def _check_succession(predecessor: Unit, successors: list[Unit], kind: str) -> None:
    if not predecessor.is_active:
        raise DomainError(_("%(unit)s has already ended.") % {"unit": predecessor})
    if any(unit.pk == predecessor.pk for unit in successors):
        raise DomainError(_("A unit cannot succeed itself."))
    if any(not unit.is_active for unit in successors):
        raise DomainError(_("Successors must be active units."))
    if kind == SuccessionKind.SPLIT and len(successors) < 2:
        raise DomainError(_("A split needs at least two successor units."))
    if kind != SuccessionKind.SPLIT and len(successors) != 1:
        raise DomainError(_("A rename or merger has exactly one successor unit."))


def _end_memberships_from(unit: Unit, effective_date: datetime.date, reason: str) -> list[int]:
    # A closed year is history: its membership list stays as it was closed.
    open_memberships = unit.memberships.filter(left_on__isnull=True, bloc_year__year__gte=effective_date.year).exclude(
        bloc_year__status=BlocYearStatus.CLOSED
    )
    leading = open_memberships.exclude(role=MemberRole.MEMBER).select_related("bloc_year__bloc").first()
    if leading:
        raise DomainError(
            _("%(unit)s leads %(bloc_year)s: choose another head or deputy before it ends.")
            % {"unit": unit, "bloc_year": leading.bloc_year}
        )
    last_day = effective_date - datetime.timedelta(days=1)
    ended = []
    for membership in open_memberships.select_related("bloc_year"):
        # In a later year than the ending the unit never took part: it leaves on the year's first day.
        first_day = max(filter(None, [datetime.date(membership.bloc_year.year, 1, 1), membership.joined_on]))
        membership.left_on, membership.left_reason = max(last_day, first_day), reason[:300]
        membership.save(update_fields=["left_on", "left_reason"])
        ended.append(membership.pk)
    return ended


# --- Lifecycle ------------------------------------------------------------------


@records_refusals
@transaction.atomic
def advance_bloc_year(bloc_year: BlocYear, *, to: str, actor: User | None) -> BlocYear:
    """Move the year one step forward, into ``to``, along ``blocs.transitions.LIFECYCLE``.

    Locks the year; a call for the status it already has changes nothing. Refuses
    (RefusedTransition, nothing changed) a step the lifecycle does not have from the year's
    status, and a step whose guards or other apps' requirements are unmet, listing what is
    missing. Saves the status and writes one audit entry ``blocs.bloc_year.moved``; runs other
    apps' ``on_enter`` actions of the new status (blocs.requirements); after commit, a notice
    to the officers of every current member unit.
    """
    bloc_year = BlocYear.objects.select_for_update().select_related("bloc").get(pk=bloc_year.pk)
    target = BlocYearStatus(to)
    if bloc_year.status == target:
        return bloc_year
    action = forward_action(target)
    if action is None:
        raise RefusedTransition(cannot_move(bloc_year, target))
    LIFECYCLE.check(bloc_year, action)
    before = bloc_year.status
    bloc_year.status = target
    bloc_year.save(update_fields=["status"])
    data = {"before": {"status": before}, "after": {"status": target.value}}
    log_action(bloc_year, actor=actor, action="blocs.bloc_year.moved", data=data)
    entered(bloc_year, target, actor=actor)
    transaction.on_commit(lambda: _notify_members_of_move(bloc_year))
    return bloc_year


def _notify_members_of_move(bloc_year: BlocYear) -> None:
    """One notice per officer of every current member unit; idempotent per year and status."""
    text = _("%(bloc_year)s is now at “%(status)s”.") % {
        "bloc_year": bloc_year,
        "status": bloc_year.get_status_display(),
    }
    members = bloc_year.memberships.filter(left_on__isnull=True).values("unit_id")
    roles = UnitRole.objects.filter(unit_id__in=members, role=UnitRoleKind.OFFICER, is_active=True)
    for role in roles.select_related("user"):
        notify(
            role.user, text=text, url=bloc_year.get_absolute_url(), key=f"bloc-year-{bloc_year.pk}-{bloc_year.status}"
        )


@records_refusals
@transaction.atomic
def reopen_bloc_year(bloc_year: BlocYear, *, actor: User | None, reason: str) -> BlocYear:
    """Reopen a closed year for a correction (``LIFECYCLE``'s REOPEN: closed → decided), so it can be
    closed again afterwards.

    Refuses a year that is not closed and a missing reason (nothing changed). Writes one
    audit entry ``blocs.bloc_year.reopened`` with the reason.
    """
    bloc_year = BlocYear.objects.select_for_update().select_related("bloc").get(pk=bloc_year.pk)
    move = LIFECYCLE.check(bloc_year, BlocYearAction.REOPEN)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason the year is reopened."))
    before, bloc_year.status = bloc_year.status, move.target
    bloc_year.save(update_fields=["status"])
    data = {"before": {"status": before}, "after": {"status": move.target}}
    log_action(bloc_year, actor=actor, action="blocs.bloc_year.reopened", data={**data, "reason": reason})
    return bloc_year
