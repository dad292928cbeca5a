"""The one deferred database, opened from a URL (SQLite or PostgreSQL)."""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

import peewee

from kiosk.errors import DatabaseUnavailable, OutcomeUnknown
from kiosk.models.postgres import Timeouts, committing, postgresql_database, unbounded
from kiosk.models.writer_queue import SUFFIX as WRITERS_SUFFIX
from kiosk.models.writer_queue import WriterQueue

if TYPE_CHECKING:
    from kiosk.config import Settings

__all__ = [
    "SQLITE_PRAGMAS",
    "DatabaseUnavailable",
    "OutcomeUnknown",
    "Timeouts",
    "close_database",
    "committing",
    "database",
    "database_kind",
    "is_sqlite",
    "open_configured",
    "open_database",
    "scrub_deleted",
]

database = peewee.DatabaseProxy()
log = logging.getLogger(__name__)

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",
    "busy_timeout": 5000,
    # Deleted rows are overwritten with zeros, not just marked free (GDPR erase, purge).
    "secure_delete": "on",
}


def is_sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def open_database(
    url: str, *, busy_timeout_ms: int = 5000, timeouts: Timeouts | None = None
) -> peewee.Database:
    """Bind the proxy to the database named by `url`; create the SQLite folder if needed."""
    if url.startswith("sqlite:///"):
        db: peewee.Database = _sqlite_database(url.removeprefix("sqlite:///"), busy_timeout_ms)
    else:
        db = postgresql_database(url, timeouts or Timeouts())
    database.initialize(db)
    return db


def open_configured(settings: Settings) -> peewee.Database:
    """Open the database of these settings, with their PostgreSQL limits."""
    timeouts = Timeouts(
        connect=settings.db_connect_timeout,
        statement=settings.db_statement_timeout,
        lock=settings.db_lock_timeout,
        idle_in_transaction=settings.db_idle_in_transaction_timeout,
        keepalive_idle=settings.db_keepalive_idle,
    )
    return open_database(settings.database_url, timeouts=timeouts)


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


# --------------------------------------------------------------------------- SQLite

# Seconds between two tries of a writer's BEGIN (jittered ±50%), where SQLite's own busy
# handler sleeps longer and longer, up to 100 ms a time.
BEGIN_POLL = 0.002
_QUEUE_WARNED: set[str] = set()  # lock files already reported unusable (said once)


def _sqlite_database(name: str, busy_timeout_ms: int) -> peewee.SqliteDatabase:
    path = Path(name).expanduser()
    if str(path) != ":memory:":
        make_private_sqlite_file(path)
    pragmas = dict(SQLITE_PRAGMAS, busy_timeout=busy_timeout_ms)
    return CheckedSqliteDatabase(
        str(path),
        pragmas=pragmas,
        timeout=busy_timeout_ms / 1000,
        check_same_thread=False,
        # Writers take the lock at BEGIN: concurrent writers then wait their turn
        # (busy timeout) instead of failing with "database is locked" mid-transaction.
        lock_type="IMMEDIATE",
    )


class _FileConnection(sqlite3.Connection):
    """A SQLite connection that remembers which file (device, inode) it opened."""

    file_id: tuple[int, int] | None = None


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


class CheckedSqliteDatabase(peewee.SqliteDatabase):
    """SQLite that refuses to work on a file no longer at its path.

    A connection keeps writing to its file after `rm kiosk.db*` (the data then vanishes at the
    next start) or after the file is replaced. Each connection records the file it opened;
    every statement, BEGIN and COMMIT first checks that the path still names that file, and
    fails with DatabaseUnavailable otherwise. Once the kiosk has opened (and so created) its
    file, later connections never create a new empty one.
    """

    _created = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._queue: WriterQueue | None = None
        self._held = threading.local()  # .fd: this thread's turn in the queue (a held lock)

    def _connect(self) -> sqlite3.Connection:
        peewee_side: Any = self  # peewee's private hooks have no stubs
        if self.database == ":memory:":
            return cast(sqlite3.Connection, cast(Any, super())._connect())
        mode = "rw" if self._created else "rwc"
        uri = f"file:{quote(os.path.abspath(self.database))}?mode={mode}"
        params = dict(self.connect_params, uri=True, factory=_FileConnection)
        conn = cast(
            _FileConnection,
            sqlite3.connect(uri, timeout=peewee_side._timeout, isolation_level=None, **params),
        )
        try:
            conn.file_id = _file_id(self.database)
            peewee_side._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        self._created = True
        return conn

    def check_file(self) -> None:
        """Raise DatabaseUnavailable if this thread's connection's file left its path."""
        conn = cast(Any, self)._state.conn
        expected = getattr(conn, "file_id", None)
        if expected is None:
            return
        if _file_id(self.database) != expected:
            log.error("the database file %s was deleted or replaced under the kiosk", self.database)
            raise DatabaseUnavailable(
                f"the database file {self.database} was deleted or replaced: nothing was saved"
            )

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        self.connection()  # type: ignore[no-untyped-call]  # untyped in peewee's stub
        self.check_file()
        return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]  # untyped in peewee's stub

    def begin(self, lock_type: str | None = None) -> None:
        conn = self.connection()  # type: ignore[no-untyped-call]  # untyped in peewee's stub
        self.check_file()
        if self.database == ":memory:":
            super().begin(lock_type)
            return
        peewee_side: Any = self
        deadline = time.monotonic() + peewee_side._timeout
        if (lock_type or peewee_side._lock_type) in ("IMMEDIATE", "EXCLUSIVE"):
            self._queue_up(peewee_side._timeout)
        try:
            self._begin_waiting(conn, lock_type, deadline)
        except BaseException:
            self._leave_queue()
            raise

    def _queue_up(self, timeout: float) -> None:
        """Wait for this writer's turn in the queue of all processes (writer_queue)."""
        database_path = os.path.abspath(self.database)
        path = f"{database_path}{WRITERS_SUFFIX}"
        if self._queue is None or self._queue.path != path:
            self._queue = WriterQueue(path, owner_of=database_path)
        try:
            self._held.fd = self._queue.acquire(timeout)
        except OSError as exc:  # no lock file (read-only folder?): SQLite's lock alone
            if path not in _QUEUE_WARNED:
                _QUEUE_WARNED.add(path)
                log.warning("SQLite writers' queue unavailable (%s): writers retry BEGIN", exc)

    def _leave_queue(self) -> None:
        fd = getattr(self._held, "fd", None)
        if fd is not None:
            self._held.fd = None
            WriterQueue.release(fd)

    def _begin_waiting(
        self, conn: sqlite3.Connection, lock_type: str | None, deadline: float
    ) -> None:
        """BEGIN, waiting for another writer by short, jittered polls (until `deadline`)
        instead of SQLite's own busy handler, whose sleeps grow to 100 ms: with eight kiosks
        joining at once those sleeps, not the work, made the slowest joins last a second.
        Only BEGIN polls; statements keep the busy timeout. Writers of this program already
        queued (writer_queue), so this waits only for another program's writer."""
        peewee_side: Any = self
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    super().begin(lock_type)
                    return
                except (sqlite3.OperationalError, peewee.OperationalError) as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    if time.monotonic() >= deadline:
                        raise
                time.sleep(BEGIN_POLL * (0.5 + random.random()))
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(peewee_side._timeout * 1000)}")

    def commit(self) -> None:
        try:
            self.check_file()  # the transaction is rolled back: known not saved
            try:
                super().commit()
            except peewee.PeeweeException as exc:
                raise OutcomeUnknown(
                    "the commit failed: the change may or may not be saved"
                ) from exc
        finally:
            self._leave_queue()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._leave_queue()


# --------------------------------------------------------------------------- erasure


def scrub_deleted(*tables: str) -> bool:
    """Make rows just deleted from `tables` unreadable in the database files.

    SQLite (secure_delete is on, so the database file holds zeros where they were) copies the
    WAL into the database file and empties it. PostgreSQL runs VACUUM, which removes the dead
    rows (a transaction open in another database does not hold it back) but leaves their bytes
    in the pages' free space, then VACUUM FULL, which rewrites the table with the live rows
    only; the rewrite locks the table for the moment it takes (small tables: milliseconds).
    Call it outside any transaction. Returns False if SQLite could not empty the WAL because
    another connection was reading for longer than the busy timeout.
    """
    if is_sqlite():
        busy, _log, _done = database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy
    with long_statements():
        for table in tables:
            database.execute_sql(f'VACUUM "{table}"')
            database.execute_sql(f'VACUUM FULL "{table}"')
    return True


@contextmanager
def long_statements() -> Iterator[None]:
    """No statement time limit for this thread's work inside (VACUUM, migrations); locks are
    still waited for at most the lock timeout, so the kiosks are never held up for long."""
    if is_sqlite():
        yield
        return
    with unbounded():
        database.execute_sql("SET statement_timeout = 0")
        try:
            yield
        finally:
            database.execute_sql("RESET statement_timeout")
