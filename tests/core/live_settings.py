"""Settings of the app and the Celery worker the fault tests start (tests/core/faults.py).

The test settings, except that with REDIS_URL set the tasks go to that broker as in production
(the test settings run them in-process whatever REDIS_URL says).
"""

from config.settings_test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # noqa: F405
