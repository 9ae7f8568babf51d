"""Writes of two-factor sign-in: enrolment, verification, recovery codes, removal and the administrator's reset.

Every change of a person's second factor is an audit entry on that person (``twofactor.*``); every wrong
code is a security event, like a wrong password. Codes are checked outside any transaction: django-otp
saves the throttle counter on a failure, and a rollback must not erase it.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.enums import SecurityEventKind
from core.models import User
from core.services import Actor, log_action, record_security_event
from twofactor.exceptions import AlreadyEnrolled, TooManyAttempts, WrongCode, WrongPassword
from twofactor.selectors import confirmed_totp_device, pending_totp_device, recovery_device

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "authenticator"
TOTP_DIGITS = 6  # django-otp's default; recovery codes are eight base32 characters


def start_enrolment(user: User) -> TOTPDevice:
    """The user's unconfirmed device, created with a fresh random key when there is none.

    Nothing is in force until ``confirm_enrolment``, so nothing is audited here; showing the page
    again shows the same key, so a phone that scanned it a minute ago still matches.
    """
    return pending_totp_device(user) or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirm_enrolment(device: TOTPDevice, *, code: str, ip_address: str | None = None) -> list[str]:
    """Confirm ``device`` with its first valid code; returns the new recovery codes (shown once).

    Refuses when the user already has a confirmed device (AlreadyEnrolled) or the code is wrong
    (WrongCode, a security event). Then, in one transaction: the device confirmed, other unconfirmed
    devices dropped, fresh recovery codes, the audit entry ``twofactor.device.enrolled``.
    """
    user = device.user
    if confirmed_totp_device(user) is not None:
        raise AlreadyEnrolled
    _check_totp(device, code, ip_address=ip_address)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _replace_recovery_codes(user)
        log_action(user, actor=user, action="twofactor.device.enrolled", data={"recovery_codes": len(codes)})
    return codes


def verify_second_factor(user: User, code: str, *, ip_address: str | None = None) -> TOTPDevice | StaticDevice:
    """The device that accepts ``code``: the authenticator's current code, or an unused recovery code.

    The authenticator's throttle guards both kinds, so alternating them gains no tries. A recovery code
    is spent (audited as ``twofactor.recovery_code.used``); a wrong code raises WrongCode after recording
    a security event; a try during the throttle's wait raises TooManyAttempts without checking the code.
    """
    device = confirmed_totp_device(user)
    if device is None:
        raise WrongCode
    cleaned = "".join(code.split()).lower()
    if len(cleaned) == TOTP_DIGITS and cleaned.isdigit():
        _check_totp(device, cleaned, ip_address=ip_address)
        return device
    return _spend_recovery_code(device, cleaned, ip_address=ip_address)


def reauthenticate(user: User, *, password: str, code: str, ip_address: str | None = None) -> None:
    """Ask for the password and a current code again before a change of the second factor.

    The code is checked first: a wrong password then still costs a throttled try, so the form cannot
    be used to guess passwords past django-axes.
    """
    verify_second_factor(user, code, ip_address=ip_address)
    if not user.check_password(password):
        _record_failure(user, "twofactor.reauth.wrong_password", ip_address)
        raise WrongPassword


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes replace the old ones (which stop working); audited. Returns them (shown once)."""
    codes = _replace_recovery_codes(user)
    log_action(user, actor=user, action="twofactor.recovery_codes.regenerated", data={"recovery_codes": len(codes)})
    return codes


@transaction.atomic
def remove_second_factor(user: User, *, actor: Actor, reason: str = "") -> int:
    """Delete the user's authenticator and recovery codes; returns how many devices went.

    ``actor`` is the user (after re-authentication) or a system administrator resetting a lost phone
    (``twofactor.device.reset`` with the reason). A user whose role requires the second factor is
    sent to enrol again by the middleware at their next request.
    """
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    by_admin = actor != user
    action = "twofactor.device.reset" if by_admin else "twofactor.device.removed"
    data = {"reason": reason, "sessions_ended": _end_sessions(user)} if by_admin else {}
    log_action(user, actor=actor, action=action, data=data)
    return int(removed)


def _end_sessions(user: User) -> int:
    """Delete every live session of ``user``; returns how many.

    A reset answers a lost or stolen phone: a session that passed the second factor with it must not
    outlive it. Sessions end after 30 idle minutes, so the live ones are few enough to decode.
    """
    live = Session.objects.filter(expire_date__gt=timezone.now())
    ended = [s.pk for s in live.iterator() if s.get_decoded().get(SESSION_KEY) == str(user.pk)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _check_totp(device: TOTPDevice, code: str, *, ip_address: str | None) -> None:
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise TooManyAttempts(info["locked_until"])
    if not device.verify_token(code):  # saves the throttle counter on a failure
        _record_failure(device.user, "twofactor.code.wrong", ip_address)
        raise WrongCode


def _spend_recovery_code(device: TOTPDevice, code: str, *, ip_address: str | None) -> StaticDevice:
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise TooManyAttempts(info["locked_until"])
    recovery = recovery_device(device.user)
    if recovery is None or not recovery.verify_token(code):
        device.throttle_increment()
        _record_failure(device.user, "twofactor.recovery_code.wrong", ip_address)
        raise WrongCode
    left = recovery.token_set.count()
    log_action(device.user, actor=device.user, action="twofactor.recovery_code.used", data={"codes_left": left})
    return recovery


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    return codes


def _record_failure(user: User, action: str, ip_address: str | None) -> None:
    record_security_event(SecurityEventKind.LOGIN_FAILED, actor=user, action=action, ip_address=ip_address)
