"""A Celery app for the request-id test: the project's signals, a Redis broker, one task that tells its id.

Imported only by tests/core/test_logs.py and by the worker process it starts; no product code uses it.
"""

import os

import django
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
django.setup()  # connects core.logs' task signals, as in the project's worker

app = Celery("echo", broker=os.environ["REDIS_URL"], backend=os.environ["REDIS_URL"], set_as_current=False)


@app.task(name="tests.echo_request_id")
def echo_request_id() -> str:
    from core.logs import request_id  # noqa: PLC0415 - read in the worker, after setup

    return request_id.get()
