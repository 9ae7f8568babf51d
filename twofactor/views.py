"""The account page and the second-factor steps: enrol, verify, change, and the administrator's reset."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from core.actions import AuthenticatedRequest, require
from core.exceptions import DomainError
from twofactor import selectors, services
from twofactor.forms import CodeForm, EnrolForm, ReauthForm, ResetForm
from twofactor.middleware import is_verified
from twofactor.presenters import manual_key, qr_svg


def account(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    context = {
        "enrolled": selectors.confirmed_totp_device(user) is not None,
        "codes_left": selectors.recovery_codes_left(user),
        "required": selectors.holds_required_role(user),
        "enforced": settings.TWO_FACTOR_REQUIRED,
        "form": ReauthForm(),
    }
    return render(request, "twofactor/account.html", context)


def enrol(request: AuthenticatedRequest) -> HttpResponse:
    """The QR code and key of a new authenticator, confirmed by its first code; then the recovery codes, once."""
    if selectors.confirmed_totp_device(request.user) is not None:
        # Replacing a device goes through re-authentication on the account page, never through here.
        return redirect("twofactor:account" if is_verified(request) else "twofactor:verify")
    device = services.start_enrolment(request.user)
    form = EnrolForm(request.POST or None)
    if form.is_valid():
        try:
            codes = services.confirm_enrolment(device, code=form.cleaned_data["code"], ip_address=_ip(request))
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            _mark_verified(request, device)
            messages.success(request, _("Two-factor sign-in is set up."))
            return _show_recovery_codes(request, codes)
    context = {"form": form, "qr": qr_svg(device), "key": manual_key(device), "next": _next(request)}
    return render(request, "twofactor/enrol.html", context, status=400 if form.errors else 200)


def verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of signing in: a current code, or a recovery code (spent)."""
    if is_verified(request) or selectors.confirmed_totp_device(request.user) is None:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = services.verify_second_factor(request.user, form.cleaned_data["code"], ip_address=_ip(request))
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            _mark_verified(request, device)
            _warn_if_recovery_code(request, device)
            return redirect(_next(request))
    return render(
        request, "twofactor/verify.html", {"form": form, "next": _next(request)}, status=400 if form.errors else 200
    )


@require_POST
def change(request: AuthenticatedRequest) -> HttpResponse:
    """Password and a current code again, then: new recovery codes, a new device, or no second factor."""
    form = ReauthForm(request.POST)
    what = request.POST.get("what", "")
    if what not in {"codes", "replace", "remove"} or not form.is_valid():
        messages.error(request, _("Enter your password and a current code."))
        return redirect("twofactor:account")
    try:
        services.reauthenticate(request.user, ip_address=_ip(request), **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("twofactor:account")
    if what == "codes":
        return _show_recovery_codes(request, services.regenerate_recovery_codes(request.user))
    services.remove_second_factor(request.user, actor=request.user)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    messages.success(request, _("Your two-factor sign-in was removed."))
    return redirect("twofactor:enrol" if what == "replace" else "twofactor:account")


def enrolled_users(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "twofactor.reset_device")
    context = {"people": selectors.enrolled_users(), "form": ResetForm()}
    return render(request, "twofactor/enrolled_users.html", context)


@require_POST
def reset(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The administrator removes a person's lost authenticator; they enrol again at their next sign-in."""
    require(request.user, "twofactor.reset_device")
    person = selectors.get_enrolled_user(pk)
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the reset."))
    else:
        services.remove_second_factor(person, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The two-factor sign-in of %(name)s was reset.") % {"name": person})
    return redirect("twofactor:enrolled_users")


def _mark_verified(request: AuthenticatedRequest, device: Device) -> None:
    # A new session key at the privilege step, as at sign-in: a key fixed before it is worth nothing after.
    request.session.cycle_key()
    otp_login(request, device)


def _show_recovery_codes(request: AuthenticatedRequest, codes: list[str]) -> HttpResponse:
    # Rendered in the POST's answer, never stored for a later page: the codes are shown this once.
    return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": _next(request)})


def _warn_if_recovery_code(request: AuthenticatedRequest, device: Device) -> None:
    if isinstance(device, StaticDevice):
        left = selectors.recovery_codes_left(request.user)
        messages.warning(
            request,
            _("You signed in with a recovery code; %(left)d are left. Make new ones on your account page.")
            % {"left": left},
        )


def _next(request: AuthenticatedRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def _ip(request: AuthenticatedRequest) -> str | None:
    return get_client_ip_address(request)
