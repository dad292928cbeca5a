"""Private file modes, online backups that restore, and the health check's exit codes."""

from __future__ import annotations

import io
import multiprocessing
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import Settings
from kiosk.models import WaitlistEntry, close_database, migrate, open_database
from kiosk.staff import backup
from kiosk.staff.exports import export_all_waitlists
from kiosk.sync import sync_directory
from kiosk.waitlist_codes import JoinForm
from tests.support.waitlist_workers import join_until_killed


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def _forget() -> None:
    """Close and unbind the database, as a fresh `kiosk` process would find it."""
    from kiosk.models import database

    close_database()
    database.initialize(None)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_database_wal_shm_backups_and_exports_are_private(
    umask: int, tmp_path: Path, content_dir: Path
) -> None:
    data = tmp_path / "data"
    db_path = data / "kiosk.db"
    open_database(f"sqlite:///{db_path}")
    migrate()
    sync_directory(content_dir)  # writes: the WAL and SHM files exist now
    export = export_all_waitlists(data / "exports", kiosk_id="k1")
    made = backup.backup_sqlite(db_path, data / "backups")
    close_database()
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), made.path, export.path):
        if path.name.endswith(("-wal", "-shm")) and not path.exists():
            continue  # a clean close may fold the WAL back in
        assert _mode(path) == 0o600, path
    for folder in (data, data / "exports", data / "backups"):
        assert _mode(folder) == 0o700, folder


def test_opening_tightens_a_database_left_readable_by_an_older_version(tmp_path: Path) -> None:
    db_path = tmp_path / "kiosk.db"
    sqlite3.connect(db_path).execute("CREATE TABLE t (x)").connection.close()
    os.chmod(db_path, 0o644)
    open_database(f"sqlite:///{db_path}")
    close_database()
    assert _mode(db_path) == 0o600


def _read_codes(record: Path) -> set[str]:
    return {line for line in record.read_text(encoding="ascii").splitlines() if len(line) > 3}


def test_backup_during_concurrent_joins_restores_every_confirmed_entry(
    tmp_path: Path, content_dir: Path
) -> None:
    db_path = tmp_path / "live" / "kiosk.db"
    url = f"sqlite:///{db_path}"
    open_database(url)
    migrate()
    sync_directory(content_dir)
    close_database()
    ctx = multiprocessing.get_context("spawn")
    records = [tmp_path / f"joined-{w}.txt" for w in range(3)]
    procs = [
        ctx.Process(target=join_until_killed, args=(url, w, 1, str(records[w]))) for w in range(3)
    ]
    for p in procs:
        p.start()
    try:
        deadline = time.monotonic() + 60
        # Wait until every worker has confirmed joins, so the backup really runs under load.
        while not all(r.exists() and len(_read_codes(r)) >= 5 for r in records):
            assert time.monotonic() < deadline, "the joining workers did not start"
            time.sleep(0.05)
        confirmed_before = set().union(*(_read_codes(r) for r in records))
        made = backup.backup_sqlite(db_path, tmp_path / "backups")
        confirmed_after = set().union(*(_read_codes(r) for r in records))
    finally:
        for p in procs:
            p.kill()
            p.join(timeout=10)
    assert len(confirmed_after) > len(confirmed_before)  # joins went on around the backup
    # Restore into a fresh place with the command an administrator would use.
    target = tmp_path / "restored" / "kiosk.db"
    env_url = f"sqlite:///{target}"
    out, err = io.StringIO(), io.StringIO()
    from kiosk.staff.cli_data import cmd_restore

    assert cmd_restore(Settings(database_url=env_url), made.path, out, err) == 0, err.getvalue()
    restored = {e.code for e in WaitlistEntry.select(WaitlistEntry.code)}
    close_database()
    assert confirmed_before <= restored
    assert len(restored) >= len(confirmed_before) > 0


def test_rotation_keeps_the_newest_n(tmp_path: Path) -> None:
    import datetime as dt

    db_path = tmp_path / "kiosk.db"
    open_database(f"sqlite:///{db_path}")
    migrate()
    close_database()
    made = [
        backup.backup_sqlite(
            db_path, tmp_path / "b", keep=3, now=dt.datetime(2026, 12, day, 2, 30)
        ).path
        for day in range(1, 6)
    ]
    assert sorted(p.name for p in (tmp_path / "b").glob("*.db")) == [p.name for p in made[-3:]]


def _settings(url: str) -> Settings:
    return Settings(database_url=url)


def test_restore_refuses_damaged_foreign_and_newer_files_and_changes_nothing(
    tmp_path: Path, content_dir: Path
) -> None:
    from kiosk.staff.cli_data import cmd_restore

    db_path = tmp_path / "kiosk.db"
    url = f"sqlite:///{db_path}"
    open_database(url)
    migrate()
    sync_directory(content_dir)
    close_database()
    before = db_path.read_bytes()

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE notes (x)").connection.close()
    newer = tmp_path / "newer.db"
    made = backup.backup_sqlite(db_path, tmp_path / "b")
    newer.write_bytes(made.path.read_bytes())
    with sqlite3.connect(newer) as raw:
        raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '')")

    for bad, why in (
        (garbage, "non è un database del totem"),
        (foreign, "manca la tabella"),
        (newer, "versione più recente"),
        (tmp_path / "missing.db", "il file non esiste"),
    ):
        out, err = io.StringIO(), io.StringIO()
        assert cmd_restore(_settings(url), bad, out, err) == 1
        assert why in err.getvalue() and "non è stato cambiato nulla" in err.getvalue()
    close_database()
    assert db_path.read_bytes() == before
    assert not (tmp_path / "backups").exists()  # not even a safety copy was needed


def test_restore_keeps_the_replaced_database(tmp_path: Path, content_dir: Path) -> None:
    import uuid

    from kiosk.staff.cli_data import cmd_restore
    from kiosk.waitlist import join_waitlist

    db_path = tmp_path / "kiosk.db"
    url = f"sqlite:///{db_path}"
    open_database(url)
    migrate()
    sync_directory(content_dir)
    close_database()
    made = backup.backup_sqlite(db_path, tmp_path / "b")
    open_database(url)
    late = join_waitlist(
        "percorso-nascita",
        JoinForm(name="Ada", phone="3330000001"),
        kiosk_id="k",
        request_id=uuid.uuid4(),
    )
    close_database()
    out, err = io.StringIO(), io.StringIO()
    assert cmd_restore(_settings(url), made.path, out, err) == 0
    assert WaitlistEntry.select().where(WaitlistEntry.code == late.code).count() == 0
    close_database()
    safety = next((tmp_path / "backups").glob("before-restore-*.db"))
    assert backup.check_backup(safety).waitlist_entries == 1
    assert _mode(safety) == 0o600


def test_backup_of_postgresql_points_to_pg_dump(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DATABASE_URL", "postgresql://kiosk@db.example/kiosk")
    assert main(["admin", "backup"]) == 1
    assert "pg_dump" in capsys.readouterr().err


def test_status_exit_codes_for_monitoring(
    tmp_path: Path,
    content_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import datetime as dt
    import uuid

    from kiosk.waitlist import join_waitlist
    from kiosk.waitlist_tickets import cancel_ticket

    db_path = tmp_path / "kiosk.db"
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{db_path}")
    monkeypatch.setenv("KIOSK_CONTENT_DIR", str(content_dir))
    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "log"))
    open_database(f"sqlite:///{db_path}")
    migrate()
    sync_directory(content_dir)
    _forget()
    assert main(["admin", "status"]) == 0
    _forget()

    # A cancelled entry two years old: the purge should have deleted it long ago.
    open_database(f"sqlite:///{db_path}")
    old = dt.datetime(2024, 1, 1, 9, 0)
    joined = join_waitlist(
        "percorso-nascita",
        JoinForm(name="Ada", phone="3330000002"),
        kiosk_id="k",
        request_id=uuid.uuid4(),
        now=old,
    )
    cancel_ticket(joined.code, kiosk_id="k", now=old)
    _forget()
    capsys.readouterr()
    assert main(["admin", "status"]) == 1
    assert "la pulizia non funziona" in capsys.readouterr().out
    _forget()
    assert main(["admin", "purge"]) == 0
    _forget()
    assert main(["admin", "status"]) == 0
    _forget()

    (content_dir / "needs.yaml").write_text("- : [broken\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["admin", "status"]) == 1
    assert "kiosk content check" in capsys.readouterr().out
    _forget()

    # A path that runs through a file is a settings error now (exit 2, one line naming it) ...
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{db_path / 'kiosk.db'}")
    assert main(["admin", "status"]) == 2
    _forget()
    # ... and a database server nobody answers for is unreachable (exit 3).
    monkeypatch.setenv("KIOSK_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/kiosk")
    assert main(["admin", "status"]) == 3
    _forget()


def test_postgresql_without_its_driver_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import peewee

    _forget()
    monkeypatch.setattr(peewee, "psycopg2", None)
    monkeypatch.setattr(peewee, "psycopg", None, raising=False)
    monkeypatch.setitem(sys.modules, "psycopg2", None)  # (kiosk.models would load it lazily)
    monkeypatch.setenv("KIOSK_DATABASE_URL", "postgresql://kiosk@127.0.0.1:1/kiosk")
    assert main(["admin", "status"]) == 3
    assert "sportello-cpf-kiosk[postgres]" in capsys.readouterr().out
    _forget()
    assert main(["migrate"]) == 3
    assert "sportello-cpf-kiosk[postgres]" in capsys.readouterr().err
    _forget()
