"""Recent joins by kiosk and time, so staff can spot a burst of made-up entries and remove it."""

from __future__ import annotations

import datetime as dt

from kiosk.clock import utcnow
from kiosk.errors import EntryChanged, EntryNotFound, InvalidTransition
from kiosk.models import WaitlistEntry
from kiosk.staff.records import StaffEntry
from kiosk.staff.waitlists import (
    find_waitlist,
    set_status,
    to_staff_entries,
)
from kiosk.statuses import ACTIVE, EntryStatus


def recent_entries(
    minutes: int,
    *,
    kiosk_id: str | None = None,
    waitlist: str | None = None,
    now: dt.datetime | None = None,
) -> list[StaffEntry]:
    """Entries created in the last `minutes` (newest first), optionally only from one kiosk
    and/or on one list ('slug' or 'event:slug'). Raises LookupError for an unknown list."""
    now = now or utcnow()
    query = WaitlistEntry.select().where(
        WaitlistEntry.created_at > now - dt.timedelta(minutes=minutes),
        WaitlistEntry.created_at <= now,
    )
    if kiosk_id:
        query = query.where(WaitlistEntry.kiosk_id == kiosk_id)
    if waitlist:
        summary = find_waitlist(waitlist)
        if summary is None:
            raise LookupError(f"no waitlist {waitlist!r}")
        query = query.where(WaitlistEntry.waitlist == summary.id)
    return to_staff_entries(query.order_by(WaitlistEntry.created_at.desc(), WaitlistEntry.id))


def remove_entries(
    entries: list[StaffEntry],
    *,
    kiosk_id: str,
    actor: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Mark every still active entry of `entries` as removed (each change audited, the rows
    kept for the record); returns how many were removed. Their places are free again."""
    ids = [e.id for e in entries]
    active = [
        row.id
        for row in WaitlistEntry.select(WaitlistEntry.id).where(
            WaitlistEntry.id.in_(ids or [0]), WaitlistEntry.status.in_(ACTIVE)
        )
    ]
    removed = 0
    for entry_id in sorted(active):
        try:
            set_status(entry_id, EntryStatus.REMOVED, kiosk_id=kiosk_id, actor=actor, now=now)
        except (InvalidTransition, EntryNotFound, EntryChanged):
            continue  # changed meanwhile (another kiosk, erased): left as it is
        removed += 1
    return removed
