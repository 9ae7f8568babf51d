"""The national-scale data: N provinces × 25 blocs × 10 units × 10 years, written with COPY.

Run in its own process against a migrated database (``BENCH_DATABASE_URL``, settings ``bench.settings``):
``python -m bench.scale_data --provinces 34``. Every province is built alike, so the pages of province
00 show the same rows in a one-province database and in the national one; only the tables around
them grow. Years 2017–2024 are closed with their awards decided, 2025 is at scoring (unit 05's
verification sheet left in draft: the grid a verifier edits), 2026 is in progress (registrations
and 6-month reports coming in, no scores yet).

FK triggers are off while loading (``session_replication_role = replica``): the ids are handed out
here and every reference points at a row written before it. CHECK and UNIQUE constraints stay on,
so a row the app's models would refuse is refused here too.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

import django

BLOCS = 25
UNITS = 10
YEARS = range(2017, 2027)
SCORING_YEAR = 2025  # at "scoring"; the years before are closed, the one after in progress
CURRENT_YEAR = 2026
GROUP_SIZES = (9, 9, 8, 8, 8)  # 42 criteria: 4 stages × 42 lines × 76,500 scored unit-years ≈ 12.9 million lines
GRID_UNIT = 5
PASSWORD = "bench-password-2026"  # noqa: S105 - a throw-away benchmark database
VARIANTS = 64  # distinct point patterns per stage; sheets pick one, so totals and ranks still differ


def officer(province: int, bloc: int, unit: int) -> str:
    return f"bench.p{province:02d}.b{bloc:02d}.u{unit:02d}"


def office(province: int) -> str:
    return f"bench.office.p{province:02d}"


def member(province: int) -> str:
    return f"bench.member.p{province:02d}"


@dataclass
class Scheme:
    """The scheme template: one shape per year, points patterns shared by every bloc."""

    groups: list[tuple[str, str, str]]  # code, text, sort_key
    criteria: list[tuple[int, str, str, Decimal, str]]  # group index, code, text, max, sort_key
    maximum: Decimal
    stages: list[list[tuple[list[str], list[str], Decimal, Decimal]]]  # stage → variant → points, base, total, weakest


def main() -> int:
    parser = argparse.ArgumentParser(description="COPY the national-scale benchmark data")
    parser.add_argument("--provinces", type=int, required=True)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.db import connection  # noqa: PLC0415 - after django.setup()

    started = time.perf_counter()
    connection.set_autocommit(False)  # one transaction: a failed run leaves nothing half-written
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        counts = Generator(cursor).run(options.provinces)
    raw.commit()
    with raw.cursor() as cursor:
        raw.autocommit = True
        cursor.execute("VACUUM ANALYZE")  # fresh tables: planner statistics and the visibility map, as autovacuum would
    print(json.dumps({"seconds": round(time.perf_counter() - started, 1), "rows": counts}))
    return 0


class Generator:
    def __init__(self, cursor):
        from django.contrib.auth.hashers import make_password  # noqa: PLC0415 - needs django.setup()

        from blocs.calculations import default_deadlines  # noqa: PLC0415 - needs django.setup()

        self.cursor, self.deadlines = cursor, default_deadlines
        self.rng = random.Random(2026)
        self.t = _tables(cursor)
        cursor.execute("SELECT id, is_flag FROM pledges_title ORDER BY position, name")
        titles = cursor.fetchall()
        self.flag_title = next(pk for pk, is_flag in titles if is_flag and pk != titles[0][0])
        self.merit_title = next(pk for pk, is_flag in titles if not is_flag)
        self.password = make_password(PASSWORD)
        self.scheme = _scheme(self.rng)
        cursor.execute("SELECT model, id FROM django_content_type WHERE model IN ('blocyear', 'scoresheet')")
        self.audit = AuditChain(cursor, self.t.pop("audit"), dict(cursor.fetchall()))

    def run(self, provinces: int) -> dict[str, int]:
        from bench.scale_copy import DeferredIndexes, reset_sequences  # noqa: PLC0415 - needs django.setup()

        with DeferredIndexes(self.cursor, self.t["line"].table):
            for province in range(provinces):
                self._province(province)
                print(f"  province {province + 1}/{provinces}", file=sys.stderr, flush=True)
        self.audit.close()
        reset_sequences(self.cursor, [table.table for table in [*self.t.values(), self.audit.table]])
        return {name: table.rows for name, table in self.t.items()} | {"audit": self.audit.rows}

    def _province(self, p: int) -> None:
        t = self.t
        (province,) = t["province"].ids(1)
        t["province"].write([(province, f"P{p:02d}", f"Tỉnh Bench {p:02d}")])
        t["council"].write([(t["council"].ids(1)[0], province, f"Hội đồng TĐKT tỉnh Bench {p:02d}", "Sở Nội vụ")])
        office_user, member_user = self._users([(office(p), "Văn phòng"), (member(p), "Hội đồng")])
        roles = t["council_role"]
        roles.write(
            [
                (roles.ids(1)[0], office_user, province, "office_officer"),
                (roles.ids(1)[0], member_user, province, "member"),
            ]
        )
        units = t["unit"].ids(BLOCS * UNITS)
        t["unit"].write(
            (u, province, f"Đơn vị {p:02d}-{n // UNITS:02d}-{n % UNITS:02d}", f"ĐV{n:03d}") for n, u in enumerate(units)
        )
        t["unit_name"].write(
            (t["unit_name"].ids(1)[0], u, f"Đơn vị {p:02d}-{n // UNITS:02d}-{n % UNITS:02d}")
            for n, u in enumerate(units)
        )
        officers = self._users([(officer(p, n // UNITS, n % UNITS), f"Cán bộ {n:03d}") for n in range(len(units))])
        unit_roles = t["unit_role"]
        unit_roles.write(
            (unit_roles.ids(1)[0], user, unit, "officer") for user, unit in zip(officers, units, strict=True)
        )
        blocs = t["bloc"].ids(BLOCS)
        t["bloc"].write((bloc, province, f"Khối thi đua số {b + 1:02d}") for b, bloc in enumerate(blocs))
        decisions = self._decisions(province, office_user)
        for b, bloc in enumerate(blocs):
            members = list(units[b * UNITS : (b + 1) * UNITS])
            for year in YEARS:
                self._bloc_year(bloc, f"Khối thi đua số {b + 1:02d}", year, members, officers[b * UNITS], decisions)

    def _users(self, people: list[tuple[str, str]]) -> list[int]:
        ids = self.t["user"].ids(len(people))
        self.t["user"].write(
            (pk, username, name, self.password) for pk, (username, name) in zip(ids, people, strict=True)
        )
        return list(ids)

    def _decisions(self, province: int, office_user: int) -> dict[int, int]:
        """One issued Chairman's decision per closed year (15 January of the next year)."""
        decisions = {year: self.t["decision"].ids(1)[0] for year in YEARS if year < SCORING_YEAR}
        self.t["decision"].write(
            (pk, province, "issued", 1, datetime.date(year + 1, 1, 15), office_user, "Nguyễn Văn Chủ tịch", "Chủ tịch")
            for year, pk in decisions.items()
        )
        return decisions

    def _bloc_year(self, bloc: int, bloc_name: str, year: int, units: list, secretary: int, decisions: dict) -> None:
        t = self.t
        status = "closed" if year < SCORING_YEAR else "scoring" if year == SCORING_YEAR else "in_progress"
        (bloc_year,) = t["bloc_year"].ids(1)
        t["bloc_year"].write([(bloc_year, bloc, year, status, f"Thi đua hoàn thành nhiệm vụ năm {year}")])
        t["rule"].write([(t["rule"].ids(1)[0], bloc_year, *vars(self.deadlines(year)).values())])
        t["setting"].write([(t["setting"].ids(1)[0], bloc_year, year <= SCORING_YEAR)])
        roles = ["head", "deputy"] + ["member"] * (UNITS - 2)
        t["membership"].write(
            (t["membership"].ids(1)[0], bloc_year, unit, role) for unit, role in zip(units, roles, strict=True)
        )
        self._commitments(bloc_year, year, units, secretary)
        self._reports(bloc_year, year, units)
        self.audit.add(
            secretary,
            "blocyear",
            bloc_year,
            f"{bloc_name} – {year}",
            "blocs.bloc_year.created",
            {"members": list(units)},
            _day(year, 1, 5),
        )
        items = self._scheme(bloc_year, year)
        if year <= SCORING_YEAR:
            self._sheets(bloc_year, year, units, items, secretary, bloc_name)
        if year in decisions:
            amounts = (Decimal(5_400_000), Decimal(3_240_000), Decimal(3_240_000))
            awards = zip(units[:3], ("province_flag", "province_merit", "province_merit"), amounts, strict=True)
            t["decision_item"].write(
                (t["decision_item"].ids(1)[0], decisions[year], unit, award, year, bloc, True, amount)
                for unit, award, amount in awards
            )

    def _commitments(self, bloc_year: int, year: int, units: list, secretary: int) -> None:
        t = self.t
        launch = _day(year, 2, 20)
        t["launch"].write(
            [
                (
                    t["launch"].ids(1)[0],
                    bloc_year,
                    launch.date(),
                    "Hội trường đơn vị trưởng khối",
                    secretary,
                    "Lãnh đạo các đơn vị thành viên",
                )
            ]
        )
        (pledge,) = t["pledge"].ids(1)
        t["pledge"].write([(pledge, bloc_year)])
        (version,) = t["version"].ids(1)
        t["version"].write([(version, pledge, 1, f"Thi đua hoàn thành nhiệm vụ năm {year}", secretary)])
        t["clause"].write(
            (t["clause"].ids(1)[0], version, n, f"Chỉ tiêu {n}: hoàn thành 100% nhiệm vụ được giao") for n in (1, 2, 3)
        )
        t["signature"].write(
            (t["signature"].ids(1)[0], pledge, unit, f"Lãnh đạo {n:02d}", "Thủ trưởng", launch.date(), 1, secretary)
            for n, unit in enumerate(units)
        )
        t["registration"].write(self._registration(bloc_year, year, n, unit) for n, unit in enumerate(units))

    def _registration(self, bloc_year: int, year: int, n: int, unit: int) -> tuple:
        title = self.flag_title if n < 3 else self.merit_title
        # This year: most forwarded, two waiting for the secretariat, one returned, one still a draft.
        status = "forwarded" if year < CURRENT_YEAR or n < 6 else ("submitted", "submitted", "returned", "draft")[n - 6]
        submitted = None if status == "draft" else _day(year, 3, 20)
        decided = _day(year, 3, 25) if status == "forwarded" else None
        reason = "Bổ sung chỉ tiêu đăng ký." if status == "returned" else ""
        targets = "Hoàn thành xuất sắc các chỉ tiêu giao ước."
        return (
            self.t["registration"].ids(1)[0],
            bloc_year,
            unit,
            title,
            status,
            reason,
            submitted,
            decided,
            decided,
            targets,
        )

    def _reports(self, bloc_year: int, year: int, units: list) -> None:
        t = self.t
        kinds = ("six_month", "annual") if year < CURRENT_YEAR else ("six_month",)
        rows = []
        for kind in kinds:
            sent = _day(year, 7, 10) if kind == "six_month" else _day(year, 11, 25)
            for n, unit in enumerate(units):
                status = "accepted" if year < CURRENT_YEAR else ("submitted" if n < 7 else "draft")
                at = None if status == "draft" else sent
                accepted = sent if status == "accepted" else None
                rows.append(
                    (t["report"].ids(1)[0], bloc_year, unit, kind, status, at, at, accepted, "Hoàn thành các chỉ tiêu.")
                )
        t["report"].write(rows)
        if year < CURRENT_YEAR:
            t["bloc_report"].write(
                (
                    t["bloc_report"].ids(1)[0],
                    bloc_year,
                    kind,
                    "issued",
                    units[0],
                    "Bench",
                    n + 1,
                    _day(year, 7 if n == 0 else 12, 1).date(),
                )
                for n, kind in enumerate(kinds)
            )

    def _scheme(self, bloc_year: int, year: int) -> list[int]:
        t, s = self.t, self.scheme
        (scheme,) = t["scheme"].ids(1)
        frozen = _day(year, 11, 1) if year <= SCORING_YEAR else None
        t["scheme"].write([(scheme, bloc_year, f"Thang điểm năm {year}", frozen, s.maximum)])
        groups = t["item"].ids(len(s.groups))
        t["item"].write(
            (pk, scheme, None, "group", code, text, Decimal(0), n + 1, key, 0)
            for n, (pk, (code, text, key)) in enumerate(zip(groups, s.groups, strict=True))
        )
        criteria = t["item"].ids(len(s.criteria))
        t["item"].write(
            (pk, scheme, groups[group], "criterion", code, text, maximum, n + 1, key, 1)
            for n, (pk, (group, code, text, maximum, key)) in enumerate(zip(criteria, s.criteria, strict=True))
        )
        return list(criteria)

    def _sheets(self, bloc_year: int, year: int, units: list, items: list[int], secretary: int, bloc_name: str) -> None:
        t, s = self.t, self.scheme
        closed = year < SCORING_YEAR
        sheets, lines = [], []
        for n, unit in enumerate(units):
            variant = self.rng.randrange(VARIANTS)
            for stage_index, stage in enumerate(("self", "verification", "council", "approved")):
                draft = year == SCORING_YEAR and n == GRID_UNIT and stage == "verification"
                points, base, total, weakest = s.stages[stage_index][variant]
                (sheet,) = t["sheet"].ids(1)
                submitted = None if draft else _day(year, 11, 24) + datetime.timedelta(days=stage_index)
                accepted = None if draft else _day(year, 12, 1 + stage_index)
                status = "draft" if draft else "accepted"
                sheets.append(
                    (
                        sheet,
                        bloc_year,
                        unit,
                        stage,
                        status,
                        total,
                        weakest,
                        submitted,
                        accepted,
                        accepted if closed else None,
                    )
                )
                lines.append((sheet, points, base))
                if stage == "self":
                    self.audit.add(
                        secretary,
                        "scoresheet",
                        sheet,
                        f"{bloc_name} {year} {n}",
                        "scoring.sheet.submit",
                        {"before": "draft", "after": "submitted"},
                        submitted,
                    )
                    self.audit.add(
                        secretary,
                        "scoresheet",
                        sheet,
                        f"{bloc_name} {year} {n}",
                        "scoring.sheet.accept",
                        {"before": "submitted", "after": "accepted"},
                        accepted,
                    )
        t["sheet"].write(sheets)
        t["line"].write_text(self._line_text(lines, items))

    def _line_text(self, sheets: list, items: list[int]):
        """COPY text of every line of ``sheets``, one chunk per sheet (42 lines)."""
        line = self.t["line"]
        for sheet, points, base in sheets:
            ids = line.ids(len(items))
            yield "".join(
                f"{pk}\t{sheet}\t{item}\t{p}\t{b}\t\t{r}\t1\t\\N\t\\N\n"
                for pk, item, p, (b, r) in zip(ids, items, points, base, strict=True)
            )
            line.rows += len(items)


def _tables(cursor) -> dict:
    """One COPY writer per table, with the columns the generator gives (the others take their defaults)."""
    from awards.models import AwardDecision, DecisionItem  # noqa: PLC0415 - needs django.setup()
    from bench.scale_copy import Table  # noqa: PLC0415 - needs django.setup()
    from blocs import models as b  # noqa: PLC0415 - needs django.setup()
    from blocs.calculations import default_deadlines  # noqa: PLC0415 - needs django.setup()
    from core.models import ActivityLog, User  # noqa: PLC0415 - needs django.setup()
    from pledges import models as p  # noqa: PLC0415 - needs django.setup()
    from scoring import models as s  # noqa: PLC0415 - needs django.setup()

    deadlines = list(vars(default_deadlines(2000)))
    spec = {
        "province": (b.Province, "id code name"),
        "council": (b.Council, "id province_id name office_name"),
        "user": (User, "id username full_name password"),
        "council_role": (b.CouncilRole, "id user_id province_id role"),
        "unit": (b.Unit, "id province_id name short_name"),
        "unit_name": (b.UnitName, "id unit_id name"),
        "unit_role": (b.UnitRole, "id user_id unit_id role"),
        "bloc": (b.Bloc, "id province_id name"),
        "decision": (AwardDecision, "id province_id status number issued_on created_by_id signer_name signer_title"),
        "bloc_year": (b.BlocYear, "id bloc_id year status theme"),
        "rule": (b.BlocRule, "id bloc_year_id " + " ".join(deadlines)),
        "setting": (s.ScoringSetting, "id bloc_year_id scores_released"),
        "membership": (b.Membership, "id bloc_year_id unit_id role"),
        "launch": (p.LaunchMeeting, "id bloc_year_id held_on place recorded_by_id attendees"),
        "pledge": (p.Pledge, "id bloc_year_id"),
        "version": (p.PledgeVersion, "id pledge_id number theme created_by_id"),
        "clause": (p.PledgeClause, "id version_id position content"),
        "signature": (
            p.PledgeSignature,
            "id pledge_id unit_id signer_name signer_title signed_on version_number recorded_by_id",
        ),
        "registration": (
            p.Registration,
            "id bloc_year_id unit_id title_id status return_reason submitted_at decided_at forwarded_at targets",
        ),
        "report": (
            p.UnitReport,
            "id bloc_year_id unit_id kind status first_submitted_at submitted_at accepted_at results",
        ),
        "bloc_report": (p.BlocReport, "id bloc_year_id kind status issuer_unit_id place number issued_on"),
        "scheme": (s.Scheme, "id bloc_year_id title frozen_at max_total"),
        "item": (s.SchemeItem, "id scheme_id parent_id kind code text max_points position sort_key depth"),
        "sheet": (
            s.ScoreSheet,
            "id bloc_year_id unit_id stage status total weakest_percent submitted_at accepted_at locked_at",
        ),
        "line": (s.ScoreLine, "id sheet_id item_id points base_points note reason version updated_by_id updated_at"),
        "decision_item": (DecisionItem, "id decision_id unit_id award year bloc_id approved amount"),
        "audit": (
            ActivityLog,
            "id created actor_id content_type_id object_id object_repr action data prev_hash hash",
        ),
    }
    return {name: Table(cursor, model, columns.split()) for name, (model, columns) in spec.items()}


def _scheme(rng: random.Random) -> Scheme:
    from bench.build import _layout, _roman, rng_points  # noqa: PLC0415 - needs django.setup()

    keys = [key for _position, key, _depth in _layout([None] * len(GROUP_SIZES))]
    groups = [
        (_roman(g + 1), f"Nhóm tiêu chí {g + 1}: công tác chuyên môn và phong trào thi đua", keys[g])
        for g in range(len(GROUP_SIZES))
    ]
    criteria = [
        (
            g,
            f"{groups[g][0]}.{c + 1}",
            f"Tiêu chí {c + 1}: hoàn thành nhiệm vụ được giao",
            Decimal(rng_points(c)),
            f"{keys[g]}.{c + 1:04d}",
        )
        for g, size in enumerate(GROUP_SIZES)
        for c in range(size)
    ]
    maxima = [c[3] for c in criteria]
    stages: list[list] = [[] for _ in range(4)]
    for _ in range(VARIANTS):
        previous = None
        for stage in range(4):
            if previous is None:
                points = [Decimal(rng.randint(int(mx * 2) * 3 // 4, int(mx * 2))) / 2 for mx in maxima]
            else:
                points = [
                    max(Decimal(0), p - Decimal(rng.randint(1, 4)) / 2) if rng.random() < 0.1 else p for p in previous
                ]
            base = (
                [("\\N", "")] * len(points)
                if previous is None
                else [
                    (str(b), "Minh chứng chưa đầy đủ." if b != p else "") for b, p in zip(previous, points, strict=True)
                ]
            )
            weakest = min(p * 100 / mx for p, mx in zip(points, maxima, strict=True)).quantize(
                Decimal("0.000001"), rounding=ROUND_FLOOR
            )
            stages[stage].append(([str(p) for p in points], base, sum(points), weakest))
            previous = points
    return Scheme(groups, criteria, sum(maxima), stages)


def _day(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC)


class AuditChain:
    """Audit entries, hash-chained exactly as core.services.audit writes them, so verify_activity_log passes."""

    def __init__(self, cursor, table, content_types: dict[str, int]):
        self.table, self.content_types, self.cursor = table, content_types, cursor
        cursor.execute("SELECT last_hash, length FROM core_activitychainhead WHERE id = 1")
        self.last_hash, self.length = cursor.fetchone() or ("0" * 64, 0)
        self.pending: list[tuple] = []
        self.rows = 0

    def add(self, actor: int, model: str, object_id: int, label: str, action: str, data: dict, when) -> None:
        from core.audit import entry_hash  # noqa: PLC0415 - needs django.setup()

        digest = entry_hash(
            prev_hash=self.last_hash,
            created=when,
            actor_id=actor,
            object_type=_object_type(model),
            object_id=object_id,
            object_repr=label,
            action=action,
            data=data,
        )
        pk = self.table.ids(1)[0]
        self.pending.append(
            (
                pk,
                when,
                actor,
                self.content_types[model],
                object_id,
                label,
                action,
                json.dumps(data),
                self.last_hash,
                digest,
            )
        )
        self.last_hash, self.length, self.rows = digest, self.length + 1, self.rows + 1
        if len(self.pending) >= 5000:
            self.flush()

    def flush(self) -> None:
        self.table.write(self.pending)
        self.pending = []

    def close(self) -> None:
        self.flush()
        self.cursor.execute(
            "INSERT INTO core_activitychainhead (id, last_hash, length) VALUES (1, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET last_hash = EXCLUDED.last_hash, length = EXCLUDED.length",
            [self.last_hash, self.length],
        )


def _object_type(model: str) -> str:
    return {"blocyear": "blocs.blocyear", "scoresheet": "scoring.scoresheet"}[model]


if __name__ == "__main__":
    sys.exit(main())
