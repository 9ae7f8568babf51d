"""No page shows a count of choices, a stored ballot or a receipt's choice before the ballot closes, to any
persona, the administrator included (DOMAIN §7); after closing every persona who sees the bloc sees the tally."""

import re

import pytest
from django.urls import reverse

from awards.services.ballots import cast_ballot, close_ballot, tally_ballot
from tests.personas import MEMBERS, PERSONAS, PROVINCE_SEERS, persona

pytestmark = pytest.mark.usefixtures("english")
VIEWERS = (*PROVINCE_SEERS, *MEMBERS)


@pytest.fixture
def voted(world, open_merit_ballot, unit_officer, deputy_officer):
    """M's officer chose the head unit H and D's officer chose M: (ballot, [receipts])."""
    receipts = [
        cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk]),
        cast_ballot(open_merit_ballot, voter=deputy_officer, choice=[world.member.pk]),
    ]
    return open_merit_ballot, receipts


def _login(client, request, name):
    user = persona(request, name)
    if name != "anonymous":
        client.force_login(user)


def _pages(client, ballot, receipt) -> dict[str, object]:
    return {
        "page": client.get(reverse("awards:ballot_detail", args=[ballot.pk])),
        "finder": client.get(reverse("awards:ballot_detail", args=[ballot.pk]), {"code": receipt}),
        "json": client.get(reverse("awards:ballot_participation", args=[ballot.pk])),
        "meeting": client.get(reverse("awards:meeting_detail", args=[ballot.meeting.bloc_year_id])),
    }


@pytest.mark.parametrize("name", PERSONAS)
def test_ballot_pages_before_closing_show_no_count_of_choices(request, client, voted, name):
    ballot, receipts = voted
    _login(client, request, name)

    responses = _pages(client, ballot, receipts[0])

    codes = {key: response.status_code for key, response in responses.items()}
    if name == "anonymous":
        assert set(codes.values()) == {302}  # to the login page
        return
    if name not in VIEWERS:
        assert set(codes.values()) == {404}
        return
    assert set(codes.values()) == {200}
    assert set(responses["json"].json()) == {"voted", "eligible", "status", "status_label"}
    for key in ("page", "finder", "meeting"):
        html = responses[key].content.decode()
        assert 'data-testid="tally"' not in html and 'data-testid="stored-ballots"' not in html
        assert "was counted:" not in html and '{"chosen"' not in html and "&quot;chosen" not in html
        assert receipts[1] not in html  # another voter's receipt appears nowhere
    assert "Receipts can be checked once the ballot closes." in responses["finder"].content.decode()
    assert "2 of 3 units entitled to vote have voted" in _text(responses["page"])


@pytest.mark.parametrize("name", PERSONAS)
def test_ballot_pages_after_tally_show_the_tally(request, client, voted, secretariat, name):
    ballot, receipts = voted
    tally_ballot(close_ballot(ballot, actor=secretariat), actor=secretariat)
    _login(client, request, name)

    responses = _pages(client, ballot, receipts[0])

    if name not in VIEWERS:
        assert {r.status_code for r in responses.values()} == ({302} if name == "anonymous" else {404})
        return
    page, finder = responses["page"].content.decode(), responses["finder"].content.decode()
    assert 'data-testid="tally"' in page and all(code in page for code in receipts)
    assert ballot.digest in page
    assert f"The ballot with the receipt {receipts[0]} was counted: Thanh tra tỉnh." in _text(responses["finder"])
    assert "No ballot with the receipt" not in finder


def test_ballot_tally_rows_show_votes_percent_and_outcome(client, voted, secretariat, council_member):
    ballot, _receipts = voted
    tally_ballot(close_ballot(ballot, actor=secretariat), actor=secretariat)
    client.force_login(council_member)

    rows = _text(client.get(reverse("awards:ballot_detail", args=[ballot.pk])))

    # 3 member units, default threshold more than 50 % of all members: 1 vote of 3 is 33.33 %, nobody passes.
    assert "Thanh tra tỉnh 1 33.33 % to the next round" in rows
    assert "Sở Tư pháp 0 0.00 % to the next round" in rows
    assert "Nobody reached the threshold: a new round among the same candidates." in rows


def test_ballot_receipt_finder_unknown_code_not_found(client, voted, secretariat, unit_officer):
    ballot, _receipts = voted
    close_ballot(ballot, actor=secretariat)
    client.force_login(unit_officer)

    response = client.get(reverse("awards:ballot_detail", args=[ballot.pk]), {"code": "AAAAA-BBBBB"})

    assert "No ballot with the receipt AAAAA-BBBBB was found." in _text(response)


def test_ballot_history_before_closing_names_voter_and_unit_only(client, voted, secretariat):
    ballot, _receipts = voted
    client.force_login(secretariat)

    text = _text(client.get(reverse("awards:ballot_detail", args=[ballot.pk])))

    assert text.count("Voted in the ballot") == 2
    assert "fingerprint" not in text.lower() and "digest" not in text.lower()


def _text(response) -> str:
    """The page's visible text with whitespace collapsed (tags dropped)."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
