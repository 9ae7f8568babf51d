"""The sheet import timed against openpyxl's own read of the same file and against its floor.

Imported by bench.run once Django is set up (it reads models at import).
"""

import time
from collections.abc import Callable
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from openpyxl import load_workbook

from bench.build import USERNAME, BenchData
from bench.report import TARGET_IMPORT, TARGET_IMPORT_FLOOR, Spread, Target
from core.models import User
from scoring.exporters import SHEET_FIRST_ROW, sheet_workbook
from scoring.importers import import_sheet
from scoring.models import ScoreSheet


def import_targets(data: BenchData) -> list[Target]:
    """Time the import of the grid sheet (every line changed each time) against its references; print them."""
    sheet = ScoreSheet.objects.select_related("bloc_year__scheme", "unit").get(pk=data.grid_sheet_id)
    actor = User.objects.get(username=USERNAME)
    # Two versions differing in every line's note, used in turn: each import writes every line.
    contents = [_sheet_with_notes(sheet, note) for note in ("Bench A", "Bench B")]
    turn = {"import": 0, "floor": 0}

    def next_content(name: str) -> bytes:
        turn[name] += 1
        return contents[turn[name] % 2]

    def ours() -> None:
        errors = import_sheet(sheet, SimpleUploadedFile("sheet.xlsx", next_content("import")), actor=actor)
        if errors:
            raise SystemExit(f"the exported sheet did not import: {errors[:3]}")

    def load_only() -> None:
        load_workbook(BytesIO(contents[0]), read_only=True, data_only=True).close()

    def load_and_read() -> None:
        _read_rows(contents[0])

    floor = _floor(sheet, actor, next_content)
    timings = _interleaved({"import": ours, "load": load_only, "read": load_and_read, "floor": floor})
    ratio = Spread.of(i / r for i, r in zip(timings["import"], timings["read"], strict=True))
    floor_ratio = Spread.of(i / f for i, f in zip(timings["import"], timings["floor"], strict=True))
    ms = {name: Spread.of(values).show(1, " ms") for name, values in timings.items()}
    print(
        f"\nSheet import ({data.criteria} lines, {len(contents[0]):,} bytes, every line changed), "
        f"median of {len(timings['import'])} runs (min–max): {ms['import']}; openpyxl read-only load + read of "
        f"every row {ms['read']} (load alone {ms['load']}); floor (that read + one committed transaction "
        f"updating the same {data.criteria} lines) {ms['floor']}"
    )
    print(f"import: {ratio.show(unit='×')} openpyxl; {floor_ratio.show(unit='×')} the floor (each run paired)")
    cpu = {name: _cpu_ms(fn) for name, fn in [("import", ours), ("read", load_and_read), ("floor", floor)]}
    print(
        f"  in CPU time of this process: import {cpu['import']:.1f} ms, openpyxl {cpu['read']:.1f} ms "
        f"({cpu['import'] / cpu['read']:.2f}×), floor {cpu['floor']:.1f} ms ({cpu['import'] / cpu['floor']:.2f}×)"
    )
    return [
        Target("import_vs_openpyxl", ratio.median, "≤", TARGET_IMPORT),
        Target("import_vs_floor", floor_ratio.median, "≤", TARGET_IMPORT_FLOOR),
    ]


def _sheet_with_notes(sheet: ScoreSheet, note: str) -> bytes:
    """The sheet's export with ``note`` in every line's note cell (points and reasons as exported)."""
    workbook = load_workbook(BytesIO(sheet_workbook(sheet)))
    ws = workbook.active
    for row in range(SHEET_FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=row, column=4).value is not None:  # a scorable line (groups have no maximum)
            ws.cell(row=row, column=8, value=note)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read_rows(content: bytes) -> list:
    workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    rows = [row for worksheet in workbook.worksheets for row in worksheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _floor(sheet: ScoreSheet, actor: User, next_content: Callable[[str], bytes]) -> Callable[[], None]:
    """What no import can avoid: read every row with openpyxl, then one durable transaction updating each line.

    The write is the cheapest PostgreSQL offers for many rows (one ``UPDATE … FROM unnest(…)``,
    as the importer's own); the line ids by code are looked up once, outside the timing, and
    nothing is validated.
    """
    ids = dict(sheet.lines.values_list("item__code", "id"))

    def floor() -> None:
        rows = [r for r in _read_rows(next_content("floor"))[SHEET_FIRST_ROW - 1 :] if r[0] in ids]
        points = [None if r[6] is None else Decimal(str(r[6])) for r in rows]
        columns: list[list] = [[ids[r[0]] for r in rows], points, [r[7] or "" for r in rows]]
        columns.append([r[8] or "" for r in rows])
        sql = (
            "UPDATE scoring_scoreline AS line SET points = v.points, note = v.note, reason = v.reason, "
            "version = line.version + 1, updated_by_id = %s, updated_at = %s "
            "FROM unnest(%s::bigint[], %s::numeric[], %s::text[], %s::text[]) AS v(id, points, note, reason) "
            "WHERE line.id = v.id"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [actor.pk, timezone.now(), *columns])

    return floor


def _interleaved(functions: dict[str, Callable[[], None]], runs: int = 40) -> dict[str, list[float]]:
    """Wall-clock milliseconds of each call, the functions called in turn so that all see the same load."""
    timings: dict[str, list[float]] = {name: [] for name in functions}
    for number in range(runs + 1):
        for name, fn in functions.items():
            began = time.perf_counter()
            fn()
            if number:  # the first round warms up
                timings[name].append((time.perf_counter() - began) * 1000)
    return timings


def _cpu_ms(fn: Callable[[], None], runs: int = 15) -> float:
    """This process's CPU milliseconds per call (PostgreSQL's own work excluded)."""
    fn()
    began = time.process_time()
    for _ in range(runs):
        fn()
    return (time.process_time() - began) * 1000 / runs
