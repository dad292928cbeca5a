"""Staff work on the waitlists: overview, entries in order, status changes, offering a place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import peewee as pw

from kiosk import offers
from kiosk.clock import to_local, utcnow
from kiosk.errors import EntryChanged, EntryNotFound, InvalidTransition
from kiosk.models import (
    Event,
    EventText,
    Service,
    ServiceText,
    Waitlist,
    WaitlistEntry,
    database,
)
from kiosk.notify import outbox
from kiosk.staff.audit import record_audit, staff_actor
from kiosk.staff.contacts import contact_matches, normalise_contact
from kiosk.staff.query import rows as tuples
from kiosk.staff.records import StaffEntry, WaitlistSummary
from kiosk.statuses import ACTIVE, EntryStatus, may_change, parse
from kiosk.text import fold
from kiosk.waitlist import _lock_list

# ---------------------------------------------------------------- rows -> dataclasses


def _list_meta(waitlists: Iterable[Waitlist]) -> dict[int, tuple[str, str, str, bool]]:
    """waitlist id -> (kind, slug, Italian name, retired)."""
    rows = list(waitlists)
    service_ids = [w.service_id for w in rows if w.service_id]
    event_ids = [w.event_id for w in rows if w.event_id]
    services = {s.id: s for s in Service.select().where(Service.id.in_(service_ids or [0]))}
    events = {e.id: e for e in Event.select().where(Event.id.in_(event_ids or [0]))}
    service_names = dict(
        tuples(
            ServiceText.select(ServiceText.service, ServiceText.name).where(
                ServiceText.service.in_(service_ids or [0]), ServiceText.lang == "it"
            )
        )
    )
    event_names = dict(
        tuples(
            EventText.select(EventText.event, EventText.title).where(
                EventText.event.in_(event_ids or [0]), EventText.lang == "it"
            )
        )
    )
    meta: dict[int, tuple[str, str, str, bool]] = {}
    for w in rows:
        if w.service_id and w.service_id in services:
            s = services[w.service_id]
            name = service_names.get(s.id) or s.slug
            meta[w.id] = ("service", s.slug, name, s.retired_at is not None)
        elif w.event_id and w.event_id in events:
            e = events[w.event_id]
            name = event_names.get(e.id) or e.slug
            meta[w.id] = ("event", e.slug, name, e.retired_at is not None)
        else:
            meta[w.id] = ("", f"list-{w.id}", f"list {w.id}", True)
    return meta


def _active_seqs(waitlist_ids: Iterable[int]) -> dict[int, list[int]]:
    ids = sorted(set(waitlist_ids))
    seqs: dict[int, list[int]] = {i: [] for i in ids}
    for waitlist_id, seq in tuples(
        WaitlistEntry.select(WaitlistEntry.waitlist, WaitlistEntry.seq)
        .where(WaitlistEntry.waitlist.in_(ids or [0]), WaitlistEntry.status.in_(ACTIVE))
        .order_by(WaitlistEntry.seq)
    ):
        seqs[waitlist_id].append(seq)
    return seqs


def to_staff_entries(rows: Iterable[WaitlistEntry]) -> list[StaffEntry]:
    """The one place where entry rows become dataclasses (with their place in line)."""
    entries = list(rows)
    waitlists = {
        w.id: w
        for w in Waitlist.select().where(Waitlist.id.in_({e.waitlist_id for e in entries} or {0}))
    }
    meta = _list_meta(waitlists.values())
    seqs = _active_seqs(waitlists)
    result = []
    for e in entries:
        kind, slug, name, _retired = meta[e.waitlist_id]
        active = seqs.get(e.waitlist_id, [])
        position = sum(1 for s in active if s <= e.seq) if e.status in ACTIVE else None
        result.append(
            StaffEntry(
                id=e.id,
                waitlist_id=e.waitlist_id,
                list_kind=kind,
                list_slug=slug,
                list_name=name,
                sensitive=bool(waitlists[e.waitlist_id].sensitive),
                position=position,
                seq=e.seq,
                code=e.code,
                status=e.status,
                name=e.name,
                phone=e.phone,
                email=e.email,
                party_size=e.party_size,
                child_age=e.child_age,
                note=e.note,
                kiosk_id=e.kiosk_id,
                created_at=to_local(e.created_at),
                updated_at=to_local(e.updated_at),
                offered_at=to_local(e.offered_at) if e.offered_at else None,
                extra_consent=bool(e.extra_consent),
                notify_channels=e.notify_channels,
                lang=e.lang,
                offer_expires_at=to_local(e.offer_expires_at) if e.offer_expires_at else None,
            )
        )
    return result


def _summaries(waitlists: list[Waitlist]) -> list[WaitlistSummary]:
    meta = _list_meta(waitlists)
    counts: dict[int, dict[str, int]] = {w.id: {} for w in waitlists}
    for waitlist_id, status, count in tuples(
        WaitlistEntry.select(WaitlistEntry.waitlist, WaitlistEntry.status, pw.fn.COUNT(1))
        .where(WaitlistEntry.waitlist.in_(list(counts) or [0]))
        .group_by(WaitlistEntry.waitlist, WaitlistEntry.status)
    ):
        counts[waitlist_id][status] = int(count)
    return [
        WaitlistSummary(
            id=w.id,
            kind=meta[w.id][0],
            slug=meta[w.id][1],
            name=meta[w.id][2],
            is_open=bool(w.is_open),
            sensitive=bool(w.sensitive),
            capacity=w.capacity,
            retired=meta[w.id][3],
            counts=counts[w.id],
        )
        for w in waitlists
    ]


# ---------------------------------------------------------------- reading


def list_waitlists() -> list[WaitlistSummary]:
    """Every list (services and events): open ones first, then by name."""
    summaries = _summaries(list(Waitlist.select()))
    return sorted(summaries, key=lambda s: (not s.is_open, s.retired, s.name.casefold()))


def find_waitlist(ref: str) -> WaitlistSummary | None:
    """A list by its service slug, or 'event:<slug>' / 'service:<slug>'."""
    kind, _, slug = ref.rpartition(":")
    query = Waitlist.select()
    if kind in ("", "service"):
        row = query.join(Service).where(Service.slug == slug).first()
        if row is None and kind == "":
            row = Waitlist.select().join(Event).where(Event.slug == slug).first()
    elif kind == "event":
        row = query.join(Event).where(Event.slug == slug).first()
    else:
        return None
    return _summaries([row])[0] if row else None


def get_waitlist(waitlist_id: int) -> WaitlistSummary | None:
    row = Waitlist.get_or_none(Waitlist.id == waitlist_id)
    return _summaries([row])[0] if row else None


def list_entries(waitlist_id: int, *, statuses: Iterable[str] | None = None) -> list[StaffEntry]:
    """The entries of one list in join order (optionally only some statuses)."""
    select = WaitlistEntry.select().where(WaitlistEntry.waitlist == waitlist_id)
    if statuses is not None:
        select = select.where(WaitlistEntry.status.in_(list(statuses)))
    return to_staff_entries(select.order_by(WaitlistEntry.seq))


def get_entry(entry_id: int) -> StaffEntry:
    row = WaitlistEntry.get_or_none(WaitlistEntry.id == entry_id)
    if row is None:
        raise EntryNotFound(entry_id)
    return to_staff_entries([row])[0]


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def search_entries(query: str, *, limit: int = 100) -> list[StaffEntry]:
    """Entries whose ticket code, phone or e-mail (normalised) is `query`, or whose name has it."""
    query = query.strip()
    if not query:
        return []
    code = normalise_code(query)
    kind, contact = normalise_contact(query)
    words = fold(query)
    found = []
    columns = (
        WaitlistEntry.id,
        WaitlistEntry.code,
        WaitlistEntry.name,
        WaitlistEntry.phone,
        WaitlistEntry.email,
    )
    # Contacts are stored as typed, so normalisation has to happen here, in Python; a
    # kiosk's lists hold hundreds of rows, not millions.
    for entry_id, entry_code, name, phone, email in tuples(
        WaitlistEntry.select(*columns).order_by(WaitlistEntry.created_at.desc())
    ):
        if (
            (code and normalise_code(entry_code) == code)
            or contact_matches(kind, contact, phone, email)
            or (len(words) >= 2 and words in fold(name))
        ):
            found.append(entry_id)
            if len(found) >= limit:
                break
    rows = {r.id: r for r in WaitlistEntry.select().where(WaitlistEntry.id.in_(found or [0]))}
    return to_staff_entries(rows[i] for i in found)


# ---------------------------------------------------------------- changing


def _change(
    row: WaitlistEntry,
    new: str,
    *,
    actor: str,
    kiosk_id: str,
    now: dt.datetime,
    action: str,
) -> None:
    old = row.status
    values: dict[pw.Field, object] = {
        WaitlistEntry.status: new,
        WaitlistEntry.updated_at: now,
    }
    if new == EntryStatus.CALLED and row.offered_at is None:
        values[WaitlistEntry.offered_at] = now
    changed = (
        WaitlistEntry.update(values)
        .where(WaitlistEntry.id == row.id, WaitlistEntry.status == old)
        .execute()
    )
    if not changed:
        raise EntryChanged(row.id)
    record_audit(
        action,
        actor=actor,
        kiosk_id=kiosk_id,
        target=f"entry:{row.id}",
        detail=f"status {old}->{new}",
        at=now,
    )


def set_status(
    entry_id: int,
    status: str,
    *,
    kiosk_id: str,
    actor: str | None = None,
    now: dt.datetime | None = None,
    offer_auto: bool = True,
) -> StaffEntry:
    """Move an entry to `status` (called, contacted, enrolled, declined, no_show, removed,
    waiting). An offered seat that is free again (declined, removed) passes to the next one
    in line in the same transaction when `offer_auto` (setting KIOSK_OFFER_AUTO)."""
    if parse(status) is None:
        raise InvalidTransition(f"unknown status {status!r}")
    now = now or utcnow()
    actor = actor or staff_actor(kiosk_id)
    with database.atomic():
        row = WaitlistEntry.get_or_none(WaitlistEntry.id == entry_id)
        if row is None:
            raise EntryNotFound(entry_id)
        # The list's lock first, as joins, offers and the expiry sweep take it: one order.
        _lock_list(row.waitlist_id)
        if not may_change(row.status, status):
            raise InvalidTransition(f"an entry that is {row.status} cannot become {status}")
        who = actor or staff_actor(kiosk_id)
        _change(row, status, actor=who, kiosk_id=kiosk_id, now=now, action="waitlist_status")
        if status == EntryStatus.REMOVED and row.status in ACTIVE:
            # Staff took the place back: the family that asked for messages is told.
            outbox.enqueue(row, "cancellation", ref=now.isoformat(), now=now)
        if row.status == EntryStatus.OFFERED:
            offers.pass_on(row, new=status, auto=offer_auto, now=now, actor=who, kiosk_id=kiosk_id)
    return get_entry(entry_id)


def offer_next(
    waitlist_id: int,
    *,
    kiosk_id: str,
    actor: str | None = None,
    now: dt.datetime | None = None,
) -> StaffEntry | None:
    """A seat is free: offer it to the first 'waiting' entry in line (None if nobody waits);
    the offer expires after the list's offer_hours (kiosk/offers.py)."""
    offer = offers.offer_next(
        waitlist_id, kiosk_id=kiosk_id, actor=actor or staff_actor(kiosk_id), now=now
    )
    return get_entry(offer.entry_id) if offer else None
