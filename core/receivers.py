"""Hooks into third-party events that the audit log must record."""

from axes.signals import user_locked_out
from django.dispatch import receiver

from core.services import log_action


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    log_action(None, actor=None, action="core.login.locked_out", data={"username": username, "ip": ip_address})
