"""Logging: the journal or a private file, never the screen; no personal data in any line."""

from __future__ import annotations

import logging
import os
import socket
import struct
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import logs
from kiosk.cli import main
from kiosk.waitlist_codes import JoinForm

NAME = "Ginevra Pellegrinotti"
PHONE = "3471239876"
EMAIL = "ginevra.pell@example.org"


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def _journal_fields(datagram: bytes) -> dict[str, str]:
    """Parse journald's native protocol (both the KEY=value and the binary-safe form)."""
    fields: dict[str, str] = {}
    rest = datagram
    while rest:
        line, _, after = rest.partition(b"\n")
        if b"=" in line:
            key, _, value = line.partition(b"=")
            fields[key.decode()] = value.decode()
            rest = after
        else:
            (size,) = struct.unpack("<Q", after[:8])
            fields[line.decode()] = after[8 : 8 + size].decode()
            rest = after[8 + size + 1 :]
    return fields


def test_running_kiosk_logs_to_the_journal_socket_and_not_to_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = str(tmp_path / "journal.sock")
    server.bind(path)
    server.settimeout(5)
    monkeypatch.setattr(logs, "JOURNAL_SOCKET", path)
    try:
        handler = logs.setup_logging(screen=True)  # what `kiosk run` does
        assert isinstance(handler, logs.JournalHandler)
        log = logging.getLogger("kiosk.app")
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            log.exception("unexpected error, restarting the kiosk screens")
        fields = _journal_fields(server.recv(65536))
    finally:
        server.close()
    assert fields["PRIORITY"] == "3"
    assert fields["SYSLOG_IDENTIFIER"] == "kiosk"
    assert fields["MESSAGE"].startswith("kiosk.app: unexpected error, restarting")
    assert "RuntimeError: boom" in fields["MESSAGE"]  # the traceback travels, newlines and all
    assert capsys.readouterr().err == ""  # the screen (Textual's stderr) gets nothing


def test_without_a_journal_the_kiosk_writes_a_private_rotating_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "log"))
    old = os.umask(0o000)
    try:
        handler = logs.setup_logging(screen=True)
        logging.getLogger("kiosk.app").warning("scheduled purge of expired entries failed")
    finally:
        os.umask(old)
    handler.flush()
    log_file = tmp_path / "log" / "kiosk.log"
    assert "WARNING kiosk.app: scheduled purge of expired entries failed" in log_file.read_text()
    assert log_file.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "log").stat().st_mode & 0o777 == 0o700
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("screen", [True, False])
def test_with_no_journal_and_no_usable_log_folder_only_commands_use_stderr(
    screen: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("KIOSK_LOG_DIR", str(blocker / "log"))  # cannot be created
    logs.setup_logging(screen=screen)
    logging.getLogger("kiosk.staff").error("backup failed: disk full")
    err = capsys.readouterr().err
    assert ("kiosk: backup failed: disk full" in err) is (not screen)


def test_driver_details_and_contacts_are_scrubbed_from_messages_and_tracebacks() -> None:
    line = (
        'duplicate key value violates unique constraint "x"\n'
        f"DETAIL:  Key (email)=({EMAIL}) already exists. phone +39 {PHONE}"
    )
    assert EMAIL not in logs.scrub(line)
    assert PHONE not in logs.scrub(f"call {PHONE[:3]} {PHONE[3:]}")
    assert (
        logs.scrub("purged at 2026-12-02 10:30, entry:42") == "purged at 2026-12-02 10:30, entry:42"
    )


def test_a_full_join_cancel_erase_run_logs_no_personal_data(
    db: str, content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.staff import exports, gdpr, waitlists
    from kiosk.sync import sync_directory
    from kiosk.waitlist import join_waitlist, purge_expired
    from kiosk.waitlist_tickets import cancel_ticket, check_ticket

    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "log"))
    handler = logs.setup_logging(screen=True, journal=False, level=logging.DEBUG)
    sync_directory(content_dir)
    first = join_waitlist(
        "percorso-nascita", JoinForm(name=NAME, phone=PHONE), kiosk_id="k1", request_id=uuid.uuid4()
    )
    again = join_waitlist(
        "percorso-nascita", JoinForm(name=NAME, phone=PHONE), kiosk_id="k1", request_id=uuid.uuid4()
    )
    assert again.already_registered  # the same contact again: no second entry
    other = join_waitlist(
        "laboratori-per-famiglie",
        JoinForm(name=NAME, email=EMAIL, party_size=2, child_age=7),
        kiosk_id="k1",
        request_id=uuid.uuid4(),
    )
    assert check_ticket(first.code, kiosk_id="k1").found
    assert cancel_ticket(first.code, kiosk_id="k1").status == "cancelled"
    entry = waitlists.search_entries(EMAIL)[0]
    waitlists.set_status(entry.id, "called", kiosk_id="k1")
    exports.export_all_waitlists(tmp_path / "exports", kiosk_id="k1")
    gdpr.export_person(EMAIL, kiosk_id="k1")
    assert gdpr.erase_person(PHONE, kiosk_id="k1") + gdpr.erase_person(EMAIL, kiosk_id="k1") == 2
    purge_expired(kiosk_id="k1")
    # The failure paths log too: a driver error with the contact in it, a failed load.
    try:
        join_waitlist(
            "percorso-nascita",
            JoinForm(name=NAME, phone="12"),
            kiosk_id="k1",
            request_id=uuid.uuid4(),
        )
    except Exception as exc:
        logging.getLogger("kiosk.screens.base").warning("loading join failed: %s", exc)
    try:
        raise RuntimeError(f"DETAIL:  Key (email)=({EMAIL}) already exists.")
    except RuntimeError:
        logging.getLogger("kiosk.app").exception("unexpected error, restarting")
    assert other.code
    handler.flush()
    text = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "unexpected error, restarting" in text  # the run was really logged
    for secret in (NAME, "Ginevra", "Pellegrinotti", PHONE, PHONE[-7:], EMAIL, "ginevra.pell"):
        assert secret not in text, f"{secret!r} leaked into the log"


def test_kiosk_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk import __version__

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"kiosk {__version__}"


async def test_a_join_by_taps_logs_no_personal_data(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Input

    from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
    from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
    from kiosk.staff import gdpr
    from kiosk.waitlist_tickets import cancel_ticket
    from tests.support.pilot import make_test_app
    from tests.support.waitlist_ui import settle, tap

    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "log"))
    handler = logs.setup_logging(screen=True, level=logging.DEBUG)
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(WaitlistJoinScreen("percorso-nascita"))
        await settle(pilot)
        app.screen.query_one("#field-name", Input).value = NAME
        app.screen.query_one("#field-phone", Input).value = PHONE
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        code = app.screen.result.code
    assert cancel_ticket(code, kiosk_id="test").status == "cancelled"
    assert gdpr.erase_person(PHONE, kiosk_id="test") == 1
    logging.getLogger("kiosk.app").error("unexpected error, restarting the kiosk screens")
    handler.flush()
    text = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "unexpected error, restarting" in text
    for secret in (NAME, "Ginevra", "Pellegrinotti", PHONE, PHONE[-7:]):
        assert secret not in text, f"{secret!r} leaked into the log"
