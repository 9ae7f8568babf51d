"""In a real browser: the council office drafts the award decision from a held session, issues it (dd/mm/yyyy
date, the signer), sees the money, and the unit's page shows the award in its history."""

import pytest

from awards.enums import Appraisal, AwardKind
from tests.awards.test_decisions import at_session, held_session, vote
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    page = log_in(browser, live_server.url, council_officer)

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
