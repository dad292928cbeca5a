"""The one deferred database, opened from a URL (SQLite or PostgreSQL)."""

from __future__ import annotations

import os
from pathlib import Path

import peewee
from playhouse.db_url import connect

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",
    "busy_timeout": 5000,
}


class DatabaseUnavailable(RuntimeError):
    """The database is locked for too long or cannot be reached; the caller retries later."""


def is_sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def open_database(url: str, *, busy_timeout_ms: int = 5000) -> peewee.Database:
    """Bind the proxy to the database named by `url`; create the SQLite folder if needed."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///")).expanduser()
        if str(path) != ":memory:":
            make_private_sqlite_file(path)
        pragmas = dict(SQLITE_PRAGMAS, busy_timeout=busy_timeout_ms)
        db: peewee.Database = peewee.SqliteDatabase(
            str(path),
            pragmas=pragmas,
            timeout=busy_timeout_ms / 1000,
            check_same_thread=False,
            # Writers take the lock at BEGIN: concurrent writers then wait their turn
            # (busy timeout) instead of failing with "database is locked" mid-transaction.
            lock_type="IMMEDIATE",
        )
    else:
        url = url.replace("postgres://", "postgresql://", 1)
        db = connect(url, connect_timeout=5)
    database.initialize(db)
    return db


def make_private_sqlite_file(path: Path) -> None:
    """Create the database file 0600 (its folder 0700 when we create it), whatever the umask.

    SQLite gives the -wal and -shm files the database file's mode, so they follow."""
    if not path.parent.is_dir():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for extra in ("-wal", "-shm", "-journal"):  # left by an older version with a looser mode
        sibling = path.with_name(path.name + extra)
        if sibling.exists():
            os.chmod(sibling, 0o600)


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


def database_kind() -> str:
    return "sqlite" if is_sqlite() else "postgresql"
