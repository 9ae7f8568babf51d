"""Sentences of two-factor audit entries (autodiscovered by core's history registry)."""

from django.utils.translation import gettext_lazy as _

from core.history import register

_CODES = {"recovery_codes": _("recovery codes issued")}
register("twofactor.device.enrolled", _("Set up two-factor sign-in"), labels=_CODES)
register("twofactor.device.removed", _("Removed their two-factor sign-in"))
register(
    "twofactor.device.reset",
    _("Reset the person's two-factor sign-in (lost device)"),
    labels={"reason": _("Reason"), "sessions_ended": _("sessions signed out")},
)
register("twofactor.recovery_codes.regenerated", _("Replaced the recovery codes"), labels=_CODES)
register("twofactor.recovery_code.used", _("Signed in with a recovery code"), labels={"codes_left": _("codes left")})
