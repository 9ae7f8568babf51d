"""Writes of the year's commitments: launch meeting, pledge and amendments, signatures, title registrations."""

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.enums import CouncilRoleKind, MemberRole, UnitRoleKind
from blocs.models import BlocYear, CouncilRole, Unit, UnitRole
from blocs.selectors import bloc_issue, council_office_name, current_member_units
from blocs.services import ensure_year_open, update_bloc_year
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import changes, issue_document, log_action, notify, records_refusals, snapshot
from pledges.enums import SIGNED_PLEDGE_KIND, RegistrationStatus
from pledges.models import (
    LaunchMeeting,
    Pledge,
    PledgeClause,
    PledgeSignature,
    PledgeVersion,
    Registration,
    Title,
    UnitTheme,
)
from pledges.transitions import REGISTRATION, REGISTRATION_EDITABLE, registration_refused

LAUNCH_MEETING_FIELDS = ["held_on", "place", "attendees", "notes"]
PLEDGE_TEXT_FIELDS = ["theme", "slogan", "plan_number", "plan_date", "preamble"]


# --- Launch meeting -------------------------------------------------------------


@records_refusals
@transaction.atomic
def record_launch_meeting(
    bloc_year: BlocYear, *, actor: User | None, held_on: datetime.date, place: str, attendees: str, notes: str = ""
) -> LaunchMeeting:
    """Record (or correct) the year's launch meeting; one audit entry on the bloc-year with what changed."""
    bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    if not attendees.strip():
        raise DomainError(_("List who attended the launch meeting."))
    meeting = LaunchMeeting.objects.filter(bloc_year=bloc_year).first() or LaunchMeeting(bloc_year=bloc_year)
    before = snapshot(meeting, LAUNCH_MEETING_FIELDS) if meeting.pk else {}
    meeting.held_on, meeting.place, meeting.attendees, meeting.notes = held_on, place, attendees, notes
    meeting.recorded_by = actor
    meeting.save()
    diff = changes(before, snapshot(meeting, LAUNCH_MEETING_FIELDS))
    log_action(bloc_year, actor=actor, action="pledges.launch_meeting.recorded", data=diff)
    return meeting


# --- Pledge ---------------------------------------------------------------------


@records_refusals
@transaction.atomic
def save_pledge(
    bloc_year: BlocYear,
    *,
    actor: User | None,
    theme: str,
    slogan: str = "",
    plan_number: str = "",
    plan_date: datetime.date | None = None,
    preamble: str = "",
    clauses: list[dict[str, Any]],
    unit_themes: dict[int, str],
    change_note: str = "",
) -> Pledge:
    """Write the year's pledge.

    Before any member has signed, the text is still a draft and is rewritten in
    place. Once one has signed, a change is an amendment: it needs ``change_note``
    and adds a new version, leaving the earlier ones as they were. ``clauses`` are
    dicts of content / unit_of_measure / target_value in order; ``unit_themes`` maps
    member unit ids to their own theme. The bloc-year's theme, slogan and plan
    reference follow the pledge. Audit: ``pledges.pledge.drafted`` or ``.amended``.
    """
    bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    _check_pledge_text(bloc_year, theme, clauses, unit_themes)
    pledge = Pledge.objects.select_for_update().filter(bloc_year=bloc_year).first()
    text = {"theme": theme, "slogan": slogan, "plan_number": plan_number, "plan_date": plan_date}
    amending = pledge is not None and pledge.signatures.exists()
    if amending and not change_note.strip():
        raise DomainError(_("Members have signed this pledge: say what the amendment changes."))
    if pledge is None:
        pledge = Pledge.objects.create(bloc_year=bloc_year)
    version = _write_version(pledge, actor, {**text, "preamble": preamble}, amending, change_note)
    _write_clauses(version, clauses, unit_themes)
    update_bloc_year(bloc_year, actor=actor, **text)
    action = "pledges.pledge.amended" if amending else "pledges.pledge.drafted"
    data = {"version": version.number, "clauses": len(clauses), "change_note": change_note}
    log_action(pledge, actor=actor, action=action, data=data)
    return pledge


def _check_pledge_text(
    bloc_year: BlocYear, theme: str, clauses: list[dict[str, Any]], unit_themes: dict[int, str]
) -> None:
    if not theme.strip():
        raise DomainError(_("Give the bloc's theme for the year."))
    if not clauses:
        raise DomainError(_("A pledge needs at least one target."))
    members = set(bloc_year.memberships.filter(left_on__isnull=True).values_list("unit_id", flat=True))
    if set(unit_themes) - members:
        raise DomainError(_("Only current members of the bloc have a theme in its pledge."))


def _write_version(
    pledge: Pledge, actor: User | None, text: dict[str, Any], amending: bool, change_note: str
) -> PledgeVersion:
    if amending:
        pledge.current_version += 1
        pledge.save(update_fields=["current_version"])
        return PledgeVersion.objects.create(
            pledge=pledge, number=pledge.current_version, created_by=actor, change_note=change_note, **text
        )
    version, _ = PledgeVersion.objects.update_or_create(
        pledge=pledge, number=pledge.current_version, defaults={**text, "created_by": actor}
    )
    version.clauses.all().delete()
    version.unit_themes.all().delete()
    return version


def _write_clauses(version: PledgeVersion, clauses: list[dict[str, Any]], unit_themes: dict[int, str]) -> None:
    PledgeClause.objects.bulk_create(
        PledgeClause(
            version=version,
            position=position,
            content=clause["content"],
            unit_of_measure=clause.get("unit_of_measure", ""),
            target_value=clause.get("target_value"),
        )
        for position, clause in enumerate(clauses, start=1)
    )
    UnitTheme.objects.bulk_create(
        UnitTheme(version=version, unit_id=unit_id, theme=theme) for unit_id, theme in unit_themes.items() if theme
    )


@records_refusals
@transaction.atomic
def record_pledge_signature(
    pledge: Pledge, *, actor: User | None, unit: Unit, signer_name: str, signer_title: str, signed_on: datetime.date
) -> PledgeSignature:
    """Record that ``unit``'s leader signed the pledge in force (its current version).

    Refuses a unit that is not a current member, a second signature of the same
    unit and a date outside the year (or the December before it). Audit
    ``pledges.pledge.signed``.
    """
    pledge = Pledge.objects.select_for_update().select_related("bloc_year__bloc").get(pk=pledge.pk)
    ensure_year_open(pledge.bloc_year)
    _check_signature(pledge, unit, signed_on)
    signature = PledgeSignature.objects.create(
        pledge=pledge,
        unit=unit,
        signer_name=signer_name,
        signer_title=signer_title,
        signed_on=signed_on,
        version_number=pledge.current_version,
        recorded_by=actor,
    )
    data = {"unit": unit.pk, "unit_name": unit.name, "signer": signer_name, "version": pledge.current_version}
    log_action(pledge, actor=actor, action="pledges.pledge.signed", data=data)
    _issue_when_all_signed(pledge, actor=actor)
    return signature


def _issue_when_all_signed(pledge: Pledge, *, actor: User | None) -> None:
    """The last current member's signature issues the pledge: the bloc's next GƯ number, dated the signing day.

    The signing day is the launch meeting's, or else the last signature's (Decree 30: the date
    a document is signed is its date).
    """
    bloc_year = pledge.bloc_year
    members = current_member_units(bloc_year)
    if members.exclude(pk__in=pledge.signatures.values("unit_id")).exists():
        return
    meeting = LaunchMeeting.objects.filter(bloc_year=bloc_year).first()
    signed_on = meeting.held_on if meeting else max(pledge.signatures.values_list("signed_on", flat=True))
    bloc = bloc_year.bloc
    recipients = [council_office_name(bloc.province, on=signed_on), "Các đơn vị thành viên khối", "Lưu: VT"]
    issue = bloc_issue(bloc, type_code="GƯ", issued_on=signed_on, recipients=recipients)
    issue_document(pledge, kind=SIGNED_PLEDGE_KIND, issue=issue, actor=actor)


def _check_signature(pledge: Pledge, unit: Unit, signed_on: datetime.date) -> None:
    bloc_year = pledge.bloc_year
    if not bloc_year.memberships.filter(unit=unit, left_on__isnull=True).exists():
        raise DomainError(_("%(unit)s is not a current member of the bloc.") % {"unit": unit})
    if pledge.signatures.filter(unit=unit).exists():
        raise DomainError(_("The signature of %(unit)s is already recorded.") % {"unit": unit})
    earliest = datetime.date(bloc_year.year - 1, 12, 1)
    if not earliest <= signed_on <= datetime.date(bloc_year.year, 12, 31):
        raise DomainError(
            _("The signing date must fall between %(start)s and 31/12/%(year)s.")
            % {"start": earliest.strftime("%d/%m/%Y"), "year": bloc_year.year}
        )


# --- Title registration ------------------------------------------------------------


@records_refusals
@transaction.atomic
def create_registration(
    bloc_year: BlocYear, *, actor: User | None, unit: Unit, title: Title, targets: str
) -> Registration:
    """A current member unit registers (as a draft) for an offered title; audit ``pledges.registration.created``."""
    bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    if not bloc_year.memberships.filter(unit=unit, left_on__isnull=True).exists():
        raise DomainError(_("%(unit)s is not a current member of the bloc.") % {"unit": unit})
    if not title.is_active:
        raise DomainError(_("“%(title)s” is no longer offered for registration.") % {"title": title})
    if bloc_year.registrations.filter(unit=unit, title=title).exists():
        raise DomainError(_("%(unit)s has already registered for “%(title)s”.") % {"unit": unit, "title": title})
    _check_targets(targets)
    registration = Registration.objects.create(bloc_year=bloc_year, unit=unit, title=title, targets=targets)
    data = {"unit": unit.pk, "title": title.name, "targets": targets}
    log_action(registration, actor=actor, action="pledges.registration.created", data=data)
    return registration


@records_refusals
@transaction.atomic
def update_registration(registration: Registration, *, actor: User | None, targets: str) -> Registration:
    """Change the targets while the registration is in the unit's hands (draft or returned)."""
    registration = Registration.objects.select_for_update().select_related("bloc_year").get(pk=registration.pk)
    ensure_year_open(registration.bloc_year)
    if registration.status not in REGISTRATION_EDITABLE:
        raise RefusedTransition(_("The registration is with the bloc secretariat and cannot be changed now."))
    _check_targets(targets)
    before = snapshot(registration, ["targets"])
    registration.targets = targets
    registration.save(update_fields=["targets"])
    diff = changes(before, snapshot(registration, ["targets"]))
    log_action(registration, actor=actor, action="pledges.registration.updated", data=diff)
    return registration


def _check_targets(targets: str) -> None:
    if not targets.strip():
        raise DomainError(_("State the targets the unit commits to for this title."))


@records_refusals
def submit_registration(registration: Registration, *, actor: User | None) -> Registration:
    """The unit sends its registration (again, after a return) to the bloc secretariat."""
    return _move_registration(registration, RegistrationStatus.SUBMITTED, actor=actor)


@records_refusals
def return_registration(registration: Registration, *, actor: User | None, reason: str) -> Registration:
    """The secretariat sends the registration back to the unit with the reason; the unit is notified."""
    if not reason.strip():
        raise DomainError(_("Give the reason for returning the registration."))
    return _move_registration(registration, RegistrationStatus.RETURNED, actor=actor, reason=reason)


@records_refusals
def accept_registration(registration: Registration, *, actor: User | None) -> Registration:
    """The secretariat accepts the registration."""
    return _move_registration(registration, RegistrationStatus.ACCEPTED, actor=actor)


@records_refusals
def forward_registration(registration: Registration, *, actor: User | None) -> Registration:
    """The secretariat forwards an accepted registration to the council office, whose officers are notified."""
    return _move_registration(registration, RegistrationStatus.FORWARDED, actor=actor)


@records_refusals
def forward_accepted_registrations(bloc_year: BlocYear, *, actor: User | None) -> list[Registration]:
    """Forward every accepted registration of the year at once; returns those forwarded."""
    ensure_year_open(bloc_year)
    accepted = bloc_year.registrations.filter(status=RegistrationStatus.ACCEPTED)
    if not accepted.exists():
        raise DomainError(_("No accepted registration is waiting to be forwarded."))
    with transaction.atomic():
        return [forward_registration(registration, actor=actor) for registration in accepted]


STAMPS = {
    RegistrationStatus.SUBMITTED: "submitted_at",
    RegistrationStatus.ACCEPTED: "decided_at",
    RegistrationStatus.FORWARDED: "forwarded_at",
}


@transaction.atomic
def _move_registration(
    registration: Registration, to: RegistrationStatus, *, actor: User | None, reason: str = ""
) -> Registration:
    """The move of ``pledges.transitions.REGISTRATION`` that leads to ``to``.

    Lock, no-op when already there, refuse an illegal move, save with update_fields, audit
    ``pledges.registration.<status>``, notify after commit.
    """
    registration = (
        Registration.objects.select_for_update()
        .select_related("bloc_year__bloc", "unit", "title")
        .get(pk=registration.pk)
    )
    ensure_year_open(registration.bloc_year)
    if registration.status == to:
        return registration
    action = REGISTRATION.action_to(to)
    if action is None:  # nothing moves a registration back to draft
        raise RefusedTransition(registration_refused(registration, to))
    REGISTRATION.check(registration, action)
    before = registration.status
    registration.status = to
    fields = ["status"]
    if to in STAMPS:
        setattr(registration, STAMPS[to], timezone.now())
        fields.append(STAMPS[to])
    if to == RegistrationStatus.RETURNED:
        registration.return_reason = reason
        fields.append("return_reason")
    registration.save(update_fields=fields)
    data = {"before": {"status": before}, "after": {"status": to.value}, "reason": reason}
    log_action(registration, actor=actor, action=f"pledges.registration.{to.value}", data=data)
    transaction.on_commit(lambda: _notify_registration_moved(registration))
    return registration


# Who is told of a move, what, where to look, and the key that keeps it to one notice.
Notice = tuple[list[User], str, str, str]


def _notify_registration_moved(registration: Registration) -> None:
    """In-app notices after a move: the secretariat on submission, the unit on return, the council office on
    forwarding (one notice per bloc-year and day, however many registrations were forwarded)."""
    notice = NOTICES.get(RegistrationStatus(registration.status))
    if notice is None:
        return
    users, text, url, key = notice(registration)
    for user in users:
        notify(user, text=text, url=url, key=key)


def _submitted_notice(registration: Registration) -> Notice:
    text = _("%(unit)s submitted its registration for “%(title)s”.") % {
        "unit": registration.unit,
        "title": registration.title,
    }
    head = registration.bloc_year.memberships.filter(role=MemberRole.HEAD, left_on__isnull=True).values("unit_id")
    return _officers(unit_id__in=head), text, registration.get_absolute_url(), _notice_key(registration)


def _returned_notice(registration: Registration) -> Notice:
    text = _("Your registration for “%(title)s” was returned: %(reason)s") % {
        "title": registration.title,
        "reason": registration.return_reason,
    }
    return _officers(unit_id=registration.unit_id), text, registration.get_absolute_url(), _notice_key(registration)


def _forwarded_notice(registration: Registration) -> Notice:
    bloc_year = registration.bloc_year
    text = _("%(bloc_year)s forwarded title registrations to the council office.") % {"bloc_year": bloc_year}
    office = CouncilRole.objects.filter(
        province_id=bloc_year.bloc.province_id, role=CouncilRoleKind.OFFICE_OFFICER, is_active=True
    )
    url = reverse("pledges:registration_list") + f"?bloc={bloc_year.bloc_id}&year={bloc_year.year}"
    key = f"registrations-forwarded-{bloc_year.pk}-{timezone.localdate()}"
    return [role.user for role in office.select_related("user")], text, url, key


def _notice_key(registration: Registration) -> str:
    return f"registration-{registration.pk}-{registration.status}-{registration.submitted_at}"


def _officers(**unit_filter: object) -> list[User]:
    roles = UnitRole.objects.filter(role=UnitRoleKind.OFFICER, is_active=True, **unit_filter).select_related("user")
    return [role.user for role in roles]


NOTICES = {
    RegistrationStatus.SUBMITTED: _submitted_notice,
    RegistrationStatus.RETURNED: _returned_notice,
    RegistrationStatus.FORWARDED: _forwarded_notice,
}
