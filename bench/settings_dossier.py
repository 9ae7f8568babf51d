"""Settings of the dossier benchmark (``make bench-dossier``): the scoring benchmark's, with a real broker.

The runner and its Celery workers share them: builds go through Redis (BENCH_REDIS_URL, a database
of its own) on a queue named for the run (BENCH_QUEUE), so other workers on the machine never take
them; files are written under the run's own media root (BENCH_MEDIA_ROOT), removed at the end.
"""

import os
import tempfile
from pathlib import Path

from bench.settings import *  # noqa: F403

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"

CELERY_BROKER_URL = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("BENCH_QUEUE", "bench-dossier")
CELERY_BEAT_SCHEDULE: dict = {}
MEDIA_ROOT = Path(os.environ.get("BENCH_MEDIA_ROOT") or Path(tempfile.gettempdir()) / "thidua-bench-media")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
