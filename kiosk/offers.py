"""Seat offers that expire (pretix's waiting-list model): offer, answer, expire, pass on.

A freed seat is offered to the first entry still 'waiting' (by join order); the offer holds
until `offer_expires_at` (the list's `offer_hours` later). When the family enrols, the seat is
taken. When the offer ends without a yes (declined, expired, cancelled, removed), the seat is
passed to the next waiting entry in the same transaction if the kiosk passes seats on
automatically (setting KIOSK_OFFER_AUTO, default true), else staff offer it again by hand.

Exactly once: every offer, expiry and pass-on runs in one transaction that holds the list's
lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the list row FOR UPDATE with a lock timeout, as
the join does), and changes an entry only if it still has the status it was read with. Two
kiosks, or a kiosk and the timer (`kiosk admin expire-offers`), never offer one seat twice nor
expire one offer twice.

Positions: an entry holding an offer is still in line (statuses.ACTIVE), so it keeps its place
and everybody's position is unchanged until it answers or its offer expires.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import peewee as pw

from kiosk.clock import utcnow
from kiosk.dbcall import guarded
from kiosk.models import Waitlist, WaitlistEntry, database
from kiosk.notify import outbox
from kiosk.statuses import EntryStatus
from kiosk.waitlist import _audit, _lock_list

log = logging.getLogger(__name__)

# The status an offered entry leaves for, when the seat is free again for the next one.
FREES_SEAT = frozenset(
    {
        EntryStatus.DECLINED,
        EntryStatus.REMOVED,
        EntryStatus.CANCELLED,
        EntryStatus.OFFER_EXPIRED,
    }
)
SWEEP_LISTS = 200  # lists with due offers handled per sweep; the next sweep takes the rest


@dataclass(frozen=True)
class Offer:
    """A seat offered to one entry; `expires_at` is naive UTC, as stored."""

    entry_id: int
    waitlist_id: int
    code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class SweepReport:
    """What one expiry sweep did: offers expired, and seats passed on to the next in line."""

    expired: int = 0
    offered: int = 0


def _notify_offer(entry: WaitlistEntry, offered_at: dt.datetime, until: dt.datetime) -> None:
    """Queue the 'offer' message in the offer's own transaction (a transactional outbox: an
    error here rolls the offer back with it), for the channels the family opted into,
    idempotent per offer (ref = the offer's time)."""
    outbox.enqueue(
        entry.id,
        "offer",
        params={"until": until.isoformat()},
        ref=offered_at.isoformat(),
        now=offered_at,
    )


def _first_waiting(waitlist_id: int) -> WaitlistEntry | None:
    found: WaitlistEntry | None = (
        WaitlistEntry.select()
        .where(
            WaitlistEntry.waitlist == waitlist_id,
            WaitlistEntry.status == EntryStatus.WAITING,
        )
        .order_by(WaitlistEntry.seq)
        .first()
    )
    return found


def offer_locked(
    waitlist: Waitlist, *, now: dt.datetime, actor: str, kiosk_id: str, after: int | None = None
) -> Offer | None:
    """Offer a seat to the first waiting entry of `waitlist`, whose lock the caller holds.

    `after` is the entry whose offer ended (pass-on), for the audit trail. None if nobody
    waits. The caller's transaction commits the offer, the audit row and the message."""
    row = _first_waiting(waitlist.id)
    if row is None:
        return None
    until = now + dt.timedelta(hours=int(waitlist.offer_hours))
    changed = (
        WaitlistEntry.update(
            status=EntryStatus.OFFERED, offered_at=now, offer_expires_at=until, updated_at=now
        )
        .where(WaitlistEntry.id == row.id, WaitlistEntry.status == EntryStatus.WAITING)
        .execute()
    )
    if not changed:  # cannot happen under the list lock; never offer on a stale read
        raise RuntimeError(f"entry {row.id} changed under the list lock")
    passed = f" after:entry:{after}" if after is not None else ""
    _audit(
        kiosk_id,
        "waitlist_offer",
        f"entry:{row.id}",
        f"status waiting->offered until:{until:%Y-%m-%dT%H:%M}{passed}",
        actor=actor,
        at=now,
    )
    _notify_offer(row, now, until)
    return Offer(entry_id=row.id, waitlist_id=waitlist.id, code=row.code, expires_at=until)


@guarded
def offer_next(
    waitlist_id: int, *, kiosk_id: str, actor: str, now: dt.datetime | None = None
) -> Offer | None:
    """A seat is free: offer it to the first waiting entry (None if nobody waits)."""
    now = now or utcnow()
    with database.atomic():
        if not Waitlist.select().where(Waitlist.id == waitlist_id).exists():
            raise LookupError(f"no waitlist {waitlist_id}")
        return offer_locked(_lock_list(waitlist_id), now=now, actor=actor, kiosk_id=kiosk_id)


def pass_on(
    entry: WaitlistEntry, *, new: str, auto: bool, now: dt.datetime, actor: str, kiosk_id: str
) -> Offer | None:
    """After `entry` left OFFERED for `new` (inside the caller's transaction, list locked):
    the seat goes to the next waiting entry when it is free again and `auto` is on."""
    if not auto or new not in FREES_SEAT:
        return None
    waitlist = Waitlist.get_by_id(entry.waitlist_id)
    return offer_locked(waitlist, now=now, actor=actor, kiosk_id=kiosk_id, after=entry.id)


def _expire_list(
    waitlist_id: int, now: dt.datetime, *, auto: bool, actor: str, kiosk_id: str
) -> SweepReport:
    expired = offered = 0
    with database.atomic():
        _lock_list(waitlist_id)
        due = (
            WaitlistEntry.select()
            .where(
                WaitlistEntry.waitlist == waitlist_id,
                WaitlistEntry.status == EntryStatus.OFFERED,
                WaitlistEntry.offer_expires_at <= now,
            )
            .order_by(WaitlistEntry.offer_expires_at, WaitlistEntry.seq)
        )
        for row in list(due):
            changed = (
                WaitlistEntry.update(status=EntryStatus.OFFER_EXPIRED, updated_at=now)
                .where(WaitlistEntry.id == row.id, WaitlistEntry.status == EntryStatus.OFFERED)
                .execute()
            )
            if not changed:
                continue
            expired += 1
            _audit(
                kiosk_id,
                "waitlist_offer_expired",
                f"entry:{row.id}",
                "status offered->offer_expired",
                actor=actor,
                at=now,
            )
            new = pass_on(
                row,
                new=EntryStatus.OFFER_EXPIRED,
                auto=auto,
                now=now,
                actor=actor,
                kiosk_id=kiosk_id,
            )
            offered += new is not None
    return SweepReport(expired=expired, offered=offered)


@guarded
def expire_offers(
    now: dt.datetime | None = None,
    *,
    auto: bool = True,
    actor: str = "system",
    kiosk_id: str = "",
) -> SweepReport:
    """Expire every offer whose time has passed; with `auto`, pass each seat on at once.

    Cheap when there is nothing to do (one indexed query), so kiosks run it every minute.
    One transaction per list: a sweep that fails half-way leaves whole lists done or not."""
    now = now or utcnow()
    due = (
        WaitlistEntry.select(WaitlistEntry.waitlist)
        .where(
            WaitlistEntry.status == EntryStatus.OFFERED,
            WaitlistEntry.offer_expires_at <= now,
        )
        .distinct()
        .limit(SWEEP_LISTS)
    )
    list_ids = {row.waitlist_id for row in due}
    expired = offered = 0
    for waitlist_id in sorted(list_ids):
        report = _expire_list(waitlist_id, now, auto=auto, actor=actor, kiosk_id=kiosk_id)
        expired += report.expired
        offered += report.offered
    if expired:
        log.info("offers: %d expired, %d passed on", expired, offered)
    return SweepReport(expired=expired, offered=offered)


def open_offers() -> pw.ModelSelect[WaitlistEntry]:
    """Entries holding an offer now (for counts and status)."""
    return WaitlistEntry.select().where(WaitlistEntry.status == EntryStatus.OFFERED)
