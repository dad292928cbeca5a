"""A SQLite file deleted or replaced under the running kiosk: no false "Sei in lista"."""

from __future__ import annotations

import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kiosk.errors import DatabaseUnavailable
from kiosk.models import close_database, migrate, open_database
from kiosk.sync import sync_directory
from kiosk.waitlist import JoinForm, JoinResult, join_waitlist
from kiosk.waitlist_tickets import check_ticket

SLUG = "percorso-nascita"
KIOSK = "cpf-test"


def join(name: str, phone: str) -> JoinResult:
    return join_waitlist(SLUG, JoinForm(name=name, phone=phone), kiosk_id=KIOSK)


def remove_database_files(path: Path) -> None:
    """What `rm kiosk.db*` does."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def names_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM waitlist_entry ORDER BY seq")]


def test_join_after_rm_fails_in_every_worker_thread(kiosk_db: Path) -> None:
    with ThreadPoolExecutor(max_workers=1) as worker:  # a pooled worker with its connection
        assert worker.submit(join, "Anna", "3331110001").result().position == 1
        assert join("Bruno", "3331110002").position == 2  # and the main thread's connection
        remove_database_files(kiosk_db)
        with pytest.raises(DatabaseUnavailable):
            worker.submit(join, "Carla", "3331110003").result()
        with pytest.raises(DatabaseUnavailable):
            join("Dario", "3331110004")
        # Later calls keep saying so; no empty database appears behind the kiosk's back.
        with pytest.raises(DatabaseUnavailable):
            worker.submit(join, "Carla", "3331110003").result()
        with pytest.raises(DatabaseUnavailable):
            check_ticket("ACDEFH", kiosk_id=KIOSK)
    assert not kiosk_db.exists()


def test_restored_file_is_used_again_and_nothing_went_to_the_old_one(
    kiosk_db: Path, tmp_path: Path
) -> None:
    first = join("Anna", "3331110001")
    backup = tmp_path / "backup.db"
    with sqlite3.connect(kiosk_db) as source, sqlite3.connect(backup) as target:
        source.backup(target)
    remove_database_files(kiosk_db)
    with pytest.raises(DatabaseUnavailable):
        join("Bruno", "3331110002")
    os.replace(backup, kiosk_db)  # staff put the backup back in place
    second = join("Carla", "3331110003")
    assert (second.position, check_ticket(first.code, kiosk_id=KIOSK).found) == (2, True)
    assert names_in(kiosk_db) == ["Anna", "Carla"]


def test_file_replaced_by_another_is_not_written_through_the_old_connection(
    kiosk_db: Path, tmp_path: Path
) -> None:
    join("Anna", "3331110001")
    copy = tmp_path / "copy.db"
    with sqlite3.connect(kiosk_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    os.replace(copy, kiosk_db)  # the path now names another file (inode)
    with pytest.raises(DatabaseUnavailable):
        join("Bruno", "3331110002")
    assert join("Bruno", "3331110002").position == 2  # the next call opens the new file
    assert names_in(kiosk_db) == ["Anna", "Bruno"]


def test_restart_after_rm_starts_a_new_database(
    kiosk_db: Path, sqlite_url: str, content_dir: Path
) -> None:
    join("Anna", "3331110001")
    remove_database_files(kiosk_db)
    close_database()
    open_database(sqlite_url)  # what `kiosk run` does at its next start
    migrate()
    sync_directory(content_dir)
    assert join("Bruno", "3331110002").position == 1
    assert names_in(kiosk_db) == ["Bruno"]
