"""Hooks into third-party events that the audit log or the security events must record."""

from typing import Any

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from core.enums import SecurityEventKind
from core.services import log_action, record_security_event


@receiver(user_locked_out)
def record_lockout(sender: object, request: HttpRequest, username: str, ip_address: str, **kwargs: object) -> None:
    log_action(None, actor=None, action="core.login.locked_out", data={"username": username, "ip": ip_address})


@receiver(user_login_failed)
def record_failed_login(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: object
) -> None:
    """One security event per failed login (the password is never stored)."""
    username = str(credentials.get("username", ""))
    record_security_event(
        SecurityEventKind.LOGIN_FAILED,
        action="core.login.failed",
        username=username,
        ip_address=get_client_ip_address(request) if request is not None else None,
    )
