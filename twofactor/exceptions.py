"""Why a second-factor step was refused; each message is shown to the user as is."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.exceptions import DomainError


class WrongCode(DomainError):
    def __init__(self) -> None:
        super().__init__(_("That code is not right. Check the time on your phone and try the newest code."))


class WrongPassword(DomainError):
    def __init__(self) -> None:
        super().__init__(_("Your password is not right."))


class TooManyAttempts(DomainError):
    """django-otp's throttle: each wrong code doubles the wait before the next one is even checked."""

    def __init__(self, until: datetime.datetime) -> None:
        clock = timezone.localtime(until).strftime("%H:%M:%S")
        super().__init__(gettext("Too many wrong codes. Wait until %(time)s, then try again.") % {"time": clock})
        self.until = until


class AlreadyEnrolled(DomainError):
    def __init__(self) -> None:
        super().__init__(_("Two-factor sign-in is already set up for this account."))
