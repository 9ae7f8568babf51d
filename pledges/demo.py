"""Demo data of the pledges app, on top of blocs.demo (which loads first). Loading twice changes nothing.

Hà Tĩnh 2020: the launch and pledge-signing meeting of 27/02/2020 at the Civil Judgment
Enforcement Department and the bloc's theme are from the article in shared/seeds; the
clauses, the units' own themes and every signer are plausible inventions (people are fictional).
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blocs import services as bloc_services
from blocs.demo import HATINH_BLOC, at, days_ago
from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocYear, Unit
from blocs.selectors import name_on
from core.models import Notice
from core.services import recorded_at
from pledges.enums import RegistrationStatus, ReportKind, ReportStatus, TitleLevel
from pledges.models import Pledge, Title, UnitReport
from pledges.services import commitments as services
from pledges.services import reports as report_services


def load() -> str:
    parts = [load_commitments(), load_reports()]
    return "; ".join(part for part in parts if part)


# --- Pledge and registrations -------------------------------------------------------

HATINH_SIGNED_ON = datetime.date(2020, 2, 27)
HATINH_PREAMBLE = (
    "Đẩy mạnh phong trào thi đua, thực hiện nghiêm Nghị quyết Trung ương 4 (Khóa XII), các quy định về nêu gương, "
    "thực hiện văn hóa công vụ gắn với kỷ luật, kỷ cương hành chính trong đội ngũ cán bộ, công chức, viên chức và "
    "cán bộ, chiến sỹ lực lượng vũ trang trên địa bàn tỉnh Hà Tĩnh.\n"
    "Duy trì và phát huy hiệu quả các phong trào thi đua chuyên đề; tiếp tục thực hiện phong trào “Toàn tỉnh chung "
    "sức xây dựng nông thôn mới, đô thị văn minh”, “Hà Tĩnh chung tay vì người nghèo – không để ai bị bỏ lại phía "
    "sau”, gắn với thực hiện Chỉ thị 05 của Bộ Chính trị."
)
HATINH_CLAUSES = [
    ("Hoàn thành các chỉ tiêu, nhiệm vụ chính trị được giao năm 2020", "%", Decimal(100)),
    ("Cán bộ, công chức, viên chức, chiến sỹ hoàn thành tốt nhiệm vụ trở lên", "%", Decimal(90)),
    ("Giải quyết đơn thư khiếu nại, tố cáo thuộc thẩm quyền đúng thời hạn", "%", Decimal(100)),
    ("Tổ chức hội nghị sơ kết 6 tháng và tổng kết công tác thi đua, khen thưởng", "hội nghị", Decimal(2)),
    ("Phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến", "điển hình", Decimal(2)),
    ("Cán bộ, công chức, chiến sỹ vi phạm kỷ luật từ hình thức cảnh cáo trở lên", "trường hợp", Decimal(0)),
]
# unit short name (as in blocs.demo) → (leader's title, fictional name, own theme)
HATINH_SIGNERS = {
    "Bộ CHQS tỉnh": ("Chỉ huy trưởng", "Đại tá Nguyễn Văn An", "Xây dựng lực lượng vũ trang vững mạnh toàn diện"),
    "Bộ CHBĐBP tỉnh": ("Chỉ huy trưởng", "Đại tá Trần Quốc Bảo", "Giữ vững chủ quyền, an ninh biên giới biển"),
    "Tòa án nhân dân tỉnh": ("Chánh án", "Lê Thị Cúc", "Nâng cao chất lượng xét xử, xây dựng tòa án điện tử"),
    "Công an tỉnh": ("Giám đốc", "Đại tá Phạm Minh Dũng", "Vì an ninh Tổ quốc, bình yên cho nhân dân"),
    "Sở Tư pháp": ("Giám đốc", "Hoàng Văn Em", "Đẩy mạnh phổ biến, giáo dục pháp luật đến cơ sở"),
    "Viện Kiểm sát nhân dân tỉnh": ("Viện trưởng", "Võ Thị Giang", "Thực hành quyền công tố chặt chẽ, đúng pháp luật"),
    "Cục THADS tỉnh": ("Cục trưởng", "Đặng Văn Hải", "Thi hành dứt điểm các vụ việc có điều kiện thi hành"),
    "THADS tỉnh": ("Cục trưởng", "Đặng Văn Hải", "Thi hành dứt điểm các vụ việc có điều kiện thi hành"),
    "Thanh tra tỉnh": ("Chánh Thanh tra", "Bùi Thị Khánh", "Thanh tra đúng trọng tâm, phòng chống tham nhũng hiệu quả"),
    "Tiểu đoàn CSCĐ số 2": ("Tiểu đoàn trưởng", "Thiếu tá Ngô Văn Lâm", "Sẵn sàng chiến đấu, cơ động nhanh, hiệu quả"),
}
FLAG = "Cờ thi đua của UBND tỉnh"
EXCELLENT = "Tập thể lao động xuất sắc"


def _hatinh_2020() -> BlocYear | None:
    """The bloc-year the pledges demo tells the story of (loaded by the blocs demo before it)."""
    years = BlocYear.objects.filter(bloc__province__name="Hà Tĩnh", bloc__name="Khối thi đua Nội chính", year=2020)
    return years.first()


def load_commitments() -> str:
    """Hà Tĩnh 2020: launch meeting, pledge signed by all 9 members, 9/9 registered for the flag (forwarded)."""
    bloc_year = _hatinh_2020()
    if bloc_year is None:
        return ""
    if Pledge.objects.filter(bloc_year=bloc_year).exists():
        return f"pledge of {bloc_year} already loaded"
    members = list(bloc_year.memberships.filter(left_on__isnull=True).select_related("unit"))
    with recorded_at(at(HATINH_SIGNED_ON, 8)):
        _launch_and_pledge(bloc_year, members)
    _register(bloc_year, members)
    # The demo's story happened in 2020: its notices are not news for today's dashboards.
    urls = [r.get_absolute_url() for r in bloc_year.registrations.all()]
    listed = reverse("pledges:registration_list")
    unread = Notice.objects.filter(Q(url__in=urls) | Q(url__startswith=listed), read_at__isnull=True)
    transaction.on_commit(lambda: unread.update(read_at=timezone.now()))
    return f"pledge and {bloc_year.registrations.count()} title registrations for {bloc_year}"


def _launch_and_pledge(bloc_year: BlocYear, members) -> None:
    services.record_launch_meeting(
        bloc_year,
        actor=None,
        held_on=HATINH_SIGNED_ON,
        place="Trụ sở Cục Thi hành án dân sự tỉnh Hà Tĩnh",
        attendees="\n".join(
            [
                "Đại diện Ban Thi đua - Khen thưởng tỉnh",
                *(f"Lãnh đạo {name_on(m.unit, HATINH_SIGNED_ON)}" for m in members),
            ]
        ),
        notes="Hội nghị phát động phong trào và ký giao ước thi đua năm 2020.",
    )
    pledge = services.save_pledge(
        bloc_year,
        actor=None,
        theme=bloc_year.theme,
        slogan=bloc_year.slogan,
        preamble=HATINH_PREAMBLE,
        clauses=[{"content": c, "unit_of_measure": u, "target_value": v} for c, u, v in HATINH_CLAUSES],
        unit_themes={m.unit_id: HATINH_SIGNERS[m.unit.short_name][2] for m in members},
    )
    for membership in members:
        title, name, _ = HATINH_SIGNERS[membership.unit.short_name]
        # The leaders who signed are the units' leaders on record (the summary and reports name them).
        Unit.objects.filter(pk=membership.unit_id, leader_name="").update(leader_name=name, leader_title=title)
        services.record_pledge_signature(
            pledge,
            actor=None,
            unit=membership.unit,
            signer_name=name,
            signer_title=title,
            signed_on=HATINH_SIGNED_ON,
        )


def _register(bloc_year: BlocYear, members) -> None:
    # get_or_create: the catalogue is seeded by a migration, but a database flushed since then has none.
    flag, _ = Title.objects.get_or_create(name=FLAG, defaults={"level": TitleLevel.PROVINCE, "is_flag": True})
    excellent, _ = Title.objects.get_or_create(name=EXCELLENT, defaults={"level": TitleLevel.PROVINCE})
    for membership in members:
        targets = "Hoàn thành xuất sắc toàn bộ chỉ tiêu giao ước thi đua năm 2020; dẫn đầu Khối thi đua Nội chính."
        with recorded_at(_in_2020(3, 16)):
            registration = services.create_registration(
                bloc_year, actor=None, unit=membership.unit, title=flag, targets=targets
            )
        _walk(registration, RegistrationStatus.FORWARDED)
        if membership.role != MemberRole.HEAD:
            targets = "100% cán bộ hoàn thành nhiệm vụ; trên 70% đạt danh hiệu Lao động tiên tiến."
            with recorded_at(_in_2020(3, 16)):
                other = services.create_registration(
                    bloc_year, actor=None, unit=membership.unit, title=excellent, targets=targets
                )
            _walk(other, RegistrationStatus.ACCEPTED)
    # The walk ran today; date it as it happened in 2020 (before the 31/03 deadline).
    registrations = bloc_year.registrations.all()
    registrations.update(submitted_at=_in_2020(3, 16), decided_at=_in_2020(3, 23))
    registrations.filter(status=RegistrationStatus.FORWARDED).update(forwarded_at=_in_2020(3, 30))


def _in_2020(month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2020, month, day, 9))


def _walk(registration, target: RegistrationStatus) -> None:
    with recorded_at(_in_2020(3, 16)):
        services.submit_registration(registration, actor=None)
    with recorded_at(_in_2020(3, 23)):
        services.accept_registration(registration, actor=None)
    if target == RegistrationStatus.FORWARDED:
        with recorded_at(_in_2020(3, 30)):
            services.forward_registration(registration, actor=None)


# --- Reports and inspection ---------------------------------------------------------
# Hà Tĩnh 2020: every unit's 6-month report accepted (the police's returned once, then
# resubmitted), the bloc's 6-month report issued, annual reports all filed (five accepted, four
# awaiting review; the year is at "scoring"), and the council's inspection in October. Wording follows the articles in
# shared/seeds (sơ kết 6 tháng 2019 in Bắc Giang, tổng kết 2019 in Hà Tĩnh, the council's
# inspection of bloc VIII in HCMC); figures are plausible inventions.

HATINH_RESULTS = {
    "Bộ CHQS tỉnh": "Duy trì nghiêm chế độ trực sẵn sàng chiến đấu; hoàn thành 100% chỉ tiêu tuyển quân; huấn luyện "
    "đạt 100% yêu cầu, trong đó 75% khá, giỏi.",
    "Bộ CHBĐBP tỉnh": "Giữ vững chủ quyền, an ninh biên giới biển; phát hiện, bắt giữ 6 vụ buôn lậu, vận chuyển hàng "
    "cấm; tham gia tìm kiếm cứu nạn kịp thời 4 vụ trên biển.",
    "Tòa án nhân dân tỉnh": "Thụ lý 1.284 vụ việc, giải quyết 1.102 vụ (đạt 85,8%); không có án quá hạn luật định; "
    "tỷ lệ án bị hủy, sửa do lỗi chủ quan dưới 1,2%.",
    "Công an tỉnh": "Kéo giảm 8,5% số vụ phạm pháp hình sự; tỷ lệ điều tra khám phá đạt 86%, riêng án rất nghiêm "
    "trọng, đặc biệt nghiêm trọng đạt 100%; bảo đảm tuyệt đối an toàn các sự kiện chính trị.",
    "Sở Tư pháp": "Tổ chức 215 hội nghị phổ biến, giáo dục pháp luật; thẩm định 100% dự thảo văn bản quy phạm pháp "
    "luật đúng thời hạn; giải quyết đúng hạn 100% hồ sơ lý lịch tư pháp.",
    "Viện Kiểm sát nhân dân tỉnh": "Kiểm sát 100% tin báo, tố giác tội phạm; tỷ lệ truy tố đúng thời hạn đạt 100%; "
    "không có trường hợp Viện Kiểm sát truy tố Tòa án tuyên không phạm tội.",
    "Cục THADS tỉnh": "Thi hành xong 2.146 việc, đạt 72% số việc có điều kiện; thu hồi 118 tỷ đồng; tổ chức tốt việc "
    "tiếp công dân, giải quyết dứt điểm 100% đơn thư thuộc thẩm quyền.",
    "Thanh tra tỉnh": "Triển khai 15 cuộc thanh tra hành chính, phát hiện sai phạm 2,5 tỷ đồng, kiến nghị thu hồi "
    "1,9 tỷ đồng; tiếp 312 lượt công dân, giải quyết đúng hạn các vụ việc khiếu nại, tố cáo.",
    "Tiểu đoàn CSCĐ số 2": "Duy trì nghiêm chế độ sẵn sàng chiến đấu; tham gia bảo đảm an ninh, trật tự 42 sự kiện, "
    "không để xảy ra tình huống bị động, bất ngờ.",
}
HATINH_SECTIONS = {
    "shortcomings": "Phong trào thi đua ở một số bộ phận còn chưa đồng đều; việc phát hiện, bồi dưỡng, nhân rộng điển "
    "hình tiên tiến còn chậm.",
    "causes": "Khối lượng công việc chuyên môn lớn; cán bộ làm công tác thi đua, khen thưởng chủ yếu kiêm nhiệm.",
    "lessons": "Cấp ủy, thủ trưởng đơn vị trực tiếp lãnh đạo phong trào; gắn thi đua với thực hiện nhiệm vụ chính trị "
    "trọng tâm của đơn vị.",
    "next_tasks": "Tiếp tục thực hiện các nội dung giao ước thi đua; tập trung hoàn thành các chỉ tiêu còn lại của "
    "năm 2020; chuẩn bị tổng kết công tác thi đua, khen thưởng.",
    "proposals": "Đề nghị Hội đồng Thi đua - Khen thưởng tỉnh tổ chức tập huấn nghiệp vụ cho cán bộ làm công tác thi "
    "đua, khen thưởng.",
}
HATINH_BLOC_SECTIONS = {
    "shortcomings": "Phong trào thi đua ở một số đơn vị còn chưa đồng đều; vai trò xung kích của các tổ chức "
    "quần chúng trong phong trào thi đua chưa rõ nét; một đơn vị gửi báo cáo sơ kết chậm so với quy định.",
    "causes": "Nhiệm vụ chuyên môn của các đơn vị trong Khối nặng nề, diễn biến phức tạp; cán bộ làm công tác "
    "thi đua, khen thưởng chủ yếu kiêm nhiệm, thường xuyên thay đổi.",
    "lessons": "Cấp ủy, thủ trưởng các đơn vị trực tiếp lãnh đạo phong trào; gắn thi đua với nhiệm vụ chính trị "
    "trọng tâm; phối hợp chặt chẽ, chia sẻ kinh nghiệm giữa các đơn vị trong Khối.",
    "next_tasks": "Các đơn vị tiếp tục thực hiện đầy đủ các nội dung giao ước thi đua năm 2020; chuẩn bị hồ sơ, "
    "minh chứng phục vụ kiểm tra của Hội đồng Thi đua - Khen thưởng tỉnh và tự chấm điểm cuối năm.",
    "proposals": "Đề nghị Hội đồng Thi đua - Khen thưởng tỉnh tổ chức tập huấn nghiệp vụ cho cán bộ làm công tác "
    "thi đua, khen thưởng của các đơn vị trong Khối.",
}
POLICE_RETURN_REASON = "Đề nghị bổ sung số liệu so sánh với cùng kỳ năm 2019 đối với các chỉ tiêu giao ước."
ANNUAL_FILED = {
    # unit short name → final status of its annual report
    "Thanh tra tỉnh": ReportStatus.ACCEPTED,
    "Cục THADS tỉnh": ReportStatus.ACCEPTED,
    "Sở Tư pháp": ReportStatus.ACCEPTED,
    "Tòa án nhân dân tỉnh": ReportStatus.SUBMITTED,
    "Bộ CHQS tỉnh": ReportStatus.SUBMITTED,
    "Viện Kiểm sát nhân dân tỉnh": ReportStatus.SUBMITTED,
    "Công an tỉnh": ReportStatus.ACCEPTED,
    "Bộ CHBĐBP tỉnh": ReportStatus.ACCEPTED,
    "Tiểu đoàn CSCĐ số 2": ReportStatus.SUBMITTED,
}
INSPECTION_FINDINGS = {
    "Công an tỉnh": (
        "Hồ sơ thi đua đầy đủ, có minh chứng cho từng chỉ tiêu giao ước; phong trào “Vì an ninh Tổ quốc” được "
        "triển khai sâu rộng.",
        "Tiếp tục nhân rộng các mô hình tự quản về an ninh, trật tự ở cơ sở.",
    ),
    "Cục THADS tỉnh": (
        "Thực hiện tốt vai trò Trưởng khối; tổ chức sơ kết 6 tháng đúng kế hoạch.",
        "Hoàn thiện hồ sơ tổng kết và đề nghị khen thưởng trước ngày 10/12/2020.",
    ),
    "Tiểu đoàn CSCĐ số 2": (
        "Báo cáo sơ kết 6 tháng gửi chậm 3 ngày; một số minh chứng chưa được lưu trữ đầy đủ.",
        "Chấn chỉnh việc gửi báo cáo đúng hạn; lưu trữ minh chứng theo từng nội dung giao ước.",
    ),
}


def _short(unit) -> str:
    """The unit's 2020 short name (Cục THADS tỉnh became THADS tỉnh in 2025)."""
    return {"THADS tỉnh": "Cục THADS tỉnh"}.get(unit.short_name, unit.short_name)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone())


def load_reports() -> str:
    """Hà Tĩnh 2020: 6-month reports accepted, the bloc's 6-month report issued, annual reports all filed,
    one inspection. Dates are set back to 2020 after the services ran (the demo is written years later)."""
    bloc_year = _hatinh_2020()
    if bloc_year is None:
        return ""
    if UnitReport.objects.filter(bloc_year=bloc_year).exists():
        return f"reports of {bloc_year} already loaded"
    members = list(bloc_year.memberships.filter(left_on__isnull=True).select_related("unit"))
    for membership in members:
        _six_month_report(membership)
    bloc_report = _issue_bloc_report(bloc_year)
    for membership in members:
        _annual_report(membership)
    inspection = _inspection(bloc_year, members)
    urls = [r.get_absolute_url() for r in bloc_year.unit_reports.all()]
    urls += [bloc_report.get_absolute_url(), inspection.get_absolute_url()]
    # The demo's story happened in 2020: its notices are not news for today's dashboards.
    transaction.on_commit(lambda: Notice.objects.filter(url__in=urls).update(read_at=timezone.now()))
    return f"{bloc_year.unit_reports.count()} unit reports, bloc report {bloc_report.number}/BC, 1 inspection"


def _report_text(membership) -> dict:
    results = HATINH_RESULTS[_short(membership.unit)]
    return {"results": results, **HATINH_SECTIONS}


def _six_month_report(membership) -> None:
    late = _short(membership.unit) == "Tiểu đoàn CSCĐ số 2"
    first = datetime.date(2020, 7, 18) if late else datetime.date(2020, 7, 10)
    with recorded_at(_at(datetime.date(2020, 7, 1))):
        report = report_services.start_unit_report(membership, actor=None, kind=ReportKind.SIX_MONTH)
        report_services.update_unit_report(report, actor=None, **_report_text(membership))
    with recorded_at(_at(first)):
        _issue(report, first)
        report_services.submit_unit_report(report, actor=None)
    if _short(membership.unit) == "Công an tỉnh":
        with recorded_at(_at(datetime.date(2020, 7, 12))):
            report_services.return_unit_report(report, actor=None, reason=POLICE_RETURN_REASON)
        with recorded_at(_at(datetime.date(2020, 7, 14))):
            report_services.submit_unit_report(report, actor=None)
    with recorded_at(_at(datetime.date(2020, 7, 20))):
        report_services.accept_unit_report(report, actor=None)
    UnitReport.objects.filter(pk=report.pk).update(
        first_submitted_at=_at(first),
        submitted_at=_at(datetime.date(2020, 7, 14) if _short(membership.unit) == "Công an tỉnh" else first),
        accepted_at=_at(datetime.date(2020, 7, 20)),
    )


def _issue(report, day: datetime.date) -> None:
    """The demo's story happened in 2020: the report is numbered and dated the day the unit sent it."""
    title, name, _ = HATINH_SIGNERS[report.unit.short_name]
    report_services.issue_unit_report(report, actor=None, issued_on=day, signer=(title, name))


def _issue_bloc_report(bloc_year: BlocYear):
    with recorded_at(_at(datetime.date(2020, 7, 24))):
        return _write_bloc_report(bloc_year)


def _write_bloc_report(bloc_year: BlocYear):
    report = report_services.start_bloc_report(bloc_year, actor=None, kind=ReportKind.SIX_MONTH)
    head = report.issuer_unit
    title, name, _ = HATINH_SIGNERS[head.short_name]
    report_services.update_bloc_report(
        report,
        actor=None,
        signer_title=report.signer_title or f"{title} {name_on(head, datetime.date(2020, 12, 31))}",
        signer_name=report.signer_name or name,
        # The secretariat keeps the units' results and writes the other sections once for the bloc.
        **HATINH_BLOC_SECTIONS,
    )
    return report_services.issue_bloc_report(report, actor=None, issued_on=datetime.date(2020, 7, 24))


def _annual_report(membership) -> None:
    status = ANNUAL_FILED.get(_short(membership.unit))
    if status is None:
        return
    text = _report_text(membership)
    text["next_tasks"] = "Triển khai phong trào thi đua năm 2021; tổ chức Hội nghị tổng kết và bình xét khen thưởng."
    with recorded_at(_at(datetime.date(2020, 11, 20))):
        report = report_services.start_unit_report(membership, actor=None, kind=ReportKind.ANNUAL)
        report_services.update_unit_report(report, actor=None, **text)
    if status == ReportStatus.DRAFT:
        return
    with recorded_at(_at(datetime.date(2020, 11, 25))):
        _issue(report, datetime.date(2020, 11, 25))
        report_services.submit_unit_report(report, actor=None)
    if status == ReportStatus.ACCEPTED:
        with recorded_at(_at(datetime.date(2020, 11, 27))):
            report_services.accept_unit_report(report, actor=None)
    UnitReport.objects.filter(pk=report.pk).update(
        first_submitted_at=_at(datetime.date(2020, 11, 25)), submitted_at=_at(datetime.date(2020, 11, 25))
    )


def _inspection(bloc_year: BlocYear, members):
    with recorded_at(_at(datetime.date(2020, 10, 22))):
        return _record_inspection(bloc_year, members)


def _record_inspection(bloc_year: BlocYear, members):
    office = get_user_model().objects.get(username="vanphong.hatinh")  # the council office's demo account
    inspection = report_services.record_inspection(
        bloc_year,
        actor=office,
        inspected_on=datetime.date(2020, 10, 22),
        team="Trần Thị Bình - Phó Trưởng Ban Thi đua - Khen thưởng tỉnh, Trưởng đoàn\n"
        "Lê Văn Cường - Chuyên viên Ban Thi đua - Khen thưởng tỉnh\n"
        "Nguyễn Thị Hà - Chuyên viên Ban Thi đua - Khen thưởng tỉnh",
        conclusion="Các đơn vị trong Khối đã triển khai đầy đủ các nội dung giao ước thi đua năm 2020; hồ sơ, "
        "minh chứng cơ bản đầy đủ. Kết quả kiểm tra là cơ sở để Khối bình xét, suy tôn cuối năm.",
    )
    for membership in members:
        found = INSPECTION_FINDINGS.get(_short(membership.unit))
        if found:
            report_services.set_inspection_finding(
                inspection, actor=office, unit=membership.unit, findings=found[0], recommendations=found[1]
            )
    return inspection


# --- The current year (see blocs.demo.load_present) ------------------------------------
# Today's year of Hà Tĩnh's bloc, opened by blocs.demo from 2020: launch meeting and pledge signed by
# every member some ten weeks ago, the year "in progress"; registrations mostly forwarded, two waiting
# for the secretariat, the police's returned; 6-month reports due within the week, a few already in.
PRESENT_RETURN_REASON = "Đề nghị bổ sung chỉ tiêu cụ thể về kéo giảm tội phạm và tỷ lệ điều tra khám phá án."
PRESENT_WAITING = ("Tòa án nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh")
PRESENT_REPORTS = {
    # unit short name → (days before today it was submitted, accepted the day after?)
    "Thanh tra tỉnh": (4, True),
    "Sở Tư pháp": (2, False),
    "Bộ CHQS tỉnh": (1, False),
}


def load_present(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    bloc_year = BlocYear.objects.filter(**HATINH_BLOC, year=today.year).select_related("rule").first()
    if bloc_year is None or Pledge.objects.filter(bloc_year=bloc_year).exists():
        return ""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["vanphong.hatinh", "thuky.noichinh.hatinh"])
    }
    office, secretary = users.get("vanphong.hatinh"), users.get("thuky.noichinh.hatinh")
    members = list(bloc_year.memberships.filter(left_on__isnull=True).select_related("unit").order_by("unit__name"))
    signed_on = days_ago(today, 70)
    with recorded_at(at(signed_on, 8)):
        _present_pledge(bloc_year, members, signed_on, secretary)
        bloc_services.advance_bloc_year(bloc_year, to=BlocYearStatus.LAUNCHED, actor=office)
        bloc_services.advance_bloc_year(bloc_year, to=BlocYearStatus.PLEDGE_SIGNED, actor=office)
    with recorded_at(at(days_ago(today, 63))):
        bloc_services.advance_bloc_year(bloc_year, to=BlocYearStatus.IN_PROGRESS, actor=office)
    _present_registrations(bloc_year, members, today, secretary)
    _present_reports(members, today, secretary)
    return f"{bloc_year}: pledge signed, in progress, {bloc_year.registrations.count()} registrations"


def _present_pledge(bloc_year: BlocYear, members, signed_on: datetime.date, secretary) -> None:
    year = bloc_year.year
    services.record_launch_meeting(
        bloc_year,
        actor=secretary,
        held_on=signed_on,
        place="Hội trường Thi hành án dân sự tỉnh Hà Tĩnh",
        attendees="\n".join(["Đại diện Ban Thi đua - Khen thưởng tỉnh", *(f"Lãnh đạo {m.unit}" for m in members)]),
        notes=f"Hội nghị phát động phong trào và ký giao ước thi đua năm {year}.",
    )
    clauses = [(c.replace("2020", str(year)), u, v) for c, u, v in HATINH_CLAUSES]
    pledge = services.save_pledge(
        bloc_year,
        actor=secretary,
        theme=bloc_year.theme,
        slogan=bloc_year.slogan,
        preamble=HATINH_PREAMBLE,
        clauses=[{"content": c, "unit_of_measure": u, "target_value": v} for c, u, v in clauses],
        unit_themes={m.unit_id: HATINH_SIGNERS[m.unit.short_name][2] for m in members},
    )
    for membership in members:
        title, name, _ = HATINH_SIGNERS[membership.unit.short_name]
        services.record_pledge_signature(
            pledge, actor=secretary, unit=membership.unit, signer_name=name, signer_title=title, signed_on=signed_on
        )


def _present_registrations(bloc_year: BlocYear, members, today: datetime.date, secretary) -> None:
    flag, _ = Title.objects.get_or_create(name=FLAG, defaults={"level": TitleLevel.PROVINCE, "is_flag": True})
    deadline = bloc_year.rule.registration_deadline
    submitted, decided = at(deadline - datetime.timedelta(days=5)), at(deadline + datetime.timedelta(days=3))
    targets = f"Hoàn thành xuất sắc toàn bộ chỉ tiêu giao ước thi đua năm {bloc_year.year}; dẫn đầu Khối thi đua."
    for membership in members:
        officer = _officer_of(membership.unit) or secretary
        with recorded_at(submitted):
            registration = services.create_registration(
                bloc_year, actor=officer, unit=membership.unit, title=flag, targets=targets
            )
            services.submit_registration(registration, actor=officer)
        with recorded_at(decided):
            _decide(registration, membership.unit.short_name, secretary)
    registrations = bloc_year.registrations.all()
    registrations.update(submitted_at=submitted)
    registrations.exclude(status=RegistrationStatus.SUBMITTED).update(decided_at=decided)
    registrations.filter(status=RegistrationStatus.FORWARDED).update(forwarded_at=decided)


def _decide(registration, short_name: str, secretary) -> None:
    if short_name in PRESENT_WAITING:
        return
    if short_name == "Công an tỉnh":
        services.return_registration(registration, actor=secretary, reason=PRESENT_RETURN_REASON)
        return
    services.accept_registration(registration, actor=secretary)
    services.forward_registration(registration, actor=secretary)


def _present_reports(members, today: datetime.date, secretary) -> None:
    # In the order they happened, so each history reads top-down as the story went.
    members = sorted(members, key=lambda m: -PRESENT_REPORTS.get(m.unit.short_name, (2, False))[0])
    for membership in members:
        short = membership.unit.short_name
        officer = _officer_of(membership.unit) or secretary
        if short == "Công an tỉnh":  # the police's report is being written: due within the week
            with recorded_at(at(days_ago(today, 2))):
                report = report_services.start_unit_report(membership, actor=officer, kind=ReportKind.SIX_MONTH)
                report_services.update_unit_report(report, actor=officer, **_present_text(membership))
        if short not in PRESENT_REPORTS:
            continue
        days, accepted = PRESENT_REPORTS[short]
        submitted = days_ago(today, days)
        with recorded_at(at(submitted)):
            report = report_services.start_unit_report(membership, actor=officer, kind=ReportKind.SIX_MONTH)
            report_services.update_unit_report(report, actor=officer, **_present_text(membership))
            report_services.submit_unit_report(report, actor=officer)
        UnitReport.objects.filter(pk=report.pk).update(first_submitted_at=at(submitted), submitted_at=at(submitted))
        if accepted:
            with recorded_at(at(submitted + datetime.timedelta(days=1))):
                report_services.accept_unit_report(report, actor=secretary)
            UnitReport.objects.filter(pk=report.pk).update(accepted_at=at(submitted + datetime.timedelta(days=1)))


def _present_text(membership) -> dict:
    year = str(membership.bloc_year.year)
    return {name: text.replace("2020", year) for name, text in _report_text(membership).items()}


def _officer_of(unit):
    role = unit.roles.filter(is_active=True, role="officer").select_related("user").first()
    return role.user if role else None


# --- end of the current year -----------------------------------------------------------
