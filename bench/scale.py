"""The national-scale benchmark (``make bench-scale``). Needs PostgreSQL; not a timed test.

1. Builds two databases the same way (bench/scale_data.py, PostgreSQL COPY): ``thidua_scale_big`` with 34
   provinces × 25 blocs × 10 units × 10 years (85,000 unit-years, about 12.9 million score lines) and
   ``thidua_scale_small`` with one province. Each is dropped, created, migrated and filled, unless
   ``--reuse`` finds it already filled (the big one takes minutes: build it once, measure it often).
2. Measures the key pages of province 00, which is the same in both (bench/scale_pages.py, Django's
   test client in a fresh process per database and round, rounds alternating small/big so that a change
   in the machine's load hits both alike): the median latency of every run and the query count.
3. Prints one row per page: small ms, big ms, big ÷ small (target ≤ 1.5×), queries small/big (target:
   the same), the database's share of the request on each, and the planner's highest cost estimate among
   the page's reads on the big database (target: under PostgreSQL's default ``jit_above_cost``, past which
   the plan is JIT-compiled), then one ``NAME: value (target …) OK|MISSED`` line per target.

Run: ``.venv/bin/python -m bench.scale [--reuse] [--rounds 3] [--runs 5] [--provinces 34] [--only PAGE …]``
``BENCH_SCALE_BIG_URL`` and ``BENCH_SCALE_SMALL_URL`` name the databases.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time

import psycopg

from bench.database import recreate_database
from bench.report import Target, print_targets
from bench.server import ROOT

BIG_URL = "postgres://postgres@127.0.0.1:5432/thidua_scale_big"
SMALL_URL = "postgres://postgres@127.0.0.1:5432/thidua_scale_small"
TARGET_RATIO = 1.5  # the national database's latency ÷ one province's, page by page
JIT_ABOVE_COST = 100_000


def main() -> int:
    options = _options()
    # A SIGTERM (from timeout, say) stops the child processes through the finally blocks of subprocess.run.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    databases = {
        "small": (os.environ.get("BENCH_SCALE_SMALL_URL", SMALL_URL), 1),
        "big": (os.environ.get("BENCH_SCALE_BIG_URL", BIG_URL), options.provinces),
    }
    for name, (url, provinces) in databases.items():
        _prepare(name, url, provinces, reuse=options.reuse)
    results = _measure({name: url for name, (url, _) in databases.items()}, options)
    targets = _print_table(results)
    print_targets(targets)
    return 0


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep a database that is already filled")
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)))
    parser.add_argument("--only", nargs="*", help="page names to measure, e.g. 'score summary'")
    return parser.parse_args()


def _prepare(name: str, url: str, provinces: int, *, reuse: bool) -> None:
    if reuse and _provinces_in(url) == provinces:
        print(f"{name}: reusing {_database_name(url)} ({provinces} province(s), {_size(url)})")
        return
    env = _env(url)
    started = time.perf_counter()
    recreate_database(url)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    migrated = time.perf_counter()
    command = [sys.executable, "-m", "bench.scale_data", "--provinces", str(provinces)]
    output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    report = json.loads(output.strip().splitlines()[-1])
    rows = report["rows"]
    print(
        f"{name}: {_database_name(url)} built in {time.perf_counter() - started:.0f} s "
        f"(migrate {migrated - started:.0f} s, COPY + indexes + VACUUM ANALYZE {report['seconds']:.0f} s), "
        f"{_size(url)}; {rows['bloc_year'] * 10:,} unit-years, {rows['sheet']:,} score sheets, "
        f"{rows['line']:,} score lines, {rows['registration']:,} registrations, {rows['report']:,} unit reports, "
        f"{rows['decision_item']:,} awards, {rows['audit']:,} audit entries"
    )


def _env(url: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    return env


def _provinces_in(url: str) -> int | None:
    try:
        with psycopg.connect(url) as connection:
            return connection.execute("SELECT COUNT(*) FROM blocs_province").fetchone()[0]
    except psycopg.Error:
        return None  # no database, or not migrated: build it


def _size(url: str) -> str:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]


def _database_name(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def _measure(urls: dict[str, str], options: argparse.Namespace) -> dict[str, dict[str, dict]]:
    """Database → page → {"ms": [every run], "sql": [(statement, seconds)], "bytes": n}.

    One measuring process per database, kept running; requests alternate between them one by one
    (and which goes first alternates too), so both see the same load on a busy machine.
    """
    children = {name: _start_child(url) for name, url in urls.items()}
    try:
        pages = json.loads(next(iter(children.values())).stdout.readline())
        for child in list(children.values())[1:]:
            child.stdout.readline()  # the same page names
        wanted = [page for page in pages if not options.only or page in options.only]
        results: dict[str, dict[str, dict]] = {name: {} for name in urls}
        for page in wanted:
            for name, child in children.items():
                results[name][page] = {"ms": [], **_ask(child, page, capture=True)}
            for run in range(options.runs):
                order = list(children.items())
                for name, child in order if run % 2 == 0 else reversed(order):
                    results[name][page]["ms"].append(_ask(child, page, capture=False)["ms"])
        return results
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait(timeout=60)


def _start_child(url: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "bench.scale_pages"]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
    return subprocess.Popen(command, cwd=ROOT, env=_env(url), **pipes)


def _ask(child: subprocess.Popen, page: str, *, capture: bool) -> dict:
    child.stdin.write(json.dumps({"page": page, "capture": capture}) + "\n")
    child.stdin.flush()
    line = child.stdout.readline()
    if not line:
        raise SystemExit(f"{page}: the measuring process stopped (exit {child.wait()})")
    return json.loads(line)


def _print_table(results: dict[str, dict[str, dict]]) -> list[Target]:
    small, big = results["small"], results["big"]
    runs = len(next(iter(small.values()))["ms"])
    print(f"\nMedian of {runs} runs per page and database (test client, in process, the databases alternating)")
    print("SQL ms: the database's share of one request (its statements' times, measured once more)")
    print("plan cost: the planner's highest estimate among the page's reads on the big database")
    print(
        f"{'page':<28}{'small ms':>10}{'big ms':>10}{'ratio':>8}{'queries small/big':>19}"
        f"{'SQL ms small/big':>19}{'plan cost':>11}"
    )
    targets, slowest = [], []
    for page in small:
        low, high = statistics.median(small[page]["ms"]), statistics.median(big[page]["ms"])
        queries = (len(small[page]["sql"]), len(big[page]["sql"]))
        sql = f"{_sql_ms(small[page]):.0f} / {_sql_ms(big[page]):.0f}"
        print(
            f"{page:<28}{low:>10.1f}{high:>10.1f}{high / low:>7.2f}×{f'{queries[0]} / {queries[1]}':>19}"
            f"{sql:>19}{big[page]['plan_cost']:>11,.0f}"
        )
        key = re.sub(r"[^a-z]+", "_", page.lower()).strip("_")
        targets.append(Target(f"{key}_big_vs_small", high / low, "≤", TARGET_RATIO))
        targets.append(Target(f"{key}_extra_queries", queries[1] - queries[0], "=", 0, unit="", digits=0))
        if high / low > TARGET_RATIO:
            slowest.append((page, sorted(big[page]["sql"], key=lambda statement: -statement[1])[:2]))
    costliest = max(big.values(), key=lambda figures: figures["plan_cost"])["plan_cost"]
    # PostgreSQL's default jit_above_cost: a plan estimated above it is JIT-compiled, hundreds of ms at least.
    targets.append(Target("highest_plan_cost_big", costliest, "≤", JIT_ABOVE_COST, unit="", digits=0))
    for page, statements in slowest:
        print(f"\n{page} on the big database, its slowest statements:")
        for statement, seconds in statements:
            print(f"  {seconds * 1000:7.1f} ms  {statement[:300]}")
    return targets


def _sql_ms(figures: dict) -> float:
    return sum(seconds for _statement, seconds in figures["sql"]) * 1000


if __name__ == "__main__":
    sys.exit(main())
