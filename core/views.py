import sys
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from core import health
from core.dashboard import sections_for
from core.downloads import stored_file_response
from core.models import User
from core.selectors import get_generated_file_for_user, unread_notices
from core.services import mark_notices_read


class SignedInRequest(HttpRequest):
    """A request past LoginRequiredMiddleware and HtmxMiddleware, as the type checker should see it."""

    user: User
    htmx: HtmxDetails


def dashboard(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {"sections": sections_for(request.user, today=today), "notices": unread_notices(request.user)}
    return render(request, "core/dashboard.html", context)


@require_POST
def notices_read(request: SignedInRequest) -> HttpResponse:
    count = mark_notices_read(request.user)
    messages.success(request, _("%(count)d notices marked as read.") % {"count": count})
    return redirect("dashboard")


def generated_file(request: SignedInRequest, pk: uuid.UUID) -> HttpResponse:
    generated = get_generated_file_for_user(request.user, pk)
    template = "core/_generated_file_status.html" if request.htmx else "core/generated_file.html"
    return render(request, template, {"generated": generated, "target": generated.target})


def generated_file_download(request: SignedInRequest, pk: uuid.UUID) -> HttpResponseBase:
    generated = get_generated_file_for_user(request.user, pk)
    if not generated.is_ready:
        messages.warning(request, _("The file is not ready yet."))
        return redirect(generated)
    return stored_file_response(generated.file, generated.filename)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the operator's monitor and the load balancer: each part's state and latency, 503 naming what is down.

    No sign-in and no data: only the parts' names, whether each answers, and how fast.
    """
    checks = health.report()
    failing = [check.name for check in checks if not check.ok]
    body: dict[str, object] = {
        "status": "fail" if failing else "ok",
        "failing": failing,
        "checks": {check.name: check.as_dict() for check in checks},
    }
    return JsonResponse(body, status=503 if failing else 200)


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without the <link> (the admin, downloads): the static icon."""
    return redirect(static("core/favicon.svg"), permanent=True)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


# Seconds a client is told to wait before trying again while the database is away (a restart takes a few).
DATABASE_RETRY_AFTER = 10


def server_error(request: HttpRequest) -> HttpResponse:
    """An unhandled error; the database being unreachable (restart, failover) is a 503, not a 500.

    Django calls this inside its ``except`` block, so the error being handled is ``sys.exc_info()``.
    The 503 page is rendered without the session, the user or the database: none of them can be read.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return defaults.server_error(request)
