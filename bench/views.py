"""The benchmark's reference pages.

A twin serves the same template with the same context as a real page, but the context is
captured once per worker (on its first request, which the runner's warm-up makes) by running
the real view with ``render`` intercepted; afterwards only rendering and the middleware run.
The bare page is a plain ~3 KB template through the same middleware.
"""

from unittest import mock

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scoring.views import sheets as sheet_views

_captured: dict[tuple, tuple[str, dict]] = {}


def twin_summary(request: HttpRequest, pk: int) -> HttpResponse:
    template, context = _capture(("summary", pk), sheet_views.summary, request, pk)
    return render(request, template, context)


def twin_grid(request: HttpRequest, pk: int) -> HttpResponse:
    template, context = _capture(("grid", pk), sheet_views.sheet_grid, request, pk)
    return render(request, template, context)


def bare(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/bare.html", {"rows": range(20)})


def _capture(key: tuple, view, request: HttpRequest, pk: int) -> tuple[str, dict]:
    if key not in _captured:
        seen = {}

        def keep(request, template_name, context=None, *args, **kwargs):
            seen["template"], seen["context"] = template_name, context
            return HttpResponse()

        with mock.patch.object(sheet_views, "render", keep):
            view(request, pk)
        context = {
            name: list(value) if isinstance(value, QuerySet) else value for name, value in seen["context"].items()
        }
        _captured[key] = (seen["template"], context)
    return _captured[key]
