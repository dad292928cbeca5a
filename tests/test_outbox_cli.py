"""`kiosk admin send-outbox` (for a systemd timer) and `kiosk admin status` on the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.models import close_database, database, open_database
from tests.support.mailbox import SmtpServer
from tests.support.outbox import SENDER, Clock, join, messages, open_lists


def _forget() -> None:
    """Close and unbind the database, as a fresh `kiosk` process would find it."""
    close_database()
    database.initialize(None)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def test_timer_sends_and_status_reports(
    tmp_path: Path,
    content_dir: Path,
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clock = Clock(monkeypatch)
    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    for name, value in {
        "KIOSK_DATABASE_URL": url,
        "KIOSK_CONTENT_DIR": str(content_dir),
        "KIOSK_SMTP_HOST": "127.0.0.1",
        "KIOSK_SMTP_PORT": str(smtp.port),
        "KIOSK_SMTP_SECURITY": "none",
        "KIOSK_SMTP_SENDER": SENDER,
        "KIOSK_OUTBOX_WORKER": "false",
    }.items():
        monkeypatch.setenv(name, value)
    open_lists(url, content_dir)
    join(email="anna@example.org", channels=("email",))
    _forget()
    clock.advance(hours=1)  # nobody sent it for an hour: status says how to send
    assert main(["--lang", "en", "admin", "status"]) == 1
    out = capsys.readouterr().out
    assert "outbox: 1 queued, 0 failed (channels: email)" in out
    assert "run kiosk admin send-outbox" in out
    _forget()
    assert main(["--lang", "en", "admin", "send-outbox"]) == 0
    assert "1 sent, 0 to retry later, 0 failed." in capsys.readouterr().out
    assert [r.rcpt for r in smtp.mailbox.received] == [["anna@example.org"]]
    _forget()
    assert main(["--lang", "en", "admin", "status"]) == 0
    assert "outbox: 0 queued, 0 failed" in capsys.readouterr().out
    _forget()
    open_database(url)
    assert [m.state for m in messages()] == ["sent"]


def test_send_outbox_without_channels_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{tmp_path / 'kiosk.db'}")
    assert main(["--lang", "en", "admin", "send-outbox"]) == 2
    assert "no message channel configured" in capsys.readouterr().err
