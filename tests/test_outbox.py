"""The outbox on SQLite and PostgreSQL: written with the change that causes it, or not at all;
cancellations; erase and purge take the messages along; resend; counts and health."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from kiosk.cli_text import render
from kiosk.config import load_settings
from kiosk.models import AuditLog, OutboxMessage, WaitlistEntry
from kiosk.notify import outbox
from kiosk.staff import gdpr, waitlists
from kiosk.staff.status import system_status
from kiosk.sync import sync_directory
from kiosk.waitlist import JoinError, purge_expired
from kiosk.waitlist import outbox as waitlist_outbox
from kiosk.waitlist_tickets import cancel_ticket
from tests.support.outbox import KIOSK, Clock, entry_of, join, messages


def english(lines: list[str]) -> list[str]:
    return [render(line, "en") for line in lines]


@pytest.fixture
def lists(db: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Clock:
    sync_directory(content_dir)  # today: the sources were read before it
    clock = Clock(monkeypatch)
    return clock


def test_join_that_opts_in_queues_one_confirmation_per_channel(lists: Clock) -> None:
    result = join(phone="333 123 4567", email="anna@example.org", lang="en")
    entry = entry_of(result.code)
    assert (entry.notify_channels, entry.lang) == ("email,sms", "en")
    rows = messages()
    assert sorted((m.kind, m.channel, m.lang, m.state) for m in rows) == [
        ("confirmation", "email", "en", "queued"),
        ("confirmation", "sms", "en", "queued"),
    ]
    assert len({m.key for m in rows}) == 2
    # The outbox holds no personal data: the recipient is read from the entry when sending.
    for row in rows:
        stored = " ".join(str(v) for v in row.__data__.values())
        assert "anna" not in stored and "3331234567" not in stored


def test_unticked_or_unconfigured_means_nothing_queued(lists: Clock) -> None:
    join(email="a@example.org", notify=False)
    join(name="Bea", email="b@example.org", notify=False, channels=())
    assert messages() == []
    assert {e.notify_channels for e in WaitlistEntry.select()} == {""}


def test_ticked_without_a_reachable_contact_is_refused(lists: Clock) -> None:
    with pytest.raises(JoinError) as refused:
        join(email="a@example.org", channels=("sms",))
    assert refused.value.errors == {"notify": "notify_no_channel"}
    assert WaitlistEntry.select().count() == 0


def test_the_entry_and_its_message_commit_together(
    lists: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = outbox.enqueue

    def enqueue_then_fail(*args: object, **kwargs: object) -> list[int]:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("the join fails after queueing")

    monkeypatch.setattr(waitlist_outbox, "enqueue", enqueue_then_fail)
    with pytest.raises(RuntimeError):
        join(email="a@example.org")
    assert WaitlistEntry.select().count() == 0
    assert messages() == []


def test_already_registered_and_replays_queue_nothing_more(lists: Clock) -> None:
    join(email="a@example.org", channels=("email",))
    again = join(email="A@example.org", channels=("email",))
    assert again.already_registered
    assert len(messages()) == 1


def test_cancellation_by_the_visitor_and_by_staff(lists: Clock) -> None:
    mine = join(email="a@example.org", channels=("email",))
    cancel_ticket(mine.code, kiosk_id=KIOSK)
    cancel_ticket(mine.code, kiosk_id=KIOSK)  # already cancelled: no second message
    assert [m.kind for m in messages()] == ["confirmation", "cancellation"]
    theirs = join(name="Bea", email="b@example.org", channels=("email",))
    entry = entry_of(theirs.code)
    waitlists.set_status(entry.id, "called", kiosk_id=KIOSK)
    assert len(messages()) == 3  # a call is not a cancellation
    waitlists.set_status(entry.id, "removed", kiosk_id=KIOSK)
    lists.advance(minutes=5)
    waitlists.set_status(entry.id, "waiting", kiosk_id=KIOSK)  # a mistake, undone
    waitlists.set_status(entry.id, "removed", kiosk_id=KIOSK)
    kinds = [m.kind for m in messages() if m.entry_id == entry.id]
    assert kinds == ["confirmation", "cancellation", "cancellation"]
    silent = join(name="Cara", email="c@example.org", notify=False)
    cancel_ticket(silent.code, kiosk_id=KIOSK)
    assert len(messages()) == 5


def test_erase_and_purge_take_the_messages_along(lists: Clock) -> None:
    gone = join(email="a@example.org")
    kept = join(name="Bea", email="b@example.org")
    assert gdpr.erase_person("a@example.org", kiosk_id=KIOSK) == 1
    assert {m.entry_id for m in messages()} == {entry_of(kept.code).id}
    cancel_ticket(kept.code, kiosk_id=KIOSK)
    lists.advance(days=365)
    assert purge_expired() == 1
    assert messages() == []
    assert OutboxMessage.select().count() == 0
    assert gone.code and WaitlistEntry.select().count() == 0


def _claim_one() -> outbox.Claimed:
    [claimed] = outbox.claim("w1", channels=("email",), limit=1)
    return claimed


def test_resend_requeues_a_failed_one_and_copies_a_sent_one(lists: Clock) -> None:
    entry = entry_of(join(email="a@example.org", channels=("email",)).code)
    failed = _claim_one()
    outbox.mark_failed(failed, "w1", "mail server: X", permanent=True, max_tries=8)
    item = outbox.resend(failed.id, kiosk_id=KIOSK)
    assert (item.id, item.state, item.tries) == (failed.id, "queued", 0)
    sent = _claim_one()
    assert sent.key == failed.key  # never arrived: the same message again
    assert outbox.mark_sent(sent, "w1")
    lists.advance(minutes=1)
    copy = outbox.resend(sent.id, kiosk_id=KIOSK)
    assert copy.id != sent.id and copy.state == "queued"
    keys = [m.key for m in messages()]
    assert len(keys) == len(set(keys)) == 2
    assert [i.state for i in outbox.entry_messages(entry.id)] == ["sent", "queued"]
    assert AuditLog.select().where(AuditLog.action == "outbox_resend").count() == 2


def test_a_lapsed_lease_cannot_mark(lists: Clock) -> None:
    join(email="a@example.org", channels=("email",))
    first = _claim_one()
    lists.advance(seconds=outbox.LEASE.total_seconds() + 1)
    second = _claim_one()  # the first worker is presumed dead
    assert second.id == first.id and second.tries == 2
    assert not outbox.mark_sent(first, "w1")
    assert outbox.mark_sent(second, "w1")
    assert messages()[0].state == "sent"


def test_status_shows_the_outbox_and_flags_failures(
    lists: Clock, tmp_path: Path, content_dir: Path
) -> None:
    base = load_settings({"KIOSK_DATABASE_URL": "sqlite:///" + str(tmp_path / "x.db")})
    settings = dataclasses.replace(base, content_dir=content_dir)
    join(email="a@example.org", channels=("email",))
    join(name="Bea", email="b@example.org", channels=("email",))
    status = system_status(settings)
    assert "outbox: 2 queued, 0 failed (channels: none configured)" in english(status.lines())
    assert status.healthy
    lists.advance(hours=1)  # due for an hour and nobody sent them
    stale = system_status(settings)
    assert not stale.healthy and "waiting for more than 30 minutes" in english(stale.problems)[0]
    claimed = outbox.claim("w1", channels=("email",), limit=2)
    outbox.mark_sent(claimed[0], "w1")
    outbox.mark_failed(claimed[1], "w1", "recipient refused (550)", permanent=True, max_tries=8)
    failing = system_status(settings)
    assert failing.outbox_failed == 1 and not failing.healthy
    assert "1 message to families failed" in english(failing.problems)[0]
    lists.advance(days=8)  # an old failure stays counted, but is no longer an alarm
    assert system_status(settings).healthy
    assert system_status(settings).outbox_failed == 1


def test_settings_offer_only_configured_channels(tmp_path: Path) -> None:
    base = {"KIOSK_DATABASE_URL": "sqlite:///" + str(tmp_path / "x.db")}
    assert load_settings(base).notify.channels == ()
    creds = tmp_path / "creds"
    creds.mkdir()
    (creds / "smtp-password").write_text("s3cret\n")
    env = {
        **base,
        "KIOSK_SMTP_HOST": "mail.example.org",
        "KIOSK_SMTP_SENDER": "cpf@example.org",
        "CREDENTIALS_DIRECTORY": str(creds),
    }
    notify = load_settings(env).notify
    assert notify.channels == ("email",)
    assert notify.smtp is not None
    assert (notify.smtp.port, notify.smtp.security, notify.smtp.password) == (
        587,
        "starttls",
        "s3cret",
    )
    env["KIOSK_SMS_URL"] = "https://sms.example.org/send"
    env["KIOSK_SMS_FIELDS"] = '{"numero": "{to_digits}", "messaggio": "{text}"}'
    sms = load_settings(env).notify
    assert sms.channels == ("email", "sms")
    assert sms.sms is not None and dict(sms.sms.fields) == {
        "numero": "{to_digits}",
        "messaggio": "{text}",
    }
    assert dataclasses.replace(sms, smtp=None).channels == ("sms",)


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ({"KIOSK_SMTP_HOST": "mail.example.org"}, "KIOSK_SMTP_SENDER"),
        ({"KIOSK_SMS_URL": "sms.example.org"}, "KIOSK_SMS_URL"),
        ({"KIOSK_SMS_URL": "https://x.org", "KIOSK_SMS_FIELDS": '{"t": "{name}"}'}, "{name}"),
        ({"KIOSK_SMS_URL": "https://x.org", "KIOSK_SMS_BODY": "xml"}, "json, form"),
        ({"KIOSK_OUTBOX_WORKER": "maybe"}, "true or false"),
    ],
)
def test_bad_message_settings_are_named(tmp_path: Path, extra: dict[str, str], said: str) -> None:
    from kiosk.config import ConfigError

    with pytest.raises(ConfigError, match=None) as bad:
        load_settings({"KIOSK_DATABASE_URL": "sqlite:///" + str(tmp_path / "x.db"), **extra})
    assert said in render(bad.value.args[0], "en")  # `kiosk --lang en`


def test_backoff_doubles_up_to_six_hours() -> None:
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert outbox.backoff(40) == dt.timedelta(hours=6)


def test_enqueue_for_other_changes_is_idempotent_per_cause(lists: Clock) -> None:
    """What the seat offers (issue 14 §2) will call inside their own transaction."""
    from kiosk.models import database

    entry = entry_of(join(phone="3331234567", email="a@example.org").code)
    until = "2026-11-25T17:00:00"
    with database.atomic():
        first = outbox.enqueue(entry, "offer", params={"until": until}, ref="offer-1")
        again = outbox.enqueue(entry.id, "offer", params={"until": until}, ref="offer-1")
        sms_only = outbox.enqueue(entry, "offer", ref="offer-2", channels=("sms",))
    assert len(first) == 2 and again == [] and len(sms_only) == 1
    offers = [m for m in messages() if m.kind == "offer"]
    assert sorted(m.channel for m in offers) == ["email", "sms", "sms"]
    with pytest.raises(ValueError, match="unknown message kind"):
        outbox.enqueue(entry, "newsletter")


def test_a_slow_batch_leaves_the_rest_to_lapse_not_to_race(lists: Clock) -> None:
    """A server that takes 4 minutes per message: the second message of the batch is not
    started so close to its lease's end; it goes out, once, after the lease lapses."""
    from kiosk.notify.channels import Outgoing
    from kiosk.notify.worker import deliver_all
    from tests.support.outbox import smtp_settings

    sent: list[str] = []

    class SlowChannel:
        name = "email"

        def send(self, message: Outgoing) -> None:
            lists.advance(minutes=4)
            sent.append(message.to)

    join(email="a@example.org", channels=("email",))
    join(name="Bea", email="b@example.org", channels=("email",))
    report = deliver_all(smtp_settings(1), channels={"email": SlowChannel()})
    assert (report.sent, sent) == (1, ["a@example.org"])
    assert deliver_all(smtp_settings(1), channels={"email": SlowChannel()}).sent == 0
    lists.advance(minutes=2)  # the second message's lease has lapsed
    assert deliver_all(smtp_settings(1), channels={"email": SlowChannel()}).sent == 1
    assert sent == ["a@example.org", "b@example.org"]
    assert [m.tries for m in messages()] == [1, 2]
