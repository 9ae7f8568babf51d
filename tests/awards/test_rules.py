"""Who sees and keeps compliance records: a truth table per predicate and per permission, over the personas."""

import pytest

from awards import rules as award_rules
from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from tests.awards.factories import ComplianceRecordFactory
from tests.personas import PERSONAS, PROVINCE_SEERS, persona

OWN_UNIT = ("unit_officer", "unit_leader")
KEEPERS = ("admin_user", "council_officer", "secretariat")
SEERS = (*PROVINCE_SEERS, *OWN_UNIT, "secretariat")


def member_record(world, **kwargs):
    return ComplianceRecordFactory(unit=world.member, **kwargs)


PREDICATES = {
    # predicate, object in the world, who satisfies it
    "manages_province_of_unit": (member_record, ("admin_user", "council_officer")),
    "manages_province_of_unit@unit": (lambda w: w.member, ("admin_user", "council_officer")),
    "sees_province_of_unit": (member_record, PROVINCE_SEERS),
    "acts_for_the_unit": (member_record, OWN_UNIT),
    "acts_for_the_unit@unit": (lambda w: w.member, OWN_UNIT),
    "is_secretariat_of_unit": (member_record, ("secretariat",)),
    "is_secretariat_of_unit@unit": (lambda w: w.member, ("secretariat",)),
    # The head unit does not keep its own record (it is usually the flag's first candidate).
    "is_secretariat_of_unit@head": (lambda w: ComplianceRecordFactory(unit=w.head), ()),
    # Another bloc's unit is not the secretariat's.
    "is_secretariat_of_unit@other_bloc": (lambda w: ComplianceRecordFactory(unit=w.other_unit), ()),
    "is_unresolved": (member_record, PERSONAS),
    "is_unresolved@resolved": (lambda w: member_record(w, resolved_on="2020-06-01"), ()),
}


@pytest.mark.parametrize("predicate", sorted(PREDICATES))
@pytest.mark.parametrize("name", PERSONAS)
def test_compliance_predicate_truth_table(request, world, predicate, name):
    target, allowed = PREDICATES[predicate]

    assert getattr(award_rules, predicate.split("@")[0])(persona(request, name), target(world)) is (name in allowed)


def record_in_closed_year(world):
    BlocYear.objects.filter(pk=world.bloc_year.pk).update(status=BlocYearStatus.CLOSED)
    return member_record(world)


PERMISSIONS = {
    # permission, object in the world, who has it (the administrator always does)
    "view_compliancerecords": (lambda w: w.member, SEERS),
    "add_compliancerecord": (lambda w: w.member, KEEPERS),
    "view_compliancerecord": (member_record, SEERS),
    "change_compliancerecord": (member_record, KEEPERS),
    "resolve_compliancerecord": (member_record, KEEPERS),
    "resolve_compliancerecord@resolved": (lambda w: member_record(w, resolved_on="2020-06-01"), ()),
    # A unit of province P2: its own council office sees it, nobody of province P does.
    "view_compliancerecord@other_province": (
        lambda w: ComplianceRecordFactory(unit__province=w.other_province),
        ("other_council_officer",),
    ),
    # The secretariat's rights end with its year: a closed year's head keeps none.
    "change_compliancerecord@closed_year": (record_in_closed_year, ("council_officer",)),
    "view_compliancerecords@own_head_unit": (lambda w: w.head, (*PROVINCE_SEERS, "secretariat")),
    "add_compliancerecord@own_head_unit": (lambda w: w.head, ("council_officer",)),
}


@pytest.mark.parametrize("perm", sorted(PERMISSIONS))
@pytest.mark.parametrize("name", PERSONAS)
def test_compliance_permission_truth_table(request, world, perm, name):
    target, allowed = PERMISSIONS[perm]
    expected = name in allowed or name == "admin_user"

    assert persona(request, name).has_perm(f"awards.{perm.split('@')[0]}", target(world)) is expected
