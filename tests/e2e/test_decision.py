"""In a real browser: the council office drafts the award decision from a held session, issues it (dd/mm/yyyy
date, the signer), sees the money, and the unit's page shows the award in its history."""

import pytest
from django.conf import settings

from awards.enums import Appraisal, AwardKind
from tests.awards.test_decisions import at_session, held_session, vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "decision-2024-pass"


def _log_in(browser, base_url, user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return page


def test_decision_drafted_issued_and_in_the_unit_history(
    browser, live_server, catalogue, world, council_officer, artifacts
):
    session = held_session(world, actor=council_officer)
    proposal = at_session(
        world.bloc_year,
        session,
        actor=council_officer,
        items=[(AwardKind.PROVINCE_FLAG, world.head, Appraisal.ELIGIBLE)],
    )
    vote(proposal.items.get(), session, passed=True, actor=council_officer)
    page = _log_in(browser, live_server.url, council_officer)

    page.goto(f"{live_server.url}/awards/decisions/")
    page.get_by_test_id("decision-draft").click()
    page.get_by_test_id("decision-issue").click()
    page.get_by_label("Date of the decision").fill("01/07/2024")
    page.get_by_label("Signed by").select_option("vice_chairman")
    page.get_by_label("Signer's name").fill("Trần Văn Ký")
    page.locator("main button[type=submit]").click()

    row = page.get_by_test_id("approved-item")
    assert "18,720,000" in row.inner_text() or "18.720.000" in row.inner_text()
    page.screenshot(path=str(artifacts / "decision-detail.png"), full_page=True)
    page.get_by_role("link", name=world.head.name).click()
    history = page.get_by_test_id("award-history")
    assert "2020" in history.inner_text() and "01/07/2024" in history.inner_text()
    page.screenshot(path=str(artifacts / "decision-unit-history.png"), full_page=True)
