"""Who may do what in scoring. Every predicate reads role facts from the database.

Shared by two areas: keep each area's part in its own section.

Permissions are registered here, not as ``rules_permissions`` in the models' Meta, for the reason
``blocs/rules.py`` gives: the predicates read roles through ``blocs.selectors`` and the state
machines, which import the models (a cycle), and many permissions are checked on the bloc-year.
"""

import rules

from blocs import rules as bloc_rules
from blocs.enums import BlocYearStatus
from blocs.rules import is_member_of_year
from blocs.selectors import roles_of
from scoring.enums import SCORING_STARTED, Stage, VerifierMode
from scoring.models import Scheme
from scoring.selectors.sheets import is_private_draft, setting_of
from scoring.transitions import is_editable, is_under_review

# --- Schemes ------------------------------------------------------------------


@rules.predicate
def has_no_scheme(user, bloc_year) -> bool:
    return not Scheme.objects.filter(bloc_year=bloc_year).exists()


@rules.predicate
def is_scheme_secretariat(user, scheme) -> bool:
    return bloc_rules.is_secretariat(user, scheme.bloc_year)


@rules.predicate
def is_scheme_year_open(user, scheme) -> bool:
    return bloc_rules.is_open_year(user, scheme.bloc_year)


@rules.predicate
def is_scheme_unfrozen(user, scheme) -> bool:
    """Not frozen, and its year has not reached scoring (which freezes it)."""
    return not scheme.is_frozen and scheme.bloc_year.status not in SCORING_STARTED


sees_scheme = bloc_rules.is_admin | bloc_rules.sits_in_council_of_province | is_member_of_year

rules.add_perm("scoring.view_scheme", sees_scheme)
rules.add_perm(
    "scoring.add_scheme", bloc_rules.is_open_year & has_no_scheme & (bloc_rules.is_admin | bloc_rules.is_secretariat)
)
rules.add_perm(
    "scoring.change_scheme",
    is_scheme_year_open & is_scheme_unfrozen & (bloc_rules.is_admin | is_scheme_secretariat),
)

# --- end of schemes -------------------------------------------------------------

# --- Score sheets -----------------------------------------------------------------
# A sheet's editors and reviewers depend on its stage (tables below). A unit never verifies
# itself: every predicate about other units' sheets excludes the units the user acts for.


def _others_sheet(user, sheet) -> bool:
    return sheet.unit_id not in roles_of(user).unit_ids


@rules.predicate
def fills_own_sheet(user, sheet) -> bool:
    """An emulation officer of the sheet's unit."""
    return sheet.unit_id in roles_of(user).officer_unit_ids


@rules.predicate
def verifies_sheet(user, sheet) -> bool:
    """A verifier of another unit: head/deputy officers, or any member's officers when peers cross-score."""
    if not _others_sheet(user, sheet):
        return False
    if setting_of(sheet.bloc_year).verifier_mode == VerifierMode.PEERS:
        officer_units = roles_of(user).officer_unit_ids
        return bool(officer_units) and sheet.bloc_year.memberships.filter(unit_id__in=officer_units).exists()
    return bloc_rules.is_verifier(user, sheet.bloc_year)


@rules.predicate
def is_secretariat_for_sheet(user, sheet) -> bool:
    return _others_sheet(user, sheet) and bloc_rules.is_secretariat(user, sheet.bloc_year)


@rules.predicate
def is_council_office_for_sheet(user, sheet) -> bool:
    return bloc_rules.is_council_office_of_province(user, sheet.bloc_year.bloc)


@rules.predicate
def sits_in_council_for_sheet(user, sheet) -> bool:
    return bloc_rules.sits_in_council_of_province(user, sheet.bloc_year.bloc)


@rules.predicate
def acts_for_sheet_unit(user, sheet) -> bool:
    return sheet.unit_id in roles_of(user).unit_ids


@rules.predicate
def is_others_private_draft(user, sheet) -> bool:
    """Another unit's self-score sheet never submitted: private to that unit until its first submission."""
    return is_private_draft(sheet) and not acts_for_sheet_unit(user, sheet)


@rules.predicate
def scores_released(user, bloc_year) -> bool:
    return setting_of(bloc_year).scores_released


@rules.predicate
def sheet_scores_released(user, sheet) -> bool:
    return setting_of(sheet.bloc_year).scores_released and is_member_of_year(user, sheet.bloc_year)


@rules.predicate
def is_sheet_editable(user, sheet) -> bool:
    """Its lines may change: with its editors (``SHEET``'s submit sources), not locked, in an open year."""
    return is_editable(sheet) and sheet.bloc_year.status != BlocYearStatus.CLOSED


@rules.predicate
def is_sheet_submitted(user, sheet) -> bool:
    """With its reviewers (``SHEET``'s return/accept sources), not locked, in an open year."""
    return is_under_review(sheet) and sheet.bloc_year.status != BlocYearStatus.CLOSED


_office = bloc_rules.is_admin | is_council_office_for_sheet
STAGE_EDITORS = {
    Stage.SELF: bloc_rules.is_admin | fills_own_sheet,
    Stage.VERIFICATION: bloc_rules.is_admin | verifies_sheet,
    Stage.COUNCIL: _office,
    Stage.APPROVED: _office | is_secretariat_for_sheet,
}
STAGE_REVIEWERS = {
    Stage.SELF: bloc_rules.is_admin | verifies_sheet,
    Stage.VERIFICATION: _office | is_secretariat_for_sheet,
    Stage.COUNCIL: _office | is_secretariat_for_sheet,
    Stage.APPROVED: _office | is_secretariat_for_sheet,
}


@rules.predicate
def edits_stage(user, sheet) -> bool:
    return STAGE_EDITORS[sheet.stage].test(user, sheet)


@rules.predicate
def reviews_stage(user, sheet) -> bool:
    return STAGE_REVIEWERS[sheet.stage].test(user, sheet)


# Everyone who sees every unit's scores of a year, released or not.
sees_all_scores = (
    bloc_rules.is_admin | bloc_rules.sits_in_council_of_province | bloc_rules.is_verifier | bloc_rules.is_secretariat
)
manages_scoring = bloc_rules.is_open_year & (
    bloc_rules.is_admin | bloc_rules.is_council_office_of_province | bloc_rules.is_secretariat
)

rules.add_perm(
    "scoring.view_scoresheet",
    ~is_others_private_draft
    & (
        bloc_rules.is_admin
        | sits_in_council_for_sheet
        | acts_for_sheet_unit
        | verifies_sheet
        | is_secretariat_for_sheet
        | sheet_scores_released
    ),
)
# The sheet's moves (scoring.transitions.SHEET): the state allows the move, and the user is the stage's
# editor (submit) or reviewer (return, accept). Changing lines needs what submitting needs.
rules.add_perm("scoring.change_scoresheet", is_sheet_editable & edits_stage)
rules.add_perm("scoring.submit_scoresheet", is_sheet_editable & edits_stage)
rules.add_perm("scoring.review_scoresheet", is_sheet_submitted & reviews_stage)
rules.add_perm("scoring.view_score_summary", sees_all_scores | (scores_released & is_member_of_year))
rules.add_perm("scoring.change_scoringsetting", manages_scoring)
rules.add_perm("scoring.open_scoring", manages_scoring)
rules.add_perm("scoring.view_own_sheet", bloc_rules.acts_for_member_unit)
# The secretariat issues the summary in the bloc's name (its number and date are then fixed).
rules.add_perm("scoring.issue_score_summary", bloc_rules.is_admin | bloc_rules.is_secretariat)

# --- end of score sheets ----------------------------------------------------------
