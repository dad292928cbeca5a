"""A waitlist entry's statuses and the changes staff may make: the only place they are spelt."""

from __future__ import annotations

from enum import StrEnum

from kiosk.i18n import N_


class EntryStatus(StrEnum):
    """Where an entry stands; the values are what the database stores."""

    WAITING = "waiting"
    CALLED = "called"
    CONTACTED = "contacted"
    ENROLLED = "enrolled"
    NO_SHOW = "no_show"
    REMOVED = "removed"
    CANCELLED = "cancelled"
    OFFERED = "offered"  # a freed seat is theirs until offer_expires_at (kiosk/offers.py)
    DECLINED = "declined"  # they said no to an offered seat
    OFFER_EXPIRED = "offer_expired"  # the offer's time passed without an answer


# Still in line: they keep a place and count against the list's capacity. An entry holding an
# offer keeps its place too (it is counted in everyone's position) until it answers or expires.
ACTIVE: tuple[EntryStatus, ...] = (
    EntryStatus.WAITING,
    EntryStatus.CALLED,
    EntryStatus.CONTACTED,
    EntryStatus.OFFERED,
)
# Out of the line (unless staff undo it): their personal data expires after the retention time.
FINISHED: tuple[EntryStatus, ...] = tuple(s for s in EntryStatus if s not in ACTIVE)

# What staff may change a status to. CANCELLED is the visitor's own act and stays as it is;
# going back to WAITING undoes a mistake and keeps the original place (seq).
ALLOWED: dict[EntryStatus, frozenset[EntryStatus]] = {
    EntryStatus.WAITING: frozenset(
        {
            EntryStatus.CALLED,
            EntryStatus.CONTACTED,
            EntryStatus.ENROLLED,
            EntryStatus.NO_SHOW,
            EntryStatus.REMOVED,
        }
    ),
    EntryStatus.CALLED: frozenset(
        {
            EntryStatus.WAITING,
            EntryStatus.CONTACTED,
            EntryStatus.ENROLLED,
            EntryStatus.NO_SHOW,
            EntryStatus.REMOVED,
        }
    ),
    EntryStatus.CONTACTED: frozenset(
        {
            EntryStatus.WAITING,
            EntryStatus.CALLED,
            EntryStatus.ENROLLED,
            EntryStatus.NO_SHOW,
            EntryStatus.REMOVED,
        }
    ),
    # Accepting an offer is "enrolled"; declining frees the seat (kiosk.offers.decline_offer);
    # back to "waiting" withdraws an offer made by mistake. Expiry is not a staff change: only
    # the expiry sweep moves an offer to OFFER_EXPIRED (SYSTEM_ALLOWED).
    EntryStatus.OFFERED: frozenset(
        {
            EntryStatus.WAITING,
            EntryStatus.ENROLLED,
            EntryStatus.DECLINED,
            EntryStatus.REMOVED,
        }
    ),
    EntryStatus.DECLINED: frozenset({EntryStatus.WAITING, EntryStatus.REMOVED}),
    # A family that answers late: staff may still give them a seat, put them back in line
    # (their original place) or take them off the list.
    EntryStatus.OFFER_EXPIRED: frozenset(
        {EntryStatus.WAITING, EntryStatus.ENROLLED, EntryStatus.REMOVED}
    ),
    EntryStatus.ENROLLED: frozenset({EntryStatus.REMOVED}),
    EntryStatus.NO_SHOW: frozenset({EntryStatus.WAITING, EntryStatus.REMOVED}),
    EntryStatus.REMOVED: frozenset({EntryStatus.WAITING}),
    EntryStatus.CANCELLED: frozenset(),
}


# Changes only the kiosk itself makes: an offer whose time passed, and a waiting entry given an
# offer (staff ask for it with "Offri il posto al prossimo", the sweep passes an expired one on).
SYSTEM_ALLOWED: dict[EntryStatus, frozenset[EntryStatus]] = {
    EntryStatus.WAITING: frozenset({EntryStatus.OFFERED}),
    EntryStatus.OFFERED: frozenset({EntryStatus.OFFER_EXPIRED}),
}


def parse(value: str) -> EntryStatus | None:
    """The status stored as `value`, or None for a value this version does not know."""
    try:
        return EntryStatus(value)
    except ValueError:
        return None


def may_change(old: str, new: str) -> bool:
    """Whether staff may move an entry from `old` to `new` (unknown values never may)."""
    current, wanted = parse(old), parse(new)
    return current is not None and wanted is not None and wanted in ALLOWED[current]


# What staff read for each status: the staff screens' words, Italian (translated where shown).
LABELS: dict[EntryStatus, str] = {
    EntryStatus.WAITING: N_("in attesa"),
    EntryStatus.CALLED: N_("chiamato"),
    EntryStatus.CONTACTED: N_("contattato"),
    EntryStatus.ENROLLED: N_("iscritto"),
    EntryStatus.NO_SHOW: N_("assente"),
    EntryStatus.REMOVED: N_("rimosso"),
    EntryStatus.CANCELLED: N_("annullato"),
    EntryStatus.OFFERED: N_("offerta in corso"),
    EntryStatus.DECLINED: N_("rinuncia"),
    EntryStatus.OFFER_EXPIRED: N_("offerta scaduta"),
}


def label(value: str) -> str:
    """The Italian label of a stored status; an unknown value as it is."""
    status = parse(value)
    return LABELS[status] if status is not None else value
