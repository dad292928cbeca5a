"""A database from a newer kiosk, or with a schema this kiosk cannot use, stops it with one line."""

from __future__ import annotations

import pytest

from kiosk import __version__, cli, supervisor
from kiosk.errors import SchemaMismatch
from kiosk.models import close_database, database, migrate, open_database

LATEST = "0015_drop_search_view"  # the newest migration this program ships


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Records whether `kiosk run` got as far as starting the screens."""
    calls: list[object] = []
    monkeypatch.setattr(supervisor, "run_kiosk", lambda settings: calls.append(settings) or 0)
    return calls


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and out == ""
    return lines[0]


def _record_future_migration(db_url: str) -> None:
    open_database(db_url)
    migrate()
    database.execute_sql(
        "INSERT INTO schema_migration (name, applied) VALUES ('0009_reminders', '2027-01-01')"
    )
    close_database()


@pytest.mark.parametrize("command", [["migrate"], ["run"]])
def test_newer_database_stops_migrate_and_run(
    db_url: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    started: list[object],
) -> None:
    _record_future_migration(db_url)
    monkeypatch.setenv("KIOSK_DATABASE_URL", db_url)
    assert cli.main(command) == 3
    line = _one_line(capsys)
    assert "0009_reminders" in line and LATEST in line and __version__ in line
    assert "più recente di questo programma" in line
    assert started == []


def test_newer_database_is_not_migrated_further(db_url: str) -> None:
    open_database(db_url)
    migrate("0001_initial")
    database.execute_sql(
        "INSERT INTO schema_migration (name, applied) VALUES ('0009_reminders', '2027-01-01')"
    )
    with pytest.raises(SchemaMismatch):
        migrate()
    names = [r[0] for r in database.execute_sql("SELECT name FROM schema_migration")]
    assert sorted(names) == ["0001_initial", "0009_reminders"]  # 0002 was not applied
    close_database()


@pytest.mark.parametrize("command", [["migrate"], ["run"]])
def test_incompatible_schema_stops_migrate_and_run(
    db_url: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    started: list[object],
) -> None:
    open_database(db_url)
    migrate()
    database.execute_sql("ALTER TABLE waitlist_entry DROP COLUMN extra_consent")
    close_database()
    monkeypatch.setenv("KIOSK_DATABASE_URL", db_url)
    assert cli.main(command) == 3
    line = _one_line(capsys)
    assert "waitlist_entry" in line and "extra_consent" in line
    assert f"schema {LATEST}" in line and __version__ in line
    assert started == []


def test_current_database_migrates_and_says_so(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_DATABASE_URL", db_url)
    assert cli.main(["migrate"]) == 0
    assert cli.main(["migrate"]) == 0
    assert "lo schema del database è aggiornato" in capsys.readouterr().out
