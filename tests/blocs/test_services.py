import datetime

import pytest

from blocs import services
from blocs.enums import MemberRole, SuccessionKind, UnitStatus
from blocs.models import BlocYear, Membership, UnitName, UnitSuccession
from blocs.selectors import succession_candidates
from core.exceptions import DomainError
from core.models import ActivityLog
from tests.factories import BlocYearFactory, MembershipFactory, ProvinceFactory, UnitFactory

D = datetime.date


def test_create_bloc_year_first_year_gets_default_rules(world, council_officer):
    bloc_year = services.create_bloc_year(world.other_bloc_year.bloc, actor=council_officer, year=2030)

    assert bloc_year.rule.dossier_deadline == D(2030, 12, 10)
    assert bloc_year.memberships.count() == 1  # copied from 2020


def test_create_bloc_year_skips_units_that_ended(world, council_officer):
    world.member.status, world.member.valid_to = UnitStatus.DISSOLVED, D(2020, 12, 31)
    world.member.save()

    bloc_year = services.create_bloc_year(world.bloc, actor=council_officer, year=2021)

    assert set(bloc_year.memberships.values_list("unit", flat=True)) == {world.head.pk, world.deputy.pk}
    assert not bloc_year.memberships.exclude(role=MemberRole.MEMBER).exists()
    entry = ActivityLog.objects.get(action="blocs.bloc_year.created")
    assert entry.data == {"year": 2021, "copied_from": 2020, "members": sorted([world.head.pk, world.deputy.pk])}


def test_create_bloc_year_copies_changed_rules_shifted(world, council_officer):
    services.update_bloc_rule(
        world.bloc_year.rule, actor=council_officer, flag_quota=2, registration_deadline=D(2020, 2, 29)
    )

    rule = services.create_bloc_year(world.bloc, actor=council_officer, year=2021).rule

    assert rule.flag_quota == 2
    assert rule.registration_deadline == D(2021, 2, 28)


def test_update_bloc_rule_audits_only_changes(world, secretariat):
    services.update_bloc_rule(world.bloc_year.rule, actor=secretariat, highest_score_first=False)

    entry = ActivityLog.objects.get(action="blocs.bloc_rule.updated")
    assert entry.data == {"before": {"highest_score_first": True}, "after": {"highest_score_first": False}}
    assert entry.object_id == world.bloc_year.pk


def test_update_bloc_year_unknown_field_is_a_programming_error(world, secretariat):
    with pytest.raises(TypeError):
        services.update_bloc_year(world.bloc_year, actor=secretariat, status="closed")


def test_add_member_other_province_is_refused(world, council_officer):
    stranger = UnitFactory(province=world.other_province)

    with pytest.raises(DomainError):
        services.add_member(world.bloc_year, actor=council_officer, unit=stranger)
    assert not Membership.objects.filter(unit=stranger).exists()


def test_add_member_ended_unit_is_refused(world, council_officer):
    ended = UnitFactory(province=world.province, status=UnitStatus.DISSOLVED, valid_to=D(2019, 12, 31))

    with pytest.raises(DomainError):
        services.add_member(world.bloc_year, actor=council_officer, unit=ended)


def test_add_member_twice_is_refused(world, council_officer):
    with pytest.raises(DomainError):
        services.add_member(world.bloc_year, actor=council_officer, unit=world.member)


def test_end_membership_records_date_and_reason(world, council_officer):
    membership = world.bloc_year.memberships.get(unit=world.member)

    services.end_membership(membership, actor=council_officer, left_on=D(2020, 7, 1), reason="Giải thể")

    membership.refresh_from_db()
    assert (membership.left_on, membership.left_reason) == (D(2020, 7, 1), "Giải thể")
    assert ActivityLog.objects.filter(action="blocs.membership.ended").count() == 1


@pytest.mark.parametrize(
    ("unit_attr", "left_on", "reason"),
    [
        ("head", D(2020, 7, 1), "Sáp nhập"),  # leads the bloc
        ("member", D(2021, 1, 1), "Sáp nhập"),  # outside the year
        ("member", D(2020, 7, 1), "   "),  # no reason
    ],
)
def test_end_membership_invalid_is_refused_and_changes_nothing(world, council_officer, unit_attr, left_on, reason):
    membership = world.bloc_year.memberships.get(unit=getattr(world, unit_attr))

    with pytest.raises(DomainError):
        services.end_membership(membership, actor=council_officer, left_on=left_on, reason=reason)
    membership.refresh_from_db()
    assert membership.left_on is None
    assert not ActivityLog.objects.exists()


def test_end_membership_before_joining_is_refused(world, council_officer):
    membership = world.bloc_year.memberships.get(unit=world.member)
    membership.joined_on = D(2020, 6, 1)
    membership.save()

    with pytest.raises(DomainError):
        services.end_membership(membership, actor=council_officer, left_on=D(2020, 5, 1), reason="x")


def test_set_leadership_swaps_head_and_audits(world, council_officer):
    services.set_leadership(world.bloc_year, actor=council_officer, head=world.member, deputies=[world.head])

    roles = dict(world.bloc_year.memberships.values_list("unit_id", "role"))
    assert roles[world.member.pk] == MemberRole.HEAD
    assert roles[world.head.pk] == MemberRole.DEPUTY
    assert roles[world.deputy.pk] == MemberRole.MEMBER
    entry = ActivityLog.objects.get(action="blocs.leadership.set")
    assert entry.data["before"] == {"head": world.head.pk, "deputies": [world.deputy.pk]}


@pytest.mark.parametrize("case", ["no_deputy", "head_is_deputy", "former_member"])
def test_set_leadership_invalid_is_refused(world, council_officer, case):
    membership = world.bloc_year.memberships.get(unit=world.member)
    membership.left_on, membership.left_reason = D(2020, 5, 1), "Giải thể"
    membership.save()
    head, deputies = {
        "no_deputy": (world.deputy, []),
        "head_is_deputy": (world.deputy, [world.deputy]),
        "former_member": (world.member, [world.deputy]),
    }[case]

    with pytest.raises(DomainError):
        services.set_leadership(world.bloc_year, actor=council_officer, head=head, deputies=deputies)
    assert world.bloc_year.memberships.get(role=MemberRole.HEAD).unit == world.head


def test_rename_unit_closes_old_name_and_keeps_identity(world, council_officer):
    unit = services.rename_unit(
        world.member,
        actor=council_officer,
        name="Công an tỉnh Hà Tĩnh",
        short_name="CAT",
        effective_date=D(2025, 3, 1),
        legal_basis="QĐ 1/2025",
    )

    old, new = UnitName.objects.filter(unit=unit).order_by("id")
    assert (old.name, old.valid_to) == ("Công an tỉnh", D(2025, 2, 28))
    assert (new.name, new.valid_from, new.valid_to) == ("Công an tỉnh Hà Tĩnh", D(2025, 3, 1), None)
    assert unit.name == "Công an tỉnh Hà Tĩnh"
    assert unit.memberships.count() == 1
    assert ActivityLog.objects.get(action="blocs.unit.renamed").data["before"]["name"] == "Công an tỉnh"


def test_rename_unit_same_name_or_earlier_date_is_refused(world, council_officer):
    services.rename_unit(
        world.member, actor=council_officer, name="A", short_name="", effective_date=D(2025, 3, 1), legal_basis="x"
    )

    with pytest.raises(DomainError):
        services.rename_unit(
            world.member, actor=council_officer, name="A", short_name="", effective_date=D(2025, 4, 1), legal_basis="x"
        )
    with pytest.raises(DomainError):
        services.rename_unit(
            world.member, actor=council_officer, name="B", short_name="", effective_date=D(2025, 3, 1), legal_basis="x"
        )
    assert UnitName.objects.filter(unit=world.member).count() == 2


def test_record_succession_merge_ends_unit_and_open_memberships(world, council_officer):
    later = BlocYearFactory(bloc=world.bloc, year=2025)
    MembershipFactory(bloc_year=later, unit=world.member)
    successor = UnitFactory(province=world.province)

    services.record_succession(
        world.member,
        actor=council_officer,
        successors=[successor],
        kind=SuccessionKind.ABSORB,
        effective_date=D(2025, 7, 1),
        legal_basis="NQ 202/2025/QH15",
    )

    world.member.refresh_from_db()
    assert (world.member.status, world.member.valid_to) == (UnitStatus.MERGED, D(2025, 6, 30))
    assert world.member.names.get().valid_to == D(2025, 6, 30)
    ended = Membership.objects.get(bloc_year=later, unit=world.member)
    assert ended.left_on == D(2025, 6, 30)
    assert successor.name in ended.left_reason
    # History from before the effective year is untouched.
    assert Membership.objects.get(bloc_year=world.bloc_year, unit=world.member).left_on is None
    assert UnitSuccession.objects.get().successor == successor


def test_record_succession_of_a_bloc_head_is_refused(world, council_officer):
    later = BlocYearFactory(bloc=world.bloc, year=2025)
    MembershipFactory(bloc_year=later, unit=world.head, role=MemberRole.HEAD)

    with pytest.raises(DomainError):
        services.record_succession(
            world.head,
            actor=council_officer,
            successors=[world.member],
            kind=SuccessionKind.ABSORB,
            effective_date=D(2025, 7, 1),
            legal_basis="x",
        )
    world.head.refresh_from_db()
    assert world.head.status == UnitStatus.ACTIVE
    assert not UnitSuccession.objects.exists()


def test_record_succession_split_needs_two_successors(world, council_officer):
    with pytest.raises(DomainError):
        services.record_succession(
            world.member,
            actor=council_officer,
            successors=[world.deputy],
            kind=SuccessionKind.SPLIT,
            effective_date=D(2025, 7, 1),
            legal_basis="x",
        )


def test_record_succession_split_dissolves_predecessor(world, council_officer):
    a, b = UnitFactory(province=world.province), UnitFactory(province=world.province)

    services.record_succession(
        world.member,
        actor=council_officer,
        successors=[a, b],
        kind=SuccessionKind.SPLIT,
        effective_date=D(2025, 7, 1),
        legal_basis="x",
    )

    world.member.refresh_from_db()
    assert world.member.status == UnitStatus.DISSOLVED
    assert set(world.member.successions_out.values_list("successor", flat=True)) == {a.pk, b.pk}


@pytest.mark.parametrize("case", ["self", "ended_successor", "ended_predecessor", "two_for_merge"])
def test_record_succession_invalid_is_refused(world, council_officer, case):
    ended = UnitFactory(province=world.province, status=UnitStatus.MERGED, valid_to=D(2020, 1, 1))
    predecessor, successors = {
        "self": (world.member, [world.member]),
        "ended_successor": (world.member, [ended]),
        "ended_predecessor": (ended, [world.member]),
        "two_for_merge": (world.member, [world.head, world.deputy]),
    }[case]

    with pytest.raises(DomainError):
        services.record_succession(
            predecessor,
            actor=council_officer,
            successors=successors,
            kind=SuccessionKind.ABSORB,
            effective_date=D(2025, 7, 1),
            legal_basis="x",
        )
    assert not UnitSuccession.objects.exists()


def test_record_succession_to_successor_province(db, admin_user):
    old, new = ProvinceFactory(), ProvinceFactory()
    new.predecessors.add(old)
    unit, successor = UnitFactory(province=old), UnitFactory(province=new)

    assert successor in succession_candidates(unit)
    services.record_succession(
        unit,
        actor=admin_user,
        successors=[successor],
        kind=SuccessionKind.ABSORB,
        effective_date=D(2025, 7, 1),
        legal_basis="x",
    )
    assert BlocYear.objects.count() == 0
    assert unit.successions_out.get().successor == successor


def test_create_bloc_year_dissolved_bloc_is_refused(world, council_officer):
    world.bloc.dissolved_on = D(2025, 6, 30)
    world.bloc.save()

    with pytest.raises(DomainError):
        services.create_bloc_year(world.bloc, actor=council_officer, year=2026)
    assert not BlocYear.objects.filter(year=2026).exists()


def test_dissolve_unit_ends_it_without_successor(world, council_officer):
    later = BlocYearFactory(bloc=world.bloc, year=2024)
    MembershipFactory(bloc_year=later, unit=world.member)

    services.dissolve_unit(world.member, actor=council_officer, effective_date=D(2024, 4, 1), legal_basis="QĐ 9/2024")

    world.member.refresh_from_db()
    assert (world.member.status, world.member.valid_to) == (UnitStatus.DISSOLVED, D(2024, 3, 31))
    ended = Membership.objects.get(bloc_year=later, unit=world.member)
    assert ended.left_on == D(2024, 3, 31) and "QĐ 9/2024" in ended.left_reason
    assert not UnitSuccession.objects.exists()
    assert ActivityLog.objects.get(action="blocs.unit.dissolved").data["memberships_ended"] == [ended.pk]


def test_dissolve_unit_twice_is_refused(world, council_officer):
    services.dissolve_unit(world.member, actor=council_officer, effective_date=D(2024, 4, 1), legal_basis="x")

    with pytest.raises(DomainError):
        services.dissolve_unit(world.member, actor=council_officer, effective_date=D(2024, 5, 1), legal_basis="x")
    assert ActivityLog.objects.filter(action="blocs.unit.dissolved").count() == 1


def test_update_unit_profile_document_code_and_superior_body_are_stored_with_audit(world, unit_officer):
    services.update_unit_profile(world.member, actor=unit_officer, abbreviation="CAT", superior_body="Bộ Công an")

    world.member.refresh_from_db()
    world.deputy.refresh_from_db()
    assert (world.member.abbreviation, world.member.superior_body) == ("CAT", "Bộ Công an")
    assert world.deputy.abbreviation == ""
    entry = ActivityLog.objects.get(action="blocs.unit.updated", object_id=world.member.pk)
    assert entry.data["after"] == {"abbreviation": "CAT", "superior_body": "Bộ Công an"}
