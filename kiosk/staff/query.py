"""Small typing bridge for peewee queries the staff services read as plain tuples."""

from __future__ import annotations

from typing import Any, cast

import peewee as pw


def rows(query: pw.BaseQuery) -> list[tuple[Any, ...]]:
    """The result rows as tuples (peewee's stubs type `.tuples()` as model instances)."""
    return cast(list[tuple[Any, ...]], list(query.tuples()))
