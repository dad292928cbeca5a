"""The outbox worker: claim due messages, send them, record the outcome; as a thread or a run."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kiosk.clock import utcnow
from kiosk.dbcall import database_guard
from kiosk.models import WaitlistEntry
from kiosk.notify import outbox
from kiosk.notify.channels import Channel, Outgoing, SendError
from kiosk.notify.email import EmailChannel
from kiosk.notify.messages import render
from kiosk.notify.reminders import queue_reminders
from kiosk.notify.settings import NotifySettings
from kiosk.notify.sms import SmsChannel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def __add__(self, other: DeliveryReport) -> DeliveryReport:
        return DeliveryReport(
            self.sent + other.sent, self.retried + other.retried, self.failed + other.failed
        )


def configured_channels(settings: NotifySettings) -> dict[str, Channel]:
    """The channels these settings configure, by name."""
    channels: dict[str, Channel] = {}
    if settings.smtp is not None:
        channels["email"] = EmailChannel(settings.smtp)
    if settings.sms is not None:
        channels["sms"] = SmsChannel(settings.sms)
    return channels


def new_worker_id() -> str:
    """Names this worker in claims: host, process and a random part (no two alike)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _recipient(entry: WaitlistEntry, channel: str) -> str:
    return str(entry.email if channel == "email" else entry.phone)


def deliver_due(
    settings: NotifySettings,
    *,
    channels: Mapping[str, Channel] | None = None,
    worker_id: str | None = None,
    limit: int = 10,
    now: Callable[[], dt.datetime] = utcnow,
) -> DeliveryReport:
    """Send one batch of due messages: claim (committed), send each, mark each.

    At least once: a crash after a channel accepted a message and before it is marked sent
    leaves it claimed; when the lease lapses another run sends it again with the same key
    (SMTP Message-ID, the gateway's idempotency key), so the reader or the gateway drops the
    copy. A channel that ignores the key may deliver that message twice; nothing is lost.
    """
    channels = configured_channels(settings) if channels is None else channels
    worker_id = worker_id or new_worker_id()
    report = DeliveryReport()
    with database_guard():
        claimed = outbox.claim(worker_id, channels=channels, limit=limit, now=now())
    for message in claimed:
        report += _deliver(message, channels[message.channel], settings, worker_id, now)
    return report


def _deliver(
    message: outbox.Claimed,
    channel: Channel,
    settings: NotifySettings,
    worker_id: str,
    now: Callable[[], dt.datetime],
) -> DeliveryReport:
    if now() >= message.lease_until - outbox.LEASE_MARGIN:
        # Slow servers ate the batch's time: leave it to lapse and be claimed again, rather
        # than send while another worker may already be taking it.
        return DeliveryReport()
    with database_guard():
        entry = WaitlistEntry.get_or_none(WaitlistEntry.id == message.entry_id)
        if entry is None:  # erased between claim and send: the row went with it
            return DeliveryReport()
        to = _recipient(entry, message.channel)
        if not to or message.channel not in entry.notify_channels.split(","):
            outbox.drop(message, worker_id, "no contact for this channel any more", now=now())
            return DeliveryReport(failed=1)
        text = render(message.kind, message.channel, message.lang, entry, message.params)
    outgoing = Outgoing(
        key=message.key, to=to, subject=text.subject, body=text.body, lang=text.lang
    )
    try:
        channel.send(outgoing)
    except SendError as exc:
        with database_guard():
            state = outbox.mark_failed(
                message,
                worker_id,
                exc.detail,
                permanent=exc.permanent,
                max_tries=settings.max_tries,
                now=now(),
            )
        log.warning(
            "outbox message %d (%s, %s) try %d: %s -> %s",
            message.id,
            message.kind,
            message.channel,
            message.tries,
            exc.detail,
            state or "lease lapsed",
        )
        return DeliveryReport(failed=1) if state == outbox.FAILED else DeliveryReport(retried=1)
    with database_guard():
        outbox.mark_sent(message, worker_id, now=now())
    log.info("outbox message %d (%s, %s) sent", message.id, message.kind, message.channel)
    return DeliveryReport(sent=1)


def deliver_all(
    settings: NotifySettings,
    *,
    channels: Mapping[str, Channel] | None = None,
    worker_id: str | None = None,
    now: Callable[[], dt.datetime] = utcnow,
) -> DeliveryReport:
    """Batches until nothing is due (what `kiosk admin send-outbox` runs)."""
    total = DeliveryReport()
    worker_id = worker_id or new_worker_id()
    with database_guard():
        queue_reminders(now())  # tomorrow's events: queued once, whoever runs this first
    while True:
        batch = deliver_due(settings, channels=channels, worker_id=worker_id, now=now)
        total += batch
        if not (batch.sent or batch.retried or batch.failed):
            return total


class OutboxWorker:
    """A daemon thread that sends due messages every `poll_seconds` (and when woken).

    The UI never waits on it: joins only write the outbox row; this thread does the network."""

    def __init__(self, settings: NotifySettings) -> None:
        self.settings = settings
        self.worker_id = new_worker_id()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Look for due messages now (e.g. right after a join)."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                deliver_all(self.settings, worker_id=self.worker_id)
            except Exception:  # database down, a bug: try again at the next round
                log.warning("outbox round failed; retrying in %d s", self.settings.poll_seconds)
            self._wake.wait(self.settings.poll_seconds)
            self._wake.clear()
