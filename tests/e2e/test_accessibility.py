"""Issue 13: axe (WCAG 2.1 A/AA) finds nothing on the pages each demo persona reaches, at 1280 and 390 px,
and no page scrolls sideways on a phone.

The demo is loaded once (one test walks every persona) because loading it is the slow part.
"""

import re
from importlib.resources import files
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from awards.models import Ballot
from blocs import demo
from tests.e2e.conftest import log_in, submit_password_and_code
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The administrator last: it reaches every form, and would spend the page budget before the working pages.
PERSONAS = ["vanphong.hatinh", "hoidong.hatinh", "thuky.noichinh.hatinh", "canbo.congan.hatinh", "admin"]
WIDTHS = (1280, 390)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES_PER_PERSONA = 40
# Downloads, the admin site (Django's own pages), the language and log-out forms are not pages of ours.
NOT_PAGES = re.compile(
    r"/admin/|/logout/|/i18n/|/download/|/pdf/|\.xlsx$|\.json$|/xlsx/|/paper-ballots/|/vote-count-minutes/"
)


# Where a sideways scroll starts: elements past the right edge, outside any scrolling box, whose parent fits,
# and absolutely placed ones (a scrolling box clips them only when it is positioned).
WIDEST = """() => {
  const past = e => e.getBoundingClientRect().right > innerWidth + 1;
  const inBox = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== "visible") return true; } return false; };
  return [...document.querySelectorAll("body *")].filter(e => past(e) && (getComputedStyle(e).position === "absolute" || !inBox(e) && !past(e.parentElement)))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
      + (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\\s+/).join(".") : ""));
}"""


def _axe_source() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def demo_data(settings, catalogue):
    settings.DEBUG = True
    call_command("load_demo")


def _scanning_page(browser, base_url, username):
    """A signed-in page whose context may inject axe: bypass_csp is for this scan only, never for the app."""
    context = browser.new_context(bypass_csp=True, viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(demo.DEMO_PASSWORD)
    submit_password_and_code(page, base_url, username)
    return page


def _shape(path: str) -> str:
    """/blocs/3/?year=2026 and /blocs/7/ are the same template: scan one of them."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def _links(page, base_url) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        url, _ = urldefrag(href)
        if url.startswith(base_url):
            path = url[len(base_url) :] or "/"
            if not NOT_PAGES.search(urlsplit(path).path):
                paths.append(path)
    return paths


def _scan(page, axe_source, label) -> list[str]:
    found = []
    page.evaluate(axe_source)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        result = page.evaluate("tags => axe.run(document, {runOnly: tags, resultTypes: ['violations']})", AXE_TAGS)
        for violation in result["violations"]:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            found.append(f"{label} @{width}px: {violation['id']} ({violation['impact']}) at {targets}")
        if width == 390:
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if widths[0] > widths[1]:
                culprits = ", ".join(page.evaluate(WIDEST))
                found.append(f"{label} @390px: scrolls sideways ({widths[0]} > {widths[1]} px) from {culprits}")
    return found


def _seeds() -> list[str]:
    """Pages a shape-deduplicated crawl may miss: the demo's ballots sit on one year's meeting only."""
    return ["/"] + [reverse("awards:ballot_detail", args=[pk]) for pk in Ballot.objects.values_list("pk", flat=True)]


def _crawl(page, base_url, username, seen_shapes, axe_source) -> list[str]:
    """Breadth-first over same-origin links from the dashboard, one page per URL shape not yet scanned."""
    seeds = _seeds()
    queue, found, scanned = list(seeds), [], 0
    while queue and scanned < PAGES_PER_PERSONA:
        path = queue.pop(0)
        shape = _shape(path)
        if shape in seen_shapes:
            continue
        try:
            response = page.goto(f"{base_url}{path}")
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                seen_shapes.add(shape)
                continue  # a file behind a plain link (evidence, attachments), not a page
            raise
        if path in seeds and response is not None and response.status in (403, 404):
            continue  # a seed this persona may not see
        seen_shapes.add(shape)
        assert response is not None and response.ok, f"{username} {path}: {response and response.status}"
        found += _scan(page, axe_source, f"{username} {path}")
        scanned += 1
        queue += _links(page, base_url)
    return found


def test_crawled_pages_have_no_axe_violations_and_fit_a_phone(live_server, browser, demo_data):
    axe_source = _axe_source()
    seen_shapes: set[str] = set()
    context = browser.new_context(bypass_csp=True)
    login = context.new_page()
    login.goto(f"{live_server.url}/login/")
    found = _scan(login, axe_source, "anonymous /login/")
    context.close()
    for username in PERSONAS:
        page = _scanning_page(browser, live_server.url, username)
        seen_shapes.discard("/")  # every persona has a dashboard of their own
        found += _crawl(page, live_server.url, username, seen_shapes, axe_source)
        page.context.close()

    assert len(seen_shapes) >= 25, sorted(seen_shapes)  # the crawl reached the apps, not just the dashboard
    assert not found, "\n".join(found)


def _ring(page) -> list[str]:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )


def test_keyboard_focus_rings_stand_out_from_their_ground(live_server, browser):
    page = log_in(browser, live_server.url, UserFactory())

    page.locator(".app-navbar .nav-link").first.focus()
    on_red_bar = _ring(page)
    page.locator("#language").focus()
    form_field = _ring(page)
    page.locator("footer button").focus()
    button = _ring(page)

    assert on_red_bar == ["solid", "3px", "rgb(255, 255, 255)"]  # 9.3:1 on #8b1a1a, Bootstrap had none
    assert form_field == ["solid", "2px", "rgb(10, 58, 130)"]  # 10.8:1 on white, Bootstrap's glow was 1.41:1
    assert button == ["solid", "3px", "rgb(10, 58, 130)"]
