"""The shapes of an action view: check, validate with a form (or not), call one service, redirect."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.exceptions import DomainError
from core.models import User


class AuthenticatedRequest(HttpRequest):
    """A request past ``LoginRequiredMiddleware``: its user is signed in (for the type checker only).

    Annotate a view's ``request`` with it unless the view is ``@login_not_required``.
    """

    user: User


def require(user: User | AnonymousUser, perm: str, obj: Model | None = None) -> None:
    """Refuse with 403 unless ``user`` has ``perm`` (on ``obj``)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def act(
    request: HttpRequest,
    perform: Callable[[], Any],
    *,
    success_message: str | Callable[[Any], str],
    back_to: Any,
) -> HttpResponse:
    """Run ``perform()`` (one service call) for a posted button; a refused rule becomes an error message.

    ``success_message`` may be a function of what ``perform`` returned ("5 sheets were locked.").
    Either way the user goes back to ``back_to``: a URL, or an object with ``get_absolute_url``.
    """
    try:
        result = perform()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success_message(result) if callable(success_message) else success_message)
    return redirect(back_to)


def handle_form(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    perform: Callable[[dict[str, Any]], object],
    success_url: str | Callable[[Any], str],
    success_message: str,
    title: str,
    back_url: str,
    template: str = "core/form_page.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Run ``perform(cleaned_data)`` when a valid form is posted; a refused rule becomes a form error.

    ``success_url`` may be a function of what ``perform`` returned.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    page = {"form": form, "title": title, "back_url": back_url, **(context or {})}
    return render(request, template, page, status=400 if form.is_bound and form.errors else 200)
