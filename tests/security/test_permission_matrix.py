"""Every route × every persona × objects of two provinces × GET and POST, against ``policy.POLICY``.

Routes are discovered from the URL resolver, so a new route without a policy row fails
``test_policy_every_route_has_a_row_all_covered``. Each route is one test: it requests the route as
every persona of ``policy.PERSONAS`` against the objects of province P and of province P2 (built
alike once for the module, see ``world.py``), each request inside a savepoint that is rolled back,
so an allowed POST cannot change what the next request sees. A denied POST must change nothing:
the row counts of the domain tables and the audit log are compared before and after.
Rows whose object is in the open state (the move or edit still possible) are requested again against
the object where it is closed (``policy.CLOSED_STATE``): there the roles the row allows are refused.
The figures (requests, mismatches, 5xx) are printed in the terminal summary.
"""

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests.factories import UserFactory
from tests.security import policy
from tests.security.conftest import TALLY
from tests.security.world import build_province, store_files

# --- Discovery -------------------------------------------------------------------------------


def _walk(patterns, namespace="", prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif entry.name:
            yield f"{namespace}{entry.name}"
        elif not namespace.startswith("admin:"):
            # A route without a name cannot have a row: named so that the coverage test fails on it.
            # (The admin's unnamed ones only redirect old object URLs and catch everything else.)
            yield f"unnamed route {prefix}{entry.pattern}"


def discovered_routes() -> list[str]:
    """Every named route, admin included but narrowed to ``policy.admin_route`` (see its reason)."""
    names = sorted(set(_walk(get_resolver().url_patterns)))
    return [name for name in names if not name.startswith("admin:") or policy.admin_route(name)]


ROUTES = discovered_routes()


def test_policy_every_route_has_a_row_all_covered():
    missing = [name for name in ROUTES if policy.row_for(name) is None]
    stale = [name for name in policy.POLICY if name not in ROUTES]
    assert not missing, f"routes without a row in tests/security/policy.py: {', '.join(missing)}"
    assert not stale, f"rows in tests/security/policy.py for routes that no longer exist: {', '.join(stale)}"


# --- The world, once per module ----------------------------------------------------------------


@pytest.fixture(scope="module")
def provinces(django_db_setup, django_db_blocker):
    """Provinces P and P2 with every kind of object, and the system administrator; rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = {"P": build_province("P"), "P2": build_province("P2")}
        built["admin"] = UserFactory(username="matrix-admin", is_superuser=True, is_staff=True)
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def clients(provinces, db):
    """One signed-in client per persona (the anonymous one signs in as nobody); a 500 is an answer, not a raise."""
    for label in ("P", "P2"):
        store_files(provinces[label])
    result = {}
    for persona in policy.PERSONAS:
        client = Client(raise_request_exception=False)
        user = policy.persona_user(persona, provinces)
        if user is not None:
            client.force_login(user)
        result[persona] = client
    return result


# --- One request -------------------------------------------------------------------------------

FINGERPRINT_APPS = ("blocs", "pledges", "scoring", "awards", "core")
# Refusals are recorded there on purpose (every refused state change is a security event).
FINGERPRINT_SKIP = {"core.securityevent"}


def _fingerprint_sql() -> str:
    tables = [
        model._meta.db_table
        for name in FINGERPRINT_APPS
        for model in apps.get_app_config(name).get_models()
        if model._meta.label_lower not in FINGERPRINT_SKIP and not model._meta.proxy
    ]
    quote = connection.ops.quote_name
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)


def fingerprint() -> tuple:
    """Row counts of every domain table and the audit log, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return tuple(cursor.fetchone())


def outcome(response, row: policy.Row) -> str:
    status = response.status_code
    if status == 405:
        return policy.NA
    if status in (403, 404):
        return policy.DENY
    if status in (301, 302, 303, 307, 308) and policy.redirect_outcome(response["Location"]):
        return policy.redirect_outcome(response["Location"])
    # 400 is how the views answer a form with errors (the empty POST): the view ran for the user.
    if 200 <= status < 400 or status == 400 or status in row.also_allow:
        return policy.ALLOW
    return f"HTTP {status}"


def ask(client, method: str, url: str, row: policy.Row, before: tuple) -> tuple[str, int, bool]:
    """(outcome, status, changed) of one request, rolled back whatever it did.

    ``before``: the fingerprint taken once per test; every request is rolled back, so it holds for each.
    """
    with transaction.atomic():
        response = client.get(url) if method == "get" else client.post(url, row.post_data)
        got = outcome(response, row)
        if response.streaming:
            # Read to the end: the test client's wrapper then closes the file. (``response.close()``
            # here would fire request_finished and close PostgreSQL's connection inside the test.)
            b"".join(response.streaming_content)
        changed = method == "post" and got in (policy.DENY, policy.LOGIN) and fingerprint() != before
        transaction.set_rollback(True)
    return got, response.status_code, changed


def _targets(route: str, row: policy.Row, provinces) -> list[tuple[str, str]]:
    """(province label, URL) for each province's object, or one URL for a route without an object."""
    if row.kwargs is None:
        return [("-", reverse(route))]
    if row.shared:
        return [("-", reverse(route, kwargs=row.kwargs(provinces["P"])))]
    return [(label, reverse(route, kwargs=row.kwargs(provinces[label]))) for label in ("P", "P2")]


@pytest.mark.parametrize("route", ROUTES)
def test_permission_matrix_route_every_persona_as_policy(route, provinces, clients):
    row = policy.row_for(route)
    if row is None:
        pytest.fail(f"route {route} has no row in tests/security/policy.py")
    wrong = []
    before = fingerprint()
    for label, url in _targets(route, row, provinces):
        for persona, client in clients.items():
            role = policy.relative_role(persona, label)
            for method in ("get", "post"):
                expected = row.expected(role, method)
                got, status, changed = ask(client, method, url, row, before)
                if changed:
                    got = f"{got}, but changed rows"
                if role == policy.STRANGER and status == 403:
                    got = "deny with 403: another province's object must not be seen to exist (404)"
                TALLY.append((route, persona, label, method, expected, got, status))
                if got != expected or status >= 500:
                    wrong.append(
                        f"  {method.upper():4} {url:55} {persona:15} ({role:11}) expected {expected:5} got {got}"
                    )
    assert not wrong, f"{route}: {len(wrong)} mismatches\n" + "\n".join(wrong)


def _closed_state_requests(route: str, row: policy.Row):
    """(persona, role, method) for P's personas whom the row allows on the open object, admin included."""
    for persona in policy.PERSONAS:
        role = policy.relative_role(persona, "P")
        for method in ("post",) if route in policy.CLOSED_STATE_POST_ONLY else ("get", "post"):
            if row.expected(role, method) == policy.ALLOW:
                yield persona, role, method


@pytest.mark.parametrize("route", sorted(policy.CLOSED_STATE))
def test_permission_matrix_closed_state_allowed_roles_refused(route, provinces, clients):
    row = policy.row_for(route)
    url = reverse(route, kwargs=policy.CLOSED_STATE[route](provinces["P"]))
    wrong = []
    before = fingerprint()
    requests = list(_closed_state_requests(route, row))
    assert any(role != policy.ADMIN for _persona, role, _method in requests), f"{route}: nobody but the admin to refuse"
    for persona, role, method in requests:
        # The superuser's permissions ignore the state; everyone else is refused while the move is closed.
        expected = policy.ALLOW if role == policy.ADMIN else policy.DENY
        got, status, changed = ask(clients[persona], method, url, row, before)
        if changed:
            got = f"{got}, but changed rows"
        TALLY.append((route, persona, "P closed", method, expected, got, status))
        if got != expected or status >= 500:
            wrong.append(f"  {method.upper():4} {url:55} {persona:15} ({role:11}) expected {expected:5} got {got}")
    assert not wrong, f"{route} (closed state): {len(wrong)} mismatches\n" + "\n".join(wrong)


def test_permission_matrix_totals_no_mismatch_no_5xx():
    """Runs last: the whole matrix's figures (also printed in the terminal summary)."""
    if not TALLY:
        pytest.skip("no route of the matrix was requested in this run")
    mismatches = [row for row in TALLY if row[4] != row[5]]
    errors = [row for row in TALLY if row[6] >= 500]
    assert (len(mismatches), len(errors)) == (0, 0), (
        f"{len(TALLY)} requests, {len(mismatches)} mismatches, {len(errors)} 5xx"
    )
