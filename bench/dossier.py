"""The dossier benchmark (``make bench-dossier``). Needs PostgreSQL and Redis; not a timed test.

1. (Re)creates the database ``thidua_bench_dossier`` (BENCH_DOSSIER_DATABASE_URL), migrates it and builds six blocs of
   10 units, each year with its meeting, minutes, annual reports, score sheets and proposal
   (bench/dossier_data.py).
2. In this process: the app's dossier renderer (every part + the pypdf join) for the first bloc against
   WeasyPrint alone on the same HTML — the strings each part's renderer handed WeasyPrint, captured on a
   first render — with the same stylesheets, then the same join. Median of ``--runs`` pairs after a
   warm-up, in wall-clock and in CPU time; target ≤ 1.2×.
3. Throughput: the six dossiers requested through the app's file request (``request_generated_file``,
   which enqueues core's build task on commit) with a real Celery worker (prefork) at ``--concurrency=1``
   and then ``2``; wall time from the first request until all six files are ready. Target ≥ 1.7×.
4. Prints one ``NAME: value (target …) OK|MISSED`` line per target and drops the database.

Run: ``.venv/bin/python -m bench.dossier [--runs 5] [--rounds 1] [--keep-db]``
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

import django

from bench.database import drop_database, recreate_database
from bench.report import print_targets
from bench.server import ROOT

DOSSIERS = 6
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench_dossier"


def main() -> int:
    options = _options()
    url = os.environ.get("BENCH_DOSSIER_DATABASE_URL", DEFAULT_DATABASE_URL)
    media = tempfile.mkdtemp(prefix="thidua-bench-media-")
    # Before Django is set up: the settings module, the database, the broker's queue and the media
    # root it reads, here and in the workers.
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_dossier",
            "BENCH_DATABASE_URL": url,
            "BENCH_REDIS_URL": os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
            "BENCH_QUEUE": f"bench-dossier-{uuid.uuid4().hex[:8]}",
            "BENCH_MEDIA_ROOT": media,
        }
    )
    os.environ.pop("REDIS_URL", None)
    # A SIGTERM (from timeout, say) unwinds through the finally blocks: the workers stop, the database goes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    recreate_database(url)
    try:
        return _run(options)
    finally:
        shutil.rmtree(media, ignore_errors=True)
        if not options.keep_db:
            drop_database(url)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 2)))
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args()


def _run(options: argparse.Namespace) -> int:
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    django.setup()
    # These read models at import, so only once Django is set up (above).
    from bench.dossier_data import build_dossiers  # noqa: PLC0415 - needs django.setup() first
    from bench.dossier_render import render_targets  # noqa: PLC0415 - needs django.setup() first
    from bench.dossier_workers import throughput_targets  # noqa: PLC0415 - needs django.setup() first

    started = time.perf_counter()
    proposals, secretary = build_dossiers(DOSSIERS)
    print(f"Data: {DOSSIERS} blocs of 10 units with their proposals (built in {time.perf_counter() - started:.1f} s)")
    targets = render_targets(proposals[0], runs=options.runs)
    targets += throughput_targets(proposals, secretary, rounds=options.rounds)
    print_targets(targets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
