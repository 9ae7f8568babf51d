"""The invariants the database itself enforces."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from blocs.enums import BlocKind, MemberRole, ProvinceKind, UnitStatus
from blocs.models import Bloc, BlocRule, Membership, Province, UnitName, UnitSuccession
from tests.factories import BlocYearFactory, MembershipFactory, UnitFactory


def _violates(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_membership_second_head_is_rejected_by_database(world):
    _violates(
        lambda: Membership.objects.filter(unit=world.member, bloc_year=world.bloc_year).update(role=MemberRole.HEAD)
    )


def test_membership_unit_twice_in_a_year_is_rejected(world):
    _violates(lambda: Membership.objects.create(bloc_year=world.bloc_year, unit=world.member))


def test_membership_many_deputies_are_allowed(world):
    MembershipFactory(bloc_year=world.bloc_year, role=MemberRole.DEPUTY)

    assert world.bloc_year.memberships.filter(role=MemberRole.DEPUTY).count() == 2


def test_membership_leaving_without_reason_is_rejected(world):
    _violates(lambda: Membership.objects.filter(unit=world.member).update(left_on=datetime.date(2020, 5, 1)))


def test_membership_head_cannot_have_left(world):
    _violates(
        lambda: Membership.objects.filter(unit=world.head).update(left_on=datetime.date(2020, 5, 1), left_reason="x")
    )


def test_membership_left_before_joined_is_rejected(world):
    _violates(
        lambda: Membership.objects.filter(unit=world.member).update(
            joined_on=datetime.date(2020, 6, 1), left_on=datetime.date(2020, 5, 1), left_reason="x"
        )
    )


def test_bloc_year_duplicate_year_is_rejected(world):
    _violates(lambda: BlocYearFactory(bloc=world.bloc, year=2020))


def test_bloc_year_out_of_range_is_rejected(world):
    _violates(lambda: BlocYearFactory(bloc=world.bloc, year=1999))


def test_bloc_rule_threshold_above_100_is_rejected(world):
    _violates(lambda: BlocRule.objects.filter(pk=world.bloc_year.rule.pk).update(vote_threshold_percent=101))


def test_unit_ended_status_needs_end_date(db):
    _violates(lambda: UnitFactory(status=UnitStatus.MERGED))


def test_unit_active_with_end_date_is_rejected(db):
    _violates(lambda: UnitFactory(valid_to=datetime.date(2020, 1, 1)))


def test_unit_name_two_current_names_are_rejected(world):
    _violates(lambda: UnitName.objects.create(unit=world.member, name="Khác"))


def test_unit_succession_to_itself_is_rejected(world):
    _violates(
        lambda: UnitSuccession.objects.create(
            predecessor=world.member,
            successor=world.member,
            kind="rename",
            effective_date=datetime.date(2025, 1, 1),
            legal_basis="x",
        )
    )


def test_province_people_committee_province_and_city_wording():
    hatinh = Province(name="Hà Tĩnh", kind=ProvinceKind.PROVINCE)
    hcmc = Province(name="Thành phố Hồ Chí Minh", kind=ProvinceKind.CITY)
    hanoi = Province(name="Hà Nội", kind=ProvinceKind.CITY)

    assert [p.people_committee for p in (hatinh, hcmc, hanoi)] == [
        "UBND TỈNH HÀ TĨNH",
        "UBND THÀNH PHỐ HỒ CHÍ MINH",
        "UBND THÀNH PHỐ HÀ NỘI",
    ]
    assert [p.emulation_office_role for p in (hatinh, hcmc)] == [
        "Cơ quan thường trực Hội đồng Thi đua - Khen thưởng tỉnh",
        "Cơ quan thường trực Hội đồng Thi đua - Khen thưởng thành phố",
    ]


def test_bloc_abbreviation_bloc_and_cluster():
    assert (Bloc(kind=BlocKind.BLOC).abbreviation, Bloc(kind=BlocKind.CLUSTER).abbreviation) == ("KTĐ", "CTĐ")
    assert (Bloc(kind=BlocKind.BLOC).kind_word, Bloc(kind=BlocKind.CLUSTER).kind_word) == ("KHỐI", "CỤM")
