"""One JSON line per log record, with the request id that ties a request to the tasks it enqueues.

The request id comes from the proxy's ``X-Request-ID`` header when it looks like one (nginx's
``$request_id``), otherwise it is made here; it goes back to the client in the response's header, into
every log line written while the request runs, and into the headers of every task the request sends,
so the worker's lines carry it too.

What a line holds is chosen, never dumped: the request line has the method, the path without its query
string, the status, the time and the user's id. Form data, cookies, session keys and headers are never
logged, so no password, session or ballot choice can reach a log.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The fields a line may carry besides its own, given as ``extra=`` by the code that logs.
FIELDS = ("method", "path", "status", "duration_ms", "user_id", "task", "task_id", "state")

request_log = logging.getLogger("thidua.request")
task_log = logging.getLogger("thidua.task")


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC), level, logger, message, request id and the known fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = getattr(record, "request_id", "") or request_id.get()
        if current:
            line["request_id"] = current
        line.update({field: getattr(record, field) for field in FIELDS if hasattr(record, field)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Stamp each record with the request id current when it is made (a handler may format it later)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get()
        return True


class RequestIdMiddleware:
    """Give the request its id, log one line when it is answered, and send the id back in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        token = request_id.set(given if _VALID_ID.match(given) else uuid.uuid4().hex)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id.get()
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                    "request_id": request_id.get(),
                },
            )
            return response
        finally:
            request_id.reset(token)


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, or None; also None when the database is down (reading the user would fail again)."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except (OperationalError, InterfaceError):
        return None


def _send_request_id(headers: dict[str, Any] | None = None, **kwargs: object) -> None:
    """A task sent while a request (or a task) runs carries its id in the message's headers."""
    current = request_id.get()
    if headers is not None and current:
        headers[TASK_HEADER] = current


_task_started: dict[str, tuple[float, contextvars.Token[str] | None]] = {}


def _task_begins(task_id: str = "", task: Any = None, **kwargs: object) -> None:
    """The worker takes the request id from the message (a task run in-process keeps the request's)."""
    sent = getattr(task.request, TASK_HEADER, None) if task is not None else None
    token = request_id.set(sent) if isinstance(sent, str) and _VALID_ID.match(sent) else None
    _task_started[task_id] = (time.perf_counter(), token)


def _task_ends(task_id: str = "", task: Any = None, state: str | None = None, **kwargs: object) -> None:
    """One line per task run: its name, id, final state and time."""
    started, token = _task_started.pop(task_id, (time.perf_counter(), None))
    name = getattr(task, "name", "")
    task_log.info(
        "%s %s",
        name,
        state,
        extra={
            "task": name,
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "request_id": request_id.get(),
        },
    )
    if token is not None:
        request_id.reset(token)


before_task_publish.connect(_send_request_id)
task_prerun.connect(_task_begins)
task_postrun.connect(_task_ends)
