from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.dashboard import sections_for


def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "core/dashboard.html", {"sections": sections_for(request.user, today=today)})


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)
