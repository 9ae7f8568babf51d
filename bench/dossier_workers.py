"""Dossier throughput: six dossiers requested through the app, built by a real Celery worker at 1, then 2.

Imported by bench.dossier once Django is set up (it reads models at import). The worker is
``celery -A config worker --pool=prefork`` with the benchmark's settings, consuming the run's own
queue. Each measurement starts a fresh worker, warms each of its processes with one dossier (WeasyPrint's
fonts and the templates load on the first render), then requests the six dossiers at once — the app's
own ``request_generated_file``, which enqueues the build on commit — and waits until every file is ready.
"""

import os
import subprocess
import sys
import time

import redis
from django.conf import settings

from awards.enums import DOSSIER_KIND
from awards.models import Proposal
from bench.report import Spread, Target
from bench.server import ROOT, cpu_seconds, process_family
from core.enums import GeneratedFileStatus
from core.models import GeneratedFile, User
from core.services import request_generated_file

TARGET_THROUGHPUT = 1.7  # dossiers/minute with 2 worker processes ÷ with 1
CONCURRENCY = (1, 2)
TIMEOUT = 600  # seconds for one batch: far beyond a slow machine's


def throughput_targets(proposals: list[Proposal], actor: User, *, rounds: int) -> list[Target]:
    """Per round, the batch at each concurrency in turn (a change in the machine's load hits both); print them."""
    per_minute: dict[int, list[float]] = {n: [] for n in CONCURRENCY}
    cpu: dict[int, list[float]] = {n: [] for n in CONCURRENCY}
    try:
        for _ in range(rounds):
            for concurrency in CONCURRENCY:
                seconds, cpu_per_dossier = _batch(proposals, actor, concurrency=concurrency)
                per_minute[concurrency].append(len(proposals) * 60 / seconds)
                cpu[concurrency].append(cpu_per_dossier)
    finally:
        _forget_queue()
    cores = os.cpu_count()
    print(f"\n{len(proposals)} dossiers through the file request and a Celery worker ({cores} cores on this machine)")
    for concurrency in CONCURRENCY:
        print(
            f"  --concurrency={concurrency}: {Spread.of(per_minute[concurrency]).show(1, ' dossiers/min')}, "
            f"worker CPU {Spread.of(cpu[concurrency]).show(2, ' s')} per dossier"
        )
    ratio = Spread.of(two / one for one, two in zip(per_minute[1], per_minute[2], strict=True))
    print(f"throughput with 2 processes ÷ with 1: {ratio.show(unit='×')} (median of {rounds} round(s), min–max)")
    return [Target("dossier_throughput_ratio", ratio.median, "≥", TARGET_THROUGHPUT)]


def _batch(proposals: list[Proposal], actor: User, *, concurrency: int) -> tuple[float, float]:
    """Wall seconds from the first request until every file is ready, and the worker's CPU seconds per dossier."""
    worker = _start_worker(concurrency)
    try:
        _wait_ready([_request(p, actor) for p in proposals[:concurrency]])  # one warm-up dossier per process
        pids = process_family(worker.pid)
        cpu_before = cpu_seconds(pids)
        began = time.perf_counter()
        _wait_ready([_request(p, actor) for p in proposals])
        seconds = time.perf_counter() - began
        return seconds, (cpu_seconds(pids) - cpu_before) / len(proposals)
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def _forget_queue() -> None:
    """Delete the run's queue and kombu's bindings of it from the broker: the next run has a queue of its own."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    keys = list(broker.scan_iter(match=f"*{settings.CELERY_TASK_DEFAULT_QUEUE}*"))
    if keys:
        broker.delete(*keys)


def _request(proposal: Proposal, actor: User) -> GeneratedFile:
    return request_generated_file(proposal, kind=DOSSIER_KIND, actor=actor)


def _start_worker(concurrency: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "--quiet", "-A", "config", "worker", "--pool=prefork"]
    command += [f"--concurrency={concurrency}", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "--loglevel=WARNING"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ})


def _wait_ready(files: list[GeneratedFile]) -> None:
    ids = [f.pk for f in files]
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        statuses = list(GeneratedFile.objects.filter(pk__in=ids).values_list("status", flat=True))
        if GeneratedFileStatus.FAILED in statuses:
            errors = GeneratedFile.objects.filter(pk__in=ids, status=GeneratedFileStatus.FAILED).values_list("error")
            raise SystemExit(f"a dossier failed to build: {errors[0][0][:300]}")
        if statuses.count(GeneratedFileStatus.READY) == len(ids):
            return
        time.sleep(0.05)
    raise SystemExit(f"the dossiers were not built within {TIMEOUT} s")
