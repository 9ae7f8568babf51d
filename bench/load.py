"""Load on the pages: wrk when installed, else Python threads; one ``Result`` per page and round."""

import http.client
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.server import HOST, Server, cpu_seconds


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # CPU of the gunicorn processes per request
    errors: int
    size: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


# What legitimately differs between a page and its twin: CSRF tokens and the language form's "next" path.
TOKEN = re.compile(rb'[A-Za-z0-9]{64}|name="next" type="hidden" value="[^"]*"')


def check_twins(server: Server, pages: dict[str, str], cookie: str) -> None:
    """Warm every page (the twins capture their context now) and compare each page with its twin."""
    bodies = {}
    for name, path in pages.items():
        for _ in range(3):
            response, bodies[name] = server.request("GET", path, cookie=cookie)
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
    print(f"bare: {len(bodies['bare']):,} bytes; behind Django's default middleware {len(bodies['bare default']):,}")


def measure_rounds(server: Server, pages: dict[str, str], cookie: str, options) -> dict[str, list[Result]]:
    """Each page in turn, ``--rounds`` times, so that a change in the machine's load hits every page alike."""
    results: dict[str, list[Result]] = {name: [] for name in pages}
    for _ in range(options.rounds):
        for name, path in pages.items():
            results[name].append(_measure(server, name, path, cookie, options))
    return results


def _measure(server: Server, name: str, path: str, cookie: str, options) -> Result:
    pids = server.pids()
    before = cpu_seconds(pids)
    load = _wrk if shutil.which("wrk") else _threads
    requests, seconds, p50, p99, errors = load(server, path, cookie, options)
    cpu = cpu_seconds(pids) - before
    size = len(server.request("GET", path, cookie=cookie)[1])
    return Result(name, requests, seconds, p50, p99, cpu * 1000 / max(requests, 1), errors, size)


def _wrk(server: Server, path: str, cookie: str, options) -> tuple[int, float, float, float, int]:
    command = [
        "wrk",
        "-t1",
        f"-c{options.connections}",
        f"-d{max(1, round(options.seconds))}s",
        "--latency",
        "--timeout=10s",  # a slow answer on a loaded machine is latency, not an error
        "-H",
        f"Cookie: {cookie}",
        f"http://{HOST}:{server.port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests, seconds, unit = _search(r"(\d+) requests in ([\d.]+)(m?s)", output).group(1, 2, 3)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    elapsed = float(seconds) / (1000 if unit == "ms" else 1)
    return int(requests), elapsed, _wrk_ms(output, "50%"), _wrk_ms(output, "99%"), errors


def _wrk_ms(output: str, percentile: str) -> float:
    value, unit = _search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def _search(pattern: str, output: str) -> re.Match[str]:
    match = re.search(pattern, output)
    if match is None:
        raise SystemExit(f"unexpected wrk output (no {pattern!r}):\n{output}")
    return match


def _threads(server: Server, path: str, cookie: str, options) -> tuple[int, float, float, float, int]:
    """Fallback without wrk: one http.client connection per thread, reused while the server keeps it."""
    latencies: list[float] = []
    errors, stop = [0], time.perf_counter() + options.seconds

    def client():
        connection = http.client.HTTPConnection(HOST, server.port, timeout=30)
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
