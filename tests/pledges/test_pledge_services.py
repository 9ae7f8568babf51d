"""Launch meeting, pledge (draft, amendment with kept versions), signatures, and the lifecycle requirements."""

import datetime
from decimal import Decimal

import pytest

from blocs import services as bloc_services
from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocYear
from blocs.transitions import missing_to_enter
from core.exceptions import DomainError
from core.models import ActivityLog
from pledges.models import LaunchMeeting, Pledge, PledgeSignature, PledgeVersion
from pledges.services import commitments as services
from tests.factories import MembershipFactory, UnitFactory

pytestmark = pytest.mark.usefixtures("english")

CLAUSES = [
    {"content": "Hoàn thành 100% chỉ tiêu được giao", "unit_of_measure": "%", "target_value": Decimal(100)},
    {"content": "Tổ chức hội nghị sơ kết, tổng kết", "unit_of_measure": "hội nghị", "target_value": Decimal(2)},
]


def _logged(action, obj):
    return ActivityLog.objects.filter(action=action, object_id=obj.pk)


def _meeting(bloc_year, actor, **overrides):
    values = {
        "held_on": datetime.date(2020, 2, 27),
        "place": "Cục Thi hành án dân sự tỉnh",
        "attendees": "Ban Thi đua - Khen thưởng tỉnh\nLãnh đạo các đơn vị",
        "notes": "",
        **overrides,
    }
    return services.record_launch_meeting(bloc_year, actor=actor, **values)


def _save(bloc_year, actor, **overrides):
    values = {"theme": "Đoàn kết, sáng tạo", "slogan": "Kỷ cương, liêm chính", "clauses": CLAUSES, "unit_themes": {}}
    return services.save_pledge(bloc_year, actor=actor, **{**values, **overrides})


def _sign(pledge, unit, actor, **overrides):
    values = {"signer_name": "Nguyễn Văn An", "signer_title": "Giám đốc", "signed_on": datetime.date(2020, 2, 27)}
    return services.record_pledge_signature(pledge, actor=actor, unit=unit, **{**values, **overrides})


# --- Launch meeting -----------------------------------------------------------------


def test_record_launch_meeting_first_time_creates_it_and_audits(world, secretariat):
    meeting = _meeting(world.bloc_year, secretariat)

    stored = LaunchMeeting.objects.get(bloc_year=world.bloc_year)
    assert stored == meeting
    assert stored.attendee_list == ["Ban Thi đua - Khen thưởng tỉnh", "Lãnh đạo các đơn vị"]
    assert stored.recorded_by == secretariat
    entry = _logged("pledges.launch_meeting.recorded", world.bloc_year).get()
    assert entry.data["after"]["place"] == "Cục Thi hành án dân sự tỉnh"


def test_record_launch_meeting_again_corrects_it_and_audits_the_change(world, secretariat):
    _meeting(world.bloc_year, secretariat)

    _meeting(world.bloc_year, secretariat, place="Thanh tra tỉnh")

    assert LaunchMeeting.objects.get(bloc_year=world.bloc_year).place == "Thanh tra tỉnh"
    latest = _logged("pledges.launch_meeting.recorded", world.bloc_year).first()
    assert latest.data == {"before": {"place": "Cục Thi hành án dân sự tỉnh"}, "after": {"place": "Thanh tra tỉnh"}}


def test_record_launch_meeting_without_attendees_refused(world, secretariat):
    with pytest.raises(DomainError, match="attended"):
        _meeting(world.bloc_year, secretariat, attendees="  \n ")

    assert not LaunchMeeting.objects.exists()


# --- Pledge ---------------------------------------------------------------------------


def test_save_pledge_first_time_creates_version_one_and_syncs_the_year(world, secretariat):
    pledge = _save(world.bloc_year, secretariat, unit_themes={world.member.pk: "Vì bình yên nhân dân"})

    version = pledge.versions.get()
    assert (pledge.current_version, version.number, version.theme) == (1, 1, "Đoàn kết, sáng tạo")
    assert [(c.position, c.content, c.target_value) for c in version.clauses.all()] == [
        (1, CLAUSES[0]["content"], Decimal(100)),
        (2, CLAUSES[1]["content"], Decimal(2)),
    ]
    assert version.unit_themes.get().unit == world.member
    year = BlocYear.objects.get(pk=world.bloc_year.pk)
    assert (year.theme, year.slogan) == ("Đoàn kết, sáng tạo", "Kỷ cương, liêm chính")
    assert _logged("pledges.pledge.drafted", pledge).get().data["version"] == 1


def test_save_pledge_before_any_signature_rewrites_the_draft_in_place(world, secretariat):
    _save(world.bloc_year, secretariat)

    pledge = _save(world.bloc_year, secretariat, theme="Chủ đề mới", clauses=CLAUSES[:1])

    assert PledgeVersion.objects.filter(pledge=pledge).count() == 1
    version = pledge.versions.get()
    assert version.theme == "Chủ đề mới"
    assert version.clauses.count() == 1
    assert _logged("pledges.pledge.drafted", pledge).count() == 2


def test_save_pledge_after_a_signature_adds_a_version_and_keeps_the_old_one(world, secretariat, unit_officer):
    pledge = _save(world.bloc_year, secretariat)
    _sign(pledge, world.member, unit_officer)

    pledge = _save(world.bloc_year, secretariat, clauses=CLAUSES[:1], change_note="Bỏ chỉ tiêu hội nghị")

    assert pledge.current_version == 2
    old, new = pledge.versions.get(number=1), pledge.versions.get(number=2)
    assert old.clauses.count() == 2 and new.clauses.count() == 1
    assert new.change_note == "Bỏ chỉ tiêu hội nghị"
    assert PledgeSignature.objects.get().version_number == 1
    entry = _logged("pledges.pledge.amended", pledge).get()
    assert entry.data == {"version": 2, "clauses": 1, "change_note": "Bỏ chỉ tiêu hội nghị"}


def test_save_pledge_amendment_without_note_refused(world, secretariat, unit_officer):
    pledge = _save(world.bloc_year, secretariat)
    _sign(pledge, world.member, unit_officer)

    with pytest.raises(DomainError, match="amendment"):
        _save(world.bloc_year, secretariat, theme="Khác")

    assert Pledge.objects.get().current_version == 1
    assert PledgeVersion.objects.get().theme == "Đoàn kết, sáng tạo"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"theme": "  "}, "theme"), ({"clauses": []}, "at least one target")],
)
def test_save_pledge_incomplete_text_refused(world, secretariat, overrides, message):
    with pytest.raises(DomainError, match=message):
        _save(world.bloc_year, secretariat, **overrides)

    assert not Pledge.objects.exists()


def test_save_pledge_theme_of_a_unit_outside_the_bloc_refused(world, secretariat):
    with pytest.raises(DomainError, match="current members"):
        _save(world.bloc_year, secretariat, unit_themes={world.other_unit.pk: "Không thuộc khối"})

    assert not Pledge.objects.exists()


# --- Signatures -----------------------------------------------------------------------


def test_record_pledge_signature_stores_the_version_and_audits(world, pledge, unit_officer):
    signature = _sign(pledge, world.member, unit_officer)

    assert PledgeSignature.objects.get() == signature
    assert (signature.version_number, signature.recorded_by) == (1, unit_officer)
    entry = _logged("pledges.pledge.signed", pledge).get()
    assert entry.data["unit"] == world.member.pk and entry.data["signer"] == "Nguyễn Văn An"


def test_record_pledge_signature_twice_refused(world, pledge, unit_officer):
    _sign(pledge, world.member, unit_officer)

    with pytest.raises(DomainError, match="already recorded"):
        _sign(pledge, world.member, unit_officer, signer_name="Người khác")

    assert PledgeSignature.objects.get().signer_name == "Nguyễn Văn An"


def test_record_pledge_signature_unit_outside_the_bloc_refused(world, pledge, other_unit_officer):
    with pytest.raises(DomainError, match="not a current member"):
        _sign(pledge, world.other_unit, other_unit_officer)

    assert not PledgeSignature.objects.exists()


def test_record_pledge_signature_unit_that_left_refused(world, pledge, council_officer, unit_officer):
    membership = world.bloc_year.memberships.get(unit=world.member)
    bloc_services.end_membership(
        membership, actor=council_officer, left_on=datetime.date(2020, 3, 1), reason="Sáp nhập"
    )

    with pytest.raises(DomainError, match="not a current member"):
        _sign(pledge, world.member, unit_officer)


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (datetime.date(2019, 11, 30), False),
        (datetime.date(2019, 12, 1), True),
        (datetime.date(2020, 12, 31), True),
        (datetime.date(2021, 1, 1), False),
    ],
)
def test_record_pledge_signature_date_bounds(world, pledge, unit_officer, day, allowed):
    if allowed:
        _sign(pledge, world.member, unit_officer, signed_on=day)
    else:
        with pytest.raises(DomainError, match="signing date"):
            _sign(pledge, world.member, unit_officer, signed_on=day)

    assert PledgeSignature.objects.exists() is allowed


# --- Requirements of the lifecycle ------------------------------------------------------


def test_launch_requires_the_launch_meeting(world, secretariat):
    with pytest.raises(DomainError, match="launch meeting"):
        bloc_services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.LAUNCHED, actor=secretariat)
    _meeting(world.bloc_year, secretariat)

    bloc_services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.LAUNCHED, actor=secretariat)

    assert BlocYear.objects.get(pk=world.bloc_year.pk).status == BlocYearStatus.LAUNCHED


def _launched(bloc_year):
    BlocYear.objects.filter(pk=bloc_year.pk).update(status=BlocYearStatus.LAUNCHED)
    bloc_year.refresh_from_db()
    return bloc_year


def test_pledge_signed_requires_a_pledge(world, secretariat):
    assert missing_to_enter(_launched(world.bloc_year), BlocYearStatus.PLEDGE_SIGNED) == [
        "Write the pledge and record every member's signature."
    ]


def test_pledge_signed_requires_every_current_member_and_names_the_missing(world, pledge, secretariat):
    bloc_year = _launched(world.bloc_year)
    _sign(pledge, world.head, secretariat)
    _sign(pledge, world.deputy, secretariat)

    with pytest.raises(DomainError, match="Not yet signed by: Công an tỉnh"):
        bloc_services.advance_bloc_year(bloc_year, to=BlocYearStatus.PLEDGE_SIGNED, actor=secretariat)

    _sign(pledge, world.member, secretariat)
    bloc_services.advance_bloc_year(bloc_year, to=BlocYearStatus.PLEDGE_SIGNED, actor=secretariat)
    assert BlocYear.objects.get(pk=bloc_year.pk).status == BlocYearStatus.PLEDGE_SIGNED


def test_pledge_signed_does_not_wait_for_a_unit_that_left(world, pledge, secretariat, council_officer):
    bloc_year = _launched(world.bloc_year)
    leaver = UnitFactory(province=world.province, name="Sở Nội vụ")
    membership = MembershipFactory(bloc_year=bloc_year, unit=leaver, role=MemberRole.MEMBER)
    bloc_services.end_membership(
        membership, actor=council_officer, left_on=datetime.date(2020, 3, 1), reason="Giải thể"
    )
    for unit in (world.head, world.deputy, world.member):
        _sign(pledge, unit, secretariat)

    assert missing_to_enter(bloc_year, BlocYearStatus.PLEDGE_SIGNED) == []
