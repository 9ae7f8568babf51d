"""gunicorn's application in the benchmark: the project's, plus one page behind Django's default middleware.

``DEFAULT_STACK_PATH`` (the bare page again) is served by a second handler built with the
middleware ``django-admin startproject`` writes, in the same workers, so the bare page's cost
behind our middleware is compared with the same page behind Django's defaults in the same run.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.test.utils import override_settings

from config.wsgi import application as project

DEFAULT_STACK_PATH = "/bench/bare-default/"
# The MIDDLEWARE of a project created by Django 5.2's ``django-admin startproject``.
DJANGO_DEFAULT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def _default_stack() -> WSGIHandler:
    # A handler reads MIDDLEWARE once, when it is built; the setting is restored at once.
    with override_settings(MIDDLEWARE=DJANGO_DEFAULT_MIDDLEWARE):
        return WSGIHandler()


default_stack = _default_stack()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    handler = default_stack if environ.get("PATH_INFO") == DEFAULT_STACK_PATH else project
    return handler(environ, start_response)
