"""Messages to families over a real SMTP server (aiosmtpd on 127.0.0.1): text, language,
a server that is down, and a crash between sending and marking sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.notify import outbox, worker
from kiosk.notify.worker import deliver_all
from tests.support.mailbox import SmtpServer
from tests.support.outbox import Clock, entry_of, join, messages, open_lists, smtp_settings


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lists(sqlite_url: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(monkeypatch)
    open_lists(sqlite_url, content_dir)
    return clock


def test_confirmation_arrives_in_the_visitors_language(lists: Clock, smtp: SmtpServer) -> None:
    english = join(name="Jane", email="jane@example.org", lang="en", channels=("email",))
    italian = join(name="Lia", email="lia@example.org", lang="it", channels=("email",))
    report = deliver_all(smtp_settings(smtp.port))
    assert (report.sent, report.retried, report.failed) == (2, 0, 0)
    by_rcpt = {r.rcpt[0]: r for r in smtp.mailbox.received}
    assert set(by_rcpt) == {"jane@example.org", "lia@example.org"}
    jane, lia = by_rcpt["jane@example.org"], by_rcpt["lia@example.org"]
    assert jane.message["Subject"] == "You are on the waiting list: Birth pathway"
    assert jane.message["Content-Language"] == "en"
    assert f"Your code: {english.code}" in jane.body
    assert "Place in line: 1" in jane.body
    assert "“I have a code”" in jane.body
    assert lia.message["Subject"] == "Sei nella lista d'attesa: Percorso nascita"
    assert f"Il tuo codice: {italian.code}" in lia.body
    assert "Posizione in lista: 2" in lia.body
    # Nobody else's data, not even the visitor's own name: only list, code, place.
    assert "Jane" not in jane.body and "Lia" not in lia.body and english.code not in lia.body
    assert {m.state for m in messages()} == {"sent"}


def test_no_opt_in_no_message(lists: Clock, smtp: SmtpServer) -> None:
    join(email="nobody@example.org", notify=False)
    assert messages() == []
    assert deliver_all(smtp_settings(smtp.port)).sent == 0
    assert smtp.mailbox.received == []


def test_server_down_loses_nothing_and_delivers_once_when_back(
    lists: Clock, smtp: SmtpServer
) -> None:
    smtp.stop()
    result = join(email="anna@example.org", channels=("email",))  # the join does not wait
    assert result.code and entry_of(result.code).notify_channels == "email"
    settings = smtp_settings(smtp.port)
    report = deliver_all(settings)
    assert (report.sent, report.retried) == (0, 1)
    [row] = messages()
    assert (row.state, row.tries) == ("queued", 1)
    assert "anna" not in row.last_error and row.last_error.startswith("mail server")
    smtp.start()
    assert deliver_all(settings).sent == 0  # not due before its backoff (1 minute)
    lists.advance(minutes=1)
    assert deliver_all(settings).sent == 1
    lists.advance(hours=1)
    assert deliver_all(settings).sent == 0
    assert [r.rcpt for r in smtp.mailbox.received] == [["anna@example.org"]]
    assert messages()[0].state == "sent"


class Crash(BaseException):
    """The process dies: nothing after this point runs."""


def test_crash_between_send_and_mark_is_seen_once(
    lists: Clock, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = join(email="anna@example.org", channels=("email",))
    settings = smtp_settings(smtp.port)

    def crash(*args: object, **kwargs: object) -> bool:
        raise Crash

    with monkeypatch.context() as patch:
        patch.setattr(outbox, "mark_sent", crash)
        with pytest.raises(Crash):
            deliver_all(settings, worker_id="dead")
    assert len(smtp.mailbox.received) == 1  # the server had it; the outbox does not know
    [row] = messages()
    assert row.state == "queued" and row.lease_until is not None
    assert deliver_all(settings).sent == 0  # still leased to the dead worker
    lists.advance(seconds=outbox.LEASE.total_seconds() + 1)
    assert deliver_all(settings).sent == 1  # sent again, with the same Message-ID
    first, second = smtp.mailbox.received
    assert first.message["Message-ID"] == second.message["Message-ID"]
    assert first.body == second.body
    # What the family sees: a reader hides a message whose Message-ID it already has.
    [seen] = smtp.mailbox.seen_by_reader()
    assert result.code in seen.body
    assert messages()[0].state == "sent"
    assert worker.deliver_all(settings).sent == 0


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_with_the_password_from_a_systemd_credential(
    lists: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.config import load_settings

    server = SmtpServer(login=("cpf", "s3cret pass"))
    server.start()
    try:
        creds = tmp_path / "credentials"
        creds.mkdir()
        (creds / "smtp-password").write_text("s3cret pass\n", encoding="utf-8")
        env = {
            "KIOSK_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
            "KIOSK_SMTP_HOST": "127.0.0.1",
            "KIOSK_SMTP_PORT": str(server.port),
            "KIOSK_SMTP_SECURITY": "none",
            "KIOSK_SMTP_USER": "cpf",
            "KIOSK_SMTP_SENDER": "cpf@example.org",
            "CREDENTIALS_DIRECTORY": str(creds),
        }
        join(email="anna@example.org", channels=("email",))
        wrong = load_settings({**env, "KIOSK_SMTP_PASSWORD": "not it"}).notify
        assert deliver_all(wrong).retried == 1  # the operator fixes the password: retried
        assert messages()[0].last_error == "SMTPAuthenticationError 535"
        assert server.mailbox.received == []
        lists.advance(minutes=1)
        assert deliver_all(load_settings(env).notify).sent == 1  # the credential file's password
        assert [r.rcpt for r in server.mailbox.received] == [["anna@example.org"]]
    finally:
        server.stop()
