"""The day-before reminder of an event, on SQLite and PostgreSQL: to the families who hold a
seat and asked for messages (not to a removed one), once per event day however many
workers run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kiosk.clock import to_utc
from kiosk.models import WaitlistEntry
from kiosk.notify.messages import render
from kiosk.notify.reminders import queue_reminders
from kiosk.staff import waitlists
from kiosk.sync import sync_directory
from kiosk.waitlist import JoinForm, join_waitlist
from tests.support.outbox import KIOSK, Clock, entry_of, messages

EVENT = """---
slug: incontro-genitori
title: "Incontro per genitori"
starts_at: "2026-12-08 16:30"
place: "Centro per le Famiglie"
summary: "Un incontro."
assured_date: 2026-12-01
assured_by: "test"
waitlist:
  open: true
  capacity: 3
  fields: [name, contact]
  retention_days: 30
---
Un incontro.
"""


@pytest.fixture
def event(db: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Clock:
    (content_dir / "events" / "incontro-genitori.md").write_text(EVENT, encoding="utf-8")
    sync_directory(content_dir)
    return Clock(monkeypatch)  # Monday 7 December 2026, 10:00: the event is tomorrow


def sign_up(name: str, email: str, *, notify: bool = True) -> str:
    result = join_waitlist(
        "incontro-genitori",
        JoinForm(name=name, email=email, notify=notify),
        kiosk_id=KIOSK,
        kind="event",
        channels=("email",),
    )
    assert result.code
    return result.code


def reminded() -> list[str]:
    return sorted(entry_of_id(m.entry_id) for m in messages() if m.kind == "reminder")


def entry_of_id(entry_id: int) -> str:
    return str(WaitlistEntry.get_by_id(entry_id).name)


def test_seat_holders_who_asked_are_reminded_once(event: Clock) -> None:
    first = sign_up("Anna", "anna@example.org")  # in line: an event's list holds its seats
    sign_up("Carla", "carla@example.org", notify=False)  # a seat, but no messages asked for
    dora = sign_up("Dora", "dora@example.org")
    waitlists.set_status(entry_of(dora).id, "enrolled", kiosk_id=KIOSK)  # staff confirmed
    waitlists.set_status(entry_of(sign_up("Eva", "eva@example.org")).id, "removed", kiosk_id=KIOSK)
    assert queue_reminders(to_utc(dt.datetime(2026, 12, 6, 9, 0))) == 0  # two days before
    assert queue_reminders() == 2
    assert reminded() == ["Anna", "Dora"]
    assert queue_reminders() == 0  # the kiosk's thread, the timer, another kiosk: no copy
    event.advance(hours=12)  # still the day before, in the evening
    assert queue_reminders() == 0 and reminded() == ["Anna", "Dora"]
    message = next(m for m in messages() if m.kind == "reminder")
    assert '"when": "2026-12-08T15:30:00"' in message.params  # 16:30 in Lucca, stored as UTC
    entry = WaitlistEntry.get_by_id(message.entry_id)
    text = render("reminder", "email", "it", entry, json.loads(message.params))
    assert "domani, 08/12/2026 16:30" in text.body and "Incontro per genitori" in text.body
    assert entry_of(first).status == "waiting"  # a reminder changes nobody's place
