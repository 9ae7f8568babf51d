"""The PDF renderer fetches only the project's own static files and data: URLs, never the network."""

import base64
import dataclasses
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

from core import pdf
from core.pdf import html_to_pdf, render_pdf
from tests.core.test_documents import HEADER, SIGNATURE
from tests.factories import image_bytes
from tests.pdf import pdf_fonts, pdf_text


class CountingHandler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red; }")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    """A local HTTP server that answers anything; the renderer must send it nothing."""
    CountingHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def static_dir(settings, tmp_path):
    """A static directory with one real image, a symlink to a file outside and a secret beside it."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "logo.png").write_bytes(image_bytes("PNG", size=(40, 40)))
    (tmp_path / "secret.css").write_text("body { color: red; }")
    (static / "leak.css").symlink_to(tmp_path / "secret.css")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, static]
    return static


def spy(monkeypatch) -> list[str]:
    """The URLs the fetcher was asked for and refused."""
    refused = []
    original = pdf.static_path

    def recording(url):
        try:
            return original(url)
        except Exception:
            refused.append(url)
            raise

    monkeypatch.setattr(pdf, "static_path", recording)
    return refused


def image_count(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def test_html_to_pdf_files_outside_static_and_network_addresses_are_refused(
    http_server, static_dir, monkeypatch, caplog
):
    refused = spy(monkeypatch)
    hostile = [
        "file:///etc/passwd",
        f"{http_server}/x.css",
        "file:///etc/hostname",
        f"{static_dir.as_uri()}/../secret.css",
        f"{static_dir.as_uri()}/leak.css",
        f"http://user:hunter2@127.0.0.1:{http_server.rsplit(':', 1)[1]}/y.css?token=s3cret",
        "ftp://127.0.0.1/z.png",
    ]
    html = (
        f'<html><head><link rel="stylesheet" href="{hostile[1]}">'
        f'<link rel="stylesheet" href="{hostile[3]}"><link rel="stylesheet" href="{hostile[4]}">'
        f'<link rel="stylesheet" href="{hostile[5]}"></head>'
        f'<body><img src="{hostile[0]}"><p style="background: url({hostile[2]})">x</p>'
        f'<img src="{hostile[6]}"></body></html>'
    )

    content = html_to_pdf(html)

    assert sorted(refused) == sorted(hostile)
    assert CountingHandler.requests == []
    assert content.startswith(b"%PDF-")
    warnings = [record.getMessage() for record in caplog.records if record.name == "core.pdf"]
    assert len(warnings) == len(hostile)
    assert not any("hunter2" in line or "s3cret" in line for line in warnings)


def test_html_to_pdf_static_image_relative_or_absolute_and_data_url_are_fetched(static_dir, monkeypatch):
    refused = spy(monkeypatch)
    data_url = "data:image/png;base64," + base64.b64encode(image_bytes("PNG", size=(8, 8))).decode()
    html = f'<img src="{static_dir.as_uri()}/logo.png"><img src="{data_url}"><img src="file:///etc/passwd">'

    content = html_to_pdf(html)

    assert refused == ["file:///etc/passwd"]
    assert image_count(content) == 2


def test_html_to_pdf_project_static_file_is_fetched_through_a_relative_link(monkeypatch):
    refused = spy(monkeypatch)

    html_to_pdf('<html><head><link rel="stylesheet" href="static/core/app.css"></head><body>x</body></html>')

    assert refused == []


def test_render_pdf_user_text_is_escaped_and_fonts_still_embedded(http_server, monkeypatch, tmp_path):
    refused = spy(monkeypatch)
    injected = f'<img src="file:///etc/passwd"><link rel="stylesheet" href="{http_server}/x.css">'
    header = dataclasses.replace(HEADER, summary=injected)

    content = render_pdf("documents/decree30.html", {"header": header, "signature": SIGNATURE, "recipients": []})

    assert refused == []  # escaped: the markup is text, nothing was asked for
    assert CountingHandler.requests == []
    assert 'src="file:///etc/passwd"' in pdf_text(content, tmp_path).replace("\n", " ")
    assert any("Liberation-Serif" in row[0] for row in pdf_fonts(content, tmp_path))
