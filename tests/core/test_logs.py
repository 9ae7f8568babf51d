"""Logs: one JSON line per request and task, with the request id carried from the request into its tasks."""

import json
import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

from core import logs
from core.logs import JsonFormatter, request_id

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _lines(caplog, logger: str) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records if record.name == logger]


def test_every_response_carries_a_fresh_request_id(client):
    first = client.get("/login/")
    second = client.get("/login/")

    assert len(first["X-Request-ID"]) == 32 and len(second["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxys_request_id_is_kept_and_a_malformed_one_replaced(client):
    kept = client.get("/login/", headers={"X-Request-ID": "nginx-0123456789abcdef"})
    replaced = client.get("/login/", headers={"X-Request-ID": "bad id\nforged: line"})

    assert kept["X-Request-ID"] == "nginx-0123456789abcdef"
    assert "\n" not in replaced["X-Request-ID"] and len(replaced["X-Request-ID"]) == 32


def test_a_request_is_one_json_line_without_its_query_string(client, caplog, django_user_model):
    user = django_user_model.objects.create_user("officer", password="x")
    client.force_login(user)
    caplog.set_level(logging.INFO, logger="thidua.request")

    response = client.get("/?secret=visible-only-in-the-url", headers={"X-Request-ID": "req-abcdef0123"})

    [line] = _lines(caplog, "thidua.request")
    assert line["request_id"] == "req-abcdef0123" == response["X-Request-ID"]
    assert (line["method"], line["path"], line["status"], line["user_id"]) == ("GET", "/", 200, user.pk)
    assert line["duration_ms"] >= 0 and line["level"] == "INFO"
    assert "visible-only-in-the-url" not in json.dumps(line)


def test_a_line_is_json_even_for_an_exception_with_vietnamese_text():
    try:
        raise ValueError("Phiếu chấm điểm không hợp lệ")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Lỗi: %s", ("ạ",), sys.exc_info())

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "Lỗi: ạ" and "Phiếu chấm điểm không hợp lệ" in line["exception"]
    assert "\n" not in JsonFormatter().format(record)


def test_a_task_run_in_process_logs_its_line_under_the_request_id(caplog):
    app = Celery("logs-test", set_as_current=False)
    app.conf.task_always_eager = True

    @app.task(name="tests.logs.echo")
    def echo() -> str:
        return request_id.get()

    caplog.set_level(logging.INFO, logger="thidua.task")
    token = request_id.set("req-in-process-1")
    try:
        seen = echo.delay().get()
    finally:
        request_id.reset(token)

    [line] = _lines(caplog, "thidua.task")
    assert seen == "req-in-process-1"
    assert (line["task"], line["state"], line["request_id"]) == ("tests.logs.echo", "SUCCESS", "req-in-process-1")


def test_the_request_id_goes_into_the_headers_of_a_sent_task():
    headers: dict = {}
    token = request_id.set("req-sent-000001")
    try:
        logs._send_request_id(headers=headers)
    finally:
        request_id.reset(token)
    outside: dict = {}
    logs._send_request_id(headers=outside)

    assert headers == {"request_id": "req-sent-000001"} and outside == {}


@pytest.mark.redis
def test_a_real_worker_runs_the_task_under_the_request_id_that_sent_it():
    """A worker process of tests/core/echo_worker.py answers each task with the request id it ran under."""
    queue = f"test-logs-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    command = [sys.executable, "-m", "celery", "-A", "tests.core.echo_worker", "worker", "--pool=solo"]
    worker = subprocess.Popen([*command, "-Q", queue, "--loglevel=WARNING"], cwd=ROOT, env=env)
    try:
        from tests.core.echo_worker import echo_request_id  # noqa: PLC0415 - its app reads REDIS_URL

        token = request_id.set("req-to-worker-42")
        try:
            result = echo_request_id.apply_async(queue=queue)
        finally:
            request_id.reset(token)
        outside = echo_request_id.apply_async(queue=queue)

        assert result.get(timeout=60) == "req-to-worker-42"
        assert outside.get(timeout=60) == ""
    finally:
        worker.terminate()
        worker.wait(timeout=30)
