"""A representative votes from a 390-px-wide phone: from the dashboard to the ballot, with the keyboard only,
to the receipt, and no page scrolls sideways."""

import pytest
from django.conf import settings

from awards.models import CastBallot
from tests.awards.conftest import (  # noqa: F401 - fixtures used by name
    draft_ballot,
    meeting_session,
    open_merit_ballot,
    ready_year,
    voting_meeting,
)
from tests.e2e.conftest import submit_password_and_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "phone-vote-2020"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A phone's browser, in English (the source language: the texts asserted are the msgids)."""
    context = browser.new_context(locale="en-US", viewport=PHONE, has_touch=True, is_mobile=True)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _scroll_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def test_representative_votes_on_phone_with_keyboard(
    live_server,
    phone,
    world,
    open_merit_ballot,  # noqa: F811 - the imported fixture
    unit_officer,
    artifacts,
):
    unit_officer.set_password(PASSWORD)
    unit_officer.save(update_fields=["password"])
    page = phone
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill(unit_officer.username)
    page.locator("input[name=password]").fill(PASSWORD)
    submit_password_and_code(page, live_server.url, unit_officer.username)

    page.get_by_role("link", name="A ballot is open for you", exact=False).click()
    page.wait_for_url(f"{live_server.url}/awards/ballots/{open_merit_ballot.pk}/")
    assert _scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "ballot-phone-paper.png", full_page=True)
    box = page.get_by_label("Thanh tra tỉnh")  # a real label names each checkbox
    assert box.bounding_box()["height"] >= 20
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    page.keyboard.press("Tab")  # the last candidate on the paper (by name): the button comes next
    assert page.evaluate("document.activeElement.dataset.testid") == "cast"
    page.keyboard.press("Enter")

    receipt = page.locator("[data-testid=receipt]")
    assert receipt.inner_text() == CastBallot.objects.get(ballot=open_merit_ballot).receipt
    assert _scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "ballot-phone-receipt.png", full_page=True)
    assert "/receipt" not in page.url and receipt.inner_text() not in page.url
