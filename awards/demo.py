"""Demo data of the awards app, on top of the blocs, pledges and scoring demos (which load first).
Loading twice changes nothing.

Compliance records of Hà Tĩnh's Nội chính bloc (no seed article names one: they are invented): one
matter resolved within 2019, so it blocked nobody at that year's meeting, and one complaint still
pending at the end of 2020 (resolved in 2021), so that 2020's meeting page shows a unit left out of
the candidates with its reason.

Hà Tĩnh 2019's year-end meeting (``load_meeting_2019``): the article in shared/seeds dates it on the
afternoon of 25/12/2019 and names two speakers, whose names and titles the attendance uses; the rest
(chair, secretary, the other representatives, scores, votes, who led the bloc) is invented.
"""

import contextlib
import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.enums import AwardKind, BallotForm, ComplianceKind, LeadershipMethod, SignerRank
from awards.models import ComplianceRecord, CouncilSession, LegalRegime, Meeting, NextLeadership, Proposal
from awards.selectors.catalogue import regime_for
from awards.selectors.meetings import MERIT_TITLE_NAME
from awards.services import ballots as ballot_services
from awards.services import council as council_services
from awards.services import decisions as decision_services
from awards.services import meetings as meeting_services
from awards.services import minutes as minutes_services
from awards.services import proposals as proposal_services
from awards.services import record_compliance_record, resolve_compliance_record
from awards.services import review as review_services
from blocs.demo import DEMO_PASSWORD, at
from blocs.enums import BlocYearStatus, MemberRole, UnitRoleKind
from blocs.models import BlocYear, Membership, Province, Unit, UnitRole
from core.models import User
from core.services import recorded_at
from pledges.demo import FLAG
from pledges.enums import TitleLevel
from pledges.models import Registration, Title
from pledges.services import commitments as pledge_services
from scoring.demo import DEMO_PDF
from scoring.enums import SchemeItemKind, Stage
from scoring.models import Scheme, ScoreSheet
from scoring.selectors.sheets import year_names
from scoring.services import sheets as sheet_services

OFFICE = "vanphong.hatinh"
RECORDS = [
    (
        "Sở Tư pháp tỉnh Hà Tĩnh",
        ComplianceKind.DISCIPLINE,
        datetime.date(2019, 3, 4),
        datetime.date(2019, 6, 28),
        "QĐ số 215/QĐ-STP ngày 28/6/2019",
        "Khiển trách một công chức; đã chấp hành xong.",
    ),
    (
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Hà Tĩnh",
        ComplianceKind.COMPLAINT,
        datetime.date(2020, 10, 12),
        datetime.date(2021, 2, 3),
        "Đơn khiếu nại ngày 12/10/2020",
        "Khiếu nại đang giải quyết tại thời điểm bình xét năm 2020.",
    ),
]


def load() -> str:
    parts = [load_compliance_records(), load_meeting_2019(), load_next_council_session()]
    return "; ".join(part for part in parts if part)


# --- This year's council session, planned ahead -------------------------------------------------
# The office plans the session that will hear this year's dossiers (due 10/12): about three weeks after
# the deadline, or three weeks from the day the demo is loaded if that is later; a weekday. The council
# members' dashboards show it coming, with the dossiers it has so far.
NEXT_SESSION: dict[str, str] = {
    "place": "Phòng họp số 1, Ủy ban nhân dân tỉnh Hà Tĩnh",
    "chair_name": "Nguyễn Hữu Phong",
    "chair_title": "Phó Chủ tịch Ủy ban nhân dân tỉnh, Phó Chủ tịch Thường trực Hội đồng Thi đua – Khen thưởng",
}


def load_next_council_session() -> str:
    office = User.objects.filter(username=OFFICE).first()
    if office is None:
        return ""
    province = office.council_roles.values_list("province", flat=True).first()
    today = timezone.localdate()
    held_on = max(datetime.date(today.year, 12, 29), today + datetime.timedelta(days=21))
    while held_on.weekday() >= 5:  # Saturday, Sunday
        held_on += datetime.timedelta(days=1)
    if province is None or CouncilSession.objects.filter(province_id=province, held_on__gte=today).exists():
        return ""
    with recorded_at(at(today - datetime.timedelta(days=7), 9)):  # planned last week
        session = council_services.plan_session(
            Province.objects.get(pk=province), actor=office, held_on=held_on, members_total=11, **NEXT_SESSION
        )
    return f"council session planned for {session.held_on:%d/%m/%Y}"


def load_compliance_records() -> str:
    office = User.objects.filter(username=OFFICE).first()
    created = 0
    for name, kind, started_on, resolved_on, reference, note in RECORDS:
        unit = Unit.objects.filter(names__name=name).first()
        if office is None or unit is None or ComplianceRecord.objects.filter(unit=unit, reference=reference).exists():
            continue
        with recorded_at(_morning(started_on)):
            record = record_compliance_record(
                unit, actor=office, kind=kind, started_on=started_on, reference=reference, note=note
            )
        with recorded_at(_morning(resolved_on)):
            resolve_compliance_record(record, actor=office, resolved_on=resolved_on)
        created += 1
    return f"{created} compliance records"


def _morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


# --- Hà Tĩnh 2019: the year-end meeting ---------------------------------------------------------
# The year was loaded closed (blocs.demo). Its story is replayed through the services with the year
# put back at "ready for review" for the time of the replay, then closed again: registrations in
# March, self-scores in November, verification in December, then the meeting of 25/12/2019 (session,
# attendance, guest, approved scores, the agreed leading unit, the secret ballots for the flag and for two
# certificates of merit, next year's head and deputy — the units 2020 already has).

MEETING_DAY = datetime.date(2019, 12, 25)
APPROVED_AT = at(MEETING_DAY, 14) + datetime.timedelta(minutes=30)
CLOSED_AT = at(MEETING_DAY, 15) + datetime.timedelta(minutes=40)
# a word of the unit's name → (demo account of its emulation officer, full name, rank in 2019 by score)
OFFICERS_2019 = {
    "Công an": ("canbo.congan.hatinh", "Phạm Văn Nam", 1),
    "Thi hành án": ("thuky.noichinh.hatinh", "Lê Thị Hương", 2),
    "Viện Kiểm sát": ("canbo.vienkiemsat.hatinh", "Lê Văn Quang", 3),
    "Quân sự": ("canbo.quansu.hatinh", "Hồ Văn Thắng", 4),
    "Biên phòng": ("canbo.bienphong.hatinh", "Nguyễn Đức Toàn", 5),
    "Thanh tra": ("canbo.thanhtra.hatinh", "Đinh Thị Hoa", 6),
    "Tòa án": ("canbo.toaan.hatinh", "Phan Thị Mai", 7),
    "Tư pháp": ("canbo.tuphap.hatinh", "Trần Thị Thu Hà", 8),
}
# The unit's representative at the meeting: the two speakers the article names, else the unit's leader
# (the leaders who sign 2020's pledge in pledges.demo), with the unit's name of 2019.
REPRESENTATIVES_2019 = {
    "Công an": ("Đại tá Phạm Minh Dũng", "Giám đốc Công an tỉnh"),
    "Thi hành án": ("Đặng Văn Hải", "Cục trưởng Cục Thi hành án dân sự tỉnh"),
    "Viện Kiểm sát": ("Võ Thị Giang", "Viện trưởng Viện Kiểm sát nhân dân tỉnh"),
    "Quân sự": ("Đại tá Nguyễn Văn An", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh"),
    "Biên phòng": ("Trần Quốc Việt", "Phó Chính ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
    "Thanh tra": ("Bùi Thị Khánh", "Chánh Thanh tra tỉnh"),
    "Tòa án": ("Lê Thị Cúc", "Chánh án Tòa án nhân dân tỉnh"),
    "Tư pháp": ("Hoàng Minh Tâm", "Phó Giám đốc Sở Tư pháp"),
}
SESSION_2019 = {
    "held_on": MEETING_DAY,
    "starts_at": datetime.time(14, 0),
    "place": "Hội trường Viện Kiểm sát nhân dân tỉnh Hà Tĩnh",
    "chair_name": "Võ Thị Giang",
    "chair_title": "Viện trưởng Viện Kiểm sát nhân dân tỉnh, Trưởng Khối",
    "secretary_name": "Nguyễn Thị Hằng",
    "secretary_title": "Chuyên viên Văn phòng Viện Kiểm sát nhân dân tỉnh",
}
GUEST_2019 = ("Nguyễn Thị Lan", "Chuyên viên", "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Hà Tĩnh")
FLAG_TARGETS_2019 = "Hoàn thành xuất sắc toàn bộ chỉ tiêu giao ước thi đua năm 2019; dẫn đầu Khối thi đua Nội chính."
MERIT_TARGETS_2019 = "Hoàn thành xuất sắc các chỉ tiêu giao ước thi đua năm 2019."


def load_meeting_2019() -> str:
    """Hà Tĩnh 2019 fully past its meeting; nothing happens when that year has a meeting already."""
    bloc_year = BlocYear.objects.filter(
        bloc__province__code="42", bloc__name="Khối thi đua Nội chính", year=2019
    ).first()
    if bloc_year is None or not Scheme.objects.filter(bloc_year=bloc_year).exists():
        return ""
    if Meeting.objects.filter(bloc_year=bloc_year).exists():
        return f"meeting of {bloc_year} already loaded"
    members = _members(bloc_year)
    officers = {m.unit_id: _officer(m.unit) for m in members}
    secretary = officers[next(m.unit_id for m in members if m.role == MemberRole.HEAD)]
    with _replayed(bloc_year):
        _register_2019(bloc_year, members, officers, secretary)
        _score_2019(bloc_year, members, officers, secretary)
        meeting = _hold_meeting_2019(bloc_year, members, officers, secretary)
        proposal = _propose_2019(bloc_year, secretary)
    return (
        f"meeting of {bloc_year}: {meeting.ballots.count()} ballot, {meeting.sessions.count()} session; "
        f"proposal {proposal.get_status_display() if proposal else 'not made'}"
    )


@contextlib.contextmanager
def _replayed(bloc_year: BlocYear) -> Iterator[None]:
    """The services refuse a closed year: the replay runs at "ready for review", then the year is closed again."""
    BlocYear.objects.filter(pk=bloc_year.pk).update(status=BlocYearStatus.READY_FOR_REVIEW)
    try:
        yield
    finally:
        BlocYear.objects.filter(pk=bloc_year.pk).update(status=BlocYearStatus.CLOSED)


def _members(bloc_year: BlocYear) -> list[Membership]:
    memberships = bloc_year.memberships.filter(left_on__isnull=True).select_related("unit")
    return sorted(memberships, key=lambda m: _plan(m.unit)[2])


def _plan(unit: Unit) -> tuple[str, str, int]:
    return next(plan for word, plan in OFFICERS_2019.items() if word in unit.name)


def _officer(unit: Unit) -> User:
    """The unit's emulation officer: the persona when there is one, else a demo account created now."""
    username, full_name, _rank = _plan(unit)
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": f"{username}@example.invalid"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    UnitRole.objects.get_or_create(user=user, unit=unit, role=UnitRoleKind.OFFICER)
    return user


def _register_2019(bloc_year: BlocYear, members: list[Membership], officers: dict, secretary: User) -> None:
    """8/8 units registered for the provincial flag in March, the units ranked 2nd and 3rd also for the
    Chairman's certificate of merit; the secretariat accepted and forwarded them."""
    flag, _ = Title.objects.get_or_create(name=FLAG, defaults={"level": TitleLevel.PROVINCE, "is_flag": True})
    merit, _ = Title.objects.get_or_create(
        name=MERIT_TITLE_NAME, defaults={"level": TitleLevel.PROVINCE, "is_flag": False}
    )
    for membership in members:
        _register(bloc_year, membership.unit, flag, FLAG_TARGETS_2019, officers[membership.unit_id], secretary)
    for unit in _merit_units(members):
        _register(bloc_year, unit, merit, MERIT_TARGETS_2019, officers[unit.pk], secretary)
    Registration.objects.filter(bloc_year=bloc_year).update(
        submitted_at=at(datetime.date(2019, 3, 15)),
        decided_at=at(datetime.date(2019, 3, 22)),
        forwarded_at=at(datetime.date(2019, 3, 29)),
    )


def _register(bloc_year: BlocYear, unit: Unit, title: Title, targets: str, officer: User, secretary: User) -> None:
    with recorded_at(at(datetime.date(2019, 3, 15))):
        registration = pledge_services.create_registration(
            bloc_year, actor=officer, unit=unit, title=title, targets=targets
        )
        pledge_services.submit_registration(registration, actor=officer)
    with recorded_at(at(datetime.date(2019, 3, 22))):
        pledge_services.accept_registration(registration, actor=secretary)
    with recorded_at(at(datetime.date(2019, 3, 29))):
        pledge_services.forward_registration(registration, actor=secretary)


def _merit_units(members: list[Membership]) -> list[Unit]:
    """The units ranked 2nd and 3rd: the bloc's certificates of merit of 2019."""
    return [membership.unit for membership in members[1:3]]


def _score_2019(bloc_year: BlocYear, members: list[Membership], officers: dict, secretary: User) -> None:
    """Self-scores in November, accepted and verified by the head unit (the deputy verifies the head) in
    December; no council stage that year. The approved stage is opened for the meeting to approve."""
    with recorded_at(at(datetime.date(2019, 11, 1), 8)):
        sheet_services.update_scoring_setting(bloc_year, actor=secretary, uses_council_stage=False)
        sheets = {s.unit_id: s for s in sheet_services.open_self_scoring(bloc_year, actor=secretary)}
    deputy = next(m.unit_id for m in members if m.role == MemberRole.DEPUTY)
    for membership in members:
        officer = officers[membership.unit_id]
        verifier = officers[deputy] if membership.role == MemberRole.HEAD else secretary
        sheet = sheets[membership.unit_id]
        with recorded_at(at(datetime.date(2019, 11, 25))):
            _fill_2019(sheet, officer, rank=_plan(membership.unit)[2])
            sheet_services.submit_sheet(sheet, actor=officer)
        with recorded_at(at(datetime.date(2019, 12, 5))):
            sheet_services.accept_sheet(sheet, actor=verifier)
            verification = ScoreSheet.objects.get(bloc_year=bloc_year, unit=sheet.unit, stage=Stage.VERIFICATION)
            sheet_services.submit_sheet(verification, actor=verifier)
        with recorded_at(at(datetime.date(2019, 12, 10))):
            sheet_services.accept_sheet(verification, actor=verifier)
    sheets_of_year = ScoreSheet.objects.filter(bloc_year=bloc_year)
    sheets_of_year.filter(stage=Stage.SELF).update(submitted_at=at(datetime.date(2019, 11, 25)), is_late=False)
    sheets_of_year.filter(stage=Stage.VERIFICATION).update(submitted_at=at(datetime.date(2019, 12, 5)), is_late=False)
    sheets_of_year.update(created_at=at(datetime.date(2019, 11, 1), 8))


def _fill_2019(sheet: ScoreSheet, officer: User, *, rank: int) -> None:
    """Criteria at 99 % of their maximum for the first-ranked unit, one point less per rank below;
    the top three also claim a bonus; no deduction. Evidence attached where the scheme asks for it."""
    ratio = Decimal(100 - rank) / 100
    values = {}
    for line in sheet.lines.select_related("item"):
        item = line.item
        if item.kind == SchemeItemKind.DEDUCTION:
            points = Decimal(0)
        elif item.kind == SchemeItemKind.BONUS:
            points = item.max_points if rank <= 3 and item.code == "V.3" else Decimal(0)
        else:
            points = (item.max_points * ratio / item.step).to_integral_value(rounding="ROUND_FLOOR") * item.step
        values[line.item_id] = {"points": points, "note": "", "reason": ""}
    sheet_services.save_lines(sheet, actor=officer, values=values, source="demo")
    for line in sheet.lines.filter(item__evidence_required=True, points__gt=0).select_related("item"):
        upload = SimpleUploadedFile(f"minh-chung-{line.item.code}.pdf", DEMO_PDF, content_type="application/pdf")
        sheet_services.add_evidence(line, actor=officer, uploaded_file=upload)


def _hold_meeting_2019(bloc_year: BlocYear, members: list[Membership], officers: dict, secretary: User) -> Meeting:
    """The afternoon of 25/12/2019, at the head unit: every member present, the council office's officer as a
    guest; the scores approved, the first-ranked unit agreed as the leader and put to a secret yes/no ballot
    for the flag (every unit's officer votes yes), next year's head and deputy elected by agreement."""
    with recorded_at(at(MEETING_DAY, 14)):
        session = meeting_services.record_meeting_session(bloc_year, actor=secretary, **SESSION_2019)
        meeting_services.record_attendance(session, actor=secretary, rows=[_attendance(m) for m in members])
        name, title, organisation = GUEST_2019
        meeting_services.add_guest(session, actor=secretary, name=name, title=title, organisation=organisation)
    meeting = session.meeting
    leader = members[0].unit
    with recorded_at(APPROVED_AT):
        meeting_services.approve_scores(meeting, actor=secretary)
        meeting_services.record_leading_unit(meeting, actor=secretary, unit=leader)
    voters = [officers[m.unit_id] for m in members]
    _vote_2019(meeting, voters, secretary, award=AwardKind.PROVINCE_FLAG, candidates=[leader])
    _vote_2019(meeting, voters, secretary, award=AwardKind.PROVINCE_MERIT, candidates=_merit_units(members))
    with recorded_at(at(MEETING_DAY, 16)):
        _elect_2020(meeting, secretary)
    with recorded_at(at(MEETING_DAY, 17)):
        minutes_services.issue_minutes(meeting, actor=secretary, issued_on=MEETING_DAY)
    _date_meeting(meeting)
    return meeting


def _vote_2019(meeting: Meeting, voters: list[User], secretary: User, *, award: str, candidates: list[Unit]) -> None:
    """A secret yes/no ballot opened at 15:00 and closed at 15:40: every member's officer votes yes to each."""
    with recorded_at(at(MEETING_DAY, 15)):
        ballot = ballot_services.create_ballot(
            meeting, actor=secretary, award=award, candidates=candidates, form=BallotForm.YES_NO
        )
        ballot = ballot_services.open_ballot(ballot, actor=secretary)
        for voter in voters:
            ballot_services.cast_ballot(ballot, voter=voter, choice={unit.pk: True for unit in candidates})
    with recorded_at(CLOSED_AT):
        ballot = ballot_services.close_ballot(ballot, actor=secretary)
        ballot_services.tally_ballot(ballot, actor=secretary)


def _attendance(membership: Membership) -> meeting_services.AttendanceRow:
    name, title = next(person for word, person in REPRESENTATIVES_2019.items() if word in membership.unit.name)
    return meeting_services.AttendanceRow(membership.unit_id, True, name, title)


def _elect_2020(meeting: Meeting, secretary: User) -> None:
    """2020's head and deputies as blocs.demo set them: the meeting records that election."""
    next_year = BlocYear.objects.get(bloc=meeting.bloc_year.bloc, year=meeting.bloc_year.year + 1)
    leaders = next_year.memberships.filter(left_on__isnull=True, role__in=[MemberRole.HEAD, MemberRole.DEPUTY])
    head = next(m.unit for m in leaders if m.role == MemberRole.HEAD)
    deputies = [m.unit for m in leaders if m.role == MemberRole.DEPUTY]
    meeting_services.record_next_leadership(
        meeting, actor=secretary, head=head, deputies=deputies, method=LeadershipMethod.AGREEMENT
    )


def _date_meeting(meeting: Meeting) -> None:
    """The services stamped today; the records carry the day each step happened, as the audit entries do."""
    Meeting.objects.filter(pk=meeting.pk).update(created_at=at(MEETING_DAY, 14), scores_approved_at=APPROVED_AT)
    meeting.ballots.update(opened_at=at(MEETING_DAY, 15), closed_at=CLOSED_AT)
    NextLeadership.objects.filter(meeting=meeting).update(recorded_at=at(MEETING_DAY, 16))
    sheets = ScoreSheet.objects.filter(bloc_year=meeting.bloc_year)
    accepted = {Stage.SELF: datetime.date(2019, 12, 5), Stage.VERIFICATION: datetime.date(2019, 12, 10)}
    for stage, day in accepted.items():
        sheets.filter(stage=stage).update(accepted_at=at(day))
    sheets.filter(stage=Stage.APPROVED).update(submitted_at=APPROVED_AT, accepted_at=APPROVED_AT)
    sheets.update(locked_at=APPROVED_AT)


# --- Hà Tĩnh 2019's proposal, its appraisal and the council's session ------------------------------------

SUBMITTED_2019 = datetime.date(2019, 12, 27)
ACHIEVEMENT_2019 = (
    "I. ĐẶC ĐIỂM, TÌNH HÌNH\n"
    "{unit} là đơn vị thành viên Khối thi đua Nội chính tỉnh Hà Tĩnh năm 2019.\n"
    "II. THÀNH TÍCH ĐẠT ĐƯỢC\n"
    "Hoàn thành toàn diện các chỉ tiêu, nhiệm vụ công tác năm 2019 theo giao ước thi đua của Khối; "
    "thực hiện tốt các phong trào thi đua do Khối phát động.\n"
    "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN\n"
    "Tập thể lao động xuất sắc các năm gần đây."
)
PROPOSAL_SIGNER_2019 = ("Võ Thị Giang", "Viện trưởng Viện Kiểm sát nhân dân tỉnh")
COUNCIL_DAY_2019 = datetime.date(2020, 1, 8)
DECISION_DAY_2019 = datetime.date(2020, 1, 15)
# The council's eleven members as the 2020 minutes name them (fictional people; the titles are the usual
# make-up of a provincial council in 2019, Decree 91/2017 Art. 54); the last was away and wrote in.
COUNCIL_MEMBERS_2019 = (
    ("Trần Đình Khoa", "Phó Chủ tịch UBND tỉnh, Phó Chủ tịch Thường trực Hội đồng"),
    ("Lê Văn Hưng", "Giám đốc Sở Nội vụ, Phó Chủ tịch Hội đồng"),
    ("Nguyễn Thị Hằng", "Trưởng Ban Thi đua - Khen thưởng tỉnh, Ủy viên Thường trực"),
    ("Phan Văn Đức", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh, Phó Chủ tịch Hội đồng"),
    ("Hoàng Thị Mai", "Chủ tịch Liên đoàn Lao động tỉnh, Phó Chủ tịch Hội đồng"),
    ("Đặng Quốc Bảo", "Giám đốc Sở Tài chính, Ủy viên"),
    ("Võ Văn Tâm", "Chánh Văn phòng UBND tỉnh, Ủy viên"),
    ("Bùi Thị Thanh", "Phó Trưởng Ban Tuyên giáo Tỉnh ủy, Ủy viên"),
    ("Trịnh Minh Quân", "Giám đốc Sở Giáo dục và Đào tạo, Ủy viên"),
    ("Đinh Thị Nga", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh, Ủy viên"),
    ("Ngô Văn Lực", "Bí thư Tỉnh Đoàn, Ủy viên"),
)
COUNCIL_SESSION_2019 = {
    "place": "Phòng họp số 1, Ủy ban nhân dân tỉnh Hà Tĩnh",
    "chair_name": "Trần Đình Khoa",
    "chair_title": "Phó Chủ tịch Ủy ban nhân dân tỉnh, Phó Chủ tịch Thường trực Hội đồng Thi đua – Khen thưởng",
    "secretary_name": "Nguyễn Thị Lan",
}


def _write_achievement_reports(proposal: Proposal, secretary: User) -> None:
    """The 2019 units filed no annual report in the product (the demo's reports start in 2020): the
    secretariat writes each proposed unit's achievement report from what the unit sent on paper."""
    reports = list(proposal.achievement_reports.filter(body="", file=""))
    names = year_names([report.unit_id for report in reports], 2019)
    for report in reports:
        body = ACHIEVEMENT_2019.format(unit=names[report.unit_id])
        proposal_services.edit_achievement_report(report, actor=secretary, body=body)


def _propose_2019(bloc_year: BlocYear, secretary: User) -> Proposal | None:
    """The secretariat's dossier after the meeting (submitted 27/12/2019, within Hà Tĩnh's deadline of 31/12,
    a province setting), received, appraised and voted on by the council on 08/01/2020 (10 of 11 present,
    the absentee's written yes on the flag; the certificates of merit need no vote, their appraisal decides); the
    decision of 15/01/2020, signed by the Vice-Chairman for the Chairman, awards the flag and the two certificates
    with their money (8 × and 2 × the base salary of 1,490,000 VND in force that day)."""
    office = get_user_model().objects.filter(username="vanphong.hatinh").first()
    if office is None:
        return None
    province = bloc_year.bloc.province
    type(province).objects.filter(pk=province.pk).update(proposal_deadline_day=31, proposal_deadline_month=12)
    with recorded_at(at(datetime.date(2019, 12, 26), 9)):
        proposal = proposal_services.create_proposal(bloc_year, actor=secretary)
        name, title = PROPOSAL_SIGNER_2019
        proposal_services.update_signer(proposal, actor=secretary, signer_name=name, signer_title=title)
        _write_achievement_reports(proposal, secretary)
    with recorded_at(at(datetime.date(2019, 12, 27), 10)):
        proposal = proposal_services.submit_proposal(
            proposal, actor=secretary, submitted_on=datetime.date(2019, 12, 27)
        )
    with recorded_at(at(datetime.date(2019, 12, 30), 9)):
        proposal = review_services.receive_proposal(proposal, actor=office)
        proposal = review_services.assign_proposal(proposal, actor=office, officer=office)
        for item in proposal.items.all():
            review_services.appraise_item(item, actor=office, eligible=True)
        proposal = review_services.finish_appraisal(proposal, actor=office)
    with recorded_at(at(COUNCIL_DAY_2019, 8)):
        session = council_services.plan_session(
            province, actor=office, held_on=COUNCIL_DAY_2019, members_total=11, **COUNCIL_SESSION_2019
        )
        proposal = council_services.add_to_session(proposal, session, actor=office)
        members = [council_services.Attendee(name, title, present=True) for name, title in COUNCIL_MEMBERS_2019]
        members[-1] = members[-1]._replace(present=False, written_opinion=True)
        session = council_services.record_attendance(
            session, actor=office, present=10, written_opinions=1, members=members
        )
        for item in proposal.items.all():
            if council_services.vote_needed(item) is not None:
                council_services.record_vote(item, actor=office, yes=10, no=0, written_yes=1)
        session = council_services.close_session(session, actor=office)
    _merit_multiplier(DECISION_DAY_2019)
    with recorded_at(at(DECISION_DAY_2019, 10)):
        decision = decision_services.draft_decision(session, actor=office)
        decision_services.issue_decision(
            decision,
            actor=office,
            issued_on=DECISION_DAY_2019,
            signer_rank=SignerRank.VICE_CHAIRMAN,
            signer_name=COUNCIL_SESSION_2019["chair_name"],
        )
    proposal.refresh_from_db()
    return proposal


# The seeded regimes leave the provincial certificate's multiplier empty (not verified against the gazette), so
# a certificate would carry no money. The demo fills it from Decree 91/2017/NĐ-CP Art. 71(1) (1.0 × for a person)
# and Art. 75 (twice that for a collective), as an office would in the admin; a figure set already is kept.
MERIT_MULTIPLIER_2019 = Decimal("2.0")


def _merit_multiplier(day: datetime.date) -> None:
    regime = regime_for(day)
    LegalRegime.objects.filter(pk=regime.pk, multiplier_province_merit__isnull=True).update(
        multiplier_province_merit=MERIT_MULTIPLIER_2019
    )
