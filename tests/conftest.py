"""Shared fixtures: isolated settings, throwaway SQLite files and PostgreSQL databases."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from kiosk.config import BUNDLED_CONTENT_DIR
from kiosk.models import close_database, migrate, open_database

PG_ADMIN_URL = os.environ.get("KIOSK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No KIOSK_* setting of the machine leaks in; data dirs point into the test's tmp dir."""
    for name in list(os.environ):
        if name.startswith("KIOSK_") and name != "KIOSK_TEST_PG_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def _pg_admin() -> peewee.PostgresqlDatabase:
    from playhouse.db_url import connect

    db = connect(PG_ADMIN_URL, connect_timeout=3)
    try:
        db.connect()
    except peewee.OperationalError as exc:
        if os.environ.get("CI") or os.environ.get("KIOSK_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL is required here but unreachable at {PG_ADMIN_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}")
    return db


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards."""
    admin = _pg_admin()
    name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        close_database()
        admin.execute_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kiosk.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on a throwaway SQLite file and on a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def db(db_url: str) -> Iterator[str]:
    """An open, migrated, empty database (SQLite and PostgreSQL)."""
    open_database(db_url)
    migrate()
    yield db_url
    close_database()


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled content that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT_DIR, target)
    return target
