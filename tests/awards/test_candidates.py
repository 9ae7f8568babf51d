"""The candidates of the meeting page, built from the year's real data (membership, registrations,
scores, compliance records) and the stored overrides."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.calculations import Rule, Standing
from awards.enums import AwardKind
from awards.selectors.meetings import award_of_title, candidacies, meeting_of, ranks_of, unit_facts
from awards.services.meetings import override_exclusion
from blocs.enums import BlocYearStatus, MemberRole
from tests.awards.conftest import score_year, set_status
from tests.awards.factories import ComplianceRecordFactory
from tests.factories import MembershipFactory, UnitFactory, bloc_year_with_members
from tests.pledges.factories import RegistrationFactory, TitleFactory
from tests.queries import page_queries

pytestmark = pytest.mark.usefixtures("english")
DAY = datetime.date(2020, 12, 20)
FLAG = "Cờ thi đua của UBND tỉnh"
MERIT = "Bằng khen của Chủ tịch UBND tỉnh"


def _register(bloc_year, unit, title_name, status="accepted"):
    """A registration for a seeded title (made again if a transactional test's flush removed the seed)."""
    title = TitleFactory(name=title_name, level="province", is_flag=title_name == FLAG)
    return RegistrationFactory(bloc_year=bloc_year, unit=unit, title=title, status=status)


@pytest.fixture
def year_with_facts(world, ready_year):
    """Head (rank 1) and deputy (rank 2) registered for the flag, the deputy under investigation; member
    M registered for nothing; unit L left the bloc in June."""
    _register(ready_year, world.head, FLAG)
    _register(ready_year, world.deputy, FLAG, status="forwarded")
    _register(ready_year, world.member, FLAG, status="submitted")  # not accepted: does not count
    ComplianceRecordFactory(unit=world.deputy, started_on=datetime.date(2020, 5, 1))
    leaver = UnitFactory(province=world.province, name="Sở Xây dựng")
    MembershipFactory(bloc_year=ready_year, unit=leaver, left_on=datetime.date(2020, 6, 1), left_reason="Chuyển khối")
    _register(ready_year, leaver, FLAG)
    return ready_year, leaver


def _by_unit(candidacy):
    return {item.unit.unit_id: item for item in candidacy.left_out}


@pytest.mark.parametrize(
    ("name", "level", "is_flag", "expected"),
    [
        ("Cờ thi đua của UBND tỉnh", "province", True, AwardKind.PROVINCE_FLAG),
        ("Cờ thi đua của Chính phủ", "government", True, AwardKind.GOVERNMENT_FLAG),
        ("Bằng khen của Chủ tịch UBND tỉnh", "province", False, AwardKind.PROVINCE_MERIT),
        ("Tập thể lao động xuất sắc", "province", False, None),
        ("Giấy khen", "agency", False, None),
    ],
)
def test_award_of_title_catalogue_title_maps_to_award(name, level, is_flag, expected):
    assert award_of_title(name, level, is_flag) == expected


def test_unit_facts_real_data_standing_registration_rank_and_record(world, year_with_facts):
    bloc_year, leaver = year_with_facts

    facts = {f.unit_id: f for f in unit_facts(bloc_year, ranks=ranks_of(bloc_year), day=DAY)}

    assert (facts[world.head.pk].rank, facts[world.head.pk].registered) == (1, frozenset({"province_flag"}))
    assert facts[world.deputy.pk].has_blocking_record and facts[world.deputy.pk].rank == 2
    assert facts[world.member.pk].registered == frozenset() and not facts[world.member.pk].has_blocking_record
    assert facts[leaver.pk].standing == Standing.LEFT and facts[leaver.pk].rank is None
    assert str(facts[world.head.pk].final_score) == "19.00"
    assert facts[world.head.pk].women_share is None


def test_unit_facts_dissolved_unit_is_gone(world, ready_year):
    unit = world.member
    type(unit).objects.filter(pk=unit.pk).update(status="dissolved", valid_to=datetime.date(2020, 11, 30))

    facts = {f.unit_id: f for f in unit_facts(ready_year, ranks={}, day=DAY)}

    assert facts[unit.pk].standing == Standing.GONE


def test_unit_facts_unit_ending_after_meeting_gone_by_decision_date(world, ready_year):
    type(world.member).objects.filter(pk=world.member.pk).update(status="merged", valid_to=datetime.date(2021, 1, 31))

    facts = {f.unit_id: f for f in unit_facts(ready_year, ranks={}, day=DAY)}

    assert facts[world.member.pk].standing == Standing.ACTIVE and facts[world.member.pk].gone_by_decision_date


def test_unit_facts_record_resolved_before_meeting_does_not_block(world, ready_year):
    ComplianceRecordFactory(
        unit=world.head, started_on=datetime.date(2020, 3, 1), resolved_on=datetime.date(2020, 9, 1)
    )

    facts = {f.unit_id: f for f in unit_facts(ready_year, ranks={}, day=DAY)}

    assert not facts[world.head.pk].has_blocking_record


def test_candidacies_flag_head_stands_others_left_out_with_reasons(world, year_with_facts):
    bloc_year, leaver = year_with_facts

    flag = candidacies(bloc_year, meeting=None, ranks=ranks_of(bloc_year))[0]

    assert flag.award.kind == AwardKind.PROVINCE_FLAG and flag.quota == 1
    assert [c.unit_id for c in flag.candidates] == [world.head.pk]
    left = _by_unit(flag)
    assert left[world.deputy.pk].rules == (Rule.NOT_TOP_RANKED, Rule.BLOCKING_RECORD)
    assert "Decree 152/2025/NĐ-CP, Art. 4(4)" in left[world.deputy.pk].reasons[1]
    assert left[world.member.pk].rules == (Rule.NOT_REGISTERED, Rule.NOT_TOP_RANKED)
    assert "Công an tỉnh did not register for" in left[world.member.pk].reasons[0]
    assert left[leaver.pk].rules == (Rule.NOT_MEMBER, Rule.NOT_TOP_RANKED) and not left[leaver.pk].overridable
    assert "Sở Xây dựng left the bloc during the year" in left[leaver.pk].reasons[0]


def test_candidacies_government_flag_shown_only_when_registered(world, ready_year):
    kinds = [c.award.kind for c in candidacies(ready_year, meeting=None, ranks={})]
    _register(ready_year, world.head, "Cờ thi đua của Chính phủ")

    later = [c.award.kind for c in candidacies(ready_year, meeting=None, ranks={})]

    assert kinds == ["province_flag", "province_merit"]
    assert later == ["province_flag", "province_merit", "government_flag"]


def test_candidacies_override_lets_unregistered_unit_stand(world, year_with_facts, secretariat, meeting_session):
    bloc_year, _leaver = year_with_facts
    override_exclusion(
        meeting_session.meeting, actor=secretariat, award=AwardKind.PROVINCE_MERIT, unit=world.member, reason="Lý do"
    )

    merit = candidacies(bloc_year, meeting=meeting_of(bloc_year), ranks={})[1]

    assert world.member.pk in [c.unit_id for c in merit.candidates]
    assert world.member.pk not in _by_unit(merit)
    assert [(n.unit.unit_id, n.reason) for n in merit.overrides] == [(world.member.pk, "Lý do")]


def test_candidacies_override_no_longer_needed_left_aside(world, ready_year, secretariat, meeting_session):
    override_exclusion(
        meeting_session.meeting, actor=secretariat, award=AwardKind.PROVINCE_MERIT, unit=world.member, reason="Lý do"
    )
    _register(ready_year, world.member, MERIT)

    merit = candidacies(ready_year, meeting=meeting_of(ready_year), ranks={})[1]

    assert world.member.pk in [c.unit_id for c in merit.candidates] and merit.overrides == ()


def test_meeting_page_shows_reasons_and_override(client, world, year_with_facts, secretariat, meeting_session):
    override_exclusion(
        meeting_session.meeting, actor=secretariat, award=AwardKind.PROVINCE_MERIT, unit=world.member, reason="Lý do X"
    )
    client.force_login(secretariat)

    page = client.get(reverse("awards:meeting_detail", args=[world.bloc_year.pk])).content.decode()

    assert "left the bloc during the year" in page and "Decree 152/2025/NĐ-CP, Art. 4(4)" in page
    assert "Lý do X" in page and "Standing by an override of the secretariat" in page


def _page_queries_for(members: int, client, admin_user) -> int:
    bloc_year = bloc_year_with_members(members=members)
    units = [m.unit for m in bloc_year.memberships.order_by("id")]
    score_year(bloc_year, {unit: str(9 - i % 5) for i, unit in enumerate(units)}, actor=admin_user)
    set_status(bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    for unit in units:
        _register(bloc_year, unit, FLAG)
        ComplianceRecordFactory(unit=unit)
    client.force_login(admin_user)
    return page_queries(client, reverse("awards:meeting_detail", args=[bloc_year.pk]))


@pytest.mark.parametrize("members", [3, 8])
def test_meeting_page_queries_do_not_grow_with_members(client, admin_user, members, db):
    baseline = _page_queries_for(3, client, admin_user)

    assert _page_queries_for(members, client, admin_user) == baseline


def test_unit_facts_queries_fixed(world, ready_year):
    with CaptureQueriesContext(connection) as small:
        unit_facts(ready_year, ranks={}, day=DAY)
    for name in ("Sở A", "Sở B", "Sở C"):
        MembershipFactory(
            bloc_year=ready_year, unit=UnitFactory(province=world.province, name=name), role=MemberRole.MEMBER
        )

    with CaptureQueriesContext(connection) as large:
        unit_facts(ready_year, ranks={}, day=DAY)

    assert len(large) == len(small)
