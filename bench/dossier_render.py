"""A dossier rendered through the app against WeasyPrint alone on the same HTML, in this process.

Imported by bench.dossier once Django is set up (it reads models at import).
"""

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from awards.documents.dossier import Part, bundle, dossier_parts
from awards.enums import DOSSIER_KIND
from awards.models import Proposal
from bench.report import Spread, Target
from config.celery import prepare_worker_process
from core import pdf
from core.documents import get_renderer

TARGET_RENDER = 1.2  # the app's dossier ÷ WeasyPrint alone on the same HTML, then the same join


@dataclass(frozen=True)
class Captured:
    html: str
    base_url: str
    stylesheets: list[Any]  # WeasyPrint CSS objects, parsed once (core.pdf caches them too)
    began: float  # perf_counter when the renderer handed the HTML over, and when WeasyPrint was done
    ended: float


def render_targets(proposal: Proposal, *, runs: int) -> list[Target]:
    """Time the app's renderer and WeasyPrint alone in turn, ``runs`` pairs after a warm-up; print them."""
    prepare_worker_process()  # this process as a worker is when its first job comes: WeasyPrint loaded, start-up frozen
    titles = [part.title for part in dossier_parts(proposal)]  # the first render also warms both paths
    with capturing_html() as captured:
        began = time.perf_counter()
        app_pdf = _through_app(proposal)
        ended = time.perf_counter()
    if len(captured) != len(titles):
        raise SystemExit(f"captured {len(captured)} HTML documents for {len(titles)} parts")
    alone_pdf = _weasyprint_alone(captured, titles)
    pages = [len(PdfReader(io.BytesIO(content)).pages) for content in (app_pdf, alone_pdf)]
    wall: dict[str, list[float]] = {"app": [], "alone": []}
    cpu: dict[str, list[float]] = {"app": [], "alone": []}
    calls = {"app": lambda: _through_app(proposal), "alone": lambda: _weasyprint_alone(captured, titles)}
    for _ in range(runs):
        for name, fn in calls.items():
            seconds, cpu_seconds = _timed(fn)
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
    ratio = Spread.of(a / w for a, w in zip(wall["app"], wall["alone"], strict=True))
    cpu_ratio = Spread.of(a / w for a, w in zip(cpu["app"], cpu["alone"], strict=True))
    html_kb = sum(len(c.html.encode()) for c in captured) / 1024
    print(
        f"\nDossier of a 10-unit bloc: {len(titles)} parts, {html_kb:.0f} KB of HTML, {pages[0]} pages "
        f"({len(app_pdf) / 1024:.0f} KB); WeasyPrint alone: {pages[1]} pages ({len(alone_pdf) / 1024:.0f} KB)"
    )
    print(f"median of {runs} runs (min–max), each run of the app paired with one of WeasyPrint alone:")
    print(
        f"  wall: through the app {Spread.of(wall['app']).show(2, ' s')}, "
        f"WeasyPrint alone {Spread.of(wall['alone']).show(2, ' s')}; ratio {ratio.show(unit='×')}"
    )
    print(
        f"  CPU of this process (PostgreSQL's share of the app's queries not in it): through the app "
        f"{Spread.of(cpu['app']).show(2, ' s')}, WeasyPrint alone {Spread.of(cpu['alone']).show(2, ' s')}; "
        f"ratio {cpu_ratio.show(unit='×')}"
    )
    _print_parts(titles, captured, began, ended)
    return [
        Target("dossier_render_vs_weasyprint", ratio.median, "≤", TARGET_RENDER),
        # On a loaded machine the wall-clock ratio moves with the load; this process's CPU does not.
        Target("dossier_render_cpu_vs_weasyprint", cpu_ratio.median, "≤", TARGET_RENDER),
    ]


def _print_parts(titles: list[str], captured: list[Captured], began: float, ended: float) -> None:
    """Where the captured render spent its time: before each part's WeasyPrint call (queries, context,
    template), in WeasyPrint, and after the last part (the join)."""
    print("  the captured render, part by part (ms): before WeasyPrint (queries, context, template) / WeasyPrint")
    previous = began
    for title, c in zip(titles, captured, strict=True):
        print(f"    {(c.began - previous) * 1000:7.0f} / {(c.ended - c.began) * 1000:7.0f}  {title}")
        previous = c.ended
    print(f"    {(ended - previous) * 1000:7.0f}            the pypdf join")


def _through_app(proposal: Proposal) -> bytes:
    """The registered renderer, as core's build runs it (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        content: bytes = get_renderer(DOSSIER_KIND).render(proposal).content
    return content


def _weasyprint_alone(captured: list[Captured], titles: list[str]) -> bytes:
    weasyprint = pdf._weasyprint()
    parts = [
        Part(title, weasyprint.HTML(string=c.html, base_url=c.base_url).write_pdf(stylesheets=c.stylesheets))
        for title, c in zip(titles, captured, strict=True)
    ]
    return bundle(parts)


@contextmanager
def capturing_html() -> Iterator[list[Captured]]:
    """Record the HTML (and stylesheets) every ``core.pdf.render_pdf`` call hands WeasyPrint, in order."""
    weasyprint = pdf._weasyprint()
    captured: list[Captured] = []

    class RecordingHTML:
        def __init__(self, *, string: str, base_url: str, url_fetcher: Any = None) -> None:
            self.string, self.base_url, self.url_fetcher = string, base_url, url_fetcher

        def write_pdf(self, *, stylesheets: list[Any]) -> bytes:
            began = time.perf_counter()
            html = weasyprint.HTML(string=self.string, base_url=self.base_url, url_fetcher=self.url_fetcher)
            content: bytes = html.write_pdf(stylesheets=stylesheets)
            captured.append(Captured(self.string, self.base_url, list(stylesheets), began, time.perf_counter()))
            return content

    recording = mock.Mock(HTML=RecordingHTML, CSS=weasyprint.CSS)
    with mock.patch.object(pdf, "_weasyprint", return_value=recording):
        yield captured


def _timed(fn) -> tuple[float, float]:
    """Wall-clock and this process's CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu
