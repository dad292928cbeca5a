"""Online backups of the SQLite database (SQLite's backup API), rotation, checked restore."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.cli_text import _
from kiosk.clock import local_now
from kiosk.models.db import make_private_sqlite_file
from kiosk.models.schema import MIGRATIONS_DIR
from kiosk.staff.exports import private_dir

MIGRATION_TABLE = "schema_migration"  # playhouse.migrations' history table
REQUIRED_TABLES = ("waitlist", "waitlist_entry", "service")
DEFAULT_KEEP = 14


class BackupError(RuntimeError):
    """The backup cannot be made or the file cannot be restored; one line for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    removed: tuple[Path, ...]


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    migrations: tuple[str, ...]
    waitlist_entries: int


def sqlite_path(url: str) -> Path:
    """The file of a sqlite:/// URL; BackupError for PostgreSQL (use pg_dump)."""
    if not url.startswith("sqlite:///"):
        raise BackupError(
            _(
                "il database è PostgreSQL: fai il backup con pg_dump "
                "(pg_dump --format=custom --file=kiosk.dump 'postgresql://…'; "
                "ripristina con pg_restore --clean --dbname='postgresql://…' kiosk.dump)"
            )
        )
    return Path(url.removeprefix("sqlite:///")).expanduser()


def default_backup_dir(url: str) -> Path:
    """`backups/` beside the database file."""
    return sqlite_path(url).parent / "backups"


def _private_new_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.fchmod(fd, 0o600)  # whatever the umask
    os.close(fd)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy a consistent snapshot of `source` into the new file `target` as one plain file."""
    _private_new_file(target)
    dest = sqlite3.connect(target)
    try:
        # One step: the whole copy reads one snapshot; in WAL mode writers carry on meanwhile.
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        dest.commit()
    finally:
        dest.close()
    _fsync(target)


def backup_sqlite(
    db_path: Path,
    folder: Path,
    *,
    keep: int = DEFAULT_KEEP,
    stem: str = "kiosk",
    now: dt.datetime | None = None,
) -> BackupResult:
    """Write `<stem>-YYYYmmdd-HHMMSS.db` (0600, folder 0700), check it, keep the newest `keep`."""
    if keep < 1:
        raise BackupError(_("--keep deve essere almeno 1"))
    if not db_path.is_file():
        raise BackupError(_("nessun file di database in {path}", path=db_path))
    folder = private_dir(folder)
    stamp = (now or local_now()).strftime("%Y%m%d-%H%M%S")
    final = folder / f"{stem}-{stamp}.db"
    if final.exists():
        raise BackupError(_("{path} esiste già: riprova tra un secondo", path=final))
    partial = folder / f".{final.name}.partial"
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(db_path, timeout=30)  # read only in practice; WAL needs -shm
    try:
        _copy(source, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    try:
        check_backup(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, final)
    _fsync(folder)
    backups = sorted(folder.glob(f"{stem}-*.db"))
    removed = tuple(backups[:-keep])
    for old in removed:
        old.unlink(missing_ok=True)
    return BackupResult(path=final, size=final.stat().st_size, removed=removed)


def known_migrations() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py")))


def check_backup(path: Path) -> BackupInfo:
    """Integrity and schema version of a backup file; BackupError says what is wrong."""
    if not path.is_file():
        raise BackupError(_("{path}: il file non esiste", path=path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(
            _("{path}: impossibile aprirlo ({error})", path=path, error=str(exc))
        ) from None
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise BackupError(
                _("{path}: non è un database del totem ({error})", path=path, error=str(exc))
            ) from None
        if result != [("ok",)]:
            detail = "; ".join(str(r[0]) for r in result[:3])
            raise BackupError(_("{path}: danneggiato ({detail})", path=path, detail=detail))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = [t for t in (MIGRATION_TABLE, *REQUIRED_TABLES) if t not in tables]
        if missing:
            raise BackupError(
                _(
                    "{path}: non è un database del totem (manca la tabella {tables})",
                    path=path,
                    tables=", ".join(missing),
                )
            )
        applied = tuple(sorted(r[0] for r in conn.execute(f"SELECT name FROM {MIGRATION_TABLE}")))
        entries = int(conn.execute("SELECT count(*) FROM waitlist_entry").fetchone()[0])
    finally:
        conn.close()
    newer = sorted(set(applied) - set(known_migrations()))
    if newer:
        raise BackupError(
            _(
                "{path}: fatto da una versione più recente del totem (schema {schema}): "
                "aggiorna prima il totem",
                path=path,
                schema=", ".join(newer),
            )
        )
    return BackupInfo(path=path, migrations=applied, waitlist_entries=entries)


def restore_sqlite(
    backup: Path, db_path: Path, *, safety_folder: Path, now: dt.datetime | None = None
) -> tuple[BackupInfo, Path | None]:
    """Check `backup`, save the current database to `safety_folder`, then copy the backup in.

    The copy goes through SQLite's backup API under the database's lock, so it is all or
    nothing. Returns the backup's details and the safety copy (None if there was no database).
    """
    info = check_backup(backup)
    safety: Path | None = None
    if db_path.is_file() and db_path.stat().st_size > 0:
        safety = backup_sqlite(
            db_path, safety_folder, keep=1_000_000, stem="before-restore", now=now
        ).path
    make_private_sqlite_file(db_path)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    target = sqlite3.connect(db_path, timeout=30)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()
    return info, safety
