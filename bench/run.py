"""The scoring benchmark (``make bench-scoring``). Needs PostgreSQL; not a timed test.

1. (Re)creates the database ``thidua_bench`` (BENCH_DATABASE_URL), migrates it and builds a bloc of
   10 units × 150 criteria with every stage filled (bench/build.py).
2. Starts gunicorn (2 sync workers, persistent database connections), signs in over HTTP.
3. Drives each page with concurrent clients (``wrk`` when installed, else Python threads with
   http.client) and prints requests/s, p50/p99 latency and the CPU milliseconds per request
   of the gunicorn processes (master + workers, from /proc/<pid>/stat before and after).
4. Prints the ratios against the targets of issue 3, then times the import of the 150-line
   sheet against openpyxl's own read-only load of the same file. Drops the database.

Run: ``.venv/bin/python -m bench.run [--seconds 10] [--rounds 3] [--connections 4] [--keep-db]``
(each page is measured ``--rounds`` times for ``--seconds``, pages interleaved).
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench"
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", 0))  # 0: a free port chosen at start
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TARGET_THROUGHPUT = 0.5  # each page ≥ 0.5× its in-memory twin
TARGET_CPU = {"summary": 40, "grid": 8}  # × the bare page's CPU per request
TARGET_IMPORT = 1.5  # × openpyxl's own read-only load
TARGET_IMPORT_FLOOR = 1.3  # × openpyxl's read + one committed transaction writing the same lines


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    errors: int
    size: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def main() -> int:
    options = _options()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    os.environ.update({"DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_DATABASE_URL": url})
    os.environ.pop("REDIS_URL", None)
    # A SIGTERM (from timeout, say) unwinds through the finally blocks: gunicorn stops, the database goes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    _recreate_database(url)
    try:
        return _run(options, env)
    finally:
        if not options.keep_db:
            _drop_database(url)


def _options():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--import-only", action="store_true", help="time the sheet import only (no pages)")
    return parser.parse_args()


def _run(options, env) -> int:
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    from django.db import connections

    from bench.build import PASSWORD, USERNAME, build

    started = time.perf_counter()
    data = build()
    print(
        f"Data: {data.units} units × {data.criteria} criteria, {data.lines} score lines "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh tables have no planner statistics; autovacuum would gather them
    connections.close_all()
    if options.import_only:
        return _report_import(data)
    server = _start_gunicorn(env)
    try:
        cookie = _login(USERNAME, PASSWORD)
        pages = {
            "summary": f"/scoring/years/{data.bloc_year_id}/scores/",
            "summary twin": f"/bench/twin/summary/{data.bloc_year_id}/",
            "grid": f"/scoring/sheets/{data.grid_sheet_id}/",
            "grid twin": f"/bench/twin/grid/{data.grid_sheet_id}/",
            "bare": "/bench/bare/",
        }
        _check_twins(pages, cookie)
        results = _measure_rounds(pages, cookie, server, options)
    finally:
        _stop(server)
    _report(results)
    return _report_import(data)


# --- Database ---------------------------------------------------------------------


def _recreate_database(url: str) -> None:
    _drop_database(url)
    _admin_sql(url, "CREATE DATABASE {name}")


def _drop_database(url: str) -> None:
    _admin_sql(url, "DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _admin_sql(url: str, statement: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL(statement).format(name=sql.Identifier(name)))


# --- Server -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _start_gunicorn(env) -> subprocess.Popen:
    global PORT
    PORT = PORT or _free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [
        gunicorn,
        "config.wsgi:application",
        "--workers=2",
        "--worker-class=sync",
        f"--bind={HOST}:{PORT}",
        "--log-level=warning",
    ]
    deadline = time.monotonic() + 30
    while _port_open() and time.monotonic() < deadline:  # a previous run's server may still be stopping
        time.sleep(0.5)
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if len(_server_pids(server)) >= 3 and _port_open():
            return server
        time.sleep(0.2)
    _stop(server)
    raise SystemExit("gunicorn did not start")


def _port_open() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, PORT)) == 0


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _server_pids(server: subprocess.Popen) -> list[int]:
    """The gunicorn master and its workers."""
    pids = [server.pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server.pid:
                pids.append(int(entry.name))
    return pids


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / CLOCK_TICKS


# --- HTTP -------------------------------------------------------------------------


def _request(method: str, path: str, *, cookie: str = "", body: str | None = None):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def _login(username: str, password: str) -> str:
    response, content = _request("GET", "/login/")
    csrf = _cookie(response, "csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    response, _ = _request("POST", "/login/", cookie=f"csrftoken={csrf}", body=form)
    session = _cookie(response, "sessionid")
    if response.status != 302 or not session:
        raise SystemExit(f"login failed: HTTP {response.status}")
    return f"csrftoken={csrf}; sessionid={session}"


def _cookie(response, name: str) -> str:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return ""


# What legitimately differs between a page and its twin: CSRF tokens and the language form's "next" path.
TOKEN = re.compile(rb'[A-Za-z0-9]{64}|name="next" type="hidden" value="[^"]*"')


def _check_twins(pages: dict, cookie: str) -> None:
    """Warm every page (the twins capture their context now) and compare each page with its twin."""
    bodies = {}
    for name, path in pages.items():
        for _ in range(3):
            response, bodies[name] = _request("GET", path, cookie=cookie)
            if response.status != 200:
                raise SystemExit(f"{name} {path}: HTTP {response.status}")
    for page in ("summary", "grid"):
        same = TOKEN.sub(b"", bodies[page]) == TOKEN.sub(b"", bodies[f"{page} twin"])
        if not same and os.environ.get("BENCH_DUMP"):
            folder = Path(tempfile.gettempdir())
            (folder / f"bench-{page}.html").write_bytes(bodies[page])
            (folder / f"bench-{page}-twin.html").write_bytes(bodies[f"{page} twin"])
        print(
            f"{page}: {len(bodies[page]):,} bytes; twin HTML identical (CSRF tokens aside): {'yes' if same else 'NO'}"
        )
    print(f"bare: {len(bodies['bare']):,} bytes")


def _measure_rounds(pages: dict, cookie: str, server, options) -> dict[str, Result]:
    """Each page in turn, ``--rounds`` times, so that a change in the machine's load hits every page alike."""
    results: dict[str, list[Result]] = {name: [] for name in pages}
    for _ in range(options.rounds):
        for name, path in pages.items():
            results[name].append(_measure(name, path, cookie, server, options))
    return {name: _combine(name, runs) for name, runs in results.items()}


def _combine(name: str, runs: list[Result]) -> Result:
    requests = sum(r.requests for r in runs)
    return Result(
        name,
        requests,
        sum(r.seconds for r in runs),
        statistics.median(r.p50_ms for r in runs),
        max(r.p99_ms for r in runs),
        sum(r.cpu_ms * r.requests for r in runs) / max(requests, 1),
        sum(r.errors for r in runs),
        runs[-1].size,
    )


def _measure(name: str, path: str, cookie: str, server, options) -> Result:
    pids = _server_pids(server)
    before = _cpu_seconds(pids)
    if shutil.which("wrk"):
        requests, seconds, p50, p99, errors = _wrk(path, cookie, options)
    else:
        requests, seconds, p50, p99, errors = _threads(path, cookie, options)
    cpu = _cpu_seconds(pids) - before
    size = len(_request("GET", path, cookie=cookie)[1])
    return Result(name, requests, seconds, p50, p99, cpu * 1000 / max(requests, 1), errors, size)


def _wrk(path: str, cookie: str, options) -> tuple[int, float, float, float, int]:
    command = [
        "wrk",
        "-t1",
        f"-c{options.connections}",
        f"-d{max(1, round(options.seconds))}s",
        "--latency",
        "--timeout=10s",  # a slow answer on a loaded machine is latency, not an error
        "-H",
        f"Cookie: {cookie}",
        f"http://{HOST}:{PORT}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests, seconds = re.search(r"(\d+) requests in ([\d.]+)(m?s)", output).group(1, 2)
    unit = re.search(r"\d+ requests in [\d.]+(m?s)", output).group(1)
    seconds = float(seconds) / (1000 if unit == "ms" else 1)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return int(requests), seconds, _wrk_ms(output, "50%"), _wrk_ms(output, "99%"), errors


def _wrk_ms(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def _threads(path: str, cookie: str, options) -> tuple[int, float, float, float, int]:
    """Fallback without wrk: one http.client connection per thread, reused while the server keeps it."""
    latencies, errors, stop = [], [0], time.perf_counter() + options.seconds

    def client():
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        while time.perf_counter() < stop:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            latencies.append(time.perf_counter() - began)
            errors[0] += not ok

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(options.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies), elapsed, cuts[49] * 1000, cuts[98] * 1000, errors[0]


# --- Report -----------------------------------------------------------------------


def _report(results: dict[str, Result]) -> None:
    print()
    print(
        f"{'page':<14}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}{'requests':>10}{'errors':>8}{'bytes':>9}"
    )
    for r in results.values():
        print(
            f"{r.name:<14}{r.rps:>9.1f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.cpu_ms:>12.2f}"
            f"{r.requests:>10}{r.errors:>8}{r.size:>9}"
        )
    print()
    bare = results["bare"].cpu_ms
    for page in ("summary", "grid"):
        throughput = results[page].rps / results[f"{page} twin"].rps
        cpu = results[page].cpu_ms / bare
        print(
            f"{page}: throughput {throughput:.3f}× its twin (target ≥ {TARGET_THROUGHPUT}) "
            f"{_verdict(throughput >= TARGET_THROUGHPUT)}; CPU/request {cpu:.1f}× bare (target ≤ {TARGET_CPU[page]}) "
            f"{_verdict(cpu <= TARGET_CPU[page])}"
        )
        twin_cpu = results[f"{page} twin"].cpu_ms / bare
        print(f"  (its twin: {twin_cpu:.1f}× bare — the share of rendering and middleware)")


def _report_import(data) -> int:
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from bench.build import USERNAME
    from core.models import User
    from scoring.importers import import_sheet
    from scoring.models import ScoreSheet

    sheet = ScoreSheet.objects.select_related("bloc_year__scheme", "unit").get(pk=data.grid_sheet_id)
    actor = User.objects.get(username=USERNAME)
    # Two versions differing in every line's note, used in turn: each import writes every line.
    contents = [_sheet_with_notes(sheet, note) for note in ("Bench A", "Bench B")]
    turn = {"import": 0, "floor": 0}

    def next_content(name):
        turn[name] += 1
        return contents[turn[name] % 2]

    def ours():
        errors = import_sheet(sheet, SimpleUploadedFile("sheet.xlsx", next_content("import")), actor=actor)
        if errors:
            raise SystemExit(f"the exported sheet did not import: {errors[:3]}")

    def load_only():
        load_workbook(BytesIO(contents[0]), read_only=True, data_only=True).close()

    def load_and_read():
        _read_rows(contents[0])

    floor = _floor(sheet, actor, next_content)
    timings = _interleaved_medians({"import": ours, "load": load_only, "read": load_and_read, "floor": floor})
    ratio, floor_ratio = timings["import"] / timings["read"], timings["import"] / timings["floor"]
    print()
    print(
        f"Sheet import ({data.criteria} lines, {len(contents[0]):,} bytes, every line changed): "
        f"{timings['import']:.1f} ms; openpyxl read-only load + read of every row {timings['read']:.1f} ms "
        f"(load alone {timings['load']:.1f} ms); floor (that read + one committed transaction updating "
        f"the same {data.criteria} lines) {timings['floor']:.1f} ms"
    )
    print(f"import: {ratio:.2f}× openpyxl (issue 3's target ≤ {TARGET_IMPORT}) {_verdict(ratio <= TARGET_IMPORT)}")
    print(
        f"import: {floor_ratio:.2f}× the floor (target ≤ {TARGET_IMPORT_FLOOR}) "
        f"{_verdict(floor_ratio <= TARGET_IMPORT_FLOOR)}"
    )
    cpu = {name: _cpu_ms(fn) for name, fn in [("import", ours), ("read", load_and_read), ("floor", floor)]}
    print(
        f"  in CPU time of this process: import {cpu['import']:.1f} ms, openpyxl {cpu['read']:.1f} ms "
        f"({cpu['import'] / cpu['read']:.2f}×), floor {cpu['floor']:.1f} ms ({cpu['import'] / cpu['floor']:.2f}×)"
    )
    return 0


def _sheet_with_notes(sheet, note: str) -> bytes:
    """The sheet's export with ``note`` in every line's note cell (points and reasons as exported)."""
    from io import BytesIO

    from openpyxl import load_workbook

    from scoring.exporters import SHEET_FIRST_ROW, sheet_workbook

    workbook = load_workbook(BytesIO(sheet_workbook(sheet)))
    ws = workbook.active
    for row in range(SHEET_FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=row, column=4).value is not None:  # a scorable line (groups have no maximum)
            ws.cell(row=row, column=8, value=note)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read_rows(content: bytes) -> list:
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    rows = [row for worksheet in workbook.worksheets for row in worksheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _floor(sheet, actor, next_content):
    """What no import can avoid: read every row with openpyxl, then one durable transaction updating each line.

    The write is the cheapest PostgreSQL offers for many rows (one ``UPDATE … FROM unnest(…)``,
    as the importer's own); the line ids by code are looked up once, outside the timing, and
    nothing is validated.
    """
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from scoring.exporters import SHEET_FIRST_ROW

    ids = dict(sheet.lines.values_list("item__code", "id"))

    def floor():
        rows = [r for r in _read_rows(next_content("floor"))[SHEET_FIRST_ROW - 1 :] if r[0] in ids]
        points = [None if r[6] is None else Decimal(str(r[6])) for r in rows]
        columns = [[ids[r[0]] for r in rows], points, [r[7] or "" for r in rows]]
        columns.append([r[8] or "" for r in rows])
        sql = (
            "UPDATE scoring_scoreline AS line SET points = v.points, note = v.note, reason = v.reason, "
            "version = line.version + 1, updated_by_id = %s, updated_at = %s "
            "FROM unnest(%s::bigint[], %s::numeric[], %s::text[], %s::text[]) AS v(id, points, note, reason) "
            "WHERE line.id = v.id"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [actor.pk, timezone.now(), *columns])

    return floor


def _interleaved_medians(functions: dict, runs: int = 40) -> dict[str, float]:
    """Median wall-clock milliseconds of each function, called in turn so that all see the same load."""
    timings = {name: [] for name in functions}
    for number in range(runs + 1):
        for name, fn in functions.items():
            began = time.perf_counter()
            fn()
            if number:  # the first round warms up
                timings[name].append((time.perf_counter() - began) * 1000)
    return {name: statistics.median(values) for name, values in timings.items()}


def _cpu_ms(fn, runs: int = 15) -> float:
    """This process's CPU milliseconds per call (PostgreSQL's own work excluded)."""
    fn()
    began = time.process_time()
    for _ in range(runs):
        fn()
    return (time.process_time() - began) * 1000 / runs


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
