"""Services the fault tests start, stop and start again themselves, and the load they drive through the app.

Never the machine's shared PostgreSQL or Redis: a private redis-server and a private PostgreSQL cluster,
each on a free loopback port, and the app itself served by gunicorn (deploy/gunicorn.conf.py) in a
subprocess, so a request meets the outage exactly as in production.
"""

import glob
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from django.db import connection

from config.celery import app
from tests.conftest import require_service
from tests.logscan import scan_also

ROOT = Path(__file__).resolve().parents[2]
# Settings of the app and worker these tests start: the test settings, with a broker when REDIS_URL is set.
LIVE_SETTINGS = "tests.core.live_settings"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(0.1)


@pytest.fixture
def private_redis():
    require_service(shutil.which("redis-server") is not None, "redis-server (apt-get install redis-server)")
    server = PrivateRedis()
    yield server
    server.stop()


@pytest.fixture
def broker_at(private_redis):
    """Point the Celery app at the private Redis, sending tasks there instead of running them in-process."""
    saved = app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool
    app.conf.broker_url, app.conf.task_always_eager = private_redis.url, False
    app._pool = app.amqp._producer_pool = None  # the next send opens a pool on the private Redis
    yield private_redis
    for pool in {app._pool, app.amqp._producer_pool} - {None}:
        pool.force_close_all()
    app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved


class PrivateRedis:
    """A redis-server of this test's own, on a free port, that the test stops and starts."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def queued(self) -> int:
        return redis.Redis(port=self.port).llen("celery")


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    """A PostgreSQL cluster of this test's own (initdb into a temporary directory), on a free port.

    PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to the ``postgres`` system
    user that Debian's package creates, and every server command runs as that user.
    """

    def __init__(self):
        self.bin = _postgres_bin()
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="thidua-faults-pg-"))
        self.data = self.directory / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/thidua"

    @staticmethod
    def available() -> bool:
        if _postgres_bin() is None:
            return False
        if os.geteuid() != 0:
            return True
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return False
        return shutil.which("runuser") is not None

    def _server(self, *command: str) -> None:
        as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_user, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._server(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        self._server(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        """A fast shutdown, as ``systemctl restart postgresql`` does: open sessions are cut, their transactions rolled back."""
        self._server(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def log(self) -> Path:
        return self.directory / "postgresql.log"

    def copy_test_database(self) -> None:
        """A copy of the test database (schema, triggers and the rows the test committed) as database ``thidua``."""
        source = shared_database_url()
        subprocess.run(
            ["psql", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-c", "CREATE DATABASE thidua"],
            check=True,
        )
        dump = subprocess.run(["pg_dump", "--no-owner", "--dbname", source], check=True, capture_output=True)
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", self.url], input=dump.stdout, check=True
        )

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def shared_database_url() -> str:
    """The URL of the test run's own database, for the processes that should work on it."""
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def private_postgres():
    require_service(PrivatePostgres.available(), "PostgreSQL server binaries (apt-get install postgresql)")
    cluster = PrivatePostgres()
    cluster.init()
    cluster.start()
    yield cluster
    cluster.destroy()


class LiveApp:
    """The app under gunicorn (deploy/gunicorn.conf.py), on its own port, its output kept in a log file."""

    def __init__(self, *, database_url: str, redis_url: str = "", media_root: Path, log: Path, workers: int = 3):
        self.port = free_port()
        self.log = log
        scan_also(log)  # the app's own log lines are searched for secrets with the run's (tests/logscan.py)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": LIVE_SETTINGS,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "TEST_MEDIA_ROOT": str(media_root),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            # Django loaded once in the master, not by each worker on its first request (seconds on a busy
            # machine): the load should meet the outage, not the workers' start.
            "GUNICORN_CMD_ARGS": "--preload",
        }
        self.process = None

    def start(self) -> None:
        command = [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"]
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=output, stderr=output)
        wait_for(self._answers, timeout=60, what="gunicorn answering")
        for _ in range(3 * int(self.env["GUNICORN_WORKERS"])):  # each worker's first request resolves the URLs
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.request("GET", "/login/", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            conn.close()

    def _answers(self) -> bool:
        assert self.process.poll() is None, f"gunicorn exited; see {self.log}"
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=40)
            self.process = None


def start_worker(*, database_url: str, broker_url: str, media_root: Path, log: Path) -> subprocess.Popen:
    """A real Celery worker (solo pool) on the given database and broker, writing to ``log``."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": broker_url,
        "DJANGO_SETTINGS_MODULE": LIVE_SETTINGS,
        "TEST_MEDIA_ROOT": str(media_root),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING"]
    scan_also(log)
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)


@dataclass
class Answer:
    """One request of the load: what it was, when it was sent and answered, and what came back."""

    kind: str
    status: int
    sent: float
    answered: float
    body: str = ""
    saved: tuple[int, int, str] | None = None  # (line id, version, points) of a save answered as done


@dataclass
class Browser:
    """A signed-in user's requests to the live app, with the session and CSRF cookies the test made."""

    port: int
    cookies: dict[str, str]
    csrf_token: str

    def request(self, kind: str, method: str, path: str, form: dict | None = None) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf_token}
        sent = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=40)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            status, text = response.status, response.read().decode(errors="replace")
            conn.close()
        except OSError as error:  # no answer at all (reset, refused): counted apart from any status
            status, text = 0, repr(error)
        return Answer(kind, status, sent, time.monotonic(), text)


VERSION = re.compile(r'id="v-(\d+)" value="(\d+)"')


class LineSaver:
    """Saves one score line over and over with a new value each time, as a unit officer typing in the grid.

    Remembers the line's version from each answer (a conflict answer carries the current one too:
    a save answered 503 may still have been committed).
    """

    def __init__(self, browser: Browser, sheet_id: int, line_id: int, *, maximum: int):
        self.browser, self.sheet_id, self.line_id, self.maximum = browser, sheet_id, line_id, maximum
        self.version, self.count = 1, 0

    def __call__(self) -> Answer:
        self.count += 1
        points = str(self.count % self.maximum + 1)
        form = {"line": self.line_id, "version": self.version, "points": points, "note": "", "reason": ""}
        answer = self.browser.request("save", "POST", f"/scoring/sheets/{self.sheet_id}/lines/", form)
        found = dict(VERSION.findall(answer.body))
        if str(self.line_id) in found:
            self.version = int(found[str(self.line_id)])
        if answer.status == 200 and 'data-state="saved"' in answer.body:
            answer.saved = (self.line_id, self.version, points)
        return answer


@dataclass
class Load:
    """Threads each repeating one action until stopped; every answer is kept, in order."""

    actions: list[Callable[[], Answer]]
    pause: float = 0.05
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(action,), daemon=True) for action in self.actions]

    def _run(self, action: Callable[[], Answer]) -> None:
        while not self._stop.is_set():
            answer = action()
            with self._lock:
                self.answers.append(answer)
            time.sleep(self.pause)

    def __enter__(self) -> "Load":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def snapshot(self) -> list[Answer]:
        with self._lock:
            return list(self.answers)

    def succeeded_after(self, moment: float, kind: str) -> int:
        return sum(1 for a in self.snapshot() if a.kind == kind and a.sent >= moment and 200 <= a.status < 400)
