"""Answers of the catalogue kept until the content changes (the next publish).

The tile counts (services per need, per age group) and the ordered ids of a browse do not
change between two publishes of the same day, so they are computed once, not on every tap or
keystroke. The key always holds the content version: the newest publish recorded in the
database (its id, digest and moment) and the database itself, so a publish made by another
process (the staff's `content sync`) is seen on the next call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from kiosk.models import ContentSync, database

T = TypeVar("T")

# Distinct answers kept for one content version (languages × comuni × filters browsed).
LIMIT = 512

_lock = threading.Lock()
_entries: dict[Hashable, object] = {}
_version: Hashable = None


def content_version() -> Hashable:
    """What changes whenever the content does: the newest publish of this database."""
    row = (
        ContentSync.select(ContentSync.id, ContentSync.version, ContentSync.at)
        .order_by(ContentSync.id.desc())
        .limit(1)
        .tuples()
        .first()
    )
    return (str(database.database), row)


def cached(key: Hashable, build: Callable[[], T]) -> T:
    """The answer for `key` under the current content version, built once per version."""
    global _version
    version = content_version()
    with _lock:
        if version != _version:
            _entries.clear()  # a publish (or another database): every answer is stale
            _version = version
        if key in _entries:
            return _entries[key]  # type: ignore[return-value]
    value = build()
    with _lock:
        if _version == version:
            if len(_entries) >= LIMIT:
                _entries.clear()
            _entries[key] = value
    return value


def clear() -> None:
    """Forget every answer (tests that change rows without a publish)."""
    global _version
    with _lock:
        _entries.clear()
        _version = None
