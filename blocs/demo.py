"""Demo data drawn from the five news articles in shared/seeds (see README "Demo data").

Blocs, members, themes, plan numbers and the 2023 Bắc Kạn leadership are from the
articles; where an article does not say who led a year, the demo picks a plausible
member. Every person is fictional. Loading twice changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from blocs import services
from blocs.calculations import default_deadlines
from blocs.enums import BlocYearStatus, CouncilRoleKind, MemberRole, ProvinceKind, SuccessionKind, UnitRoleKind
from blocs.models import (
    Bloc,
    BlocRule,
    BlocYear,
    Council,
    CouncilOfficeName,
    CouncilRole,
    Membership,
    Province,
    Unit,
    UnitName,
    UnitRole,
)
from core.services import recorded_at

DEMO_PASSWORD = "thidua-demo-2026"  # noqa: S105 - published in the README; load_demo refuses to run without DEBUG
REORGANISED = datetime.date(2025, 7, 1)
MERGER_BASIS = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
THADS_RENAMED = datetime.date(2025, 3, 1)
THADS_BASIS = "Sắp xếp tổ chức bộ máy hệ thống thi hành án dân sự năm 2025"

PROVINCES = [
    # code, name, valid_to, predecessors
    ("42", "Hà Tĩnh", None, []),
    ("24", "Bắc Giang", datetime.date(2025, 6, 30), []),
    ("06", "Bắc Kạn", datetime.date(2025, 6, 30), []),
    ("27", "Bắc Ninh", None, ["24"]),
    ("19", "Thái Nguyên", None, ["06"]),
    ("79", "Thành phố Hồ Chí Minh", None, []),
]

# The council office's dated names (documents print the one of their date). Verified: from 2025 the
# standing agency is the Department of Home Affairs through its Phòng Thi đua, khen thưởng (Bắc Ninh
# QĐ 86/2025 Art. 8.5, in force 15/12/2025); before, the Ban Thi đua - Khen thưởng tỉnh/thành phố (the
# 2017–2020 seed articles). Assumed: the change took effect for every demo province on 01/07/2025, the
# day the two-level local government began; a province's own decision may set another day.
OFFICE_CHANGED_ON = datetime.date(2025, 7, 1)


def office_names(province: Province) -> list[tuple[str, str, datetime.date | None, datetime.date | None, str]]:
    """(name, head's title, valid from, valid to, legal basis) of the province's council office, oldest first."""
    ban = f"Ban Thi đua - Khen thưởng {province.kind_word}"
    before = (ban, f"Trưởng {ban}", None, OFFICE_CHANGED_ON - datetime.timedelta(days=1), "")
    if province.valid_to is not None and province.valid_to < OFFICE_CHANGED_ON:
        return [before]
    place = province.name if province.kind == ProvinceKind.CITY else f"tỉnh {province.name}"
    after = f"Sở Nội vụ {place} (Phòng Thi đua, khen thưởng)"
    basis = "Nghị định 152/2025/NĐ-CP; QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh, Điều 8"
    return [before, (after, "Giám đốc Sở Nội vụ", OFFICE_CHANGED_ON, None, basis)]


# The members of a Nội chính bloc, by short name; the full name adds the province.
NOI_CHINH = {
    "CAT": ("Công an tỉnh", "Công an tỉnh {p}"),
    "TAND": ("Tòa án nhân dân tỉnh", "Tòa án nhân dân tỉnh {p}"),
    "VKSND": ("Viện Kiểm sát nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh {p}"),
    "STP": ("Sở Tư pháp", "Sở Tư pháp tỉnh {p}"),
    "TTT": ("Thanh tra tỉnh", "Thanh tra tỉnh {p}"),
    "CHQS": ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh {p}"),
    "BDBP": ("Bộ CHBĐBP tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh {p}"),
    "THADS": ("Cục THADS tỉnh", "Cục Thi hành án dân sự tỉnh {p}"),
    "SNV": ("Sở Nội vụ", "Sở Nội vụ tỉnh {p}"),
    "QLTT": ("Cục QLTT tỉnh", "Cục Quản lý thị trường tỉnh {p}"),
}

# Document headers (Decree 30): the code in the unit's numbers (05/BC-CAT) and the body printed above it.
DOCUMENT_HEADERS = {
    "CAT": ("CAT", "Bộ Công an"),
    "TAND": ("TA", "Tòa án nhân dân tối cao"),
    "VKSND": ("VKS", "Viện Kiểm sát nhân dân tối cao"),
    "STP": ("STP", "UBND {kind} {p}"),
    "TTT": ("TTr", "UBND {kind} {p}"),
    "CHQS": ("BCH", "Bộ Quốc phòng"),
    "BDBP": ("BĐBP", "Bộ Tư lệnh Bộ đội Biên phòng"),
    "THADS": ("THADS", "Bộ Tư pháp"),
    "SNV": ("SNV", "UBND {kind} {p}"),
    "QLTT": ("QLTT", "Bộ Công Thương"),
    "PCCC": ("PCCC", "Bộ Công an"),
    "BTL": ("BTL", "Bộ Quốc phòng"),
    "CSCD2": ("TĐ2", "Bộ Tư lệnh Cảnh sát cơ động"),
}


def load() -> str:
    provinces = _provinces()
    units: dict[str, dict[str, Unit]] = {code: {} for code in provinces}
    _hatinh(provinces["42"], units["42"])
    _bacgiang(provinces["24"], units["24"])
    _backan(provinces["06"], units["06"])
    _hcmc(provinces["79"], units["79"])
    _reorganise(provinces, units)
    _accounts(provinces, units)
    return f"{Province.objects.count()} provinces, {Unit.objects.count()} units, {BlocYear.objects.count()} bloc-years"


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """A moment of the demo's story, for ``core.services.recorded_at`` and stored timestamps."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def _provinces() -> dict[str, Province]:
    result: dict[str, Province] = {}
    for code, name, valid_to, predecessors in PROVINCES:
        kind = ProvinceKind.CITY if name.startswith("Thành phố") else ProvinceKind.PROVINCE
        defaults = {"name": name, "valid_to": valid_to, "kind": kind}
        province, _ = Province.objects.get_or_create(code=code, defaults=defaults)
        province.predecessors.add(*[result[p] for p in predecessors])
        council_name = f"Hội đồng Thi đua - Khen thưởng {'thành phố' if code == '79' else 'tỉnh'} {name}"
        Council.objects.get_or_create(
            province=province,
            defaults={"name": council_name, "office_name": f"Ban Thi đua - Khen thưởng, Sở Nội vụ {name}"},
        )
        for office, head, valid_from, valid_to, basis in office_names(province):
            CouncilOfficeName.objects.get_or_create(
                province=province,
                name=office,
                defaults={"head_title": head, "valid_from": valid_from, "valid_to": valid_to, "legal_basis": basis},
            )
        result[code] = province
    return result


def _unit(province: Province, store: dict, key: str, short: str, name: str, **extra) -> Unit:
    unit = Unit.objects.filter(province=province, names__name=name).first()
    if unit is None:
        code, superior = DOCUMENT_HEADERS.get(key, ("", ""))
        superior = superior.format(kind=province.kind_word, p=province.name.removeprefix("Thành phố ")).upper()
        unit = Unit.objects.create(
            province=province, name=name, short_name=short, abbreviation=code, superior_body=superior, **extra
        )
        UnitName.objects.create(unit=unit, name=name, short_name=short)
    store[key] = unit
    return unit


def _noi_chinh_units(province: Province, store: dict, keys: list[str], place: str | None = None) -> None:
    for key in keys:
        short, pattern = NOI_CHINH[key]
        _unit(province, store, key, short, pattern.format(p=place or province.name))


def _bloc(province: Province, name: str, **extra) -> Bloc:
    bloc, _ = Bloc.objects.get_or_create(province=province, name=name, defaults=extra)
    return bloc


def _year(bloc: Bloc, year: int, units: dict, *, members, head, deputies, status, **details) -> BlocYear:
    bloc_year, created = BlocYear.objects.get_or_create(bloc=bloc, year=year, defaults={"status": status, **details})
    if not created:
        return bloc_year
    BlocRule.objects.create(bloc_year=bloc_year, **vars(default_deadlines(year)))
    roles = {head: MemberRole.HEAD, **dict.fromkeys(deputies, MemberRole.DEPUTY)}
    Membership.objects.bulk_create(
        Membership(bloc_year=bloc_year, unit=units[key], role=roles.get(key, MemberRole.MEMBER)) for key in members
    )
    return bloc_year


def _hatinh(province: Province, units: dict) -> None:
    keys = ["CHQS", "BDBP", "TAND", "CAT", "STP", "VKSND", "THADS", "TTT"]
    _noi_chinh_units(province, units, keys)
    _unit(province, units, "CSCD2", "Tiểu đoàn CSCĐ số 2", "Tiểu đoàn Cảnh sát cơ động số 2 (Bộ Công an)")
    bloc = _bloc(province, "Khối thi đua Nội chính", short_name="Nội chính")
    _year(bloc, 2019, units, members=keys, head="VKSND", deputies=["THADS"], status=BlocYearStatus.CLOSED)
    _year(
        bloc,
        2020,
        units,
        members=[*keys, "CSCD2"],
        head="THADS",
        deputies=["TTT"],
        status=BlocYearStatus.SCORING,
        theme=(
            "Đoàn kết, sáng tạo, thi đua hoàn thành vượt mức các chỉ tiêu, nhiệm vụ phát triển kinh tế - xã hội "
            "năm 2020 và kế hoạch 5 năm (2016 – 2020)"
        ),
    )


def _bacgiang(province: Province, units: dict) -> None:
    keys = ["CHQS", "THADS", "CAT", "TTT", "TAND", "VKSND", "STP"]
    _noi_chinh_units(province, units, keys)
    bloc = _bloc(province, "Khối thi đua các cơ quan Nội chính", short_name="Nội chính")
    _year(
        bloc,
        2019,
        units,
        members=keys,
        head="TTT",
        deputies=["TAND"],
        status=BlocYearStatus.CLOSED,
        slogan="Kỷ cương, liêm chính, hành động, sáng tạo, bứt phá, hiệu quả",
        plan_number="127/KH-KTĐ",
        plan_date=datetime.date(2019, 4, 5),
    )


def _backan(province: Province, units: dict) -> None:
    keys = ["SNV", "STP", "TTT", "CHQS", "CAT", "TAND", "VKSND", "THADS", "QLTT"]
    _noi_chinh_units(province, units, keys)
    bloc = _bloc(province, "Khối thi đua Nội chính", short_name="Nội chính")
    _year(bloc, 2022, units, members=keys, head="STP", deputies=["TTT"], status=BlocYearStatus.CLOSED)
    _year(bloc, 2023, units, members=keys, head="TTT", deputies=["CAT"], status=BlocYearStatus.LAUNCHED)


def _hcmc(province: Province, units: dict) -> None:
    place = "Thành phố Hồ Chí Minh"
    specs = [
        ("CAT", "Công an TP", f"Công an {place}"),
        ("VKSND", "Viện KSND TP", f"Viện Kiểm sát nhân dân {place}"),
        ("PCCC", "Sở Cảnh sát PCCC", f"Sở Cảnh sát Phòng cháy và chữa cháy {place}"),
        ("BTL", "Bộ Tư lệnh TP", f"Bộ Tư lệnh {place}"),
        ("BDBP", "Bộ CHBĐBP TP", f"Bộ Chỉ huy Bộ đội Biên phòng {place}"),
        ("TAND", "TAND TP", f"Tòa án nhân dân {place}"),
        ("THADS", "Cục THADS TP", f"Cục Thi hành án dân sự {place}"),
    ]
    for key, short, name in specs:
        _unit(province, units, key, short, name)
    bloc = _bloc(province, "Khối thi đua VIII", short_name="Khối VIII")
    members = [key for key, _, _ in specs]
    _year(bloc, 2017, units, members=members, head="CAT", deputies=["VKSND"], status=BlocYearStatus.CLOSED)


def _reorganise(provinces: dict, units: dict) -> None:
    """1 July 2025: Bắc Giang merges into Bắc Ninh, Bắc Kạn into Thái Nguyên; THADS offices renamed."""
    for code in ["42", "24", "06", "79"]:
        thads = units[code]["THADS"]
        if thads.is_active and thads.name.startswith("Cục "):
            new_name = thads.name.removeprefix("Cục ")
            new_name = new_name[0].upper() + new_name[1:]
            with recorded_at(at(THADS_RENAMED)):
                services.rename_unit(
                    thads,
                    actor=None,
                    name=new_name,
                    short_name=thads.short_name.replace("Cục THADS", "THADS"),
                    effective_date=THADS_RENAMED,
                    legal_basis=THADS_BASIS,
                )
    for old, new in [("24", "27"), ("06", "19")]:
        # The blocs of a merged province end with it; the new province forms its own blocs.
        ended = provinces[old].valid_to
        Bloc.objects.filter(province=provinces[old], dissolved_on__isnull=True).update(dissolved_on=ended)
        keys = list(units[old])
        _noi_chinh_units(provinces[new], units[new], [k for k in keys if k != "THADS"])
        place = provinces[new].name
        _unit(provinces[new], units[new], "THADS", "THADS tỉnh", f"Thi hành án dân sự tỉnh {place}")
        for key in keys:
            predecessor = Unit.objects.get(pk=units[old][key].pk)
            if predecessor.is_active:
                with recorded_at(at(REORGANISED)):
                    services.record_succession(
                        predecessor,
                        actor=None,
                        successors=[units[new][key]],
                        kind=SuccessionKind.ABSORB,
                        effective_date=REORGANISED,
                        legal_basis=MERGER_BASIS,
                    )


ACCOUNTS = [
    # username, full name, (kind, province code, unit key or role)
    ("admin", "Quản trị hệ thống", ("admin", None, None)),
    ("vanphong.hatinh", "Nguyễn Thị Lan", ("council", "42", CouncilRoleKind.OFFICE_OFFICER)),
    ("hoidong.hatinh", "Trần Văn Minh", ("council", "42", CouncilRoleKind.MEMBER)),
    ("thuky.noichinh.hatinh", "Lê Thị Hương", ("unit", "42", "THADS")),
    ("canbo.congan.hatinh", "Phạm Văn Nam", ("unit", "42", "CAT")),
    ("canbo.pccc.hcm", "Võ Thị Thu", ("unit", "79", "PCCC")),
]


def _accounts(provinces: dict, units: dict) -> None:
    User = get_user_model()
    for username, full_name, (kind, code, target) in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "email": f"{username}@example.invalid",
                "is_superuser": kind == "admin",
                "is_staff": kind == "admin",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if kind == "council":
            CouncilRole.objects.get_or_create(user=user, province=provinces[code], role=target)
        elif kind == "unit":
            UnitRole.objects.get_or_create(user=user, unit=units[code][target], role=UnitRoleKind.OFFICER)


# --- The current year -------------------------------------------------------------
# The articles tell of 2019/2020; the demo is opened years later. ``load_present`` (run after every
# app's ``load``) keeps those years as history — closed — and opens today's year of Hà Tĩnh's bloc from
# 2020's members, leadership and rules, with deadlines set around today so every persona has live work.
HATINH_BLOC = {"bloc__province__code": "42", "bloc__name": "Khối thi đua Nội chính"}


def days_ago(today: datetime.date, days: int) -> datetime.date:
    """A day of this year's story: ``days`` before today, but not before December of the year before
    (when a year's pledge may first be signed), so the story stays inside its year."""
    return max(today - datetime.timedelta(days=days), datetime.date(today.year - 1, 12, 1))


def present_deadlines(today: datetime.date) -> dict[str, datetime.date]:
    """Registration closed a while ago, the 6-month report due within the week, the year-end ones later."""
    return {
        "registration_deadline": days_ago(today, 40),
        "six_month_report_deadline": today + datetime.timedelta(days=6),
        "annual_report_deadline": today + datetime.timedelta(days=45),
        "self_scoring_deadline": today + datetime.timedelta(days=45),
        "dossier_deadline": today + datetime.timedelta(days=55),
    }


def load_present(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    bloc = Bloc.objects.filter(province__code="42", name="Khối thi đua Nội chính").first()
    if bloc is None:
        return ""
    # 2019 is closed history; 2020 stays at scoring with every report filed, so a visitor can still verify
    # scores and hold that year's meeting without the year looking years late.
    current = bloc.years.filter(year=today.year).first()
    if current is not None:
        return f"{current} already loaded"
    office = get_user_model().objects.filter(username="vanphong.hatinh").first()
    with recorded_at(at(days_ago(today, 84), 8)):
        current = _open_current_year(bloc, today, office)
    return f"{current} opened, {current.memberships.count()} members"


def _open_current_year(bloc: Bloc, today: datetime.date, office) -> BlocYear:
    previous = bloc.years.filter(year__lt=today.year).latest("year")
    bloc_year = services.create_bloc_year(bloc, actor=office, year=today.year)
    leaders = previous.memberships.filter(role__in=[MemberRole.HEAD, MemberRole.DEPUTY]).select_related("unit")
    head = next(m.unit for m in leaders if m.role == MemberRole.HEAD)
    deputies = [m.unit for m in leaders if m.role == MemberRole.DEPUTY]
    services.set_leadership(bloc_year, actor=office, head=head, deputies=deputies)
    theme = (
        "Đoàn kết, kỷ cương, sáng tạo, thi đua hoàn thành xuất sắc nhiệm vụ chính trị "
        f"và các chỉ tiêu giao ước thi đua năm {today.year}"
    )
    services.update_bloc_year(bloc_year, actor=office, theme=theme)
    services.update_bloc_rule(bloc_year.rule, actor=office, **present_deadlines(today))
    return bloc_year
