"""PostgreSQL COPY for the national-scale benchmark: one writer per table, ids handed out here.

A row is given as the values of the columns the caller names; every other concrete field of the
model gets its Django default (computed once), so a row is valid whatever field a migration adds
with a default. A required field without a default fails at once, naming the field.
"""

import json
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone


class Table:
    """COPY into one model's table: ``write(values)`` where values follow ``columns`` (attnames, id first)."""

    def __init__(self, cursor, model: type[models.Model], columns: list[str]):
        self.cursor, self.model, self.table = cursor, model, model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise SystemExit(f"{self.table}: no such fields {sorted(unknown)}")
        rest = [f for name, f in fields.items() if name not in columns]
        self.columns = [fields[name].column for name in columns] + [f.column for f in rest]
        self.constants = tuple(_default(f) for f in rest)
        self.next_id = _max_id(cursor, self.table) + 1
        self.rows = 0

    def ids(self, count: int) -> range:
        """Reserve ``count`` consecutive ids."""
        block = range(self.next_id, self.next_id + count)
        self.next_id += count
        return block

    def write(self, rows: Iterable[tuple]) -> None:
        column_list = ", ".join(f'"{c}"' for c in self.columns)
        with self.cursor.copy(f'COPY "{self.table}" ({column_list}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row + self.constants)
                self.rows += 1

    def write_text(self, chunks: Iterable[str]) -> None:
        """The fast path for the big tables: COPY text the caller formats, every column of ``columns`` given."""
        if self.constants:
            raise SystemExit(f"{self.table}: write_text needs every column named")
        column_list = ", ".join(f'"{c}"' for c in self.columns)
        with self.cursor.copy(f'COPY "{self.table}" ({column_list}) FROM STDIN') as copy:
            for chunk in chunks:
                copy.write(chunk)


def _default(field: models.Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    if field.has_default():
        value = field.get_default()
        return json.dumps(value) if isinstance(field, models.JSONField) else value
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField) and field.blank:
        return ""
    raise SystemExit(f"{field.model._meta.db_table}.{field.column}: required, no default; give it a value")


def _max_id(cursor, table: str) -> int:
    cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - a model's db_table
    return cursor.fetchone()[0]


def reset_sequences(cursor, tables: Iterable[str]) -> None:
    """Ids were given explicitly: move each table's sequence past them, as inserts through Django would."""
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), GREATEST(MAX(id), 1)) FROM \"{table}\""  # noqa: S608
        )


class DeferredIndexes:
    """Drop a table's secondary indexes and unique constraints before a large COPY and build them after.

    Building an index once over 13 million rows is several times cheaper than maintaining it row by row.
    """

    def __init__(self, cursor, table: str):
        self.cursor, self.table = cursor, table
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        self.constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u'))",
            [table, table],
        )
        self.indexes = cursor.fetchall()

    def __enter__(self):
        for name, _definition in self.constraints:
            self.cursor.execute(f'ALTER TABLE "{self.table}" DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            self.cursor.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc_info) -> None:
        if exc_info[0] is not None:
            return
        for name, definition in self.constraints:
            self.cursor.execute(f'ALTER TABLE "{self.table}" ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in self.indexes:
            self.cursor.execute(definition)
