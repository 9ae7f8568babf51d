"""The benchmark's data: one bloc of 10 units, a scheme of 150 criteria, every stage of every unit filled.

Written with ``bulk_create`` (a few seconds). The verification sheet of one unit is left in draft
so that its grid is the editable page a verifier works on; every other sheet is accepted.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from blocs.calculations import default_deadlines
from blocs.enums import BlocYearStatus, MemberRole, UnitRoleKind
from blocs.models import Bloc, BlocRule, BlocYear, Membership, Province, Unit, UnitName, UnitRole
from core.models import User
from scoring.calculations import scheme_total, sheet_totals, tree_layout, weakest_percent
from scoring.enums import STAGE_ORDER, SchemeItemKind, SheetStatus, Stage
from scoring.models import Scheme, SchemeItem, ScoreLine, ScoreSheet, ScoringSetting

UNITS = 10
GROUPS = 10
CRITERIA_PER_GROUP = 15
USERNAME = "bench.secretariat"
PASSWORD = "bench-password-2026"  # noqa: S105 - a throw-away database, dropped after the run
GRID_UNIT = 5


@dataclass(frozen=True)
class BenchData:
    bloc_year_id: int
    grid_sheet_id: int
    units: int
    criteria: int
    lines: int


@dataclass(frozen=True)
class ScoredYear:
    bloc_year: BlocYear
    units: list[Unit]  # the head first, then the deputy, then the members
    sheets: list[ScoreSheet]
    lines: int


@transaction.atomic
def build(seed: int = 2020) -> BenchData:
    province = Province.objects.create(code="BENCH", name="Tỉnh Bench")
    year = build_year(province, "Khối thi đua Nội chính (bench)", random.Random(seed), draft_unit=GRID_UNIT)
    _user(year.units[0])
    grid_unit = year.units[GRID_UNIT].pk
    grid_sheet = next(s for s in year.sheets if s.unit_id == grid_unit and s.stage == Stage.VERIFICATION)
    return BenchData(year.bloc_year.pk, grid_sheet.pk, len(year.units), GROUPS * CRITERIA_PER_GROUP, year.lines)


def build_year(
    province: Province,
    bloc_name: str,
    rng: random.Random,
    *,
    status: str = BlocYearStatus.SCORING,
    draft_unit: int | None = None,
) -> ScoredYear:
    """A new bloc of ``province`` with its year 2020: 10 units, the 150-criterion scheme, every stage scored.

    Every sheet is accepted except the verification sheet of unit ``draft_unit`` (left in draft).
    """
    bloc = Bloc.objects.create(province=province, name=bloc_name)
    bloc_year = BlocYear.objects.create(bloc=bloc, year=2020, status=status)
    BlocRule.objects.create(bloc_year=bloc_year, **vars(default_deadlines(2020)))
    ScoringSetting.objects.create(bloc_year=bloc_year)
    units = _units(province, bloc_year)
    items = _scheme(bloc_year)
    sheets, lines = _sheets(bloc_year, units, items, rng, draft_unit=draft_unit)
    return ScoredYear(bloc_year, units, sheets, lines)


def _units(province: Province, bloc_year: BlocYear) -> list[Unit]:
    units = Unit.objects.bulk_create(
        Unit(province=province, name=f"Đơn vị thành viên số {n:02d}", short_name=f"ĐV{n:02d}") for n in range(UNITS)
    )
    UnitName.objects.bulk_create(UnitName(unit=u, name=u.name, short_name=u.short_name) for u in units)
    roles = {0: MemberRole.HEAD, 1: MemberRole.DEPUTY}
    Membership.objects.bulk_create(
        Membership(bloc_year=bloc_year, unit=u, role=roles.get(n, MemberRole.MEMBER)) for n, u in enumerate(units)
    )
    return units


def _user(head: Unit) -> None:
    user = User.objects.create_user(USERNAME, password=PASSWORD, full_name="Thư ký khối (bench)")
    UnitRole.objects.create(user=user, unit=head, role=UnitRoleKind.OFFICER)


def _scheme(bloc_year: BlocYear) -> list[SchemeItem]:
    scheme = Scheme.objects.create(
        bloc_year=bloc_year, title="Thang điểm bench", bonus_cap=Decimal(0), frozen_at=timezone.now()
    )
    groups = [
        SchemeItem(
            scheme=scheme,
            kind=SchemeItemKind.GROUP,
            code=_roman(g + 1),
            text=f"Nhóm tiêu chí {g + 1}: công tác chuyên môn, xây dựng đơn vị và phong trào thi đua",
            position=g + 1,
        )
        for g in range(GROUPS)
    ]
    for group, (_position, key, depth) in zip(groups, _layout([None] * GROUPS), strict=True):
        group.sort_key, group.depth = key, depth
    groups = SchemeItem.objects.bulk_create(groups)
    criteria = []
    for group in groups:
        for c in range(CRITERIA_PER_GROUP):
            criteria.append(
                SchemeItem(
                    scheme=scheme,
                    parent=group,
                    kind=SchemeItemKind.CRITERION,
                    code=f"{group.code}.{c + 1}",
                    text=f"Tiêu chí {c + 1}: hoàn thành nhiệm vụ, chỉ tiêu được giao trong lĩnh vực phụ trách",
                    max_points=Decimal(rng_points(c)),
                    step=Decimal("0.5"),
                    evidence_required=c % 4 == 0,
                    guidance="Căn cứ báo cáo tổng kết năm và minh chứng kèm theo." if c % 3 == 0 else "",
                    position=c + 1,
                    sort_key=f"{group.sort_key}.{c + 1:04d}",
                    depth=1,
                )
            )
    SchemeItem.objects.bulk_create(criteria)
    items = list(SchemeItem.objects.filter(scheme=scheme).order_by("sort_key"))
    scheme.max_total = scheme_total(items, bonus_cap=scheme.bonus_cap)
    scheme.save(update_fields=["max_total"])
    return items


def rng_points(index: int) -> int:
    return (5, 10, 6, 8, 4)[index % 5]


def _layout(parents: list) -> list[tuple[int, str, int]]:
    layout = tree_layout((n, parent, n) for n, parent in enumerate(parents, start=1))
    return [layout[n] for n in range(1, len(parents) + 1)]


def _roman(number: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][number - 1]


def _sheets(
    bloc_year: BlocYear, units: list[Unit], items: list[SchemeItem], rng, *, draft_unit: int | None
) -> tuple[list[ScoreSheet], int]:
    rows = [{"id": i.pk, "parent_id": i.parent_id, "kind": i.kind, "max_points": i.max_points} for i in items]
    scorable = [i for i in items if i.kind != SchemeItemKind.GROUP]
    now = timezone.now()
    sheets, points_by_sheet = [], []
    for n, unit in enumerate(units):
        previous = {i.pk: _points(i.max_points, rng, high=True) for i in scorable}
        for stage in STAGE_ORDER:
            points = dict(previous) if stage == Stage.SELF else _adjust(previous, scorable, rng)
            draft = n == draft_unit and stage == Stage.VERIFICATION
            total = sheet_totals(rows, points, bonus_cap=Decimal(0)).total
            weakest = weakest_percent((i.kind, points.get(i.pk), i.max_points) for i in scorable)
            sheets.append(
                ScoreSheet(
                    bloc_year=bloc_year,
                    unit=unit,
                    stage=stage,
                    status=SheetStatus.DRAFT if draft else SheetStatus.ACCEPTED,
                    total=total,
                    weakest_percent=weakest,
                    submitted_at=None if draft else now - datetime.timedelta(days=10),
                    accepted_at=None if draft else now - datetime.timedelta(days=9),
                )
            )
            points_by_sheet.append((points, None if stage == Stage.SELF else previous))
            previous = points
    sheets = ScoreSheet.objects.bulk_create(sheets)
    lines = [
        _line(sheet, item_id, points[item_id], base)
        for sheet, (points, base) in zip(sheets, points_by_sheet, strict=True)
        for item_id in points
    ]
    ScoreLine.objects.bulk_create(lines, batch_size=2000)
    return sheets, len(lines)


def _line(sheet: ScoreSheet, item_id: int, points: Decimal, base: dict | None) -> ScoreLine:
    base_points = base[item_id] if base else None
    changed = base_points is not None and base_points != points
    return ScoreLine(
        sheet=sheet,
        item_id=item_id,
        points=points,
        base_points=base_points,
        reason="Minh chứng chưa đầy đủ so với báo cáo tự chấm." if changed else "",
        note="Đã đối chiếu báo cáo." if item_id % 7 == 0 else "",
    )


def _points(maximum: Decimal, rng, *, high: bool) -> Decimal:
    steps = int(maximum * 2)
    low = steps * 3 // 4 if high else 0
    return Decimal(rng.randint(low, steps)) / 2


def _adjust(previous: dict, scorable: list[SchemeItem], rng) -> dict:
    """A later stage keeps most points and lowers about one line in ten by half a point to two."""
    adjusted = dict(previous)
    for item in scorable:
        if rng.random() < 0.1:
            adjusted[item.pk] = max(Decimal(0), previous[item.pk] - Decimal(rng.randint(1, 4)) / 2)
    return adjusted
