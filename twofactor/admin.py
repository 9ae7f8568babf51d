"""django-otp registers its devices in the Django admin; we take them out again.

Its TOTP page shows any person's secret key as a QR code, and deleting a device there would skip the
audit entry: the administrator resets a person's second factor on /account/two-factor/people/ instead.
"""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
