"""A deployment without two-factor sign-in is a warning under ``manage.py check --deploy``."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.TWO_FACTOR_REQUIRED or settings.DEBUG:
        return []
    return [
        Warning(
            "TWO_FACTOR_REQUIRED is off: administrators, council and secretariat sign in with a password alone.",
            hint="Unset TWO_FACTOR_REQUIRED (it defaults to on) or set it to 1.",
            id="twofactor.W001",
        )
    ]
