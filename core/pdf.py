"""The one place that turns HTML into PDF (WeasyPrint, imported on first use: it takes ~0.6 s).

WeasyPrint fetches what a document links to (images, stylesheets, fonts). Documents carry text
that users typed; should escaping ever fail, an injected ``<img src="http://10.0.0.1/...">`` or
``url(file:///etc/passwd)`` must not make the server fetch it. The fetcher therefore serves only
files under the static roots (the places the templates' links resolve to) and data: URLs, and
refuses everything else: other files, symlinks or ``..`` leading out, and every network address.
"""

import logging
import mimetypes
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from core.forms import nfc

logger = logging.getLogger(__name__)


@cache
def _weasyprint() -> Any:
    import weasyprint  # noqa: PLC0415 - WeasyPrint takes ~0.6 s to import: only processes that render pay it

    return weasyprint


@cache
def _stylesheet(path: str) -> Any:
    return _weasyprint().CSS(filename=finders.find(path), url_fetcher=static_only_fetcher())


def warm_up() -> None:
    _weasyprint()


def static_roots() -> list[Path]:
    """STATIC_ROOT and every staticfiles finder's directory, symlinks resolved."""
    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for finder in finders.get_finders():
        roots += [Path(storage.location) for storage in getattr(finder, "storages", {}).values()]
    return [root.resolve() for root in roots]


def static_path(url: str) -> Path:
    """The file a ``file:`` URL names, if it lies under a static root; raises WeasyPrint's fetch error otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "file" and parts.netloc in {"", "localhost"}:
        path = Path(url2pathname(parts.path)).resolve()
        if path.is_file() and any(path.is_relative_to(root) for root in static_roots()):
            return path
    # Only where the URL pointed, never its user, password or query: they may hold secrets.
    shown = f"{parts.scheme}://{parts.hostname or ''}{':' if parts.port else ''}{parts.port or ''}{parts.path}"
    logger.warning("PDF rendering refused to fetch %s: only the project's static files are served", shown[:200])
    raise _weasyprint().urls.URLFetchingError("Only the project's static files may be fetched.")


@cache
def _fetcher_class() -> type:
    urls = _weasyprint().urls

    class StaticOnlyFetcher(urls.URLFetcher):  # type: ignore[name-defined]
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if urlsplit(url).scheme.lower() == "data":
                return super().fetch(url, headers)  # the content is in the URL: nothing is fetched
            path = static_path(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return urls.URLFetcherResponse(path.as_uri(), path.open("rb"), {"Content-Type": content_type})

    return StaticOnlyFetcher


def static_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves data: URLs and static files, and refuses everything else."""
    return _fetcher_class()()


def render_pdf(
    template_name: str, context: dict[str, Any], *, stylesheets: Sequence[str] = ("core/decree30.css",)
) -> bytes:
    """Render a template to PDF bytes with the Decree 30 stylesheet; text is NFC-normalised first."""
    return html_to_pdf(nfc(render_to_string(template_name, context)), stylesheets=stylesheets)


def html_to_pdf(html: str, *, stylesheets: Sequence[str] = ("core/decree30.css",)) -> bytes:
    """Turn HTML into PDF bytes; links resolve against the project directory, through the static-only fetcher."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=static_only_fetcher())
    pdf: bytes = document.write_pdf(stylesheets=[_stylesheet(path) for path in stylesheets])
    return pdf
