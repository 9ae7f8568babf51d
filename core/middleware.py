from collections.abc import Callable

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from core.enums import SecurityEventKind
from core.services import record_security_event
from core.xlsx import MAX_UPLOAD_BYTES

# The largest upload a form takes, plus room for the multipart framing and the form's other fields.
UPLOAD_MARGIN_BYTES = 1024 * 1024


class NoStoreForAuthenticatedMiddleware:
    """Forbid caching of every response to a signed-in user, downloads included.

    Pages and files show data of one person's blocs; a shared office PC's browser cache or
    a proxy must not keep them. Whether the user was signed in is read before the view runs,
    so the response to a logout is covered too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        authenticated = request.user.is_authenticated
        response = self.get_response(request)
        if authenticated or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class LanguageMiddleware:
    """Vietnamese unless the user chose another language with the switcher (a cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    office PCs often run English browsers, and the product speaks Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ForbiddenActionMiddleware:
    """Keep a security event for every POST answered 403: an action the user was not allowed to take.

    Runs after the view (and its transaction) finished; the refused view changed nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and response.status_code == 403:
            match = getattr(request, "resolver_match", None)
            record_security_event(
                SecurityEventKind.ACTION_FORBIDDEN,
                actor=getattr(request, "user", None),
                action=(match.view_name if match else "")[:200],
                reason=request.path[:500],
                ip_address=get_client_ip_address(request),
            )
        return response


class UploadSizeMiddleware:
    """Refuse a request body larger than any upload we take, before anything reads it.

    Django would stream a 200 MB upload to a temporary file (seconds of work) before the form's size
    check could refuse it. The declared Content-Length is checked instead: the CSRF check, the first
    reader of the body, runs only later (in process_view), and a body is never read past its declared
    length. Behind nginx, client_max_body_size refuses it even earlier.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = max(settings.ATTACHMENT_MAX_BYTES, MAX_UPLOAD_BYTES)
        declared = request.META.get("CONTENT_LENGTH") or "0"
        size = int(declared) if declared.isdigit() else 0
        if size > limit + UPLOAD_MARGIN_BYTES:
            context = {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)
