"""Demo data of two-factor sign-in: nobody enrolled.

The demo's accounts share a published password. A visitor who tries enrolment on one of them would
lock every later visitor out of it; loading the demo again (``make demo``) gives them back.
"""

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def load() -> str:
    removed = TOTPDevice.objects.all().delete()[0] + StaticDevice.objects.all().delete()[0]
    return f"second factors of earlier visitors removed: {removed}" if removed else ""
