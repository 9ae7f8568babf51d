"""Who sees and records the year-end meeting: a truth table per predicate and per permission, over the personas."""

import pytest

from awards import rules as award_rules
from blocs.enums import BlocYearStatus
from tests.awards.conftest import set_status
from tests.personas import MEMBERS, PERSONAS, PROVINCE_SEERS, persona

RECORDERS = ("admin_user", "council_officer", "secretariat")
VIEWERS = (*PROVINCE_SEERS, *MEMBERS)
STATUSES = [
    BlocYearStatus.SCORING,
    BlocYearStatus.READY_FOR_REVIEW,
    BlocYearStatus.REVIEWED,
    BlocYearStatus.CLOSED,
]

PREDICATES = {
    # predicate: {status: who satisfies it}
    "meeting_due": {
        BlocYearStatus.SCORING: (),
        BlocYearStatus.READY_FOR_REVIEW: PERSONAS,
        BlocYearStatus.REVIEWED: PERSONAS,
        BlocYearStatus.CLOSED: PERSONAS,
    },
    "scores_await_approval": {
        BlocYearStatus.SCORING: (),
        BlocYearStatus.READY_FOR_REVIEW: PERSONAS,
        BlocYearStatus.REVIEWED: (),
        BlocYearStatus.CLOSED: (),
    },
}

PERMISSIONS = {
    "awards.view_meeting": {
        BlocYearStatus.SCORING: (),
        BlocYearStatus.READY_FOR_REVIEW: VIEWERS,
        BlocYearStatus.REVIEWED: VIEWERS,
        BlocYearStatus.CLOSED: VIEWERS,
    },
    "awards.record_meeting": {
        BlocYearStatus.SCORING: (),
        BlocYearStatus.READY_FOR_REVIEW: RECORDERS,
        BlocYearStatus.REVIEWED: RECORDERS,
        BlocYearStatus.CLOSED: (),
    },
    "awards.approve_scores": {
        BlocYearStatus.SCORING: (),
        BlocYearStatus.READY_FOR_REVIEW: RECORDERS,
        BlocYearStatus.REVIEWED: (),
        BlocYearStatus.CLOSED: (),
    },
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("predicate", sorted(PREDICATES))
@pytest.mark.parametrize("name", PERSONAS)
def test_meeting_predicate_truth_table(request, world, predicate, status, name):
    bloc_year = set_status(world.bloc_year, status)

    assert getattr(award_rules, predicate)(persona(request, name), bloc_year) is (name in PREDICATES[predicate][status])


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
@pytest.mark.parametrize("name", PERSONAS)
def test_meeting_permission_truth_table(request, world, permission, status, name):
    bloc_year = set_status(world.bloc_year, status)

    # The administrator holds every permission (Django's superuser); the services still refuse out of turn.
    allowed = {"admin_user", *PERMISSIONS[permission][status]}

    assert persona(request, name).has_perm(permission, bloc_year) is (name in allowed)


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
@pytest.mark.parametrize("name", PERSONAS)
def test_meeting_permission_other_bloc_only_province_and_its_members(request, world, permission, name):
    """Bloc B2's year: bloc B's secretariat and members have no part in it; the province's council does."""
    bloc_year = set_status(world.other_bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    allowed = {
        "awards.view_meeting": (*PROVINCE_SEERS, "other_unit_officer"),
        "awards.record_meeting": ("admin_user", "council_officer", "other_unit_officer"),
        "awards.approve_scores": ("admin_user", "council_officer", "other_unit_officer"),
    }[permission]

    assert persona(request, name).has_perm(permission, bloc_year) is (name in allowed)
