"""The transactional outbox: enqueue in the caller's transaction, claim, mark, staff views."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import peewee as pw

from kiosk.clock import to_local, utcnow
from kiosk.models import OutboxMessage, WaitlistEntry, database, is_sqlite
from kiosk.staff.audit import record_audit, staff_actor
from kiosk.staff.query import rows

log = logging.getLogger(__name__)

KINDS = ("confirmation", "offer", "reminder", "cancellation")
CHANNELS = ("email", "sms")
QUEUED, SENT, FAILED = "queued", "sent", "failed"
LEASE = dt.timedelta(minutes=5)  # a claim lapses after this: another worker may send it
LEASE_MARGIN = dt.timedelta(minutes=2)  # a send is not started this close to the lease's end
BACKOFF_FIRST = dt.timedelta(minutes=1)
BACKOFF_MAX = dt.timedelta(hours=6)
FAILED_RECENT = dt.timedelta(days=7)  # failures this recent are a health problem
STALE = dt.timedelta(minutes=30)  # due this long and still queued: nobody is sending


@dataclass(frozen=True)
class OutboxItem:
    """One message as staff see it (no recipient: that is on the entry); times local."""

    id: int
    entry_id: int
    kind: str
    channel: str
    lang: str
    state: str  # queued | sent | failed
    tries: int
    last_error: str
    created_at: dt.datetime
    next_try_at: dt.datetime | None  # None once sent or failed
    sent_at: dt.datetime | None


@dataclass(frozen=True)
class OutboxCounts:
    queued: int
    failed: int
    failed_recent: int  # failed in the last FAILED_RECENT: what `kiosk admin status` flags
    stale: int = 0  # queued and due for longer than STALE: the worker is not running


@dataclass(frozen=True)
class Claimed:
    """A message a worker holds under its lease: what it needs to send it."""

    id: int
    entry_id: int
    kind: str
    channel: str
    lang: str
    key: str
    params: dict[str, object]
    tries: int  # including this one
    lease_until: dt.datetime


def message_key(entry: WaitlistEntry, kind: str, channel: str, ref: str = "") -> str:
    """The idempotency key: the same cause gives the same key (32 hex, no personal data)."""
    text = f"{entry.id}\x1f{entry.code}\x1f{entry.created_at}\x1f{kind}\x1f{channel}\x1f{ref}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def chosen_channels(entry: WaitlistEntry) -> tuple[str, ...]:
    return tuple(c for c in entry.notify_channels.split(",") if c in CHANNELS)


def enqueue(
    entry: WaitlistEntry | int,
    kind: str,
    *,
    params: Mapping[str, object] | None = None,
    ref: str = "",
    channels: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> list[int]:
    """Queue `kind` for an entry on each channel it opted into; call it INSIDE the transaction
    of the change that causes the message (join, cancel, offer), so both commit or neither.

    `params` are the text's values known now and not personal (position, offer deadline as
    ISO text, event start); `ref` tells apart two messages of one kind for one entry (e.g. the
    offer's time): the same (entry, kind, channel, ref) is queued once. `channels` narrows the
    entry's choice. Returns the ids queued now (empty when it did not opt in).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown message kind {kind!r}")
    row = entry if isinstance(entry, WaitlistEntry) else WaitlistEntry.get_by_id(entry)
    wanted = chosen_channels(row)
    if channels is not None:
        wanted = tuple(c for c in wanted if c in set(channels))
    now = now or utcnow()
    ids = []
    for channel in wanted:
        key = message_key(row, kind, channel, ref)
        inserted = (
            OutboxMessage.insert(
                entry=row.id,
                kind=kind,
                channel=channel,
                lang=row.lang or "it",
                key=key,
                params=json.dumps(dict(params or {}), sort_keys=True, default=str),
                state=QUEUED,
                next_try_at=now,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_ignore()
            .as_rowcount()  # 0 when the key was there: SQLite's lastrowid would not tell
            .execute()
        )
        if inserted:
            ids.append(int(OutboxMessage.get(OutboxMessage.key == key).id))
    return ids


def backoff(tries: int) -> dt.timedelta:
    """Wait before try `tries` + 1: 1, 2, 4 … minutes, at most BACKOFF_MAX."""
    wait: dt.timedelta = BACKOFF_FIRST * (2 ** min(max(0, tries - 1), 20))
    return min(BACKOFF_MAX, wait)


def claim(
    worker_id: str,
    *,
    channels: Iterable[str],
    limit: int = 10,
    now: dt.datetime | None = None,
) -> list[Claimed]:
    """Take up to `limit` due messages for this worker, atomically, under a lease.

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint rows.
    SQLite: the transaction is BEGIN IMMEDIATE (the database's lock type), so claims are
    serialised. Either way the UPDATE re-checks the lease: a row is never held by two."""
    now = now or utcnow()
    names = list(channels)
    if not names:
        return []
    lease_until = now + LEASE
    free = OutboxMessage.lease_until.is_null(True) | (OutboxMessage.lease_until < now)
    due = (
        (OutboxMessage.state == QUEUED)
        & (OutboxMessage.next_try_at <= now)
        & OutboxMessage.channel.in_(names)
        & free
    )
    with database.atomic():
        query = (
            OutboxMessage.select()
            .where(due)
            .order_by(OutboxMessage.next_try_at, OutboxMessage.id)
            .limit(limit)
        )
        if not is_sqlite():
            query = query.for_update(skip_locked=True)
        rows = list(query)
        claimed = []
        for row in rows:
            taken = (
                OutboxMessage.update(
                    lease_until=lease_until,
                    claimed_by=worker_id[:64],
                    tries=OutboxMessage.tries + 1,
                    updated_at=now,
                )
                .where(OutboxMessage.id == row.id, due)
                .execute()
            )
            if taken:
                claimed.append(
                    Claimed(
                        id=row.id,
                        entry_id=row.entry_id,
                        kind=row.kind,
                        channel=row.channel,
                        lang=row.lang,
                        key=row.key,
                        params=json.loads(row.params or "{}"),
                        tries=row.tries + 1,
                        lease_until=lease_until,
                    )
                )
    return claimed


def _mine(message: Claimed, worker_id: str) -> pw.Expression:
    return (
        (OutboxMessage.id == message.id)
        & (OutboxMessage.claimed_by == worker_id[:64])
        & (OutboxMessage.lease_until == message.lease_until)
        & (OutboxMessage.state == QUEUED)
    )


def mark_sent(message: Claimed, worker_id: str, *, now: dt.datetime | None = None) -> bool:
    """Record the delivery; False if the lease had lapsed and another worker holds it."""
    now = now or utcnow()
    with database.atomic():
        done = (
            OutboxMessage.update(
                state=SENT, sent_at=now, updated_at=now, lease_until=None, last_error=""
            )
            .where(_mine(message, worker_id))
            .execute()
        )
    if not done:
        log.warning("outbox message %d: lease lapsed before it was marked sent", message.id)
    return bool(done)


def mark_failed(
    message: Claimed,
    worker_id: str,
    error: str,
    *,
    permanent: bool,
    max_tries: int,
    now: dt.datetime | None = None,
) -> str:
    """Record a failed try: queued again after the backoff, or failed for good. Returns the
    new state ('' when the lease had lapsed). `error` must carry no personal data."""
    now = now or utcnow()
    final = permanent or message.tries >= max_tries
    values: dict[pw.Field, object] = {
        OutboxMessage.last_error: error[:200],
        OutboxMessage.updated_at: now,
        OutboxMessage.lease_until: None,
    }
    if final:
        values[OutboxMessage.state] = FAILED
    else:
        values[OutboxMessage.next_try_at] = now + backoff(message.tries)
    with database.atomic():
        done = OutboxMessage.update(values).where(_mine(message, worker_id)).execute()
    return (FAILED if final else QUEUED) if done else ""


def drop(message: Claimed, worker_id: str, reason: str, *, now: dt.datetime | None = None) -> None:
    """Fail a message that can no longer be sent (the contact was removed): no retries."""
    now = now or utcnow()
    with database.atomic():
        OutboxMessage.update(
            state=FAILED, last_error=reason[:200], updated_at=now, lease_until=None
        ).where(_mine(message, worker_id)).execute()


# ---------------------------------------------------------------- staff


def _item(row: OutboxMessage) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        entry_id=row.entry_id,
        kind=row.kind,
        channel=row.channel,
        lang=row.lang,
        state=row.state,
        tries=row.tries,
        last_error=row.last_error,
        created_at=to_local(row.created_at),
        next_try_at=to_local(row.next_try_at) if row.state == QUEUED else None,
        sent_at=to_local(row.sent_at) if row.sent_at else None,
    )


def entry_messages(entry_id: int) -> list[OutboxItem]:
    """What was sent, is queued or failed for one entry, oldest first."""
    rows = (
        OutboxMessage.select()
        .where(OutboxMessage.entry == entry_id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return [_item(r) for r in rows]


def resend(
    message_id: int, *, kiosk_id: str, actor: str | None = None, now: dt.datetime | None = None
) -> OutboxItem:
    """Staff's 'Reinvia'. A failed message is queued again as it was (it never arrived, so its
    key stays); a sent one is queued as a new message with a new key (a reader would hide a
    copy with the same Message-ID). A queued one is made due now. Raises LookupError."""
    now = now or utcnow()
    with database.atomic():
        row = OutboxMessage.get_or_none(OutboxMessage.id == message_id)
        if row is None:
            raise LookupError(f"no message {message_id}")
        record_audit(
            "outbox_resend",
            actor=actor or staff_actor(kiosk_id),
            kiosk_id=kiosk_id,
            target=f"entry:{row.entry_id}",
            detail=f"message:{row.id} {row.kind} {row.channel} was {row.state}",
            at=now,
        )
        if row.state == SENT:
            entry = WaitlistEntry.get_by_id(row.entry_id)
            key = message_key(entry, row.kind, row.channel, f"resend {now.isoformat()}")
            new = OutboxMessage.create(
                entry=row.entry_id,
                kind=row.kind,
                channel=row.channel,
                lang=row.lang,
                key=key,
                params=row.params,
                next_try_at=now,
                created_at=now,
                updated_at=now,
            )
            return _item(new)
        # A queued one is only made due now: a worker holding it keeps its lease.
        again = {"state": QUEUED, "tries": 0, "lease_until": None}
        values = again if row.state == FAILED else {}
        OutboxMessage.update(next_try_at=now, updated_at=now, **values).where(
            OutboxMessage.id == row.id
        ).execute()
        return _item(OutboxMessage.get_by_id(row.id))


def outbox_counts(now: dt.datetime | None = None) -> OutboxCounts:
    """Queued and failed messages (all, and failed in the last FAILED_RECENT)."""
    now = now or utcnow()
    query = OutboxMessage.select(OutboxMessage.state, pw.fn.COUNT(OutboxMessage.id)).group_by(
        OutboxMessage.state
    )
    counts = {str(state): int(count) for state, count in rows(query)}
    recent = (
        OutboxMessage.select()
        .where(OutboxMessage.state == FAILED, OutboxMessage.updated_at >= now - FAILED_RECENT)
        .count()
    )
    stale = (
        OutboxMessage.select()
        .where(OutboxMessage.state == QUEUED, OutboxMessage.next_try_at < now - STALE)
        .count()
    )
    return OutboxCounts(
        queued=int(counts.get(QUEUED, 0)),
        failed=int(counts.get(FAILED, 0)),
        failed_recent=recent,
        stale=stale,
    )
