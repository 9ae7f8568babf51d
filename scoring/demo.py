"""Demo data of the scoring app (see README "Demo data"). Loading twice changes nothing.

Shared by two areas: keep each area's part in its own section; ``load`` calls each.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from blocs.demo import at
from blocs.models import BlocYear, Membership
from core.models import User
from core.services import recorded_at
from scoring.calculations import scheme_total, tree_layout
from scoring.enums import SCORING_STARTED, SchemeItemKind
from scoring.models import Scheme, SchemeItem, ScoreSheet
from scoring.selectors.schemes import scheme_rows
from scoring.services import sheets as sheet_services


def load() -> str:
    schemes = load_schemes()
    sheets = load_sheets()
    return f"{schemes} schemes, {sheets} score sheets"


# --- Schemes ------------------------------------------------------------------
# Two real shapes (DOMAIN §5): Thừa Thiên Huế 2018, 1,000 points = 950 content + 50 bonus with
# −8 for no launch / no pledge / no registration, filled with the criteria groups of a Nội chính
# bloc and the movements named in the Hà Tĩnh 2020 pledge article; and the HCMC 2008 criteria of
# emulation work, 10/10/20/10/10/10/20/10, with +10 (city or ministry flag) / +15 (Government flag).

G, C, B, T = SchemeItemKind.GROUP, SchemeItemKind.CRITERION, SchemeItemKind.BONUS, SchemeItemKind.DEDUCTION
EVIDENCE = {"evidence_required": True}

# code, parent code, kind, text, maximum, extra fields
NOI_CHINH_SCHEME = [
    ("I", None, G, "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", 0, {}),
    (
        "I.1",
        "I",
        C,
        "Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn do cấp có thẩm quyền giao trong năm",
        150,
        {
            **EVIDENCE,
            "guidance": (
                "Căn cứ báo cáo tổng kết năm và quyết định giao chỉ tiêu của ngành; mỗi chỉ tiêu không đạt trừ 5 điểm."
            ),
        },
    ),
    ("I.2", "I", C, "Tham mưu cho Tỉnh ủy, UBND tỉnh về lĩnh vực phụ trách kịp thời, chất lượng", 60, {}),
    ("I.3", "I", C, "Phối hợp giữa các cơ quan trong Khối trong điều tra, truy tố, xét xử, thi hành án", 50, {}),
    (
        "I.4",
        "I",
        C,
        "Tiếp công dân, giải quyết khiếu nại, tố cáo thuộc thẩm quyền đúng hạn, đúng pháp luật",
        50,
        EVIDENCE,
    ),
    ("I.5", "I", C, "Cải cách hành chính, cải cách tư pháp; ứng dụng công nghệ thông tin trong hoạt động", 50, {}),
    ("I.6", "I", C, "Phòng, chống tham nhũng, lãng phí; thực hành tiết kiệm", 40, {}),
    ("I.7", "I", C, "Giữ vững an ninh chính trị, trật tự an toàn xã hội, an ninh biên giới, an ninh nội địa", 50, {}),
    ("II", None, G, "Công tác thi đua, khen thưởng", 0, {}),
    ("II.1", "II", G, "Phát động phong trào thi đua và ký kết giao ước", 0, {}),
    ("II.1.a", "II.1", C, "Ban hành kế hoạch phát động phong trào thi đua của đơn vị", 15, EVIDENCE),
    ("II.1.b", "II.1", C, "Tham gia hội nghị phát động, ký kết giao ước thi đua của Khối", 15, {}),
    ("II.1.c", "II.1", C, "Đăng ký danh hiệu thi đua đúng thời hạn", 10, EVIDENCE),
    ("II.2", "II", C, "Thực hiện phong trào “Toàn tỉnh chung sức xây dựng nông thôn mới, đô thị văn minh”", 30, {}),
    (
        "II.3",
        "II",
        C,
        "Thực hiện phong trào “Hà Tĩnh chung tay vì người nghèo – không để ai bị bỏ lại phía sau”",
        20,
        {},
    ),
    ("II.4", "II", C, "Thực hiện phong trào “Cán bộ, công chức, viên chức Hà Tĩnh thực hiện văn hóa công sở”", 20, {}),
    ("II.5", "II", C, "Phát hiện, bồi dưỡng, tổng kết và nhân rộng các điển hình tiên tiến", 30, EVIDENCE),
    ("II.6", "II", C, "Khen thưởng kịp thời, đúng đối tượng; chú trọng người lao động trực tiếp", 25, {}),
    (
        "II.7",
        "II",
        C,
        "Gửi báo cáo sơ kết 6 tháng, tổng kết năm đúng thời hạn, đủ nội dung",
        20,
        {
            "guidance": "Báo cáo gửi chậm 1 ngày trừ 2 điểm; không gửi không chấm điểm tiêu chí này.",
        },
    ),
    ("II.8", "II", C, "Tham gia đầy đủ các hoạt động chung của Khối (hội nghị, kiểm tra, chấm chéo)", 15, {}),
    ("III", None, G, "Xây dựng Đảng, đoàn thể và xây dựng đơn vị", 0, {}),
    ("III.1", "III", C, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05-CT/TW)", 30, {}),
    ("III.2", "III", C, "Thực hiện Nghị quyết Trung ương 4 (khóa XII) và các quy định về nêu gương", 30, {}),
    ("III.3", "III", C, "Tổ chức cơ sở đảng được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên", 30, EVIDENCE),
    ("III.4", "III", C, "Công đoàn, Đoàn Thanh niên, Hội Phụ nữ, Hội Cựu chiến binh xếp loại vững mạnh", 30, {}),
    (
        "III.5",
        "III",
        C,
        "Sắp xếp tổ chức bộ máy tinh gọn, hiệu lực, hiệu quả (Nghị quyết Trung ương 6 khóa XII)",
        25,
        {},
    ),
    ("III.6", "III", C, "Chấp hành kỷ luật, kỷ cương hành chính; không có cán bộ vi phạm phải xử lý kỷ luật", 30, {}),
    ("III.7", "III", C, "Chăm lo đời sống vật chất, tinh thần của cán bộ, công chức, chiến sĩ", 25, {}),
    ("IV", None, G, "Công tác phối hợp, tuyên truyền và an sinh xã hội", 0, {}),
    ("IV.1", "IV", C, "Tham gia các hoạt động an sinh xã hội, đền ơn đáp nghĩa, từ thiện", 30, {}),
    ("IV.2", "IV", C, "Phổ biến, giáo dục pháp luật cho cán bộ và nhân dân", 30, {}),
    ("IV.3", "IV", C, "Phối hợp với địa phương giữ gìn an ninh trật tự, xây dựng nông thôn mới", 20, {}),
    ("IV.4", "IV", C, "Tuyên truyền về phong trào thi đua, gương người tốt việc tốt trên báo, đài", 20, {}),
    ("V", None, G, "Điểm thưởng (tổng không quá 50 điểm)", 0, {}),
    ("V.1", "V", B, "Đơn vị được Chính phủ tặng Cờ thi đua trong năm", 15, EVIDENCE),
    ("V.2", "V", B, "Đơn vị được tặng Cờ thi đua của Bộ, ngành Trung ương hoặc của UBND tỉnh", 10, EVIDENCE),
    ("V.3", "V", B, "Có sáng kiến, mô hình mới được cấp có thẩm quyền công nhận, nhân rộng", 10, EVIDENCE),
    ("V.4", "V", B, "Hoàn thành xuất sắc nhiệm vụ đột xuất do Tỉnh ủy, UBND tỉnh giao", 10, {}),
    ("V.5", "V", B, "Tập thể, cá nhân được khen thưởng đột xuất, chuyên đề cấp tỉnh trở lên", 10, {}),
    ("VI", None, G, "Điểm trừ", 0, {}),
    (
        "VI.1",
        "VI",
        T,
        "Không tổ chức hoặc không tham gia hội nghị phát động phong trào thi đua",
        8,
        {"deduction_fixed": True},
    ),
    ("VI.2", "VI", T, "Không ký kết giao ước thi đua với Khối", 8, {"deduction_fixed": True}),
    ("VI.3", "VI", T, "Không đăng ký danh hiệu thi đua với Khối", 8, {"deduction_fixed": True}),
    ("VI.4", "VI", T, "Gửi báo cáo, hồ sơ thi đua chậm so với quy định (mỗi lần trừ 1 điểm)", 5, {"step": Decimal(1)}),
]

COVID_2020 = (
    "Giữ vững an ninh chính trị, trật tự an toàn xã hội, an ninh biên giới, an ninh nội địa; "
    "tham gia phòng, chống dịch Covid-19"
)

HCMC_2008_SCHEME = [
    ("1", None, C, "Tổ chức phát động phong trào thi đua: xây dựng kế hoạch, tổ chức hội nghị phát động", 10, EVIDENCE),
    ("2", None, C, "Ký kết giao ước thi đua, đăng ký danh hiệu thi đua đầu năm", 10, EVIDENCE),
    ("3", None, C, "Tổ chức thực hiện các phong trào thi đua thường xuyên và chuyên đề", 20, {}),
    ("4", None, C, "Sơ kết, tổng kết, kiểm tra phong trào thi đua đúng định kỳ", 10, {}),
    ("5", None, C, "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 10, {}),
    ("6", None, C, "Tuyên truyền phong trào thi đua và gương điển hình tiên tiến", 10, {}),
    ("7", None, C, "Công tác khen thưởng: kịp thời, đúng quy trình, chú trọng người lao động trực tiếp", 20, {}),
    ("8", None, C, "Kiện toàn Hội đồng Thi đua – Khen thưởng, bố trí cán bộ làm công tác thi đua, khen thưởng", 10, {}),
    ("9", None, G, "Điểm thưởng", 0, {}),
    ("9.1", "9", B, "Đơn vị được tặng Cờ thi đua của Thành phố hoặc của Bộ, ngành Trung ương", 10, EVIDENCE),
    ("9.2", "9", B, "Đơn vị được tặng Cờ thi đua của Chính phủ", 15, EVIDENCE),
]

# (province code, bloc name, year, title, bonus cap, rows, copied from year)
DEMO_SCHEMES: list[tuple[str, str, int, str, int, list[tuple[Any, ...]], int | None]] = [
    ("42", "Khối thi đua Nội chính", 2019, "Thang điểm thi đua Khối Nội chính năm 2019", 50, NOI_CHINH_SCHEME, None),
    ("42", "Khối thi đua Nội chính", 2020, "Thang điểm thi đua Khối Nội chính năm 2020", 50, NOI_CHINH_SCHEME, 2019),
    ("79", "Khối thi đua VIII", 2017, "Tiêu chí chấm điểm công tác thi đua, khen thưởng", 15, HCMC_2008_SCHEME, None),
]


def load_schemes() -> int:
    """The demo schemes, each on its bloc-year when that year exists; returns how many schemes exist."""
    for province, bloc, year, title, cap, rows, copied_from in DEMO_SCHEMES:
        bloc_year = BlocYear.objects.filter(bloc__province__code=province, bloc__name=bloc, year=year).first()
        if bloc_year is None or Scheme.objects.filter(bloc_year=bloc_year).exists():
            continue
        earlier = Scheme.objects.filter(bloc_year__bloc=bloc_year.bloc, bloc_year__year=copied_from or 0)
        source = earlier.first() if copied_from else None
        if year == 2020:
            rows = [(*row[:3], COVID_2020, *row[4:]) if row[0] == "I.7" else row for row in rows]
        scheme = Scheme.objects.create(
            bloc_year=bloc_year,
            title=title,
            bonus_cap=Decimal(cap),
            copied_from=source,
            frozen_at=_frozen_at(bloc_year),
        )
        build_scheme_items(scheme, rows)
        if scheme.is_frozen:
            scheme.max_total = scheme_total(scheme_rows(scheme), bonus_cap=scheme.bonus_cap)
            scheme.save(update_fields=["max_total"])
    return Scheme.objects.count()


def build_scheme_items(scheme: Scheme, rows: list[tuple]) -> None:
    """Write the rows (code, parent code, kind, text, maximum, extra) in document order, parents first."""
    ids = {code: index for index, (code, *_rest) in enumerate(rows, start=1)}
    layout = tree_layout((ids[code], ids.get(parent), ids[code]) for code, parent, *_rest in rows)
    created: dict[str, SchemeItem] = {}
    for depth in sorted({layout[i][2] for i in ids.values()}):
        level = [row for row in rows if layout[ids[row[0]]][2] == depth]
        items = [_item(scheme, row, created, layout[ids[row[0]]]) for row in level]
        for row, item in zip(level, SchemeItem.objects.bulk_create(items), strict=True):
            created[row[0]] = item


def _item(scheme: Scheme, row: tuple, created: dict, place: tuple) -> SchemeItem:
    code, parent, kind, text, maximum, extra = row
    values = {"step": Decimal("0.5"), **extra}
    if values.get("deduction_fixed"):
        values["step"] = Decimal(maximum)
    position, sort_key, depth = place
    return SchemeItem(
        scheme=scheme,
        parent=created.get(parent),
        kind=kind,
        code=code,
        text=text,
        max_points=Decimal(maximum),
        position=position,
        sort_key=sort_key,
        depth=depth,
        **values,
    )


def _frozen_at(bloc_year: BlocYear):
    if bloc_year.status not in SCORING_STARTED:
        return None
    # Scoring opens in November of the year (DOMAIN §4, step 5).
    return timezone.make_aware(datetime.datetime(bloc_year.year, 11, 1, 8, 0))


# --- end of schemes -------------------------------------------------------------


# --- Score sheets -----------------------------------------------------------------
# Hà Tĩnh 2020 (status "scoring"): every unit at a different point of the stages, so each
# persona finds work — the police (canbo.congan.hatinh) still self-scoring, the secretariat
# (thuky.noichinh.hatinh, head unit THADS) verifying, one unit returned, one with a council
# adjustment on a −8 deduction, the deputy (Thanh tra) approved.

# a word of the unit's name → how far its sheets go
SHEET_PLAN = {
    "Công an tỉnh": "self_draft",
    "Cảnh sát cơ động": "self_submitted_late",
    "Tòa án": "self_returned",
    "Tư pháp": "verification_draft",
    "Viện Kiểm sát": "verification_submitted",
    "Quân sự": "council_draft",
    "Biên phòng": "council_deduction",
    "Thanh tra": "approved_accepted",
    "Thi hành án": "approved_draft",
}
# Lines the verifiers changed, with the reason the unit reads.
VERIFIER_CHANGES = [
    ("I.1", Decimal(-10), "Chưa hoàn thành 2 chỉ tiêu thi hành án về tiền theo Quyết định giao chỉ tiêu."),
    ("II.5", Decimal(-5), "Chưa có văn bản tổng kết, nhân rộng điển hình tiên tiến; minh chứng chưa đủ."),
    ("V.3", Decimal(-10), "Sáng kiến chưa được Hội đồng sáng kiến cấp tỉnh công nhận trong năm 2020."),
]
DEMO_PDF = b"%PDF-1.4\n% minh chung (demo)\n%%EOF\n"


def load_sheets() -> int:
    """Scores at every stage for Hà Tĩnh 2020; nothing happens when that year already has sheets."""
    bloc_year = BlocYear.objects.filter(
        bloc__province__code="42", bloc__name="Khối thi đua Nội chính", year=2020
    ).first()
    if bloc_year is None or not Scheme.objects.filter(bloc_year=bloc_year).exists():
        return ScoreSheet.objects.count()
    if ScoreSheet.objects.filter(bloc_year=bloc_year).exists():
        return ScoreSheet.objects.count()
    actors = {u.username: u for u in User.objects.filter(username__in=["thuky.noichinh.hatinh", "vanphong.hatinh"])}
    _walk_units(bloc_year, actors.get("thuky.noichinh.hatinh"), actors.get("vanphong.hatinh"))
    return ScoreSheet.objects.count()


def _walk_units(bloc_year, secretary, office) -> None:
    with recorded_at(at(datetime.date(bloc_year.year, 11, 1), 8)):
        sheet_services.update_scoring_setting(bloc_year, actor=secretary, uses_council_stage=True)
        sheets = {s.unit_id: s for s in sheet_services.open_self_scoring(bloc_year, actor=secretary)}
    members = Membership.objects.filter(bloc_year=bloc_year, left_on__isnull=True).select_related("unit")
    deputy = next((m.unit for m in members if m.role == "deputy"), None)
    for index, membership in enumerate(sorted(members, key=lambda m: m.unit.name)):
        plan = next((p for word, p in SHEET_PLAN.items() if word in membership.unit.name), "self_draft")
        verifier = _deputy_officer(deputy) if membership.role == "head" else secretary
        _play(sheets[membership.unit_id], plan, index, verifier=verifier, office=office)
    _demo_dates(bloc_year)


def _deputy_officer(unit):
    role = unit.roles.filter(is_active=True, role="officer").select_related("user").first() if unit else None
    return role.user if role else None


def _on(sheet, day: int, month: int = 12):
    """The audit time of a step of the 2020 story (self-scoring in November, the stages after it in December)."""
    return recorded_at(at(datetime.date(sheet.bloc_year.year, month, day)))


def _play(sheet, plan: str, index: int, *, verifier, office) -> None:
    officer = _deputy_officer(sheet.unit)
    complete = plan != "self_draft"
    with _on(sheet, 20, 11):
        _fill(sheet, index, officer, complete=complete)
    if not complete:
        return
    with _on(sheet, 30, 11) if "late" not in plan else _on(sheet, 3):
        _attach_evidence(sheet, officer)
        sheet_services.submit_sheet(sheet, actor=officer)
    if plan.startswith("self_"):
        if plan == "self_returned":
            comment = "Đề nghị bổ sung minh chứng mục I.4 (sổ tiếp công dân) và giải trình điểm thưởng V.4."
            with _on(sheet, 2):
                sheet_services.return_sheet(sheet, actor=verifier, comment=comment)
        return
    with _on(sheet, 3):
        sheet = _next(sheet_services.accept_sheet(sheet, actor=verifier))
        _verify(sheet, verifier, changes=index % 3 + 1)
    if plan == "verification_draft":
        return
    with _on(sheet, 5):
        sheet_services.submit_sheet(sheet, actor=verifier)
    if plan == "verification_submitted":
        return
    with _on(sheet, 8):
        sheet = _next(sheet_services.accept_sheet(sheet, actor=office))
        if plan == "council_deduction":
            _council_deduction(sheet, office)
    if plan in ("council_draft", "council_deduction"):
        return
    with _on(sheet, 9):
        sheet_services.submit_sheet(sheet, actor=office)
        sheet = _next(sheet_services.accept_sheet(sheet, actor=verifier))
    if plan == "approved_accepted":
        with _on(sheet, 11):
            sheet_services.submit_sheet(sheet, actor=verifier)
            sheet_services.accept_sheet(sheet, actor=office)


def _next(sheet):
    return ScoreSheet.objects.filter(bloc_year=sheet.bloc_year, unit=sheet.unit).order_by("-id").first()


def _fill(sheet, index: int, actor: User | None, *, complete: bool) -> None:
    """Plausible self-scores: most criteria at 88–100 % of their maximum, some bonus, no deduction."""
    values = {}
    lines = list(sheet.lines.select_related("item").order_by("item__sort_key"))
    for number, line in enumerate(lines):
        if not complete and number >= len(lines) // 2:
            break
        values[line.item_id] = {"points": _self_points(line.item, index, number), "note": "", "reason": ""}
    sheet_services.save_lines(sheet, actor=actor, values=values, source="demo")


def _self_points(item, index: int, number: int) -> Decimal:
    if item.kind == SchemeItemKind.DEDUCTION:
        return Decimal(0)
    if item.kind == SchemeItemKind.BONUS:
        return item.max_points if (index + number) % 3 == 0 else Decimal(0)
    ratio = Decimal(100 - (index * 7 + number * 3) % 13) / 100
    return _to_step(item.max_points * ratio, item.step)


def _to_step(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding="ROUND_FLOOR") * step


def _attach_evidence(sheet, actor: User | None) -> None:

    needed = sheet.lines.filter(item__evidence_required=True, points__gt=0).select_related("item")
    for line in needed:
        upload = SimpleUploadedFile(f"minh-chung-{line.item.code}.pdf", DEMO_PDF, content_type="application/pdf")
        sheet_services.add_evidence(line, actor=actor, uploaded_file=upload)


def _verify(sheet, verifier, *, changes: int) -> None:
    lines = {line.item.code: line for line in sheet.lines.select_related("item")}
    for code, delta, reason in VERIFIER_CHANGES[:changes]:
        line = lines.get(code)
        if line is None or line.points is None:
            continue
        points = max(Decimal(0), line.points + delta)
        if points == line.points:
            continue
        sheet_services.save_line(line, actor=verifier, version=line.version, points=points, reason=reason)


def _council_deduction(sheet, office) -> None:
    line = sheet.lines.select_related("item").filter(item__code="VI.3").first()
    if line is not None:
        reason = "Đơn vị không gửi bản đăng ký danh hiệu thi đua năm 2020 về Khối (Công văn số 45/KTĐ)."
        sheet_services.save_line(line, actor=office, version=line.version, points=line.item.max_points, reason=reason)


def _demo_dates(bloc_year) -> None:
    """Submissions in the demo happened in December 2020, on time except the mobile-police battalion's."""
    deadline = bloc_year.rule.self_scoring_deadline
    on_time = timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(9)))
    sheets = ScoreSheet.objects.filter(bloc_year=bloc_year, submitted_at__isnull=False)
    sheets.update(submitted_at=on_time, is_late=False)
    late = on_time + datetime.timedelta(days=3)
    sheets.filter(unit__name__contains="Cảnh sát cơ động", stage="self").update(submitted_at=late, is_late=True)


# --- end of score sheets ----------------------------------------------------------
