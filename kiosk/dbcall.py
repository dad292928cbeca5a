"""The one database-error guard: peewee and driver trouble becomes the kiosk's own errors."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from kiosk.errors import DatabaseUnavailable, OutcomeUnknown
from kiosk.models import database
from kiosk.models.drivers import CONNECTION_ERRORS

T = TypeVar("T")
P = ParamSpec("P")


def drop_connection() -> None:
    """Close this thread's connection after a failure so that the next call opens a fresh one.

    Inside a transaction nothing is closed: the transaction's own exit rolls back, and the
    outermost guard drops the connection afterwards.
    """
    db = database.obj
    if db is None or db.is_closed() or db.in_transaction():
        return
    try:
        db.close()
    except Exception:  # the connection is already unusable; forgetting it is all we want
        db.dispose()


def _first(exc: BaseException, kind: type[DatabaseUnavailable]) -> DatabaseUnavailable | None:
    """The first `kind` error in the chain of `exc` (a rollback error may hide it)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


@contextmanager
def database_guard() -> Iterator[None]:
    """A locked, busy, unreachable, timed-out or replaced database becomes DatabaseUnavailable.

    A commit whose answer was lost stays OutcomeUnknown (a DatabaseUnavailable too): the
    change may be saved, so nobody may be told it is, nor that it is not.
    """
    try:
        yield
    except (DatabaseUnavailable, *CONNECTION_ERRORS) as exc:
        drop_connection()
        unknown = _first(exc, OutcomeUnknown)
        if unknown is not None:
            if unknown is exc:
                raise
            raise OutcomeUnknown(str(unknown)) from exc
        if isinstance(exc, DatabaseUnavailable):
            raise
        known = _first(exc, DatabaseUnavailable)
        raise DatabaseUnavailable(str(known) if known else type(exc).__name__) from exc


def guarded(func: Callable[P, T]) -> Callable[P, T]:
    """Decorator form of `database_guard` for services-layer functions."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with database_guard():
            return func(*args, **kwargs)

    return wrapper


def call(fn: Callable[[], T]) -> T:
    """Call `fn` for the UI under `database_guard`: the kiosk recovers by itself once the
    database is back, because the broken connection of this thread is closed."""
    with database_guard():
        return fn()
