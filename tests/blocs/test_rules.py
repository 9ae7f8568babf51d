"""Truth tables: every predicate and permission against every persona."""

import datetime

import pytest

from blocs import rules as bloc_rules
from blocs.enums import MemberRole
from blocs.models import Membership
from tests.factories import UnitRoleFactory
from tests.personas import MEMBERS, PERSONAS, PROVINCE_SEERS, persona

PREDICATES = {
    # predicate, object in the world, who satisfies it
    "is_admin": (lambda u, w: bloc_rules.is_admin(u), ("admin_user",)),
    "is_council_office_of_province": (
        lambda u, w: bloc_rules.is_council_office_of_province(u, w.bloc),
        ("council_officer",),
    ),
    "sits_in_council_of_province": (
        lambda u, w: bloc_rules.sits_in_council_of_province(u, w.bloc_year),
        ("council_officer", "council_member"),
    ),
    "acts_for_member_unit": (lambda u, w: bloc_rules.acts_for_member_unit(u, w.bloc), MEMBERS),
    "is_secretariat": (lambda u, w: bloc_rules.is_secretariat(u, w.bloc_year), ("secretariat",)),
    "is_verifier": (lambda u, w: bloc_rules.is_verifier(u, w.bloc_year), ("secretariat", "deputy_officer")),
    "acts_for_unit": (lambda u, w: bloc_rules.acts_for_unit(u, w.member), ("unit_officer", "unit_leader")),
    "shares_bloc_with_unit": (lambda u, w: bloc_rules.shares_bloc_with_unit(u, w.member), MEMBERS),
}


@pytest.mark.parametrize("predicate", PREDICATES)
@pytest.mark.parametrize("name", PERSONAS)
def test_predicate_truth_table(request, world, predicate, name):
    check, allowed = PREDICATES[predicate]
    assert check(persona(request, name), world) is (name in allowed)


PERMISSIONS = {
    # permission, object, who has it
    "blocs.view_bloc": (lambda w: w.bloc, PROVINCE_SEERS + MEMBERS),
    "blocs.view_blocyear": (lambda w: w.bloc_year, PROVINCE_SEERS + MEMBERS),
    "blocs.add_blocyear": (lambda w: w.bloc, ("admin_user", "council_officer")),
    "blocs.change_blocyear": (lambda w: w.bloc_year, ("admin_user", "council_officer", "secretariat")),
    "blocs.change_blocrule": (lambda w: w.bloc_year, ("admin_user", "council_officer", "secretariat")),
    "blocs.manage_membership": (lambda w: w.bloc_year, ("admin_user", "council_officer")),
    "blocs.view_unit": (lambda w: w.member, PROVINCE_SEERS + MEMBERS),
    "blocs.change_unit": (lambda w: w.member, ("admin_user", "council_officer", "unit_officer", "unit_leader")),
    "blocs.record_unit_change": (lambda w: w.member, ("admin_user", "council_officer")),
}


@pytest.mark.parametrize("perm", PERMISSIONS)
@pytest.mark.parametrize("name", PERSONAS)
def test_permission_truth_table(request, world, perm, name):
    target, allowed = PERMISSIONS[perm]
    assert persona(request, name).has_perm(perm, target(world)) is (name in allowed)


def test_is_secretariat_follows_rotation_without_code_change(world, secretariat, deputy_officer):
    """Rotation is data: when the deputy unit becomes head, its officers become the secretariat."""
    Membership.objects.filter(bloc_year=world.bloc_year, unit=world.head).update(role=MemberRole.MEMBER)
    Membership.objects.filter(bloc_year=world.bloc_year, unit=world.deputy).update(role=MemberRole.HEAD)
    world.bloc_year.refresh_from_db()

    assert not bloc_rules.is_secretariat(secretariat, world.bloc_year)
    assert bloc_rules.is_secretariat(deputy_officer, world.bloc_year)


def test_is_secretariat_leader_of_head_unit_is_not_secretariat(world):
    leader = UnitRoleFactory(unit=world.head, role="leader").user

    assert not bloc_rules.is_secretariat(leader, world.bloc_year)
    assert leader.has_perm("blocs.view_blocyear", world.bloc_year)


def test_roles_inactive_user_has_none(world, council_officer):
    council_officer.is_active = False

    assert not council_officer.has_perm("blocs.view_bloc", world.bloc)


def test_roles_deactivated_role_grants_nothing(world, unit_officer):
    unit_officer.unit_roles.update(is_active=False)
    fresh = type(unit_officer).objects.get(pk=unit_officer.pk)

    assert not fresh.has_perm("blocs.view_bloc", world.bloc)


@pytest.mark.parametrize("perm", ["blocs.change_blocyear", "blocs.change_blocrule", "blocs.manage_membership"])
@pytest.mark.parametrize("name", ["council_officer", "secretariat"])
def test_permission_closed_year_is_read_only_but_for_the_system_admin(request, world, admin_user, perm, name):
    world.bloc_year.status = "closed"

    user = persona(request, name)

    assert not user.has_perm(perm, world.bloc_year)
    assert user.has_perm("blocs.view_blocyear", world.bloc_year)
    assert admin_user.has_perm(perm, world.bloc_year)  # Django: an active superuser has every permission


def test_permission_dissolved_bloc_opens_no_year(world, council_officer):
    world.bloc.dissolved_on = datetime.date(2025, 6, 30)

    assert not council_officer.has_perm("blocs.add_blocyear", world.bloc)
