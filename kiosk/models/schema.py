"""Bring a database to the current schema with the numbered migrations; never drops data."""

from __future__ import annotations

from pathlib import Path

from playhouse.migrations import Runner

from kiosk.models.db import database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def migrate(target: str | None = None) -> list[str]:
    """Apply pending migrations (all, or up to `target`); return the names applied."""
    runner = Runner(database.obj, directory=str(MIGRATIONS_DIR))
    return list(runner.up(target))


def applied_migrations() -> list[str]:
    runner = Runner(database.obj, directory=str(MIGRATIONS_DIR))
    return sorted(runner.applied())


def pending_migrations() -> list[str]:
    runner = Runner(database.obj, directory=str(MIGRATIONS_DIR))
    return [m.name for m in runner.status() if m.path is not None and not m.applied]
