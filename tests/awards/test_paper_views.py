"""The paper ballot's pages: one allowed and one forbidden case per view; bad input answered 400, nothing saved."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from awards.enums import BallotStatus
from awards.models import CountingMember, PaperCount
from awards.presenters.paper import ballot_paper_context, counting_context
from awards.services.paper import record_counting_committee
from core.models import GeneratedFile

pytestmark = pytest.mark.usefixtures("english")
COMMITTEE = [("Lê Văn Cường", "Chánh Văn phòng", True), ("Phạm Thị Dung", "Chuyên viên", False)]


def _url(name, *args):
    return reverse(f"awards:{name}", args=args)


def _count_form(world, **changes):
    data = {"issued": 3, "returned": 3, "valid": 3, "invalid": 0}
    data |= {f"votes_{world.head.pk}": 2, f"votes_{world.deputy.pk}": 1, f"votes_{world.member.pk}": 0}
    return data | changes


def test_counting_committee_edit_secretariat_records(client, voting_meeting, secretariat):
    client.force_login(secretariat)
    form = {"name_0": "Lê Văn Cường", "title_0": "Chánh Văn phòng", "name_1": "Phạm Thị Dung", "head": "0"}

    response = client.post(_url("counting_committee_edit", voting_meeting.pk), form)

    assert response.status_code == 302
    assert list(CountingMember.objects.values_list("name", "is_head")) == [
        ("Lê Văn Cường", True),
        ("Phạm Thị Dung", False),
    ]


def test_counting_committee_edit_head_on_blank_row_400_nothing_saved(client, voting_meeting, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("counting_committee_edit", voting_meeting.pk), {"name_0": "A", "head": "3"})

    assert response.status_code == 400 and "The head must be a row with a name." in response.content.decode()
    assert not CountingMember.objects.exists()


def test_counting_committee_edit_member_forbidden(client, voting_meeting, unit_officer):
    client.force_login(unit_officer)

    assert client.get(_url("counting_committee_edit", voting_meeting.pk)).status_code == 403


def test_paper_count_record_form_names_candidates_of_the_year(client, world, draft_ballot, secretariat):
    client.force_login(secretariat)

    page = client.get(_url("paper_count_record", draft_ballot.pk)).content.decode()

    assert f"Votes for {world.head.name}" in page and f"Votes for {world.member.name}" in page


def test_paper_count_record_valid_tallies(client, world, draft_ballot, voting_meeting, secretariat):
    record_counting_committee(voting_meeting, actor=secretariat, members=COMMITTEE)
    client.force_login(secretariat)

    response = client.post(_url("paper_count_record", draft_ballot.pk), _count_form(world))

    assert response.status_code == 302
    draft_ballot.refresh_from_db()
    assert draft_ballot.status == BallotStatus.TALLIED and draft_ballot.result["elected"] == [world.head.pk]


def test_paper_count_record_inconsistent_lists_every_reason_nothing_saved(
    client, world, draft_ballot, voting_meeting, secretariat
):
    record_counting_committee(voting_meeting, actor=secretariat, members=COMMITTEE)
    client.force_login(secretariat)

    response = client.post(_url("paper_count_record", draft_ballot.pk), _count_form(world, issued=2, valid=2))

    page = response.content.decode()
    assert response.status_code == 400
    assert "More ballots were returned (3) than issued (2)." in page
    assert "must add up to the ballots returned" in page and "The votes add up to 3" in page
    assert not PaperCount.objects.exists()


def test_paper_count_record_without_committee_says_why(client, world, draft_ballot, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("paper_count_record", draft_ballot.pk), _count_form(world))

    assert response.status_code == 400 and "vote-counting committee" in response.content.decode()


def test_paper_count_record_member_forbidden(client, draft_ballot, unit_officer):
    client.force_login(unit_officer)

    assert client.get(_url("paper_count_record", draft_ballot.pk)).status_code == 403


def test_paper_ballots_pdf_secretariat_builds_member_forbidden(
    client, draft_ballot, secretariat, unit_officer, django_capture_on_commit_callbacks
):
    client.force_login(unit_officer)
    assert client.post(_url("paper_ballots_pdf", draft_ballot.pk), {"per_page": "2"}).status_code == 403

    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("paper_ballots_pdf", draft_ballot.pk), {"per_page": "2"})

    generated = GeneratedFile.objects.get()
    assert response.status_code == 302 and generated.kind == "awards.paper_ballots_2"
    assert generated.status == "ready"


def test_vote_count_minutes_pdf_draft_forbidden(client, draft_ballot, secretariat):
    client.force_login(secretariat)

    assert client.post(_url("vote_count_minutes_pdf", draft_ballot.pk)).status_code == 403


def test_vote_count_minutes_pdf_member_gets_minutes(
    client, world, draft_ballot, voting_meeting, secretariat, unit_officer, django_capture_on_commit_callbacks
):
    record_counting_committee(voting_meeting, actor=secretariat, members=COMMITTEE)
    client.force_login(secretariat)
    client.post(_url("paper_count_record", draft_ballot.pk), _count_form(world))
    client.force_login(unit_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("vote_count_minutes_pdf", draft_ballot.pk))

    assert response.status_code == 302
    assert GeneratedFile.objects.get(kind="awards.vote_count_minutes").status == "ready"


def test_meeting_counting_include_lists_committee_with_edit_link(voting_meeting, secretariat, unit_officer):
    record_counting_committee(voting_meeting, actor=secretariat, members=COMMITTEE)

    mine = render_to_string(
        "awards/_meeting_counting.html", {"meeting": voting_meeting, **counting_context(secretariat, voting_meeting)}
    )
    theirs = render_to_string(
        "awards/_meeting_counting.html", {"meeting": voting_meeting, **counting_context(unit_officer, voting_meeting)}
    )

    assert "Lê Văn Cường, Chánh Văn phòng" in mine and 'data-testid="counting-committee-edit"' in mine
    assert "Phạm Thị Dung" in theirs and "counting-committee-edit" not in theirs


def test_ballot_paper_include_offers_count_to_secretariat_only(draft_ballot, secretariat, unit_officer):
    mine = render_to_string("awards/_ballot_paper.html", ballot_paper_context(secretariat, draft_ballot))
    theirs = render_to_string("awards/_ballot_paper.html", ballot_paper_context(unit_officer, draft_ballot))

    assert _url("paper_count_record", draft_ballot.pk) in mine and _url("paper_ballots_pdf", draft_ballot.pk) in mine
    assert "paper_count" not in theirs and _url("paper_count_record", draft_ballot.pk) not in theirs


def test_paper_ballots_pdf_open_ballot_forbidden_nothing_built(client, open_merit_ballot, secretariat):
    """Papers are printed before the vote: an electronic ballot already open offers none and refuses the build."""
    client.force_login(secretariat)

    response = client.post(_url("paper_ballots_pdf", open_merit_ballot.pk), {"per_page": "1"})

    assert response.status_code == 403 and not GeneratedFile.objects.exists()
    assert not ballot_paper_context(secretariat, open_merit_ballot)["can_print_papers"]
