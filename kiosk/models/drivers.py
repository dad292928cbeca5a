"""peewee without the PostgreSQL driver until a postgresql:// URL is opened.

peewee, and each playhouse module that knows PostgreSQL, import psycopg2 as they are imported
themselves. The driver (with libpq and OpenSSL: 30-90 ms and 12 MB) serves only PostgreSQL, so
a SQLite kiosk should start without it. kiosk.models imports this module first, and this
module imports peewee and the playhouse modules the kiosk uses with psycopg2 held back; then
`load_psycopg2` hands peewee the driver as the first PostgreSQL database object is made (by
kiosk.models or by anyone else). If psycopg2 or peewee was imported before, everything is as
peewee made it.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any

WITHOUT_DRIVER = ("peewee", "playhouse.migrate", "playhouse.migrations")
"""Imported here with psycopg2 held back: what kiosk.models needs of peewee's."""

_held_back = "psycopg2" not in sys.modules and "peewee" not in sys.modules
if _held_back:
    sys.modules["psycopg2"] = None  # type: ignore[assignment]  # import raises ImportError
try:
    for _name in WITHOUT_DRIVER:
        importlib.import_module(_name)
finally:
    if _held_back:
        del sys.modules["psycopg2"]

import peewee  # noqa: E402  (imported above, without the driver)

CONNECTION_ERRORS = (peewee.OperationalError, peewee.InterfaceError)
"""What peewee raises for a database that is locked, gone or unreachable."""


def load_psycopg2() -> None:
    """Give peewee psycopg2 (as its own import would have); without the driver, do nothing.

    peewee then answers a connection attempt with ImproperlyConfigured, which the CLI turns
    into "install the postgres extra".
    """
    pw: Any = peewee  # the names below are peewee's module globals, not in its stub
    if pw.psycopg2 is not None:
        return
    try:
        import psycopg2
        from psycopg2 import extensions
        from psycopg2.extras import Json, register_uuid
    except ImportError:
        return
    register_uuid()
    pw.psycopg2, pw.pg_extensions, pw.Json_pg2 = psycopg2, extensions, Json
    adapter = pw.Psycopg2Adapter  # its class body read these constants when psycopg2 was None
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN


def _with_driver(init: Callable[..., None]) -> Callable[..., None]:
    """PostgresqlDatabase.init that first loads the driver (it picks its adapter from it)."""

    @functools.wraps(init)
    def wrapper(self: peewee.PostgresqlDatabase, *args: Any, **kwargs: Any) -> None:
        load_psycopg2()
        init(self, *args, **kwargs)

    return wrapper


if _held_back:
    setattr(  # noqa: B010  (a method of peewee's class, which mypy would not let us assign)
        peewee.PostgresqlDatabase, "init", _with_driver(peewee.PostgresqlDatabase.init)
    )
