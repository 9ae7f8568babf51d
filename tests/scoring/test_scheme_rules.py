"""Truth tables of the scheme predicates and permissions against every persona."""

import pytest
from django.utils import timezone

from blocs import rules as bloc_rules
from blocs.enums import BlocYearStatus
from scoring import rules as scoring_rules
from scoring.models import Scheme
from tests.factories import BlocYearFactory
from tests.personas import MEMBERS, PERSONAS, PROVINCE_SEERS, persona

pytestmark = pytest.mark.usefixtures("english")


PREDICATES = {
    "is_member_of_year": (lambda u, w, s: bloc_rules.is_member_of_year(u, w.bloc_year), MEMBERS),
    "is_scheme_secretariat": (lambda u, w, s: scoring_rules.is_scheme_secretariat(u, s), ("secretariat",)),
}


@pytest.mark.parametrize("predicate", PREDICATES)
@pytest.mark.parametrize("name", PERSONAS)
def test_scheme_predicate_truth_table(request, world, scheme, predicate, name):
    check, allowed = PREDICATES[predicate]

    assert check(persona(request, name), world, scheme) is (name in allowed)


def test_is_member_of_year_other_year_of_same_bloc_is_false(request, world, unit_officer):
    later = BlocYearFactory(bloc=world.bloc, year=2021)

    assert bloc_rules.is_member_of_year(unit_officer, later) is False


def test_scheme_state_predicates_follow_frozen_and_closed(world, scheme, secretariat):
    assert scoring_rules.is_scheme_unfrozen(secretariat, scheme) and scoring_rules.is_scheme_year_open(
        secretariat, scheme
    )
    scheme.frozen_at = timezone.now()
    scheme.bloc_year.status = BlocYearStatus.CLOSED

    assert not scoring_rules.is_scheme_unfrozen(secretariat, scheme)
    assert not scoring_rules.is_scheme_year_open(secretariat, scheme)


def test_has_no_scheme_true_until_created(world, secretariat):
    assert scoring_rules.has_no_scheme(secretariat, world.bloc_year)

    Scheme.objects.create(bloc_year=world.bloc_year, title="x")

    assert not scoring_rules.has_no_scheme(secretariat, world.bloc_year)


PERMISSIONS = {
    # permission, object (world, scheme), who has it, state change before the check
    "view_scheme": ("scoring.view_scheme", lambda w, s: w.bloc_year, PROVINCE_SEERS + MEMBERS, None),
    "view_scheme_closed": ("scoring.view_scheme", lambda w, s: w.bloc_year, PROVINCE_SEERS + MEMBERS, "closed"),
    "add_scheme_other_bloc": (
        "scoring.add_scheme",
        lambda w, s: w.other_bloc_year,
        ("admin_user", "other_unit_officer"),
        None,
    ),
    # A superuser holds every permission (Django's own rule); services still refuse frozen and closed schemes.
    "add_scheme_exists": ("scoring.add_scheme", lambda w, s: w.bloc_year, ("admin_user",), None),
    "change_scheme": ("scoring.change_scheme", lambda w, s: s, ("admin_user", "secretariat"), None),
    "change_scheme_frozen": ("scoring.change_scheme", lambda w, s: s, ("admin_user",), "frozen"),
    "change_scheme_closed": ("scoring.change_scheme", lambda w, s: s, ("admin_user",), "closed"),
    "change_scheme_scoring": ("scoring.change_scheme", lambda w, s: s, ("admin_user",), "scoring"),
}


@pytest.mark.parametrize("case", PERMISSIONS)
@pytest.mark.parametrize("name", PERSONAS)
def test_scheme_permission_truth_table(request, world, scheme, case, name):
    perm, target, allowed, state = PERMISSIONS[case]
    if state == "frozen":
        scheme.frozen_at = timezone.now()
    if state == "closed":
        world.bloc_year.status = scheme.bloc_year.status = BlocYearStatus.CLOSED
    if state == "scoring":
        world.bloc_year.status = scheme.bloc_year.status = BlocYearStatus.SCORING

    assert persona(request, name).has_perm(perm, target(world, scheme)) is (name in allowed)


@pytest.mark.parametrize("name", PERSONAS)
def test_add_scheme_truth_table_in_open_year_without_scheme(request, world, name):
    allowed = ("admin_user", "secretariat")

    assert persona(request, name).has_perm("scoring.add_scheme", world.bloc_year) is (name in allowed)
