"""What `/healthz` reports: the database, Redis and a worker's heartbeat, each with its latency.

No check reads or reveals data: the database answers ``SELECT 1``, Redis a ``PING``, and the worker is
known alive by a timestamp each worker process writes to Redis every ``HEARTBEAT_INTERVAL`` seconds (the
``Heartbeat`` boot step, registered in ``config.celery``). In the embedded default there is no Redis and
tasks run in-process: both checks then say so ("not configured", "in-process") and count as healthy,
because nothing is missing that the deployment should have.
"""

import contextlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import redis
from celery import bootsteps
from django.conf import settings
from django.db import connection

HEARTBEAT_KEY = "thidua:worker-heartbeat"
HEARTBEAT_INTERVAL = 10  # seconds between two beats of a worker
HEARTBEAT_MAX_AGE = 60  # a beat older than this means no worker is alive
REDIS_TIMEOUT = 1.0  # seconds; a health check must answer at once


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    latency_ms: float | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return {key: value for key, value in asdict(self).items() if key != "name"}


def report() -> list[Check]:
    """Every check, in order: database, Redis, worker."""
    return [check_database(), check_redis(), check_worker()]


def check_database() -> Check:
    return _timed("database", _select_one)


def check_redis() -> Check:
    if not settings.REDIS_URL:
        return Check("redis", ok=True, detail="not configured")
    return _timed("redis", lambda: _redis().ping())


def check_worker() -> Check:
    """The newest heartbeat of any worker process is at most ``HEARTBEAT_MAX_AGE`` seconds old."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check("worker", ok=True, detail="in-process")
    try:
        value = _redis().get(HEARTBEAT_KEY)
    except redis.RedisError as error:
        return Check("worker", ok=False, detail=f"heartbeat unreadable ({type(error).__name__})")
    if value is None:
        return Check("worker", ok=False, detail="no heartbeat")
    age = time.time() - float(value)
    detail = f"last heartbeat {age:.0f} s ago"
    return Check("worker", ok=age <= HEARTBEAT_MAX_AGE, latency_ms=round(age * 1000, 1), detail=detail)


def record_heartbeat() -> None:
    """Say that a worker is alive now (expires by itself when no worker beats any more); without Redis there
    is nobody to tell, and nothing is written."""
    if settings.REDIS_URL:
        _redis().set(HEARTBEAT_KEY, repr(time.time()), ex=HEARTBEAT_MAX_AGE * 2)


class Heartbeat(bootsteps.StartStopStep):
    """A worker boot step: beat at start, then every ``HEARTBEAT_INTERVAL`` seconds on the worker's timer."""

    requires = {"celery.worker.components:Timer"}

    def start(self, worker: object) -> None:
        self._beat()
        self.timer = worker.timer.call_repeatedly(HEARTBEAT_INTERVAL, self._beat)  # type: ignore[attr-defined]

    def stop(self, worker: object) -> None:
        timer = getattr(self, "timer", None)
        if timer is not None:
            timer.cancel()

    def _beat(self) -> None:
        # Redis is down or misconfigured: the missing beat is what /healthz reports; a beat never stops a worker.
        with contextlib.suppress(redis.RedisError, ValueError):
            record_heartbeat()


def _select_one() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)


def _timed(name: str, probe: Callable[[], object]) -> Check:
    start = time.perf_counter()
    try:
        probe()
    except Exception as error:  # any failure of the probe is the answer, named by its class
        return Check(name, ok=False, detail=type(error).__name__)
    return Check(name, ok=True, latency_ms=round((time.perf_counter() - start) * 1000, 1))
