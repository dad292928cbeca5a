"""Throwaway databases for tests, made cheaply: a migrated SQLite file copied, a PostgreSQL
database migrated once per test process and emptied before each test that uses it."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import peewee
import pytest
from playhouse.db_url import connect

from kiosk.models import close_database, migrate, open_database

PG_ADMIN_URL = os.environ.get("KIOSK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Rows a fresh migrated database already has: the migration history, nothing else.
MIGRATION_TABLE = "schema_migration"


def pg_admin() -> peewee.Database:
    """A connection to the server's admin database; fails in CI, skips elsewhere when down."""
    db = connect(PG_ADMIN_URL, connect_timeout=3)
    try:
        db.connect()
    except peewee.OperationalError as exc:
        if os.environ.get("CI") or os.environ.get("KIOSK_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL is required here but unreachable at {PG_ADMIN_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}")
    return db


def pg_database_url(name: str) -> str:
    return f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"


def unique_pg_name(prefix: str = "kiosk_test") -> str:
    """A database name no other test, worker or engineer on this server uses."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{prefix}_{worker}_{uuid.uuid4().hex[:12]}"


def create_pg_database(admin: peewee.Database, name: str) -> None:
    admin.execute_sql(f'CREATE DATABASE "{name}"')


def drop_pg_database(admin: peewee.Database, name: str) -> None:
    admin.execute_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        (name,),
    )
    # FORCE (PostgreSQL 13+) also ends a session that connected after the line above.
    admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrated_sqlite_template(folder: Path) -> Path:
    """A migrated, empty SQLite file (made once per test process)."""
    path = folder / "migrated.db"
    open_database(f"sqlite:///{path}")
    try:
        migrate()
    finally:
        close_database()
    return path


def copy_sqlite(template: Path, target: Path) -> None:
    """Copy a (closed) SQLite database with SQLite's own backup, so no WAL page is lost."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(template)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


class PooledPostgres:
    """One migrated PostgreSQL database for this test process, emptied before each use.

    Creating and migrating a PostgreSQL database takes seconds; emptying it takes a fraction of
    that. Before each use every other session on it is ended, every table that ever held a row
    (the migration history aside) is truncated and every sequence restarts, so a test finds
    what a newly migrated database holds. A test that changed the schema, the extensions or the
    migration history gets a new database next time.
    """

    def __init__(self, admin: peewee.Database) -> None:
        self.admin = admin
        self.name = ""
        self.url = ""
        self.fingerprint: list[tuple[object, ...]] = []
        self.keeper: peewee.Database | None = None
        self.keeper_pid = 0

    def _schema(self, db: peewee.Database) -> list[tuple[object, ...]]:
        columns = db.execute_sql(
            "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2"
        ).fetchall()
        indexes = db.execute_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        extensions = db.execute_sql("SELECT extname FROM pg_extension ORDER BY 1").fetchall()
        applied = db.execute_sql(f'SELECT name FROM "{MIGRATION_TABLE}" ORDER BY 1').fetchall()
        return [tuple(row) for row in [*columns, *indexes, *extensions, *applied]]

    def _drop_stale(self) -> None:
        """Drop pooled databases of test runs that were killed on this machine (their owning
        process is gone), so they do not pile up on the server."""
        if not any(host in PG_ADMIN_URL for host in ("@127.0.0.1", "@localhost")):
            return  # another machine's process ids mean nothing here
        rows = self.admin.execute_sql(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", ("kiosk\\_pool\\_%",)
        ).fetchall()
        for (name,) in rows:
            parts = name.split("_")  # kiosk_pool_<worker>_<pid>_<random>
            if len(parts) != 5 or not parts[3].isdigit():
                continue
            try:
                os.kill(int(parts[3]), 0)
            except ProcessLookupError:
                drop_pg_database(self.admin, name)
            except PermissionError:
                pass  # alive, someone else's

    def _build(self) -> None:
        self._drop_stale()
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.name = f"kiosk_pool_{worker}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.url = pg_database_url(self.name)
        create_pg_database(self.admin, self.name)
        open_database(self.url)
        try:
            migrate()
        finally:
            close_database()
        self.keeper = connect(self.url, connect_timeout=5)
        self.keeper.connect()
        self.keeper_pid = self.keeper.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        seeded = [
            table
            for table in self._tables()
            if table != MIGRATION_TABLE
            and self.keeper.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()
        ]
        assert not seeded, f"migrations now seed {seeded}: teach PooledPostgres to restore them"
        self.fingerprint = self._schema(self.keeper)

    def _tables(self) -> list[str]:
        assert self.keeper is not None
        rows = self.keeper.execute_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        return [row[0] for row in rows]

    def _drop(self) -> None:
        if self.keeper is not None:
            self.keeper.close()
            self.keeper = None
        if self.name:
            drop_pg_database(self.admin, self.name)
            self.name = ""

    def fresh(self) -> str:
        """The URL of the pooled database, now holding nothing but its migration history."""
        if not self.name:
            self._build()
        # Whatever the last test left connected (worker threads, killed clients) goes.
        self.admin.execute_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
            (self.name, self.keeper_pid),
        )
        assert self.keeper is not None
        if self._schema(self.keeper) != self.fingerprint:
            self._drop()  # the last test changed the schema: start over
            return self.fresh()
        # A table that ever held a row has pages on disk; TRUNCATE gives it new, empty files,
        # so not even the bytes of deleted rows are left (tests read raw pages after erasing).
        used = [
            row[0]
            for row in self.keeper.execute_sql(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> %s "
                "AND pg_relation_size(c.oid) > 0",
                (MIGRATION_TABLE,),
            ).fetchall()
        ]
        sequences = [
            row[0]
            for row in self.keeper.execute_sql(
                "SELECT sequence_name FROM information_schema.sequences "
                "WHERE sequence_schema = 'public'"
            ).fetchall()
        ]
        with self.keeper.atomic():
            if used:
                tables = ", ".join(f'"{table}"' for table in used)
                self.keeper.execute_sql(f"TRUNCATE {tables} CASCADE")
            for sequence in sequences:
                self.keeper.execute_sql("SELECT setval(%s, 1, false)", (f'"{sequence}"',))
        return self.url

    def close(self) -> None:
        self._drop()
