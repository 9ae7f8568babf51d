import gc
import os

from celery import Celery
from celery.signals import worker_process_init

from core.health import Heartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Every worker writes a heartbeat to Redis that /healthz reads.
app.steps["worker"].add(Heartbeat)


@worker_process_init.connect
def prepare_worker_process(**kwargs: object) -> None:
    """Import WeasyPrint once per worker process (about 0.6 s), not during the first job; then freeze
    what start-up loaded (Django, WeasyPrint: several hundred thousand objects that live as long as
    the process) so that the garbage collector's full passes during a render skip them."""
    from core.pdf import warm_up  # noqa: PLC0415 - core cannot load while config is being imported

    warm_up()
    gc.freeze()
