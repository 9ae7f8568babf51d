"""gunicorn for the benchmark, its CPU time from /proc, and a plain HTTP client signed in to it."""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    def pids(self) -> list[int]:
        """The gunicorn master and its workers."""
        return process_family(self.process.pid)

    def request(self, method: str, path: str, *, cookie: str = "", body: str | None = None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        connection.close()
        return response, content


def start_gunicorn(env: dict[str, str]) -> Server:
    """gunicorn serving bench.wsgi (the project, plus the bare page behind Django's default middleware)."""
    port = int(os.environ.get("BENCH_PORT", 0)) or _free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [
        gunicorn,
        "bench.wsgi:application",
        "--workers=2",
        "--worker-class=sync",
        f"--bind={HOST}:{port}",
        "--log-level=warning",
    ]
    _wait(lambda: not _port_open(port))  # a previous run's server may still be stopping
    server = Server(subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True), port)
    if _wait(lambda: len(server.pids()) >= 3 and _port_open(port)):
        return server
    stop(server)
    raise SystemExit("gunicorn did not start")


def _wait(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()


def process_family(parent: int) -> list[int]:
    """``parent`` and its child processes (gunicorn's workers, a Celery worker's pool)."""
    pids = [parent]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                pids.append(int(entry.name))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / CLOCK_TICKS


def login(server: Server, username: str, password: str, *, session_cookie: str) -> str:
    """Sign in through the login form; the Cookie header of the signed-in session."""
    response, content = server.request("GET", "/login/")
    csrf = _cookie(response, "csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if token is None:
        raise SystemExit(f"login page without a CSRF token: HTTP {response.status}")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
    )
    response, _ = server.request("POST", "/login/", cookie=f"csrftoken={csrf}", body=form)
    session = _cookie(response, session_cookie)
    if response.status != 302 or not session:
        raise SystemExit(f"login failed: HTTP {response.status}")
    return f"csrftoken={csrf}; {session_cookie}={session}"


def _cookie(response, name: str) -> str:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return ""
