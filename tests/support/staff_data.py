"""Waitlists and entries written straight into a test database, as sync and joins would."""

from __future__ import annotations

import datetime as dt
import itertools

from kiosk.models import Event, EventText, Service, ServiceText, Waitlist, WaitlistEntry

T0 = dt.datetime(2026, 3, 2, 8, 0, 0)  # naive UTC: 09:00 in Lucca
KIOSK = "cpf-test"
_codes = itertools.count(1)


def make_list(
    slug: str, name: str, *, sensitive: bool = False, is_open: bool = True, event: bool = False
) -> Waitlist:
    """A published service (or event) with a waitlist, as the content sync would leave it."""
    if event:
        row = Event.create(slug=slug, starts_at=dt.datetime(2026, 4, 1, 17, 0))
        EventText.create(event=row, lang="it", title=name)
        return Waitlist.create(event=row, sensitive=sensitive, is_open=is_open)
    service = Service.create(slug=slug)
    ServiceText.create(service=service, lang="it", name=name)
    ServiceText.create(service=service, lang="en", name=name + " (en)")
    return Waitlist.create(service=service, sensitive=sensitive, is_open=is_open)


def add_entry(waitlist: Waitlist, **fields: object) -> WaitlistEntry:
    """Insert an entry directly (the visitor side is another module)."""
    seq = waitlist.last_seq + 1
    waitlist.last_seq = seq
    waitlist.save()
    n = next(_codes)
    values: dict[str, object] = {
        "code": f"K{n:04d}",
        "status": "waiting",
        "kiosk_id": KIOSK,
        "created_at": T0 + dt.timedelta(minutes=seq),
        "updated_at": T0 + dt.timedelta(minutes=seq),
    }
    values.update(fields)
    return WaitlistEntry.create(waitlist=waitlist, seq=seq, **values)


PEOPLE = {
    "anna": {"name": "Anna Bianchi", "phone": "+39 333 111 2222", "email": "Anna.B@example.it"},
    "marco": {"name": "Marco Rossi", "phone": "0583 123456", "email": ""},
    "lucia": {"name": "Lucìa Nerì", "phone": "", "email": "lucia@example.org"},
    "gianni": {"name": "Gianni Verdi", "phone": "347-555-6666", "email": ""},
}


def personal_strings() -> list[str]:
    values = [v for person in PEOPLE.values() for v in person.values() if v]
    return [*values, "333 111", "3331112222", "allergia"]


def make_lists() -> dict[str, Waitlist]:
    """Two services and an event with entries; Anna is on two lists, Marco on two."""
    nascita = make_list("percorso-nascita", "Percorso nascita")
    mediazione = make_list("mediazione-familiare", "Mediazione familiare", sensitive=True)
    festa = make_list("festa-di-primavera", "Festa di primavera", event=True, is_open=False)
    add_entry(nascita, party_size=2, child_age=0, note="allergia gatti", **PEOPLE["anna"])
    add_entry(nascita, **PEOPLE["marco"])
    add_entry(nascita, status="enrolled", **PEOPLE["lucia"])
    add_entry(nascita, **PEOPLE["gianni"])
    add_entry(mediazione, phone="333 111 2222")  # code-only list: Anna again, no name
    add_entry(festa, name="Marco Rossi", phone="0583123456")
    return {"nascita": nascita, "mediazione": mediazione, "festa": festa}
