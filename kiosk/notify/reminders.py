"""The day-before reminder of an event: queued in the outbox for the families who hold a seat.

Who holds a seat: entries staff marked enrolled, and the entries still in line within the
event's capacity (all of them when the event sets none) - the ones the reminder's "if you cannot
come, cancel: the seat goes to another family" speaks to. Families further down the list are
not reminded of an event they may not get into. Only entries that opted in get a message (the
outbox's own rule), once per event day: the idempotency key carries the day, so the kiosk's
thread, a timer and a second kiosk can all run this without a second copy.
"""

from __future__ import annotations

import datetime as dt

from kiosk.clock import to_local, to_utc, utcnow
from kiosk.models import Event, Waitlist, WaitlistEntry, database
from kiosk.notify import outbox
from kiosk.statuses import ACTIVE, EntryStatus


def seat_holders(waitlist: Waitlist) -> list[WaitlistEntry]:
    """Enrolled entries and the first `capacity` still in line (by their place, `seq`)."""
    entries = list(
        WaitlistEntry.select()
        .where(
            WaitlistEntry.waitlist == waitlist.id,
            WaitlistEntry.status.in_((*ACTIVE, EntryStatus.ENROLLED)),
        )
        .order_by(WaitlistEntry.seq)
    )
    enrolled = [e for e in entries if e.status == EntryStatus.ENROLLED]
    in_line = [e for e in entries if e.status != EntryStatus.ENROLLED]
    if waitlist.capacity is not None:
        in_line = in_line[: max(0, waitlist.capacity)]
    return enrolled + in_line


def queue_reminders(now: dt.datetime | None = None) -> int:
    """Queue the reminder for every event that starts tomorrow (the centre's local day).

    `now` is naive UTC; returns the number of messages queued now (0 on a second run)."""
    now = now or utcnow()
    tomorrow = to_local(now).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time())
    lists = (
        Waitlist.select(Waitlist, Event)
        .join(Event, on=Waitlist.event == Event.id)
        .where(
            Event.starts_at >= start,
            Event.starts_at < start + dt.timedelta(days=1),
            Event.retired_at.is_null(True),
        )
    )
    queued = 0
    for waitlist in lists:
        event: Event | None = waitlist.event
        if event is None:  # joined on it above: cannot happen
            continue
        when = to_utc(event.starts_at).replace(tzinfo=None).isoformat()  # naive UTC, as stored
        with database.atomic():
            for entry in seat_holders(waitlist):
                if entry.notify_channels:
                    params = {"when": when}
                    queued += len(
                        outbox.enqueue(
                            entry, "reminder", params=params, ref=tomorrow.isoformat(), now=now
                        )
                    )
    return queued
