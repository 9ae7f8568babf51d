"""A unit's self-score draft is the unit's alone until first submitted; another unit's sheet a member may
not read is a 404 (the same answer as for another unit's report)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from scoring.enums import SheetStatus
from scoring.presenters import summary_context
from scoring.selectors.sheets import get_evidence_for_user
from scoring.services import sheets as services
from tests.scoring.conftest import fill_sheet, verified

ALL_LINES = {"I.1": "8", "I.2": "15", "B.1": "0", "T.1": "0"}
OUTSIDERS_OF_THE_DRAFT = ["secretariat", "council_officer", "council_member", "fellow_officer", "admin_user"]


def _filled(sheet, values, *, actor):
    fill_sheet(sheet, values, actor=actor)
    return sheet


@pytest.fixture
def filled_draft(world, self_sheets, unit_officer):
    """Member unit M's self-score sheet, every line scored (23 points), never submitted."""
    return _filled(self_sheets[world.member.pk], ALL_LINES, actor=unit_officer)


@pytest.fixture
def released(world, secretariat, self_sheets):
    services.set_scores_released(world.bloc_year, actor=secretariat, released=True)


def _grid(client, user, sheet):
    client.force_login(user)
    return client.get(reverse("scoring:sheet_grid", args=[sheet.pk]))


@pytest.mark.parametrize("persona", OUTSIDERS_OF_THE_DRAFT)
def test_sheet_grid_draft_never_submitted_is_404_for_everyone_but_its_unit(
    client, request, world, filled_draft, released, persona
):
    user = request.getfixturevalue(persona)

    assert _grid(client, user, filled_draft).status_code == 404
    assert client.get(reverse("scoring:sheet_export", args=[filled_draft.pk])).status_code == 404
    assert client.get(reverse("scoring:sheet_history", args=[filled_draft.pk])).status_code == 404


def test_sheet_grid_draft_own_unit_officer_and_leader_see_it(client, world, filled_draft, unit_officer, unit_leader):
    assert _grid(client, unit_officer, filled_draft).status_code == 200
    assert _grid(client, unit_leader, filled_draft).status_code == 200


@pytest.mark.parametrize("persona", ["secretariat", "council_officer", "council_member", "fellow_officer"])
def test_sheet_grid_after_first_submission_returned_sheet_stays_visible(
    client, request, world, filled_draft, released, unit_officer, secretariat, persona
):
    services.submit_sheet(filled_draft, actor=unit_officer)
    services.return_sheet(filled_draft, actor=secretariat, comment="Bổ sung minh chứng")
    user = request.getfixturevalue(persona)

    response = _grid(client, user, filled_draft)

    assert response.status_code == 200
    assert "23" in response.content.decode()


def test_sheet_grid_other_units_submitted_sheet_not_released_is_404_for_a_member(
    client, world, self_sheets, deputy_officer, fellow_officer
):
    deputy_sheet = _filled(self_sheets[world.deputy.pk], ALL_LINES, actor=deputy_officer)
    services.submit_sheet(deputy_sheet, actor=deputy_officer)

    assert _grid(client, fellow_officer, deputy_sheet).status_code == 404


def test_summary_draft_total_is_not_shown_nor_ranked(world, filled_draft, self_sheets, admin_user):
    deputy_sheet = verified(world, self_sheets, world.deputy, {**ALL_LINES, "I.1": "10"}, actor=admin_user)

    rows = {row.unit_id: row for row in summary_context(world.bloc_year)["rows"]}

    member, deputy = rows[world.member.pk], rows[world.deputy.pk]
    assert (member.final_total, member.rank, member.sheet_ids) == (None, None, {})
    assert member.stage_status["self"] == SheetStatus.DRAFT.label
    assert (deputy.final_total, deputy.rank) == (deputy_sheet.total, 1)


def test_summary_page_secretariat_does_not_see_the_draft_total(client, world, filled_draft, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("scoring:summary", args=[world.bloc_year.pk]))

    assert response.status_code == 200
    assert reverse("scoring:sheet_grid", args=[filled_draft.pk]) not in response.content.decode()


def test_evidence_of_a_draft_is_404_for_the_secretariat(world, filled_draft, unit_officer, secretariat):
    line = filled_draft.lines.order_by("pk").first()
    evidence = services.add_evidence(
        line, actor=unit_officer, uploaded_file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test")
    )

    assert get_evidence_for_user(unit_officer, evidence.pk) == evidence
    with pytest.raises(Http404):
        get_evidence_for_user(secretariat, evidence.pk)


@pytest.mark.parametrize("persona", ["secretariat", "council_officer", "council_member", "deputy_officer"])
def test_view_scoresheet_rule_draft_refused_to_others(request, world, filled_draft, persona):
    assert request.getfixturevalue(persona).has_perm("scoring.view_scoresheet", filled_draft) is False


def test_view_scoresheet_rule_draft_allowed_to_own_unit(world, filled_draft, unit_officer):
    assert unit_officer.has_perm("scoring.view_scoresheet", filled_draft) is True
