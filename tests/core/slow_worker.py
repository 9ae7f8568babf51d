"""The Celery app of the crash test's worker: the project's app plus a test-only renderer that is slow once.

The first build of a ``tests.slow_once`` file writes its process id to ``SLOW_RENDER_MARKER`` and then
sleeps, so the test can SIGKILL exactly the process that renders; any later build renders at once. No
product code path sleeps: the kind exists only in the processes that import this module.
"""

import io
import os
import time
from pathlib import Path

from pypdf import PdfWriter

from config.celery import app
from core.documents import Rendered, renderer

SLOW_KIND = "tests.slow_once"

__all__ = ["SLOW_KIND", "app", "slow_once_pdf"]


@renderer(SLOW_KIND, permission="core.view_user")
def slow_once_pdf(target: object) -> Rendered:
    marker = Path(os.environ.get("SLOW_RENDER_MARKER", "/nonexistent/marker"))
    try:
        handle = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except (FileExistsError, FileNotFoundError):
        handle = None
    if handle is not None:
        os.write(handle, str(os.getpid()).encode())
        os.close(handle)
        time.sleep(120)  # the test kills this process here
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stream = io.BytesIO()
    writer.write(stream)
    return Rendered(stream.getvalue(), "slow.pdf")
