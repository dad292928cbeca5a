"""Run a services-layer call for the UI, turning database trouble into DatabaseUnavailable."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import peewee

from kiosk.models import DatabaseUnavailable, database

T = TypeVar("T")


def call(fn: Callable[[], T]) -> T:
    """Call `fn`; a locked, busy or unreachable database becomes DatabaseUnavailable.

    The broken connection of this thread is closed so that the next call reconnects: the kiosk
    recovers by itself once the database is back.
    """
    try:
        return fn()
    except (peewee.OperationalError, peewee.InterfaceError) as exc:
        try:
            if not database.is_closed():
                database.close()
        except Exception:  # the connection is already unusable; dropping it is all we want
            pass
        raise DatabaseUnavailable(type(exc).__name__) from exc
