import datetime

import pytest
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.enums import SecurityEventKind
from core.models import ActivityLog, SecurityEvent
from tests.otp import current_code, enrolled_device
from twofactor import services
from twofactor.exceptions import AlreadyEnrolled, TooManyAttempts, WrongCode, WrongPassword

PASSWORD = "mat-khau-rieng-2026"


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _actions(user) -> list[str]:
    return list(ActivityLog.objects.filter(object_id=user.pk).order_by("id").values_list("action", flat=True))


def test_start_enrolment_twice_keeps_the_same_unconfirmed_key(unit_officer):
    first = services.start_enrolment(unit_officer)
    second = services.start_enrolment(unit_officer)

    assert first.pk == second.pk and first.confirmed is False
    assert _actions(unit_officer) == []


def test_confirm_enrolment_right_code_confirms_issues_ten_codes_and_audits(secretariat):
    device = services.start_enrolment(secretariat)

    codes = services.confirm_enrolment(device, code=current_code(device))

    device.refresh_from_db()
    assert device.confirmed is True
    assert len(set(codes)) == 10
    assert set(StaticToken.objects.filter(device__user=secretariat).values_list("token", flat=True)) == set(codes)
    entry = ActivityLog.objects.get(action="twofactor.device.enrolled")
    assert (entry.actor, entry.object_id, entry.data) == (secretariat, secretariat.pk, {"recovery_codes": 10})


def test_confirm_enrolment_wrong_code_confirms_nothing_and_records_a_failure(secretariat):
    device = services.start_enrolment(secretariat)

    with pytest.raises(WrongCode):
        services.confirm_enrolment(device, code=_wrong(current_code(device)), ip_address="10.0.0.5")

    device.refresh_from_db()
    assert device.confirmed is False and device.throttling_failure_count == 1
    assert not StaticDevice.objects.filter(user=secretariat).exists()
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor, event.action, event.ip_address) == (
        SecurityEventKind.LOGIN_FAILED,
        secretariat,
        "twofactor.code.wrong",
        "10.0.0.5",
    )


def test_confirm_enrolment_already_enrolled_is_refused(secretariat):
    enrolled_device(secretariat)
    pending = TOTPDevice.objects.create(user=secretariat, name="second", confirmed=False)

    with pytest.raises(AlreadyEnrolled):
        services.confirm_enrolment(pending, code=current_code(pending))

    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).count() == 1


def test_verify_second_factor_current_code_returns_the_device(secretariat):
    device = enrolled_device(secretariat)

    assert services.verify_second_factor(secretariat, current_code(device)) == device


def test_verify_second_factor_same_code_twice_is_refused(secretariat):
    device = enrolled_device(secretariat)
    code = current_code(device)
    services.verify_second_factor(secretariat, code)

    with pytest.raises(WrongCode):
        services.verify_second_factor(secretariat, code)


def test_verify_second_factor_recovery_code_is_spent_and_audited(secretariat):
    device = services.start_enrolment(secretariat)
    codes = services.confirm_enrolment(device, code=current_code(device))

    used = services.verify_second_factor(secretariat, f" {codes[0].upper()} ")

    assert isinstance(used, StaticDevice)
    assert StaticToken.objects.filter(device__user=secretariat).count() == 9
    assert ActivityLog.objects.get(action="twofactor.recovery_code.used").data == {"codes_left": 9}
    with pytest.raises(WrongCode):
        services.verify_second_factor(secretariat, codes[0])


def test_verify_second_factor_wrong_recovery_code_counts_against_the_authenticator(secretariat):
    device = services.start_enrolment(secretariat)
    services.confirm_enrolment(device, code=current_code(device))

    with pytest.raises(WrongCode):
        services.verify_second_factor(secretariat, "abcdefgh")

    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert SecurityEvent.objects.get().action == "twofactor.recovery_code.wrong"


def test_verify_second_factor_during_the_wait_is_refused_without_checking(secretariat):
    device = enrolled_device(secretariat)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )

    with translation.override("en"), pytest.raises(TooManyAttempts) as refused:
        services.verify_second_factor(secretariat, current_code(device))

    assert refused.value.until > timezone.now() + datetime.timedelta(seconds=10)  # 2**4 s after the 5th failure
    assert str(refused.value.message).startswith("Too many wrong codes. Wait until ")
    device.refresh_from_db()
    assert device.last_t == -1  # the code was not even checked, so not used up


def test_verify_second_factor_without_device_is_a_wrong_code(unit_officer):
    with pytest.raises(WrongCode):
        services.verify_second_factor(unit_officer, "123456")


def test_reauthenticate_wrong_password_is_refused_and_recorded(secretariat):
    secretariat.set_password(PASSWORD)
    secretariat.save()
    device = enrolled_device(secretariat)

    with pytest.raises(WrongPassword):
        services.reauthenticate(secretariat, password="sai-mat-khau", code=current_code(device))

    assert SecurityEvent.objects.get().action == "twofactor.reauth.wrong_password"


def test_regenerate_recovery_codes_old_codes_stop_working(secretariat):
    device = services.start_enrolment(secretariat)
    old = services.confirm_enrolment(device, code=current_code(device))

    new = services.regenerate_recovery_codes(secretariat)

    assert len(new) == 10 and not set(old) & set(new)
    with pytest.raises(WrongCode):
        services.verify_second_factor(secretariat, old[1])
    assert _actions(secretariat) == ["twofactor.device.enrolled", "twofactor.recovery_codes.regenerated"]


def test_remove_second_factor_by_the_user_deletes_devices_and_audits(secretariat):
    device = services.start_enrolment(secretariat)
    services.confirm_enrolment(device, code=current_code(device))

    removed = services.remove_second_factor(secretariat, actor=secretariat)

    assert removed == 1
    assert not TOTPDevice.objects.filter(user=secretariat).exists()
    assert not StaticDevice.objects.filter(user=secretariat).exists()
    assert _actions(secretariat) == ["twofactor.device.enrolled", "twofactor.device.removed"]


def test_remove_second_factor_by_admin_is_a_reset_with_its_reason(secretariat, admin_user):
    enrolled_device(secretariat)

    services.remove_second_factor(secretariat, actor=admin_user, reason="Mất điện thoại")

    entry = ActivityLog.objects.get()
    assert (entry.action, entry.actor, entry.object_id, entry.data) == (
        "twofactor.device.reset",
        admin_user,
        secretariat.pk,
        {"reason": "Mất điện thoại", "sessions_ended": 0},
    )


def test_remove_second_factor_from_the_server_shell_is_a_reset_without_actor(admin_user):
    # README: the last administrator's own reset, run on the server with no one signed in.
    enrolled_device(admin_user)

    services.remove_second_factor(admin_user, actor=None, reason="lost phone")

    entry = ActivityLog.objects.get()
    assert (entry.action, entry.actor, entry.data) == (
        "twofactor.device.reset",
        None,
        {"reason": "lost phone", "sessions_ended": 0},
    )
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
