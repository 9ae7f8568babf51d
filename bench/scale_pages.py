"""The key pages of province 00, timed in this process through Django's test client.

Started by bench.scale once per database (``BENCH_DATABASE_URL`` names it) and kept running: it
prints the page names, then answers each request line on stdin with one GET of that page (the first
of a page is an untimed warm-up) — its wall-clock milliseconds, or its SQL statements when asked to
capture them (capturing slows a request, so the timed ones run without it). The parent alternates
the two databases' processes request by request, so a change in the machine's load hits both alike.
The objects are found by the usernames bench.scale_data gives, so the same pages are asked of a
one-province database and of the national one.
"""

import json
import os
import sys
import time

import django

from bench.scale_data import SCORING_YEAR, member, office, officer


def main() -> int:
    """Serve timing requests: one JSON line in (``{"page": name, "capture": bool}``), one JSON line out."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    pages, clients = key_pages(), {}
    print(json.dumps(list(pages)), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        username, path = pages[request["page"]]
        if request["page"] not in clients:
            clients[request["page"]] = _client(username)
            _get(clients[request["page"]], path)  # warms this process's caches for the page
        print(json.dumps(measure(clients[request["page"]], path, capture=request["capture"])), flush=True)
    return 0


def key_pages() -> dict[str, tuple[str, str]]:
    """Page name → (username, path): the dashboards per persona, then the pages the secretariat and council use."""
    from django.urls import reverse  # noqa: PLC0415 - needs django.setup()

    from blocs.models import Membership  # noqa: PLC0415 - needs django.setup()
    from scoring.models import ScoreSheet  # noqa: PLC0415 - needs django.setup()

    secretariat, unit_officer = officer(0, 0, 0), officer(0, 0, 3)
    head = Membership.objects.get(bloc_year__year=SCORING_YEAR, unit__roles__user__username=secretariat)
    # The one sheet bench.scale_data leaves in draft: unit 05's verification, the grid a verifier edits.
    grid = ScoreSheet.objects.get(bloc_year=head.bloc_year, stage="verification", status="draft")
    return {
        "dashboard: secretariat": (secretariat, reverse("dashboard")),
        "dashboard: unit officer": (unit_officer, reverse("dashboard")),
        "dashboard: council office": (office(0), reverse("dashboard")),
        "dashboard: council member": (member(0), reverse("dashboard")),
        "bloc page": (secretariat, reverse("blocs:bloc_detail", args=[head.bloc_year.bloc_id])),
        "score summary": (secretariat, reverse("scoring:summary", args=[head.bloc_year_id])),
        "scoring grid": (secretariat, reverse("scoring:sheet_grid", args=[grid.pk])),
        "unit page (awards)": (secretariat, reverse("blocs:unit_detail", args=[head.unit_id])),
        "registrations (council)": (office(0), reverse("pledges:registration_list")),
        "registrations .xlsx": (office(0), reverse("pledges:registration_export")),
    }


def _client(username: str):
    from django.test import Client  # noqa: PLC0415 - needs django.setup()

    from bench.server import HOST  # noqa: PLC0415 - kept with the others
    from core.models import User  # noqa: PLC0415 - needs django.setup()

    client = Client(SERVER_NAME=HOST)
    client.force_login(User.objects.get(username=username))
    return client


def measure(client, path: str, *, capture: bool) -> dict:
    """One GET: its wall-clock ms, and with ``capture`` its SQL statements with their times."""
    from django.db import connection  # noqa: PLC0415 - needs django.setup()
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 - needs django.setup()

    if not capture:
        began = time.perf_counter()
        response = _get(client, path)
        return {"ms": (time.perf_counter() - began) * 1000, "bytes": len(response.content)}
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, path)
    statements = [(q["sql"], float(q["time"])) for q in captured.captured_queries]
    return {"sql": statements, "plan_cost": _highest_plan_cost(statements), "bytes": len(response.content)}


def _highest_plan_cost(statements: list[tuple[str, float]]) -> float:
    """The planner's highest estimated cost among the page's reads. Past ``jit_above_cost`` PostgreSQL
    JIT-compiles the plan, which cost the verifier's dashboard query 3 of its 4 seconds at national scale."""
    from django.db import connection  # noqa: PLC0415 - needs django.setup()

    highest = 0.0
    with connection.cursor() as cursor:
        for sql, _seconds in statements:
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                highest = max(highest, cursor.fetchone()[0][0]["Plan"]["Total Cost"])
    return highest


def _get(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return response


if __name__ == "__main__":
    sys.exit(main())
