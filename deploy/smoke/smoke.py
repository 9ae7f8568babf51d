"""The production-shape smoke test, through nginx only (run by deploy/smoke/run.sh).

Health with a live worker, sign-in (the secretariat enrols an authenticator, then signs in with its code),
the dashboard, one score line saved, a PDF built by the worker and downloaded — sent by nginx after Django's
X-Accel-Redirect, which nginx's access log shows as an upstream response of 0 bytes for a body of the file's
size. Standard library only; exits non-zero on the first failure.

Environment: SMOKE_BASE_URL (https://localhost:18443), SMOKE_HTTP_URL (http://127.0.0.1:18080),
SMOKE_CA_FILE (the self-signed certificate), SMOKE_ACCESS_LOG (nginx's JSON access log), SMOKE_PASSWORD.
"""

import base64
import hashlib
import hmac
import html
import http.cookiejar
import json
import os
import re
import ssl
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

BASE = os.environ.get("SMOKE_BASE_URL", "https://localhost:18443")
HTTP_BASE = os.environ.get("SMOKE_HTTP_URL", "http://127.0.0.1:18080")
CA_FILE = os.environ.get("SMOKE_CA_FILE", "")
ACCESS_LOG = os.environ.get("SMOKE_ACCESS_LOG", "")
PASSWORD = os.environ.get("SMOKE_PASSWORD", "thidua-demo-2026")
UNIT_OFFICER = "canbo.congan.hatinh"  # a draft self-score sheet of Hà Tĩnh 2020 (scoring/demo.py)
SECRETARIAT = "thuky.noichinh.hatinh"  # sees the 2020 score summary and may render its PDF
PDF_WAIT_SECONDS = 120
ENROL_PATH = "/account/two-factor/setup/"
VERIFY_PATH = "/account/two-factor/verify/"


class SmokeFailure(Exception):
    pass


@dataclass
class Response:
    status: int
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar and an HTTPS opener trusting the smoke certificate; Referer and Origin on every POST."""

    def __init__(self, *, follow: bool = True) -> None:
        context = ssl.create_default_context(cafile=CA_FILE or None)
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(self.jar)]
        if not follow:
            handlers.append(NoRedirect())
        self.opener = urllib.request.build_opener(*handlers)

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        request = urllib.request.Request(_absolute(url), headers=headers or {})  # noqa: S310 - http(s) of the smoke site
        return self._open(request)

    def post(self, url: str, data: dict[str, str], *, referer: str) -> Response:
        body = urllib.parse.urlencode(data).encode()
        headers = {"Referer": _absolute(referer), "Origin": BASE}
        request = urllib.request.Request(_absolute(url), data=body, headers=headers, method="POST")  # noqa: S310
        return self._open(request)

    def cookie(self, name: str) -> http.cookiejar.Cookie | None:
        return next((c for c in self.jar if c.name == name), None)

    def _open(self, request: urllib.request.Request) -> Response:
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Response(answer.status, answer.url, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.url, dict(error.headers), error.read())


def _absolute(url: str) -> str:
    return url if url.startswith("http") else BASE + url


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def csrf_token(page: Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if match is None:
        raise SmokeFailure(f"no CSRF token on {page.url}")
    return match.group(1)


def first(pattern: str, page: Response, what: str) -> str:
    match = re.search(pattern, page.text)
    if match is None:
        raise SmokeFailure(f"{what} not found on {page.url}")
    return html.unescape(match.group(1))


# --- Steps ------------------------------------------------------------------------------------------


def check_health() -> None:
    """GET /healthz over plain HTTP on loopback (the monitor's way), until the worker's heartbeat is in."""
    deadline = time.monotonic() + 60
    while True:
        answer = Browser().get(HTTP_BASE + "/healthz")
        report = json.loads(answer.body or b"{}")
        if answer.status == 200 and report.get("status") == "ok":
            break
        expect(time.monotonic() < deadline, f"/healthz answered {answer.status}: {answer.text}")
        time.sleep(2)
    checks = report["checks"]
    expect(sorted(checks) == ["database", "redis", "worker"], f"unexpected checks {sorted(checks)}")
    expect(all(check["ok"] for check in checks.values()), f"a check is not ok: {checks}")
    expect("heartbeat" in checks["worker"]["detail"], f"no worker heartbeat: {checks['worker']}")
    expect(answer.headers.get("X-Request-ID", "") != "", "no X-Request-ID sent back")
    print(f"  healthz ok: {json.dumps(checks)}")


def check_http_redirects() -> None:
    answer = Browser(follow=False).get(HTTP_BASE + "/login/")
    expect(answer.status == 301, f"plain HTTP /login/ answered {answer.status}, not 301")
    expect(answer.headers.get("Location", "").startswith("https://"), f"redirect to {answer.headers.get('Location')}")


def check_static() -> None:
    login = Browser().get("/login/")
    stylesheet = first(r'<link[^>]+href="(/static/[^"]+\.css)"', login, "a stylesheet")
    answer = Browser().get(stylesheet, headers={"Accept-Encoding": "gzip"})
    expect(answer.status == 200, f"{stylesheet} answered {answer.status}")
    cache = answer.headers.get("Cache-Control", "")
    expect("immutable" in cache and "max-age=31536000" in cache, f"{stylesheet}: Cache-Control {cache!r}")
    expect(answer.headers.get("Content-Encoding") == "gzip", f"{stylesheet} not sent gzipped")
    print(f"  {stylesheet}: {cache}, gzip")


def check_no_public_media() -> None:
    for path in ("/media/", "/protected-media/generated/x.pdf"):
        answer = Browser(follow=False).get(path)
        expect(answer.status in (302, 404), f"{path} answered {answer.status}")


def sign_in(username: str, state: dict) -> Browser:
    """Password, then the second factor when the server asks: enrolment (the key read from the page, as a
    person would type it into an authenticator app) or the code step (a code from the key kept in ``state``)."""
    browser = Browser()
    form = browser.get("/login/")
    expect(form.status == 200, f"/login/ answered {form.status}")
    data = {"csrfmiddlewaretoken": csrf_token(form), "username": username, "password": PASSWORD}
    answer = browser.post("/login/", data, referer="/login/")
    step = urllib.parse.urlsplit(answer.url).path
    if step == ENROL_PATH:
        answer = enrol(browser, answer, username, state)
    elif step == VERIFY_PATH:
        answer = verify(browser, answer, username, state)
    expect(answer.status == 200 and urllib.parse.urlsplit(answer.url).path == "/", f"sign-in of {username} failed")
    session = browser.cookie("__Host-sessionid")
    expect(session is not None and session.secure, "no Secure __Host-sessionid cookie")
    return browser


def totp_code(key: str, username: str, state: dict) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits); never the same period twice, as the server refuses a code twice."""
    period = max(int(time.time()) // 30, state.get(f"period:{username}", -1) + 1)
    state[f"period:{username}"] = period
    digest = hmac.new(base64.b32decode(key), struct.pack(">Q", period), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def enrol(browser: Browser, page: Response, username: str, state: dict) -> Response:
    expect("<svg" in page.text, "the enrolment page shows no QR code")
    key = first(r'data-testid="totp-key">([A-Z2-7 ]+)<', page, "the authenticator key").replace(" ", "")
    state[f"key:{username}"] = key
    data = {"csrfmiddlewaretoken": csrf_token(page), "code": totp_code(key, username, state), "next": "/"}
    codes = browser.post(page.url, data, referer=page.url)
    expect(codes.status == 200 and 'data-testid="recovery-codes"' in codes.text, f"enrolment failed ({codes.status})")
    print(f"  {username}: authenticator enrolled, recovery codes shown")
    return browser.get("/")


def verify(browser: Browser, page: Response, username: str, state: dict) -> Response:
    key = state.get(f"key:{username}", "")
    expect(bool(key), f"{username} is asked for a code but enrolled no authenticator in this run")
    data = {"csrfmiddlewaretoken": csrf_token(page), "code": totp_code(key, username, state), "next": "/"}
    answer = browser.post(page.url, data, referer=page.url)
    print(f"  {username}: code accepted")
    return answer


def load_dashboard(browser: Browser) -> Response:
    dashboard = browser.get("/")
    expect(dashboard.status == 200, f"dashboard answered {dashboard.status}")
    expect("no-store" in dashboard.headers.get("Cache-Control", ""), "signed-in page without no-store")
    expect("Strict-Transport-Security" in dashboard.headers, "no HSTS header")
    return dashboard


def save_score_line(browser: Browser, dashboard: Response) -> None:
    sheet_url = first(r'href="(/scoring/sheets/\d+/)"', dashboard, "the unit's score sheet link")
    grid = browser.get(sheet_url)
    save_url = first(r'hx-post="(/scoring/sheets/\d+/lines/)"', grid, "the grid's save endpoint")
    line = re.search(
        r'name="line" value="(\d+)"><input type="hidden" name="version" id="v-\d+" value="(\d+)">', grid.text
    )
    if line is None:
        raise SmokeFailure(f"no editable line on {sheet_url}")
    line_id, version = line.groups()
    data = {
        "csrfmiddlewaretoken": csrf_token(grid),
        "line": line_id,
        "version": version,
        "points": "0",
        "note": "smoke",
    }
    answer = browser.post(save_url, data, referer=sheet_url)
    expect(
        answer.status == 200 and 'data-state="saved"' in answer.text,
        f"line not saved ({answer.status}): {answer.text[:300]}",
    )
    reloaded = browser.get(sheet_url)
    saved_version = first(rf'id="v-{line_id}" value="(\d+)"', reloaded, "the saved line")
    expect(int(saved_version) == int(version) + 1, f"line {line_id} still at version {saved_version}")
    print(f"  {sheet_url}: line {line_id} saved, version {version} → {saved_version}")


def render_pdf(browser: Browser, dashboard: Response) -> tuple[str, str]:
    """Ask for the score summary PDF; poll its page (as HTMX does) until the worker has built it."""
    sheet_url = first(r'href="(/scoring/sheets/\d+/)"', dashboard, "a score sheet link")
    summary_url = first(r'href="(/scoring/years/\d+/scores/)"', browser.get(sheet_url), "the summary link")
    summary = browser.get(summary_url)
    pdf_url = first(r'action="(/scoring/years/\d+/scores/pdf/)"', summary, "the PDF button")
    page = browser.post(pdf_url, {"csrfmiddlewaretoken": csrf_token(summary)}, referer=summary_url)
    expect(page.status == 200 and "/files/" in page.url, f"PDF request answered {page.status} at {page.url}")
    deadline = time.monotonic() + PDF_WAIT_SECONDS
    while True:
        status_part = browser.get(page.url, headers={"HX-Request": "true"})
        status = first(r'data-status="(\w+)"', status_part, "the file status")
        if status == "ready":
            break
        expect(status in ("pending", "building"), f"file status {status}")
        expect(time.monotonic() < deadline, f"PDF not ready after {PDF_WAIT_SECONDS} s")
        time.sleep(1)
    download = first(r'href="(/files/[0-9a-f-]+/download/)"', status_part, "the download link")
    sha256 = first(r"SHA-256 <code>([0-9a-f]{64})</code>", status_part, "the file's SHA-256")
    print(f"  {page.url}: ready, sha256 {sha256[:12]}…")
    return download, sha256


def download_pdf(browser: Browser, download: str, sha256: str) -> None:
    answer = browser.get(download)
    expect(answer.status == 200, f"download answered {answer.status}")
    expect(answer.body.startswith(b"%PDF"), "the download is not a PDF")
    expect(hashlib.sha256(answer.body).hexdigest() == sha256, "the downloaded bytes differ from the stored file")
    expect("X-Accel-Redirect" not in answer.headers, "nginx passed X-Accel-Redirect through")
    expect("attachment" in answer.headers.get("Content-Disposition", ""), "no Content-Disposition: attachment")
    request_id = answer.headers.get("X-Request-ID", "")
    line = _access_log_line(download, request_id)
    expect(line["bytes"] == len(answer.body), f"nginx sent {line['bytes']} bytes, the file has {len(answer.body)}")
    expect(line["uri"].startswith("/protected-media/"), f"nginx served {line['uri']}, not /protected-media/")
    expect(line["upstream_bytes"] == "0", f"Django sent {line['upstream_bytes']} bytes itself: no X-Accel-Redirect")
    print(f"  {download}: {len(answer.body)} bytes sent by nginx, 0 by Django (X-Accel-Redirect)")


def _access_log_line(uri: str, request_id: str) -> dict:
    """nginx's JSON line for this request (X-Request-ID is nginx's $request_id, passed to Django and back)."""
    expect(bool(ACCESS_LOG) and bool(request_id), "no access log or request id to check X-Accel-Redirect with")
    for _ in range(20):
        with open(ACCESS_LOG, encoding="utf-8") as log:
            lines = [json.loads(raw) for raw in log if raw.strip()]
        found = [entry for entry in lines if entry["request_id"] == request_id]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise SmokeFailure(f"no access-log line for request {request_id} ({uri})")


STEPS = [
    ("GET /healthz over HTTP on loopback: database, Redis, worker heartbeat", lambda state: check_health()),
    ("Plain HTTP redirects to HTTPS", lambda state: check_http_redirects()),
    ("Static file from nginx: long cache, gzip", lambda state: check_static()),
    ("No public media", lambda state: check_no_public_media()),
    (
        f"Sign in as {UNIT_OFFICER} (no second factor owed)",
        lambda state: state.update(officer=sign_in(UNIT_OFFICER, state)),
    ),
    ("Dashboard", lambda state: state.update(officer_dashboard=load_dashboard(state["officer"]))),
    ("Save a score line", lambda state: save_score_line(state["officer"], state["officer_dashboard"])),
    (f"Sign in as {SECRETARIAT}: enrol an authenticator", lambda state: sign_in(SECRETARIAT, state)),
    (
        f"Sign in again as {SECRETARIAT}: password and code",
        lambda state: state.update(secretary=sign_in(SECRETARIAT, state)),
    ),
    (
        "Render the score summary PDF (worker)",
        lambda state: state.update(pdf=render_pdf(state["secretary"], load_dashboard(state["secretary"]))),
    ),
    ("Download it through nginx", lambda state: download_pdf(state["secretary"], *state["pdf"])),
]


def main() -> int:
    state: dict = {}
    for title, step in STEPS:
        start = time.monotonic()
        print(f"- {title}", flush=True)
        try:
            step(state)
        except SmokeFailure as failure:
            print(f"  FAILED: {failure}", file=sys.stderr)
            return 1
        print(f"  ok ({time.monotonic() - start:.1f} s)", flush=True)
    print("Smoke test passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
