"""The one shape of an action view: check, validate with a form, call one service, redirect."""

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


def require(user: User | AnonymousUser, perm: str, obj: Model | None = None) -> None:
    """Refuse with 403 unless ``user`` has ``perm`` (on ``obj``)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def handle_form(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    perform: Callable[[dict[str, Any]], object],
    success_url: str | Callable[[object], str],
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
