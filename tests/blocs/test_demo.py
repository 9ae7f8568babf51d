import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from blocs.enums import BlocYearStatus, MemberRole, UnitStatus
from blocs.models import Bloc, BlocYear, CouncilOfficeName, Membership, Province, Unit, UnitSuccession
from blocs.selectors import council_office_name, roles_of
from core.models import ActivityLog, User
from core.services import verify_activity_chain


def _counts():
    return [
        m.objects.count()
        for m in (Province, CouncilOfficeName, Unit, BlocYear, Membership, UnitSuccession, User, ActivityLog)
    ]


def test_load_demo_refused_when_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert Province.objects.count() == 0


@pytest.fixture
def demo(demo_db):
    """The demo story, loaded once for this module; each test's changes roll back."""


def test_load_demo_twice_changes_nothing(demo):
    before = _counts()

    call_command("load_demo")

    assert _counts() == before
    assert verify_activity_chain().ok


def _members(province, year):
    bloc_year = BlocYear.objects.get(bloc__province__name=province, year=year)
    return bloc_year, list(bloc_year.memberships.select_related("unit"))


@pytest.mark.parametrize(
    ("province", "year", "count"),
    [
        ("Hà Tĩnh", 2019, 8),
        ("Hà Tĩnh", 2020, 9),
        ("Bắc Giang", 2019, 7),
        ("Bắc Kạn", 2022, 9),
        ("Thành phố Hồ Chí Minh", 2017, 7),
    ],
)
def test_load_demo_blocs_have_the_members_of_the_articles(demo, province, year, count):
    _, members = _members(province, year)

    assert len(members) == count
    assert sum(m.role == MemberRole.HEAD for m in members) == 1


def test_load_demo_hatinh_2020_adds_mobile_police_battalion(demo):
    _, members = _members("Hà Tĩnh", 2020)

    assert any("Cảnh sát cơ động số 2" in m.unit.name for m in members)


def test_load_demo_leadership_from_articles(demo):
    bg, members = _members("Bắc Giang", 2019)
    roles = {m.unit.short_name: m.role for m in members}
    assert roles["Thanh tra tỉnh"] == MemberRole.HEAD
    assert roles["Tòa án nhân dân tỉnh"] == MemberRole.DEPUTY
    assert bg.plan_number == "127/KH-KTĐ"

    _, members = _members("Bắc Kạn", 2023)
    roles = {m.unit.short_name: m.role for m in members}
    assert roles["Thanh tra tỉnh"] == MemberRole.HEAD
    assert roles["Công an tỉnh"] == MemberRole.DEPUTY

    _, members = _members("Thành phố Hồ Chí Minh", 2017)
    assert next(m for m in members if m.role == MemberRole.HEAD).unit.name == "Công an Thành phố Hồ Chí Minh"


def test_load_demo_2025_reorganisation(demo):
    bac_giang = Province.objects.get(name="Bắc Giang")
    assert bac_giang.valid_to == datetime.date(2025, 6, 30)
    assert Province.objects.get(name="Bắc Ninh").predecessors.get() == bac_giang
    assert Province.objects.get(name="Thái Nguyên").predecessors.get().name == "Bắc Kạn"
    police = Unit.objects.get(name="Công an tỉnh Bắc Giang")
    assert police.status == UnitStatus.MERGED
    assert police.successions_out.get().successor.name == "Công an tỉnh Bắc Ninh"
    assert not Unit.objects.filter(province__name__in=["Bắc Giang", "Bắc Kạn"], status=UnitStatus.ACTIVE).exists()


def test_load_demo_council_office_names_change_in_2025_not_for_ended_provinces(demo):
    hatinh, bac_giang = Province.objects.get(name="Hà Tĩnh"), Province.objects.get(name="Bắc Giang")

    names = [council_office_name(hatinh, on=datetime.date(year, 12, 1)) for year in (2020, 2025)]

    assert names == ["Ban Thi đua - Khen thưởng tỉnh", "Sở Nội vụ tỉnh Hà Tĩnh (Phòng Thi đua, khen thưởng)"]
    assert list(bac_giang.office_names.values_list("name", flat=True)) == ["Ban Thi đua - Khen thưởng tỉnh"]


def test_load_demo_civil_judgment_offices_renamed_with_history(demo):
    unit = Unit.objects.get(names__name="Cục Thi hành án dân sự tỉnh Hà Tĩnh")

    assert unit.name == "Thi hành án dân sự tỉnh Hà Tĩnh"
    assert unit.status == UnitStatus.ACTIVE
    assert list(unit.names.order_by("id").values_list("name", flat=True)) == [
        "Cục Thi hành án dân sự tỉnh Hà Tĩnh",
        "Thi hành án dân sự tỉnh Hà Tĩnh",
    ]


def test_load_demo_has_an_account_per_persona(demo):
    roles = {u.username: roles_of(u) for u in User.objects.all()}
    assert roles["admin"].is_admin
    assert roles["vanphong.hatinh"].office_province_ids
    assert roles["hoidong.hatinh"].council_province_ids and not roles["hoidong.hatinh"].office_province_ids
    hatinh_2020 = BlocYear.objects.get(bloc__province__name="Hà Tĩnh", year=2020)
    head = hatinh_2020.memberships.get(role=MemberRole.HEAD).unit_id
    assert head in roles["thuky.noichinh.hatinh"].officer_unit_ids
    assert roles["canbo.congan.hatinh"].unit_ids and head not in roles["canbo.congan.hatinh"].unit_ids
    assert roles["canbo.pccc.hcm"].unit_ids


def test_load_demo_blocs_of_merged_provinces_are_dissolved(demo):
    dissolved = set(
        Bloc.objects.filter(dissolved_on=datetime.date(2025, 6, 30)).values_list("province__name", flat=True)
    )

    assert dissolved == {"Bắc Giang", "Bắc Kạn"}


def test_load_demo_hatinh_2019_closed_2020_left_at_scoring(demo):
    years = BlocYear.objects.filter(bloc__province__name="Hà Tĩnh", year__in=[2019, 2020])

    assert dict(years.values_list("year", "status")) == {2019: BlocYearStatus.CLOSED, 2020: BlocYearStatus.SCORING}
