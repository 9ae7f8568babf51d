"""Settings of the scoring benchmark (``make bench-scoring``): production settings on a private database.

DEBUG is off and database connections are persistent, as in production; HTTPS redirects are
off because the benchmark talks plain HTTP to gunicorn on the loopback interface.
"""

import os
import tempfile
from pathlib import Path

from config.env import database_config
from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, DATABASES, STORAGES, TEMPLATES

DEBUG = False
SECRET_KEY = "bench-only-secret-key-never-used-for-anything-real-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

DATABASES["default"] = database_config("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench")
DATABASES["default"]["CONN_MAX_AGE"] = None  # persistent: reconnecting per request costs about a quarter
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# No collectstatic run for the benchmark: plain static storage instead of the manifest.
# The benchmark fetches HTML only; an empty static root keeps WhiteNoise quiet.
STATIC_ROOT = Path(tempfile.gettempdir()) / "thidua-bench-static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": os.environ.get("LOG_LEVEL", "WARNING")}}
