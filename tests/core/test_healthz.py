"""`/healthz`: no sign-in, no data; each part with its latency; 503 naming the part that is down."""

import os
import time

import pytest
import redis
from django.db import connection
from django.db.utils import OperationalError

from core import health

pytestmark = pytest.mark.django_db

# Nothing listens on port 1 of loopback: a connection there is refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def embedded(settings):
    """The embedded default: no Redis, tasks in-process."""
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def with_redis(settings):
    """A deployment with Redis and real workers (REDIS_URL of the test run)."""
    url = _test_redis_url()
    settings.REDIS_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client = redis.Redis.from_url(url)
    client.delete(health.HEARTBEAT_KEY)
    yield client
    client.delete(health.HEARTBEAT_KEY)


def _test_redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("Redis (REDIS_URL) not available")
    return url


def test_healthz_answers_without_sign_in_and_names_no_data(client, embedded):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "redis", "worker"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["database"]["latency_ms"] >= 0
    assert body["checks"]["redis"] == {"ok": True, "latency_ms": None, "detail": "not configured"}
    assert body["checks"]["worker"]["detail"] == "in-process"
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_names_the_database_when_it_does_not_answer(client, embedded, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == {"ok": False, "latency_ms": None, "detail": "OperationalError"}


def test_healthz_names_redis_and_the_worker_when_redis_is_down_and_answers_within_two_seconds(client, settings):
    settings.REDIS_URL = DEAD_REDIS
    settings.CELERY_TASK_ALWAYS_EAGER = False
    started = time.monotonic()

    response = client.get("/healthz")

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["redis", "worker"]
    assert body["checks"]["redis"]["detail"] == "ConnectionError"
    assert body["checks"]["worker"]["detail"] == "heartbeat unreadable (ConnectionError)"
    assert "127.0.0.1" not in response.content.decode()  # no address, no URL, no password


def test_healthz_refuses_other_methods(client, embedded):
    assert client.post("/healthz").status_code == 405


@pytest.mark.redis
def test_healthz_without_any_worker_heartbeat_names_the_worker(client, with_redis):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]
    assert response.json()["checks"]["worker"]["detail"] == "no heartbeat"
    assert response.json()["checks"]["redis"]["ok"] is True


@pytest.mark.redis
def test_healthz_counts_a_stale_heartbeat_as_no_worker_and_a_fresh_one_as_alive(client, with_redis):
    with_redis.set(health.HEARTBEAT_KEY, repr(time.time() - health.HEARTBEAT_MAX_AGE - 5))
    stale = client.get("/healthz")
    health.record_heartbeat()
    fresh = client.get("/healthz")

    assert stale.status_code == 503
    assert stale.json()["failing"] == ["worker"]
    assert fresh.status_code == 200
    assert fresh.json()["checks"]["worker"]["ok"] is True
    assert fresh.json()["checks"]["worker"]["latency_ms"] < 5_000


@pytest.mark.worker
def test_a_running_worker_beats_so_healthz_is_ok(client, with_redis, celery_worker_queue):
    """The real worker of the test run (started by the session fixture) writes the heartbeat by itself."""
    deadline = time.monotonic() + 60
    response = client.get("/healthz")
    while response.status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
        response = client.get("/healthz")

    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["ok"] is True


def test_a_worker_without_redis_url_beats_nothing_and_keeps_running(settings):
    """A worker whose broker is configured apart from REDIS_URL (the benchmarks) must start: the beat is skipped."""
    settings.REDIS_URL = ""
    step = health.Heartbeat.__new__(health.Heartbeat)

    step._beat()  # no exception: nothing to write to


def test_a_beat_to_an_unusable_redis_url_never_raises(settings):
    settings.REDIS_URL = "not-a-url"
    step = health.Heartbeat.__new__(health.Heartbeat)

    step._beat()
