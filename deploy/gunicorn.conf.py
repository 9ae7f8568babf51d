"""gunicorn settings for thidua-web.service (and the CI smoke test): `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Sync workers, 2 × cores + 1: a request holds its worker for its whole length, so nothing slow runs in one —
PDFs are built by the Celery worker and downloads are sent by nginx (X-Accel-Redirect). The environment
(GUNICORN_BIND, GUNICORN_WORKERS) may override the address and the count.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# nginx buffers slow clients; a request still running after this is killed and logged.
timeout = 30
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once): bounds slow leaks.
max_requests = 2000
max_requests_jitter = 200
# Only nginx on this machine may set X-Forwarded-*.
forwarded_allow_ips = "127.0.0.1,::1"
# Django writes one JSON line per request with its request id (core.logs); gunicorn's own access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = "info"
proc_name = "thidua-web"
# gunicorn ≥ 25 opens a control socket under $HOME, which is read-only under ProtectSystem=strict;
# `systemctl reload thidua-web` (HUP) is the control used here.
control_socket_disable = True
