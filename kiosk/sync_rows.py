"""Many rows in few statements: what lets a content sync write thousands of services quickly.

Peewee builds one statement per `create` and spends more time composing a large
`insert_many` than the database spends running it; here a statement is composed once per shape
of row and its values are passed as parameters, many rows at a time. On SQLite every statement
runs in the sync's one transaction; on PostgreSQL each batch is one round trip.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import peewee as pw

from kiosk.models import database, is_sqlite

T = TypeVar("T")

# Fields whose `db_value` gives a text back as it is (the common case, skipped).
_TEXT_FIELDS = (pw.CharField, pw.TextField)

# Rows per INSERT: a few thousand parameters, far below any database's limit (SQLite: 32,766).
INSERT_ROWS = 200
# Statements per round trip on PostgreSQL (SQLite runs them one by one, in process).
STATEMENTS_PER_TRIP = 100


def chunks(rows: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    """Slices small enough for any database's limit on query parameters."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _quoted(name: str) -> str:
    return f'"{name}"'


def _fields(model: type[pw.Model], names: Sequence[str]) -> list[pw.Field]:
    """The model's fields named `names` (field names, e.g. `service` for `service_id`)."""
    return [model._meta.fields[name] for name in names]


def insert_rows(model: type[pw.Model], rows: Sequence[dict[str, object]]) -> None:
    """Insert `rows` (dicts with the same field names), INSERT_ROWS to a statement; the other
    fields get their defaults and values pass through `db_value`, as in Peewee's own inserts."""
    if not rows:
        return
    given = list(rows[0])
    defaults = [f for f in model._meta.sorted_fields if f.name not in given and not f.primary_key]
    names = [*given, *(f.name for f in defaults)]
    fields = [*_fields(model, given), *defaults]
    table = _quoted(model._meta.table_name)
    columns = ", ".join(_quoted(f.column_name) for f in fields)
    one = "(" + ", ".join([database.param] * len(fields)) + ")"
    shapes = list(zip(names, fields, [isinstance(f, _TEXT_FIELDS) for f in fields], strict=True))
    for part in chunks(rows, INSERT_ROWS):
        params = [
            value if text and value.__class__ is str else f.db_value(value)
            for row in part
            for n, f, text in shapes
            for value in (row[n] if n in row else _default(f),)
        ]
        values = ", ".join([one] * len(part))
        database.execute_sql(f"INSERT INTO {table} ({columns}) VALUES {values}", params)


def _default(field: pw.Field) -> object:
    """A field's default, as Peewee fills it in for a row that does not give the field."""
    return field.default() if callable(field.default) else field.default


def update_rows(model: type[pw.Model], rows: Sequence[tuple[int, dict[str, object]]]) -> None:
    """Set the values of each (id, values) row; rows with the same fields share a statement."""
    shapes: dict[tuple[str, ...], list[tuple[int, dict[str, object]]]] = {}
    for row_id, values in rows:
        shapes.setdefault(tuple(values), []).append((row_id, values))
    table = _quoted(model._meta.table_name)
    for names, same in shapes.items():
        fields = _fields(model, names)
        sets = ", ".join(f"{_quoted(f.column_name)} = {database.param}" for f in fields)
        statement = f"UPDATE {table} SET {sets} WHERE id = {database.param}"
        params = [
            [*(f.db_value(values[n]) for n, f in zip(names, fields, strict=True)), row_id]
            for row_id, values in same
        ]
        run_many(statement, params)


def run_many(statement: str, params: Sequence[Sequence[object]]) -> None:
    """Run one statement once per set of parameters: on PostgreSQL, STATEMENTS_PER_TRIP of
    them to a round trip (the driver fills the parameters in on the client side)."""
    if is_sqlite():
        for one in params:
            database.execute_sql(statement, one)
        return
    for part in chunks(params, STATEMENTS_PER_TRIP):
        joined = "; ".join([statement] * len(part))
        database.execute_sql(joined, [value for one in part for value in one])


def fetch(query: pw.Query) -> list[tuple[Any, ...]]:
    """The rows of `query` as the driver gives them: no model instances, no conversion by
    Peewee (a date may come back as text on SQLite)."""
    return list(database.execute_sql(*query.sql()).fetchall())


def delete_where_in(model: type[pw.Model], field: pw.Field, ids: Sequence[int]) -> None:
    """Delete the rows of `model` whose `field` is one of `ids`, 500 ids to a statement."""
    for part in chunks(ids):
        model.delete().where(field.in_(list(part))).execute()
