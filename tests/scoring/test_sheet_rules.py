"""Truth tables of the score sheet predicates and permissions, per stage and status, against every persona."""

import pytest
from django.utils import timezone

from scoring import rules as scoring_rules
from scoring.enums import SheetStatus, Stage
from scoring.models import ScoreSheet, ScoringSetting
from tests.personas import PERSONAS, PROVINCE_SEERS, persona

OFFICE = ("admin_user", "council_officer")


def _sheet(world, *, stage=Stage.SELF, status=SheetStatus.DRAFT, unit=None):
    """An unsaved sheet of unit M (or ``unit``) at ``stage`` and ``status``: predicates read only its fields.

    Past a draft, the sheet has been submitted once (``submitted_at`` set), as the transitions leave it.
    """
    submitted_at = None if status == SheetStatus.DRAFT else timezone.now()
    return ScoreSheet(
        bloc_year=world.bloc_year, unit=unit or world.member, stage=stage, status=status, submitted_at=submitted_at
    )


PREDICATES = {
    "fills_own_sheet": (scoring_rules.fills_own_sheet, {}, ("unit_officer",)),
    "verifies_sheet": (scoring_rules.verifies_sheet, {}, ("secretariat", "deputy_officer")),
    "verifies_head_sheet": (scoring_rules.verifies_sheet, {"unit": "head"}, ("deputy_officer",)),
    "is_secretariat_for_sheet": (scoring_rules.is_secretariat_for_sheet, {}, ("secretariat",)),
    "is_council_office_for_sheet": (scoring_rules.is_council_office_for_sheet, {}, ("council_officer",)),
    "acts_for_sheet_unit": (scoring_rules.acts_for_sheet_unit, {}, ("unit_officer", "unit_leader")),
    "sheet_scores_released": (scoring_rules.sheet_scores_released, {}, ()),
}


@pytest.mark.parametrize("predicate", PREDICATES)
@pytest.mark.parametrize("name", PERSONAS)
def test_predicate_truth_table(request, world, predicate, name):
    check, options, allowed = PREDICATES[predicate]
    unit = getattr(world, options["unit"]) if "unit" in options else None

    assert check(persona(request, name), _sheet(world, unit=unit)) is (name in allowed)


@pytest.mark.parametrize("name", PERSONAS)
def test_predicate_peer_mode_any_other_members_officer_verifies(request, world, name):
    ScoringSetting.objects.create(bloc_year=world.bloc_year, verifier_mode="peers")
    sheet = _sheet(world, unit=world.deputy)

    allowed = ("secretariat", "unit_officer")  # officers of other member units; never the deputy itself
    assert scoring_rules.verifies_sheet(persona(request, name), sheet) is (name in allowed)


@pytest.mark.parametrize("name", PERSONAS)
def test_predicate_released_members_see_scores(request, world, name):
    ScoringSetting.objects.create(bloc_year=world.bloc_year, scores_released=True)

    allowed = ("secretariat", "deputy_officer", "unit_officer", "unit_leader")
    assert scoring_rules.sheet_scores_released(persona(request, name), _sheet(world)) is (name in allowed)


# permission, stage, status, who has it (on unit M's sheet)
PERMISSIONS = [
    # A self-score draft never submitted is the unit's alone (the administrator holds every permission).
    ("scoring.view_scoresheet", Stage.SELF, SheetStatus.DRAFT, ("unit_officer", "unit_leader")),
    (
        "scoring.view_scoresheet",
        Stage.SELF,
        SheetStatus.RETURNED,
        (*PROVINCE_SEERS, "secretariat", "deputy_officer", "unit_officer", "unit_leader"),
    ),
    (
        "scoring.view_scoresheet",
        Stage.VERIFICATION,
        SheetStatus.DRAFT,
        (*PROVINCE_SEERS, "secretariat", "deputy_officer", "unit_officer", "unit_leader"),
    ),
    ("scoring.change_scoresheet", Stage.SELF, SheetStatus.DRAFT, ("admin_user", "unit_officer")),
    ("scoring.change_scoresheet", Stage.SELF, SheetStatus.RETURNED, ("admin_user", "unit_officer")),
    ("scoring.change_scoresheet", Stage.SELF, SheetStatus.SUBMITTED, ()),
    (
        "scoring.change_scoresheet",
        Stage.VERIFICATION,
        SheetStatus.DRAFT,
        ("admin_user", "secretariat", "deputy_officer"),
    ),
    ("scoring.change_scoresheet", Stage.COUNCIL, SheetStatus.DRAFT, OFFICE),
    ("scoring.change_scoresheet", Stage.APPROVED, SheetStatus.DRAFT, (*OFFICE, "secretariat")),
    ("scoring.submit_scoresheet", Stage.SELF, SheetStatus.DRAFT, ("admin_user", "unit_officer")),
    ("scoring.submit_scoresheet", Stage.SELF, SheetStatus.ACCEPTED, ()),
    ("scoring.review_scoresheet", Stage.SELF, SheetStatus.SUBMITTED, ("admin_user", "secretariat", "deputy_officer")),
    ("scoring.review_scoresheet", Stage.SELF, SheetStatus.DRAFT, ()),
    ("scoring.review_scoresheet", Stage.VERIFICATION, SheetStatus.SUBMITTED, (*OFFICE, "secretariat")),
    ("scoring.review_scoresheet", Stage.COUNCIL, SheetStatus.SUBMITTED, (*OFFICE, "secretariat")),
    ("scoring.review_scoresheet", Stage.APPROVED, SheetStatus.SUBMITTED, (*OFFICE, "secretariat")),
]


@pytest.mark.parametrize(("perm", "stage", "status", "allowed"), PERMISSIONS)
@pytest.mark.parametrize("name", PERSONAS)
def test_sheet_permission_truth_table(request, world, perm, stage, status, allowed, name):
    sheet = _sheet(world, stage=stage, status=status)

    # Django grants every permission to a superuser; the services still refuse moves the table forbids.
    assert persona(request, name).has_perm(perm, sheet) is (name in allowed or name == "admin_user")


YEAR_PERMISSIONS = {
    "scoring.view_score_summary": (*PROVINCE_SEERS, "secretariat", "deputy_officer"),
    "scoring.change_scoringsetting": (*OFFICE, "secretariat"),
    "scoring.open_scoring": (*OFFICE, "secretariat"),
}


@pytest.mark.parametrize("perm", YEAR_PERMISSIONS)
@pytest.mark.parametrize("name", PERSONAS)
def test_year_permission_truth_table(request, world, perm, name):
    assert persona(request, name).has_perm(perm, world.bloc_year) is (name in YEAR_PERMISSIONS[perm])


@pytest.mark.parametrize("name", [p for p in PERSONAS if p != "admin_user"])
def test_closed_year_nobody_changes_sheets(request, world, name):
    world.bloc_year.status = "closed"

    assert persona(request, name).has_perm("scoring.change_scoresheet", _sheet(world)) is False
    assert persona(request, name).has_perm("scoring.change_scoringsetting", world.bloc_year) is False
