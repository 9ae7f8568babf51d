"""The one place that turns HTML into PDF (WeasyPrint, imported on first use: it takes ~0.6 s)."""

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from core.forms import nfc


@cache
def _weasyprint() -> Any:
    import weasyprint  # noqa: PLC0415 - WeasyPrint takes ~0.6 s to import: only processes that render pay it

    return weasyprint


@cache
def _stylesheet(path: str) -> Any:
    return _weasyprint().CSS(filename=finders.find(path))


def warm_up() -> None:
    _weasyprint()


def render_pdf(
    template_name: str, context: dict[str, Any], *, stylesheets: Sequence[str] = ("core/decree30.css",)
) -> bytes:
    """Render a template to PDF bytes with the Decree 30 stylesheet; text is NFC-normalised first."""
    weasyprint = _weasyprint()
    html = nfc(render_to_string(template_name, context))
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    pdf: bytes = document.write_pdf(stylesheets=[_stylesheet(path) for path in stylesheets])
    return pdf
