"""Answers of the catalogue kept until the content changes (the next publish).

The tile counts (services per need, per age group), the ordered ids of a browse and the pages
of a search (visitors type the same prefixes) do not change between two publishes of the same
day, so they are computed once, not on every tap or keystroke. The key always holds the
content version: the newest publish recorded in the database (its id, digest and moment) and
the database itself (one opened again starts afresh), so a publish made by another process
(the staff's `content sync`) is seen on the next call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from kiosk.models import ContentSync, database

T = TypeVar("T")

# Distinct answers kept for one content version (languages × comuni × filters browsed) ...
LIMIT = 512
# ... and distinct searches (a page of cards each): the least recently used go first.
SEARCH_LIMIT = 256

_lock = threading.Lock()
_entries: dict[Hashable, object] = {}
_searches: dict[Hashable, object] = {}
_version: Hashable = None
_owner: object = None  # the open database the answers were read from
_building = threading.local()  # the version an answer being built reads (one query per call)


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
    return _remember(_entries, LIMIT, key, build)


def cached_search(key: Hashable, build: Callable[[], T]) -> T:
    """As `cached`, for the pages of a search: kept apart, so that many searches never push
    the tile counts and browse ids out."""
    return _remember(_searches, SEARCH_LIMIT, key, build)


def _remember(
    store: dict[Hashable, object], limit: int, key: Hashable, build: Callable[[], T]
) -> T:
    global _version, _owner
    version = getattr(_building, "version", None) or content_version()
    with _lock:
        if version != _version or database.obj is not _owner:
            _entries.clear()  # a publish (or another database): every answer is stale
            _searches.clear()
            _version, _owner = version, database.obj
        if key in store:
            store[key] = store.pop(key)  # the most recently used goes last
            return store[key]  # type: ignore[return-value]
    outer, _building.version = getattr(_building, "version", None), version
    try:
        value = build()  # answers it asks for on the way are of the same version
    finally:
        _building.version = outer
    with _lock:
        if _version == version and database.obj is _owner:
            while len(store) >= limit:
                del store[next(iter(store))]  # the least recently used
            store[key] = value
    return value


def forget_searches() -> None:
    """Forget the pages of searches only (a benchmark's first search of each word)."""
    with _lock:
        _searches.clear()


def clear() -> None:
    """Forget every answer (tests that change rows without a publish)."""
    global _version, _owner
    with _lock:
        _entries.clear()
        _searches.clear()
        _version = _owner = None
