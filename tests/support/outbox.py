"""Helpers of the outbox tests: a database with the bundled lists, joins that opt in, clocks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.models import OutboxMessage, WaitlistEntry, migrate, open_database
from kiosk.notify.settings import NotifySettings, SmsSettings, SmtpSettings
from kiosk.sync import sync_directory
from kiosk.waitlist import JoinForm, JoinResult, join_waitlist
from tests.support.clock import freeze_clock

BIRTH = "percorso-nascita"  # name, contact, note
KIOSK = "cpf-test"
SENDER = "cpf@example.org"


def open_lists(url: str, content_dir: Path) -> None:
    """Open a migrated database at `url` and publish the bundled content into it."""
    open_database(url)
    migrate()
    sync_directory(content_dir)


def smtp_settings(port: int, **more: object) -> NotifySettings:
    smtp = SmtpSettings(
        host="127.0.0.1", port=port, security="none", user="", password="", sender=SENDER
    )
    return NotifySettings(smtp=smtp, **more)  # type: ignore[arg-type]


def sms_settings(url: str, **more: object) -> SmsSettings:
    return SmsSettings(url=url, token="tok-123", sender="CPF Lucca", timeout=5, **more)  # type: ignore[arg-type]


def join(
    *,
    name: str = "Anna",
    email: str = "",
    phone: str = "",
    lang: str = "it",
    notify: bool = True,
    channels: tuple[str, ...] = ("email", "sms"),
    slug: str = BIRTH,
) -> JoinResult:
    return join_waitlist(
        slug,
        JoinForm(name=name, email=email, phone=phone, notify=notify),
        kiosk_id=KIOSK,
        lang=lang,
        channels=channels,
    )


def messages() -> list[OutboxMessage]:
    return list(OutboxMessage.select().order_by(OutboxMessage.id))


def entry_of(code: str) -> WaitlistEntry:
    return WaitlistEntry.get(WaitlistEntry.code == code)


# A Monday after the day the bundled content's sources were read (a source read "in the
# future" is refused by the checker).
NOW = dt.datetime(2026, 12, 7, 10, 0)


class Clock:
    """The centre's clock, stopped; `advance` moves it (no sleeping)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: dt.datetime = NOW) -> None:
        self.monkeypatch = monkeypatch
        self.local = start
        freeze_clock(monkeypatch, start)

    def advance(self, **delta: float) -> None:
        self.local += dt.timedelta(**delta)
        freeze_clock(self.monkeypatch, self.local)
