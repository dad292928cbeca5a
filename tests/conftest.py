"""Shared fixtures: isolated settings, throwaway SQLite files and PostgreSQL databases.

Every test process (pytest-xdist worker) has its own databases: SQLite files live in the test's
tmp_path, PostgreSQL databases carry the worker's name and a random suffix.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import BUNDLED_CONTENT_DIR
from kiosk.models import close_database, migrate, open_database
from tests.support.databases import (
    PooledPostgres,
    copy_sqlite,
    create_pg_database,
    drop_pg_database,
    migrated_sqlite_template,
    pg_admin,
    pg_database_url,
    unique_pg_name,
)

DB_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No KIOSK_* setting of the machine leaks in; data dirs point into the test's tmp dir."""
    for name in list(os.environ):
        if name.startswith("KIOSK_") and name != "KIOSK_TEST_PG_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # The `kiosk` command speaks the locale's language: Italian unless a test asks for English.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def taps_a_second_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """The keys' repeat window never swallows a test's tap, however fast the machine.

    Each reading of the keys' clock is a second later; tests of the window itself
    (test_join_keys.py) replace the clock with one they move by hand.
    """
    from kiosk.widgets import _keys

    ticks = itertools.count(start=1000.0)
    monkeypatch.setattr(_keys, "clock", lambda: float(next(ticks)))


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty (not migrated) PostgreSQL database, dropped afterwards."""
    admin = pg_admin()
    name = unique_pg_name()
    create_pg_database(admin, name)
    try:
        yield pg_database_url(name)
    finally:
        close_database()
        drop_pg_database(admin, name)
        admin.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kiosk.db'}"


@pytest.fixture(params=DB_KINDS)
def db_kind(request: pytest.FixtureRequest) -> str:
    """sqlite, then postgres: storage behaviour is tested on both."""
    return str(request.param)


@pytest.fixture
def db_url(db_kind: str, request: pytest.FixtureRequest) -> str:
    """The same test on a throwaway SQLite file and on a throwaway PostgreSQL database
    (both empty, not migrated)."""
    if db_kind == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file, made once per test process."""
    return migrated_sqlite_template(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def pg_pool() -> Iterator[PooledPostgres]:
    """This test process's migrated PostgreSQL database (dropped at the end of the run)."""
    admin = pg_admin()
    pool = PooledPostgres(admin)
    try:
        yield pool
    finally:
        pool.close()
        admin.close()


@pytest.fixture
def db(db_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An open, migrated, empty database (SQLite and PostgreSQL)."""
    if db_kind == "sqlite":
        url = str(request.getfixturevalue("sqlite_url"))
        copy_sqlite(
            request.getfixturevalue("sqlite_template"), Path(url.removeprefix("sqlite:///"))
        )
    else:
        url = request.getfixturevalue("pg_pool").fresh()
    open_database(url)
    assert migrate() == []  # nothing left to apply: the copy is up to date
    yield url
    close_database()


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled content that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT_DIR, target)
    return target


@pytest.fixture
def kiosk_db(sqlite_url: str, content_dir: Path) -> Iterator[Path]:
    """A SQLite kiosk database file, migrated and holding the bundled content; its path."""
    from kiosk.sync import sync_directory

    open_database(sqlite_url)
    migrate()
    sync_directory(content_dir)
    yield Path(sqlite_url.removeprefix("sqlite:///"))
    close_database()
