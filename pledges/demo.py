"""Demo data of the pledges app, on top of blocs.demo (which loads first). Loading twice changes nothing.

Hà Tĩnh 2020: the launch and pledge-signing meeting of 27/02/2020 at the Civil Judgment
Enforcement Department and the bloc's theme are from the article in shared/seeds; the
clauses, the units' own themes and every signer are plausible inventions (people are fictional).
"""

import datetime
from decimal import Decimal

from blocs.enums import MemberRole
from blocs.models import BlocYear
from blocs.selectors import name_on
from pledges.enums import RegistrationStatus
from pledges.models import Pledge, Title
from pledges.services import commitments as services


def load() -> str:
    parts = [load_commitments()]
    return "; ".join(part for part in parts if part)


# --- Pledge and registrations (P-A) -------------------------------------------------

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


def load_commitments() -> str:
    """Hà Tĩnh 2020: launch meeting, pledge signed by all 9 members, 9/9 registered for the flag (forwarded)."""
    bloc_year = BlocYear.objects.filter(bloc__province__name="Hà Tĩnh", bloc__name="Khối thi đua Nội chính", year=2020)
    bloc_year = bloc_year.first()
    if bloc_year is None:
        return ""
    if Pledge.objects.filter(bloc_year=bloc_year).exists():
        return f"pledge of {bloc_year} already loaded"
    members = list(bloc_year.memberships.filter(left_on__isnull=True).select_related("unit"))
    _launch_and_pledge(bloc_year, members)
    _register(bloc_year, members)
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
        services.record_pledge_signature(
            pledge,
            actor=None,
            unit=membership.unit,
            signer_name=name,
            signer_title=title,
            signed_on=HATINH_SIGNED_ON,
        )


def _register(bloc_year: BlocYear, members) -> None:
    flag, excellent = Title.objects.get(name=FLAG), Title.objects.get(name=EXCELLENT)
    for membership in members:
        targets = "Hoàn thành xuất sắc toàn bộ chỉ tiêu giao ước thi đua năm 2020; dẫn đầu Khối thi đua Nội chính."
        registration = services.create_registration(
            bloc_year, actor=None, unit=membership.unit, title=flag, targets=targets
        )
        _walk(registration, RegistrationStatus.FORWARDED)
        if membership.role != MemberRole.HEAD:
            targets = "100% cán bộ hoàn thành nhiệm vụ; trên 70% đạt danh hiệu Lao động tiên tiến."
            other = services.create_registration(
                bloc_year, actor=None, unit=membership.unit, title=excellent, targets=targets
            )
            _walk(other, RegistrationStatus.ACCEPTED)


def _walk(registration, target: RegistrationStatus) -> None:
    services.submit_registration(registration, actor=None)
    services.accept_registration(registration, actor=None)
    if target == RegistrationStatus.FORWARDED:
        services.forward_registration(registration, actor=None)


# --- end of pledge and registrations (P-A) ------------------------------------------
