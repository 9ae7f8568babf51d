from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.otp import enrolled_device
from twofactor import demo


def test_demo_load_removes_every_visitors_second_factor(secretariat, unit_officer):
    enrolled_device(secretariat)
    enrolled_device(unit_officer)

    summary = demo.load()

    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()
    assert "removed" in summary


def test_demo_load_nobody_enrolled_says_nothing(db):
    assert demo.load() == ""
