"""Second-factor helpers for tests: a real authenticator device and the code its app would show now."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

# Django's own force_login, kept before tests/conftest.py wraps it to verify the session as well.
plain_force_login = Client.force_login


def enrolled_device(user) -> TOTPDevice:
    """The user's confirmed authenticator, created (with a random key, as enrolment does) when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the phone shows now; the next period's when this one was used already (django-otp
    refuses a code twice), which the server's one-step tolerance still accepts."""
    device.refresh_from_db()
    now_step = int((time.time() - device.t0) // device.step) + device.drift
    step = max(now_step, device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def verified_force_login(client: Client, user, backend=None) -> None:
    """``force_login``, then the session marked as past the second factor with the user's real device."""
    plain_force_login(client, user, backend)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
    session.save()
