"""Two outbox workers at once, on SQLite and PostgreSQL: they never send the same message."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk.models import database
from kiosk.notify.channels import Outgoing
from kiosk.notify.worker import deliver_all
from kiosk.sync import sync_directory
from tests.support.outbox import Clock, join, messages, smtp_settings

MESSAGES = 24


class RecordingChannel:
    """Records each send; the first send of each worker waits until both are sending, so the
    two hold claims at the same moment."""

    name = "email"

    def __init__(self, workers: int) -> None:
        self.sent: list[tuple[str, str]] = []  # (worker thread, key)
        self.lock = threading.Lock()
        self.together = threading.Barrier(workers, timeout=30)
        self.first: set[str] = set()

    def send(self, message: Outgoing) -> None:
        me = threading.current_thread().name
        with self.lock:
            first = me not in self.first
            self.first.add(me)
        if first:
            self.together.wait()
        with self.lock:
            self.sent.append((me, message.key))


@pytest.fixture
def lists(db: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Clock:
    sync_directory(content_dir)  # today: the sources were read before it
    clock = Clock(monkeypatch)
    return clock


def test_two_workers_send_each_message_once(lists: Clock) -> None:
    for n in range(MESSAGES):
        join(name=f"Persona {n}", email=f"p{n}@example.org", channels=("email",))
        lists.advance(seconds=11)  # under the kiosk's join limit (6 a minute)
    channel = RecordingChannel(2)
    errors: list[BaseException] = []
    start = threading.Barrier(2, timeout=30)

    def work() -> None:
        try:
            start.wait()
            deliver_all(smtp_settings(1), channels={"email": channel})
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=work, name=f"worker-{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    keys = [key for _, key in channel.sent]
    assert len(keys) == len(set(keys)) == MESSAGES
    assert {who for who, _ in channel.sent} == {"worker-0", "worker-1"}  # both took a share
    rows = messages()
    assert {r.state for r in rows} == {"sent"} and {r.tries for r in rows} == {1}
