"""No page past the second factor for a signed-in user who owes it (issue 12, "Two-factor sign-in")."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY

from core.models import User
from twofactor.selectors import confirmed_totp_device, holds_required_role

# Views a user must reach before the second factor: the steps themselves, leaving, the language switch,
# and the unauthenticated plumbing (health, icon). Static files are served before this middleware
# (WhiteNoise) or by nginx.
OPEN_VIEWS = frozenset(
    {
        "twofactor:enrol",
        "twofactor:verify",
        "logout",
        "login",
        "set_language",
        "healthz",
        "favicon",
    }
)


def is_verified(request: HttpRequest) -> bool:
    """The session passed the second factor (``django_otp.login`` stores the device's id in it)."""
    return DEVICE_ID_SESSION_KEY in request.session


class SecondFactorMiddleware:
    """Send a signed-in user who owes the second factor to enrolment (no device yet) or to the code step.

    Who owes it: anyone with a confirmed authenticator, and, while ``TWO_FACTOR_REQUIRED`` is on, every
    holder of a required role (derived roles included, read per request: a unit officer whose unit
    becomes head by rotation is stopped at the very next request). A verified session costs no query.
    Everything is decided in ``process_view``, so the URL resolver, not a path list, names what is open.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., object], args: object, kwargs: object
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        step = self._step_owed(user)
        return None if step is None else self._send_to(request, step)

    @staticmethod
    def _step_owed(user: User) -> str | None:
        if confirmed_totp_device(user) is not None:
            return "twofactor:verify"
        if settings.TWO_FACTOR_REQUIRED and holds_required_role(user):
            return "twofactor:enrol"
        return None

    @staticmethod
    def _send_to(request: HttpRequest, step: str) -> HttpResponse:
        target = reverse(step)
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":
            # HTMX would swap the step's whole page into a fragment; HX-Redirect makes it load the page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
