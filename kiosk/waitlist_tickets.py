"""A family's ticket: its status and place by code, and cancelling it (idempotent). Wrong
codes slow the kiosk down: a stranger cannot try codes until one is someone's."""

from __future__ import annotations

import datetime as dt
import math

import peewee as pw

from kiosk.catalogue import FALLBACK_LANG
from kiosk.clock import to_local, utcnow
from kiosk.dbcall import guarded as _guarded
from kiosk.models import LoginThrottle, Waitlist, WaitlistEntry, database, is_sqlite
from kiosk.notify import outbox
from kiosk.statuses import ACTIVE, EntryStatus
from kiosk.waitlist import _audit, _bound_lock_wait, _list_label, _lock_list, _position
from kiosk.waitlist_codes import TicketStatus, is_well_formed_code, normalise_code

THROTTLE_FREE_FAILURES = 5  # wrong codes allowed before the kiosk slows down
THROTTLE_MAX_DELAY = 60  # seconds
THROTTLE_FORGET_AFTER = dt.timedelta(minutes=15)  # a quiet kiosk starts counting again


def _throttle_delay(failures: int) -> int:
    if failures < THROTTLE_FREE_FAILURES:
        return 0
    return min(THROTTLE_MAX_DELAY, 1 << min(failures - THROTTLE_FREE_FAILURES, 16))  # 2**n


def _retry_after(scope: str, now: dt.datetime) -> int:
    row = LoginThrottle.get_or_none(LoginThrottle.scope == scope)
    if row is None or row.last_failure_at is None:
        return 0
    elapsed = max(0.0, (now - row.last_failure_at).total_seconds())
    return max(0, math.ceil(_throttle_delay(row.failures) - elapsed))


def _record_failure(scope: str, now: dt.datetime) -> int:
    """Count one wrong code (forgetting failures older than THROTTLE_FORGET_AFTER)."""
    stale = LoginThrottle.last_failure_at.is_null(True) | (
        LoginThrottle.last_failure_at < now - THROTTLE_FORGET_AFTER
    )
    (
        LoginThrottle.update(
            failures=pw.Case(None, [(stale, 1)], LoginThrottle.failures + 1), last_failure_at=now
        )
        .where(LoginThrottle.scope == scope)
        .execute()
    )
    return _retry_after(scope, now)


def _ticket(entry: WaitlistEntry, lang: str) -> TicketStatus:
    kind, slug, name = _list_label(Waitlist.get_by_id(entry.waitlist_id), lang)
    return TicketStatus(
        outcome="found",
        code=entry.code,
        service_slug=slug,
        service_name=name,
        kind=kind,
        status=entry.status,
        position=_position(entry),
        offer_until=(
            to_local(entry.offer_expires_at)
            if entry.status == EntryStatus.OFFERED and entry.offer_expires_at
            else None
        ),
    )


def _lookup(code: str, kiosk_id: str, now: dt.datetime) -> WaitlistEntry | TicketStatus:
    """The entry for a typed code, or the answer to give instead (throttled / not found).

    The throttle is read before any lookup, so while it runs even a right code waits. The
    read, the lookup and the count of a wrong code are one write transaction on the throttle
    row (SQLite: BEGIN IMMEDIATE; PostgreSQL: the row locked FOR UPDATE), so simultaneous
    guesses queue and each sees the failures before it: no burst of taps on several kiosks
    sharing an id gets more than THROTTLE_FREE_FAILURES codes checked before the first wait."""
    scope = f"ticket:{kiosk_id[:40]}"
    normal = normalise_code(code)
    with database.atomic():
        _bound_lock_wait()
        LoginThrottle.insert(scope=scope, failures=0).on_conflict_ignore().execute()
        query = LoginThrottle.select().where(LoginThrottle.scope == scope)
        (query if is_sqlite() else query.for_update()).get()
        wait = _retry_after(scope, now)
        if wait:
            return TicketStatus(outcome="throttled", retry_after=wait)
        entry = None
        if is_well_formed_code(normal):
            entry = WaitlistEntry.get_or_none(WaitlistEntry.code == normal)
        if entry is None:
            return TicketStatus(outcome="not_found", retry_after=_record_failure(scope, now))
    return entry


@_guarded
def check_ticket(
    code: str, *, kiosk_id: str, lang: str = FALLBACK_LANG, now: dt.datetime | None = None
) -> TicketStatus:
    """Status and position for a typed ticket code; wrong codes slow this kiosk down."""
    found = _lookup(code, kiosk_id, now or utcnow())
    return found if isinstance(found, TicketStatus) else _ticket(found, lang)


@_guarded
def cancel_ticket(
    code: str,
    *,
    kiosk_id: str,
    lang: str = FALLBACK_LANG,
    now: dt.datetime | None = None,
    offer_auto: bool = True,
) -> TicketStatus:
    """Cancel an active entry by its code (idempotent); the answer shows the status after.

    Cancelling while a seat is offered frees that seat: with `offer_auto` (setting
    KIOSK_OFFER_AUTO) it goes to the next one in line in the same transaction."""
    from kiosk import offers  # offers builds on this module's locks

    kiosk_id = kiosk_id[:40]
    now = now or utcnow()
    entry = _lookup(code, kiosk_id, now)
    if isinstance(entry, TicketStatus):
        return entry
    with database.atomic():
        _lock_list(entry.waitlist_id)  # one lock order with offers and the expiry sweep
        entry = WaitlistEntry.get_by_id(entry.id)
        changed = (
            WaitlistEntry.update(status=EntryStatus.CANCELLED, updated_at=now)
            .where(WaitlistEntry.id == entry.id, WaitlistEntry.status.in_(ACTIVE))
            .execute()
        )
        if changed:
            _audit(kiosk_id, "waitlist.cancel", f"entry:{entry.id}", f"list:{entry.waitlist_id}")
            outbox.enqueue(entry, "cancellation", ref=now.isoformat(), now=now)
            if entry.status == EntryStatus.OFFERED:
                offers.pass_on(
                    entry,
                    new=EntryStatus.CANCELLED,
                    auto=offer_auto,
                    now=now,
                    actor=f"visitor@{kiosk_id}",
                    kiosk_id=kiosk_id,
                )
    return _ticket(WaitlistEntry.get_by_id(entry.id), lang)
