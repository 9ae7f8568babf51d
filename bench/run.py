"""The scoring benchmark (``make bench-scoring``). Needs PostgreSQL; not a timed test.

1. (Re)creates the database ``thidua_bench`` (BENCH_DATABASE_URL), migrates it and builds a bloc of
   10 units × 150 criteria with every stage filled (bench/build.py).
2. Counts the queries of an authenticated GET of the bare page, in process (bench/queries.py).
3. Starts gunicorn (bench/wsgi.py: 2 sync workers, persistent database connections), signs in over HTTP.
4. Drives each page with concurrent clients (``wrk`` when installed, else Python threads with
   http.client) and prints requests/s, p50/p99 latency and the CPU milliseconds per request
   of the gunicorn processes (master + workers, from /proc/<pid>/stat before and after): the
   median of the rounds with its spread (bench/load.py, bench/report.py).
5. Times the import of the 150-line sheet against openpyxl's own read-only load of the same
   file (bench/importing.py), prints one ``NAME: value (target …) OK|MISSED`` line per target
   and drops the database.

Run: ``.venv/bin/python -m bench.run [--seconds 10] [--rounds 3] [--connections 4] [--keep-db]``
(each page is measured ``--rounds`` times for ``--seconds``, pages interleaved).
"""

import argparse
import os
import signal
import subprocess
import sys
import time

import django
from django.conf import settings
from django.db import connections

from bench.database import DEFAULT_URL, drop_database, recreate_database
from bench.load import check_twins, measure_rounds
from bench.report import Target, page_targets, print_pages, print_targets, query_targets
from bench.server import ROOT, login, start_gunicorn, stop


def main() -> int:
    options = _options()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    # Before Django is set up: the settings module and the database it reads, here and in gunicorn.
    os.environ.update({"DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_DATABASE_URL": url})
    os.environ.pop("REDIS_URL", None)
    # A SIGTERM (from timeout, say) unwinds through the finally blocks: gunicorn stops, the database goes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    recreate_database(url)
    try:
        return _run(options)
    finally:
        if not options.keep_db:
            drop_database(url)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--import-only", action="store_true", help="time the sheet import only (no pages)")
    return parser.parse_args()


def _run(options: argparse.Namespace) -> int:
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    django.setup()
    # These read models at import, so only once Django is set up (above).
    from bench.build import PASSWORD, USERNAME, build  # noqa: PLC0415 - needs django.setup() first
    from bench.importing import import_targets  # noqa: PLC0415 - needs django.setup() first

    started = time.perf_counter()
    data = build()
    print(
        f"Data: {data.units} units × {data.criteria} criteria, {data.lines} score lines "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh tables have no planner statistics; autovacuum would gather them
    targets = [] if options.import_only else _pages(data, options, USERNAME, PASSWORD)
    targets += import_targets(data)
    print_targets(targets)
    return 0


def _pages(data, options: argparse.Namespace, username: str, password: str) -> list[Target]:
    from bench.queries import bare_get_queries  # noqa: PLC0415 - needs django.setup() first

    statements, writes = bare_get_queries()
    print(f"Authenticated GET of the bare page, in process: {len(statements)} queries, {len(writes)} writes")
    for statement in statements:
        print(f"  {statement[:120]}")
    connections.close_all()  # the workers open their own; this one would idle through the run
    server = start_gunicorn({**os.environ})
    try:
        cookie = login(server, username, password, session_cookie=settings.SESSION_COOKIE_NAME)
        pages = {
            "summary": f"/scoring/years/{data.bloc_year_id}/scores/",
            "summary twin": f"/bench/twin/summary/{data.bloc_year_id}/",
            "grid": f"/scoring/sheets/{data.grid_sheet_id}/",
            "grid twin": f"/bench/twin/grid/{data.grid_sheet_id}/",
            "bare": "/bench/bare/",
            "bare default": "/bench/bare-default/",
        }
        check_twins(server, pages, cookie)
        results = measure_rounds(server, pages, cookie, options)
    finally:
        stop(server)
    print_pages(results)
    return query_targets(len(statements), len(writes)) + page_targets(results)


if __name__ == "__main__":
    sys.exit(main())
