"""Title registration: creation guards, every legal move, every illegal pair, notices."""

import pytest

from core.exceptions import DomainError
from core.models import ActivityLog, Notice
from pledges.enums import RegistrationStatus
from pledges.models import Registration, Title
from pledges.services import commitments as services
from pledges.transitions import REGISTRATION
from tests.pledges.factories import RegistrationFactory, TitleFactory

pytestmark = pytest.mark.usefixtures("english")

STATUSES = list(RegistrationStatus)
MOVES = REGISTRATION.moves.values()
LEGAL = [(s, t) for s in STATUSES for t in STATUSES if any(s in m.sources and t == m.target for m in MOVES)]
ILLEGAL = [(s, t) for s in STATUSES for t in STATUSES if s != t and (s, t) not in LEGAL]
STAMP = {
    RegistrationStatus.SUBMITTED: "submitted_at",
    RegistrationStatus.ACCEPTED: "decided_at",
    RegistrationStatus.FORWARDED: "forwarded_at",
}


def _move(registration, target, actor):
    if target == RegistrationStatus.RETURNED:
        return services.return_registration(registration, actor=actor, reason="Thiếu chỉ tiêu cụ thể")
    service = {
        RegistrationStatus.SUBMITTED: services.submit_registration,
        RegistrationStatus.ACCEPTED: services.accept_registration,
        RegistrationStatus.FORWARDED: services.forward_registration,
    }.get(target)
    if service is None:  # nothing moves a registration back to draft
        return services._move_registration(registration, target, actor=actor)
    return service(registration, actor=actor)


def _at(world, flag, status):
    return RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status=status)


# --- Creation and editing ------------------------------------------------------------


def test_create_registration_member_unit_gets_a_draft_and_audit(world, flag, unit_officer):
    registration = services.create_registration(
        world.bloc_year, actor=unit_officer, unit=world.member, title=flag, targets="Dẫn đầu khối"
    )

    stored = Registration.objects.get()
    assert stored == registration
    assert (stored.status, stored.unit, stored.title) == (RegistrationStatus.DRAFT, world.member, flag)
    entry = ActivityLog.objects.get(action="pledges.registration.created", object_id=stored.pk)
    assert entry.actor == unit_officer and entry.data["title"] == flag.name


@pytest.mark.parametrize("case", ["outsider_unit", "inactive_title", "duplicate", "no_targets"])
def test_create_registration_refused_cases_change_nothing(world, flag, unit_officer, case):
    unit, title, targets = world.member, flag, "Dẫn đầu khối"
    if case == "outsider_unit":
        unit = world.other_unit
    elif case == "inactive_title":
        title = Title.objects.create(name="Danh hiệu cũ", level="province", is_active=False)
    elif case == "duplicate":
        RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag)
    else:
        targets = "   "
    before = Registration.objects.count()

    with pytest.raises(DomainError):
        services.create_registration(world.bloc_year, actor=unit_officer, unit=unit, title=title, targets=targets)

    assert Registration.objects.count() == before


@pytest.mark.parametrize("status", STATUSES)
def test_update_registration_only_in_the_units_hands(world, flag, unit_officer, status):
    registration = _at(world, flag, status)
    editable = status in (RegistrationStatus.DRAFT, RegistrationStatus.RETURNED)

    if editable:
        services.update_registration(registration, actor=unit_officer, targets="Chỉ tiêu mới")
    else:
        with pytest.raises(DomainError, match="cannot be changed"):
            services.update_registration(registration, actor=unit_officer, targets="Chỉ tiêu mới")

    assert (Registration.objects.get().targets == "Chỉ tiêu mới") is editable
    assert ActivityLog.objects.filter(action="pledges.registration.updated").exists() is editable


# --- The state machine ----------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), LEGAL)
def test_registration_legal_move_changes_status_stamps_and_audits(world, flag, secretariat, source, target):
    registration = _at(world, flag, source)

    _move(registration, target, secretariat)

    stored = Registration.objects.get()
    assert stored.status == target
    if target in STAMP:
        assert getattr(stored, STAMP[target]) is not None
    entry = ActivityLog.objects.get(action=f"pledges.registration.{target.value}", object_id=stored.pk)
    assert entry.data["before"] == {"status": source.value}
    assert entry.actor == secretariat


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_registration_illegal_move_refused_with_reason(world, flag, secretariat, source, target):
    registration = _at(world, flag, source)

    with pytest.raises(DomainError, match="cannot become"):
        _move(registration, target, secretariat)

    assert Registration.objects.get().status == source
    assert not ActivityLog.objects.filter(action__startswith="pledges.registration.").exists()


@pytest.mark.parametrize("status", STATUSES)
def test_registration_move_to_same_status_changes_nothing(world, flag, secretariat, status):
    registration = _at(world, flag, status)

    services._move_registration(registration, status, actor=secretariat)

    assert not ActivityLog.objects.filter(action__startswith="pledges.registration.").exists()


def test_return_registration_without_reason_refused(world, flag, secretariat):
    registration = _at(world, flag, RegistrationStatus.SUBMITTED)

    with pytest.raises(DomainError, match="reason"):
        services.return_registration(registration, actor=secretariat, reason=" ")

    assert Registration.objects.get().status == RegistrationStatus.SUBMITTED


def test_return_registration_keeps_reason_and_notifies_the_units_officers(
    world, flag, secretariat, unit_officer, unit_leader, django_capture_on_commit_callbacks
):
    registration = _at(world, flag, RegistrationStatus.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.return_registration(registration, actor=secretariat, reason="Thiếu chỉ tiêu cụ thể")

    assert Registration.objects.get().return_reason == "Thiếu chỉ tiêu cụ thể"
    notice = Notice.objects.get()
    assert notice.user == unit_officer  # the officer files registrations; the leader is not notified
    assert "Thiếu chỉ tiêu cụ thể" in notice.text
    assert notice.url == registration.get_absolute_url()


def test_returned_then_resubmitted_registration_can_be_accepted(world, flag, unit_officer, secretariat):
    registration = _at(world, flag, RegistrationStatus.SUBMITTED)
    services.return_registration(registration, actor=secretariat, reason="Bổ sung chỉ tiêu")
    services.update_registration(registration, actor=unit_officer, targets="Chỉ tiêu đã bổ sung")

    services.submit_registration(registration, actor=unit_officer)
    services.accept_registration(registration, actor=secretariat)

    stored = Registration.objects.get()
    assert (stored.status, stored.targets) == (RegistrationStatus.ACCEPTED, "Chỉ tiêu đã bổ sung")


def test_submit_registration_notifies_the_secretariat(
    world, flag, unit_officer, secretariat, deputy_officer, django_capture_on_commit_callbacks
):
    registration = _at(world, flag, RegistrationStatus.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_registration(registration, actor=unit_officer)

    notice = Notice.objects.get()
    assert notice.user == secretariat
    assert notice.text == "Công an tỉnh submitted its registration for “Cờ thi đua của UBND tỉnh”."


def test_forward_accepted_registrations_one_notice_per_bloc_year(
    world, flag, secretariat, council_officer, django_capture_on_commit_callbacks
):
    _at(world, flag, RegistrationStatus.ACCEPTED)
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.head, title=flag, status=RegistrationStatus.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.forward_accepted_registrations(world.bloc_year, actor=secretariat)

    notice = Notice.objects.get()
    assert notice.user == council_officer
    assert notice.text == f"{world.bloc_year} forwarded title registrations to the council office."
    assert notice.url.endswith(f"?bloc={world.bloc.pk}&year=2020")


def test_forward_registration_notifies_the_council_office_only(
    world, flag, secretariat, council_officer, council_member, other_council_officer, django_capture_on_commit_callbacks
):
    registration = _at(world, flag, RegistrationStatus.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.forward_registration(registration, actor=secretariat)

    assert [notice.user for notice in Notice.objects.all()] == [council_officer]


def test_forward_accepted_registrations_forwards_only_the_accepted(world, flag, secretariat):
    accepted = _at(world, flag, RegistrationStatus.ACCEPTED)
    other_title = TitleFactory(name="Tập thể lao động xuất sắc", is_flag=False)
    submitted = RegistrationFactory(
        bloc_year=world.bloc_year, unit=world.member, title=other_title, status=RegistrationStatus.SUBMITTED
    )

    forwarded = services.forward_accepted_registrations(world.bloc_year, actor=secretariat)

    assert [r.pk for r in forwarded] == [accepted.pk]
    assert Registration.objects.get(pk=submitted.pk).status == RegistrationStatus.SUBMITTED


def test_forward_accepted_registrations_with_none_refused(world, secretariat):
    with pytest.raises(DomainError, match="No accepted registration"):
        services.forward_accepted_registrations(world.bloc_year, actor=secretariat)
