"""No page answers a user who owes the second factor: every URL pattern the resolver knows, for every role
that must use it, GET and POST, sends them to enrolment (no device) or to the code step (a device).

The patterns are read from the resolver, not listed here, so a new page is covered the day it is added
(``test_walk_new_page_is_covered_without_listing_it``). Keyword arguments get dummy values of their
converter's shape: the middleware decides in ``process_view``, after resolving and before any view
looks the object up, so no real object is needed to reach it.
"""

import re
import uuid
from dataclasses import dataclass

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern

from tests.otp import enrolled_device, plain_force_login
from twofactor.middleware import OPEN_VIEWS

ROLES = ["admin_user", "council_officer", "council_member", "secretariat"]
DUMMY = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}
ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


@dataclass(frozen=True)
class Route:
    path: str
    view_name: str


def _fill_route(route: str) -> str:
    return ROUTE_PARAM.sub(lambda m: DUMMY[m.group("converter") or "str"], route)


def _fill_regex(regex: str) -> str:
    def first_choice(match: re.Match[str]) -> str:
        choice = match.group("body").split("|")[0]
        return choice if choice.isidentifier() else "x"

    return REGEX_GROUP.sub(first_choice, regex).lstrip("^").rstrip("$")


def _walk(patterns, prefix: str = "") -> list[Route]:
    routes: list[Route] = []
    for pattern in patterns:
        fill = _fill_regex if isinstance(pattern.pattern, RegexPattern) else _fill_route
        here = prefix + fill(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            routes += _walk(pattern.url_patterns, here)
        elif isinstance(pattern, URLPattern):
            path = "/" + here
            routes.append(Route(path, resolve(path).view_name))
    return routes


def every_route() -> list[Route]:
    return _walk(get_resolver().url_patterns)


def _guarded(routes: list[Route]) -> list[Route]:
    return [route for route in routes if route.view_name not in OPEN_VIEWS]


def _leaks(client, routes: list[Route], step: str) -> list[str]:
    """Each request that was not sent to ``step``: what it answered instead."""
    target = reverse(step)
    leaks = []
    for route in routes:
        for method in (client.get, client.post):
            response = method(route.path)
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.startswith(target):
                leaks.append(f"{method.__name__.upper()} {route.path} ({route.view_name}): {response.status_code}")
    return leaks


def test_walk_reaches_every_pattern_of_the_resolver():
    routes = every_route()
    # Guards the walk itself: each path resolves back to its own pattern, none is lost or duplicated.
    assert len(routes) == len({(r.path, r.view_name) for r in routes}) > 300
    assert {"dashboard", "blocs:bloc_detail", "admin:index", "twofactor:reset"} <= {r.view_name for r in routes}


@pytest.mark.parametrize("role", ROLES)
def test_every_url_for_required_role_without_device_redirects_to_enrolment(role, request, client):
    user = request.getfixturevalue(role)
    plain_force_login(client, user)
    routes = _guarded(every_route())

    leaks = _leaks(client, routes, "twofactor:enrol")

    print(f"\n{role}: {len(routes)} URL patterns, {2 * len(routes)} requests, {len(leaks)} not sent to enrolment")
    assert leaks == []


@pytest.mark.parametrize("role", ROLES)
def test_every_url_for_enrolled_user_unverified_redirects_to_code_step(role, request, client):
    user = request.getfixturevalue(role)
    enrolled_device(user)
    plain_force_login(client, user)
    routes = _guarded(every_route())

    leaks = _leaks(client, routes, "twofactor:verify")

    print(f"\n{role} (enrolled): {len(routes)} URL patterns, {2 * len(routes)} requests, {len(leaks)} leaks")
    assert leaks == []


def test_open_views_are_the_steps_leaving_and_plumbing_only():
    assert {
        "twofactor:enrol",
        "twofactor:verify",
        "logout",
        "login",
        "set_language",
        "healthz",
        "favicon",
    } == OPEN_VIEWS


@override_settings(ROOT_URLCONF="tests.twofactor.urls_with_new_page")
def test_walk_new_page_is_covered_without_listing_it(client, secretariat):
    plain_force_login(client, secretariat)
    routes = every_route()
    new = [route for route in routes if route.view_name == "brand_new_page"]

    assert new == [Route("/brand-new/1/", "brand_new_page")]
    assert _leaks(client, new, "twofactor:enrol") == []


@override_settings(ROOT_URLCONF="tests.twofactor.urls_with_new_page")
def test_walk_new_page_answers_once_verified(client, secretariat):
    # The counter-proof of the test above: the walk's dummy arguments do reach the view.
    client.force_login(secretariat)

    response = client.get("/brand-new/1/")

    assert response.status_code == 200 and b"data only a verified session" in response.content


def test_htmx_request_unverified_gets_hx_redirect(client, secretariat):
    plain_force_login(client, secretariat)

    response = client.get(reverse("dashboard"), headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("twofactor:enrol"))
