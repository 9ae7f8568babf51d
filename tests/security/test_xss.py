"""Issue 12's XSS battery in Chromium: 100 payloads in every free-text field, on every page that shows them.

The demo story is loaded (through the services). First round through the app: each persona's edit pages
(this year's details and launch meeting, the police's draft report and returned registration, a unit's
details) get payloads typed into every text field and saved, so the History panels show them too; the
reopen reason goes through its service. Then, each round, every model field a free-text form field lands in
(found by walking the forms, see xss_fields) gets payloads written into every row, each row its own slice of
the corpus packed within the field's length; and each persona's pages are opened, with the unit search run
on every payload. A script that runs calls ``__xss(n)`` (counted), opens a dialog, loads a payload's outside
URL, or is refused by the Content-Security-Policy (all counted); and since a refused script is still a hole,
the DOM is searched for the elements and attributes the payloads would inject. Expected everywhere: 0.

Not every short field holds every payload: a 150-character field of one row holds a few per round (the
figures print the fewest); the long texts hold the whole corpus in every row.
"""

import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from awards.models import Ballot
from core.models import User
from tests.e2e.conftest import log_in
from tests.security.xss_fields import inject, through_services, unknown_fields
from tests.security.xss_forms import edit_pages, post_payloads
from tests.security.xss_payloads import MARKER, PAYLOADS, number_of, pack

PERSONAS = ["thuky.noichinh.hatinh", "canbo.congan.hatinh", "vanphong.hatinh", "hoidong.hatinh"]
PAGES_PER_PERSONA = 45
PER_SHAPE = 2  # two rows of a kind: they hold different slices of the corpus
NOT_PAGES = re.compile(
    r"/admin/|/logout/|/i18n/|/download/|/pdf/|\.xlsx$|\.json$|/xlsx/|/export/|/paper-ballots/|/vote-count-minutes/"
)

# Counts every call of the marker before any page script runs; a dialog is dismissed and counted too.
MARKER_SCRIPT = "window.__xss = n => console.log('XSS-EXECUTED ' + n);"
# Elements and attributes a payload injects: a data-xss<n> attribute, or an active attribute or a script or
# style element carrying a payload's number. Attribute values that are text (value, title...) do not count.
INJECTED = r"""() => {
  const marker = /xss(\(|&#40;)?1\d\d|data-xss/i;
  const active = /^(on|hx-|data-hx-|x-)|^(href|src|srcdoc|action|formaction|data|xlink:href|style|content|poster|background)$/i;
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attribute of el.attributes) {
      if (/^data-xss1\d\d/i.test(attribute.name) || (active.test(attribute.name) && marker.test(attribute.value)))
        found.push(`<${el.tagName.toLowerCase()} ${attribute.name}="${attribute.value.slice(0, 60)}">`);
    }
    if (/^(script|style)$/i.test(el.tagName) && marker.test(el.textContent)) found.push(`<${el.tagName}>${el.textContent.slice(0, 60)}`);
  }
  return found;
}"""

# The text a reader sees, form fields included: which payloads reached a page.
SHOWN_TEXT = (
    "() => document.body.innerText + [...document.querySelectorAll('input, textarea')].map(e => e.value).join(' ')"
)


def test_xss_corpus_has_100_distinct_numbered_payloads():
    numbers = [number_of(payload) for payload in PAYLOADS]

    assert len(set(PAYLOADS)) == 100
    assert numbers == list(range(100, 200))
    assert all(len({int(n) for n in MARKER.findall(payload)}) == 1 for payload in PAYLOADS)


def _raw_pages(browser, csp: str | None):
    """Each payload pasted unescaped into a page of its own (one payload's unclosed element would swallow the
    next ones), served with or without a strict CSP, with the counter on."""
    page = browser.new_page()
    counter = Counter(page)
    headers = {"Content-Type": "text/html"} | ({"Content-Security-Policy": csp} if csp else {})

    def serve(route):
        index = int(route.request.url.rsplit("/", 1)[1])
        body = f"<!doctype html><html><head><title>t</title></head><body><div>{PAYLOADS[index]}</div></body></html>"
        route.fulfill(status=200, headers=headers, body=body)

    page.route(re.compile(r"^http://xss\.test/"), lambda route: route.fulfill(status=404))  # src=x and the like
    page.route(re.compile(r"^http://xss\.test/\d+$"), serve)
    page.route("**/evil.example/**", lambda route: route.abort())
    for index in range(len(PAYLOADS)):
        _visit(page, counter, "http://xss.test", f"/{index}", "raw")
    page.close()
    return counter


@pytest.mark.browser
def test_xss_counter_catches_unescaped_payloads_with_and_without_csp(browser):
    open_page = _raw_pages(browser, None)
    strict = _raw_pages(browser, "default-src 'self'; script-src 'self'; style-src 'self'")

    print(
        f"\ncounter self-test: {len(open_page.executed)} executions without CSP; with it {len(strict.executed)} "
        f"executions, {len(strict.refused)} refusals, {len(strict.injected)} injected nodes"
    )
    assert len(open_page.executed) >= 20
    assert len(strict.refused) >= 5
    assert len(strict.injected) >= 60


def test_every_free_text_form_field_has_a_known_store():
    assert unknown_fields() == [], "free-text form fields the XSS battery does not fill (add them to xss_fields)"


class Counter:
    """What a page did with the payloads: scripts run, dialogs, CSP refusals, injected nodes."""

    def __init__(self, page):
        self.executed: list[str] = []
        self.refused: list[str] = []
        self.injected: list[str] = []
        self.shown: set[int] = set()
        page.add_init_script(MARKER_SCRIPT)
        page.on("dialog", lambda dialog: (self.executed.append(f"dialog {dialog.message}"), dialog.dismiss()))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._error(str(error)))
        page.on("request", self._request)

    def _request(self, request):
        if urlsplit(request.url).hostname == "evil.example":  # a payload's stylesheet or link was loaded
            self.executed.append(request.url)

    def _console(self, message):
        if message.text.startswith("XSS-EXECUTED"):
            self.executed.append(message.text)
        elif "Content Security Policy" in message.text:
            self.refused.append(message.text[:200])

    def _error(self, text):
        if re.search("xss", text, re.IGNORECASE):
            self.executed.append(text[:200])


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def _links(page, base_url) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = [href.split("#")[0][len(base_url) :] or "/" for href in hrefs if href.startswith(base_url)]
    return [path for path in paths if not NOT_PAGES.search(path.split("?")[0])]


def _seeds() -> list[str]:
    """Pages a crawl from the dashboard may miss: the ballots, the proposals and the decisions."""
    ballots = [reverse("awards:ballot_detail", args=[pk]) for pk in Ballot.objects.values_list("pk", flat=True)]
    return ["/", *ballots]


def _visit(page, counter, base_url, path, label) -> bool:
    try:
        response = page.goto(f"{base_url}{path}")
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return False
        raise
    if response is None or response.status in (403, 404):
        return False
    assert response.status < 500, f"{label} {path}: {response.status}"
    page.wait_for_timeout(30)  # an onerror or onload handler fires after the load event
    counter.injected += [f"{label} {path}: {node}" for node in page.evaluate(INJECTED)]
    counter.shown.update(int(number) for number in MARKER.findall(page.evaluate(SHOWN_TEXT)))
    return True


def _crawl(browser, base_url, user, counter_of) -> int:
    """Breadth-first over same-origin links, at most PER_SHAPE pages of one URL shape; returns pages opened."""
    page = log_in(browser, base_url, user)
    counter = counter_of(page)
    queue, seen, shapes, opened = _seeds(), set(), {}, 0
    while queue and opened < PAGES_PER_PERSONA:
        path = queue.pop(0)
        shape = _shape(path)
        if path in seen or shapes.get(shape, 0) >= PER_SHAPE:
            continue
        seen.add(path)
        if _visit(page, counter, base_url, path, user.username):
            shapes[shape] = shapes.get(shape, 0) + 1
            opened += 1
            queue += _links(page, base_url)
    page.context.close()
    return opened


@pytest.fixture
def demo_data(settings, catalogue):
    settings.DEBUG = True
    call_command("load_demo")


ROUNDS = 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_showing_every_payload_in_every_field_run_no_script(live_server, browser, demo_data):
    placed: dict[str, set[int]] = {}
    counters: list[Counter] = []
    posted = _post_edit_forms()
    pages = written = 0
    for round_number in range(ROUNDS):
        written += inject(round_number, placed)
        through_services(round_number, placed)
        for username in PERSONAS:
            pages += _crawl(browser, live_server.url, User.objects.get(username=username), _counting(counters))
    pages += _search(browser, live_server.url, User.objects.get(username="vanphong.hatinh"), _counting(counters))

    executed = [hit for counter in counters for hit in counter.executed]
    refused = [hit for counter in counters for hit in counter.refused]
    injected = [node for counter in counters for node in counter.injected]
    shown = set().union(*(counter.shown for counter in counters))
    _print_figures(placed, written + posted, pages, executed, refused, injected, shown)
    assert pages >= 100
    assert sorted(set(range(100, 200)) - shown) == []  # every payload reached a page
    assert executed == [], executed[:20]
    assert refused == [], refused[:20]
    assert injected == [], injected[:20]


def _post_edit_forms() -> int:
    """The first round goes through the app: each edit page's text fields typed in and saved by its persona."""
    start = filled = 0
    for username, url in edit_pages():
        status, count, start = post_payloads(url, username, start)
        assert status == 302, f"{username} {url}: {status} (the form refused the payloads)"
        filled += count
    return filled


def _search(browser, base_url, user, counter_of) -> int:
    """The unit search shows what was searched for: every payload goes through the query string once."""
    page = log_in(browser, base_url, user)
    counter, start, searched, opened = counter_of(page), 0, 0, 0
    while searched < len(PAYLOADS):
        query, numbers, start = pack(start, 100)  # the search reads 100 characters
        searched += len(numbers)
        opened += _visit(page, counter, base_url, f"/units/?{urlencode({'q': query})}", f"{user.username} search")
    page.context.close()
    return opened


def _counting(counters):
    def make(page):
        counters.append(Counter(page))
        return counters[-1]

    return make


def _print_figures(placed, written, pages, executed, refused, injected, shown):
    fewest = min(placed.items(), key=lambda item: len(item[1]))
    print(
        f"\nXSS battery: {len(PAYLOADS)} payloads, {len(placed)} fields ({written} values written in {ROUNDS} "
        f"rounds; the fewest payloads in one field: {len(fewest[1])} in {fewest[0]}), {pages} pages opened, "
        f"{len(shown)} payloads seen on them, {len(executed)} executions, {len(refused)} CSP refusals, {len(injected)} injected nodes"
    )
