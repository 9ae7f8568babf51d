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
from core import pdf
from core.documents import get_renderer

TARGET_RENDER = 1.2  # the app's dossier ÷ WeasyPrint alone on the same HTML, then the same join


@dataclass(frozen=True)
class Captured:
    html: str
    base_url: str
    stylesheets: list[Any]  # WeasyPrint CSS objects, parsed once (core.pdf caches them too)


def render_targets(proposal: Proposal, *, runs: int) -> list[Target]:
    """Time the app's renderer and WeasyPrint alone in turn, ``runs`` pairs after a warm-up; print them."""
    titles = [part.title for part in dossier_parts(proposal)]  # the first render also warms both paths
    with capturing_html() as captured:
        app_pdf = _through_app(proposal)
    if len(captured) != len(titles):
        raise SystemExit(f"captured {len(captured)} HTML documents for {len(titles)} parts")
    alone_pdf = _weasyprint_alone(captured, titles)
    pages = [len(PdfReader(io.BytesIO(content)).pages) for content in (app_pdf, alone_pdf)]
    timings: dict[str, list[float]] = {"app": [], "alone": []}
    for _ in range(runs):
        timings["app"].append(_seconds(lambda: _through_app(proposal)))
        timings["alone"].append(_seconds(lambda: _weasyprint_alone(captured, titles)))
    ratio = Spread.of(a / w for a, w in zip(timings["app"], timings["alone"], strict=True))
    html_kb = sum(len(c.html.encode()) for c in captured) / 1024
    print(
        f"\nDossier of a 10-unit bloc: {len(titles)} parts, {html_kb:.0f} KB of HTML, {pages[0]} pages "
        f"({len(app_pdf) / 1024:.0f} KB); WeasyPrint alone: {pages[1]} pages ({len(alone_pdf) / 1024:.0f} KB)"
    )
    print(
        f"median of {runs} runs (min–max): through the app {Spread.of(timings['app']).show(2, ' s')}, "
        f"WeasyPrint alone {Spread.of(timings['alone']).show(2, ' s')}; ratio {ratio.show(unit='×')} (each run paired)"
    )
    cpu = {"app": _cpu(lambda: _through_app(proposal)), "alone": _cpu(lambda: _weasyprint_alone(captured, titles))}
    print(
        f"  in CPU time of this process (one run each): app {cpu['app']:.2f} s, alone {cpu['alone']:.2f} s "
        f"({cpu['app'] / cpu['alone']:.2f}×)"
    )
    return [Target("dossier_render_vs_weasyprint", ratio.median, "≤", TARGET_RENDER)]


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
        def __init__(self, *, string: str, base_url: str) -> None:
            self.string, self.base_url = string, base_url

        def write_pdf(self, *, stylesheets: list[Any]) -> bytes:
            captured.append(Captured(self.string, self.base_url, list(stylesheets)))
            content: bytes = weasyprint.HTML(string=self.string, base_url=self.base_url).write_pdf(
                stylesheets=stylesheets
            )
            return content

    recording = mock.Mock(HTML=RecordingHTML, CSS=weasyprint.CSS)
    with mock.patch.object(pdf, "_weasyprint", return_value=recording):
        yield captured


def _seconds(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def _cpu(fn) -> float:
    began = time.process_time()
    fn()
    return time.process_time() - began
