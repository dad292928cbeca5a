"""Bring a database to the current schema with the numbered migrations; never drops data."""

from __future__ import annotations

import re
from pathlib import Path

from playhouse.migrations import Runner

from kiosk import __version__
from kiosk.cli_text import _
from kiosk.errors import SchemaMismatch
from kiosk.models.db import database, long_statements
from kiosk.models.tables import ALL_MODELS

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _runner() -> Runner:
    return Runner(database.obj, directory=str(MIGRATIONS_DIR))


def migrate(target: str | None = None) -> list[str]:
    """Apply pending migrations (all, or up to `target`); return the names applied.

    Raises SchemaMismatch, changing nothing, when the database was migrated by a newer
    program; and after migrating, when a table lacks a column this program needs.
    """
    runner = _runner()
    refuse_newer(runner)
    with long_statements():  # a big table may take longer than a visitor's statement
        applied = list(runner.up(target))
    if target is None:
        check_columns()
    return applied


def applied_migrations() -> list[str]:
    return sorted(_runner().applied())


def pending_migrations() -> list[str]:
    return [m.name for m in _runner().status() if m.path is not None and not m.applied]


def program_version() -> str:
    """'kiosk 0.1.0, schema 0003_search_rank': what this program is and the schema it knows."""
    known = [m.name for m in _runner().migrations()]
    return f"kiosk {__version__}, schema {known[-1] if known else 'none'}"


def _number(name: str) -> tuple[int, str]:
    match = re.match(r"\d+", name)
    return (int(match.group()) if match else -1, name)


def database_version(runner: Runner | None = None) -> str:
    """The last migration recorded in the database ('none' for an empty database)."""
    names = sorted((runner or _runner()).applied(), key=_number)
    return names[-1] if names else "none"


def refuse_newer(runner: Runner | None = None) -> None:
    """Raise SchemaMismatch if the database records migrations this program does not have."""
    runner = runner or _runner()
    unknown = [m.name for m in runner.status() if m.path is None]
    if unknown:
        raise SchemaMismatch(
            _(
                "il database ha lo schema {schema}, più recente di questo programma ({program}; "
                "migrazioni sconosciute: {unknown}): installa qui la versione più recente del "
                "totem, o usa un altro database",
                schema=database_version(runner),
                program=program_version(),
                unknown=", ".join(unknown),
            )
        )


def check_columns() -> None:
    """Raise SchemaMismatch if a table this program uses is missing or lacks a column."""
    for model in ALL_MODELS:
        table = model._meta.table_name
        present = {c.name for c in database.get_columns(table)}
        if not present:
            problem = _("manca la tabella {table}", table=table)
        else:
            missing = sorted(set(model._meta.columns) - present)
            if not missing:
                continue
            problem = _(
                "alla tabella {table} mancano le colonne {columns}",
                table=table,
                columns=", ".join(missing),
            )
        raise SchemaMismatch(
            _(
                "il database (schema {schema}) non corrisponde a questo programma "
                "({program}): {problem}",
                schema=database_version(),
                program=program_version(),
                problem=problem,
            )
        )
