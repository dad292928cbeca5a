"""Staff waitlist work on real databases: order, status changes, offers, search, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.models import AuditLog, Waitlist, WaitlistEntry
from kiosk.staff import waitlists
from kiosk.staff.audit import recent_audit
from kiosk.staff.waitlists import EntryNotFound, InvalidTransition
from tests.support.staff_data import KIOSK, T0, add_entry, make_lists, personal_strings


@pytest.fixture
def lists(db: str) -> dict[str, Waitlist]:
    return make_lists()


def entry_by_name(waitlist: Waitlist, name: str) -> WaitlistEntry:
    return WaitlistEntry.get(WaitlistEntry.waitlist == waitlist, WaitlistEntry.name == name)


def test_overview_counts_by_status(lists: dict[str, Waitlist]) -> None:
    summaries = {s.slug: s for s in waitlists.list_waitlists()}
    nascita = summaries["percorso-nascita"]
    assert (nascita.kind, nascita.name, nascita.is_open, nascita.sensitive) == (
        "service",
        "Percorso nascita",
        True,
        False,
    )
    assert nascita.counts == {"waiting": 3, "enrolled": 1}
    assert nascita.active == 3
    assert summaries["mediazione-familiare"].sensitive
    festa = summaries["festa-di-primavera"]
    assert (festa.kind, festa.name, festa.is_open) == ("event", "Festa di primavera", False)
    assert [s.slug for s in waitlists.list_waitlists()][-1] == "festa-di-primavera"  # closed last


def test_find_waitlist_by_slug(lists: dict[str, Waitlist]) -> None:
    assert waitlists.find_waitlist("percorso-nascita").id == lists["nascita"].id  # type: ignore[union-attr]
    assert waitlists.find_waitlist("festa-di-primavera").kind == "event"  # type: ignore[union-attr]
    assert waitlists.find_waitlist("event:festa-di-primavera").id == lists["festa"].id  # type: ignore[union-attr]
    assert waitlists.find_waitlist("service:festa-di-primavera") is None
    assert waitlists.find_waitlist("nessuna") is None


def test_entries_in_line_with_positions_and_local_dates(lists: dict[str, Waitlist]) -> None:
    entries = waitlists.list_entries(lists["nascita"].id)
    assert [(e.name, e.status, e.position) for e in entries] == [
        ("Anna Bianchi", "waiting", 1),
        ("Marco Rossi", "waiting", 2),
        ("Lucìa Nerì", "enrolled", None),
        ("Gianni Verdi", "waiting", 3),
    ]
    anna = entries[0]
    assert (anna.party_size, anna.child_age, anna.note) == (2, 0, "allergia gatti")
    assert (anna.phone, anna.email, anna.list_slug) == (
        "+39 333 111 2222",
        "Anna.B@example.it",
        "percorso-nascita",
    )
    assert anna.created_at == dt.datetime(2026, 3, 2, 9, 1)  # Europe/Rome, winter time
    only = waitlists.list_entries(lists["nascita"].id, statuses=["enrolled"])
    assert [e.name for e in only] == ["Lucìa Nerì"]


def test_status_change_is_audited_without_personal_data(lists: dict[str, Waitlist]) -> None:
    marco = entry_by_name(lists["nascita"], "Marco Rossi")
    changed = waitlists.set_status(marco.id, "contacted", kiosk_id=KIOSK, now=T0)
    assert (changed.status, changed.position) == ("contacted", 2)
    changed = waitlists.set_status(marco.id, "enrolled", kiosk_id=KIOSK, now=T0)
    assert (changed.status, changed.position) == ("enrolled", None)
    gianni = waitlists.get_entry(entry_by_name(lists["nascita"], "Gianni Verdi").id)
    assert gianni.position == 2  # moved up
    rows = list(AuditLog.select().order_by(AuditLog.id))
    assert [(r.actor, r.action, r.target, r.detail) for r in rows] == [
        ("staff@cpf-test", "waitlist_status", f"entry:{marco.id}", "status waiting->contacted"),
        ("staff@cpf-test", "waitlist_status", f"entry:{marco.id}", "status contacted->enrolled"),
    ]
    assert rows[0].at == T0 and rows[0].kiosk_id == KIOSK
    newest = recent_audit(1)
    assert [(r.action, r.detail) for r in newest] == [
        ("waitlist_status", "status contacted->enrolled")
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("enrolled", "waiting"),
        ("cancelled", "waiting"),
        ("waiting", "waiting"),
        ("waiting", "gone"),
    ],
)
def test_transitions_that_make_no_sense_are_refused(
    lists: dict[str, Waitlist], start: str, target: str
) -> None:
    entry = add_entry(lists["nascita"], status=start)
    with pytest.raises(InvalidTransition):
        waitlists.set_status(entry.id, target, kiosk_id=KIOSK)
    assert WaitlistEntry.get_by_id(entry.id).status == start
    assert not AuditLog.select().exists()


def test_every_staff_action_and_undo(lists: dict[str, Waitlist]) -> None:
    marco = entry_by_name(lists["nascita"], "Marco Rossi").id
    for status in ("called", "no_show", "waiting", "removed", "waiting"):
        assert waitlists.set_status(marco, status, kiosk_id=KIOSK).status == status
    assert waitlists.get_entry(marco).position == 2  # back at its original place
    with pytest.raises(EntryNotFound):
        waitlists.set_status(999999, "called", kiosk_id=KIOSK)


def test_offer_a_freed_place_goes_to_the_first_waiting(lists: dict[str, Waitlist]) -> None:
    nascita = lists["nascita"].id
    first = waitlists.offer_next(nascita, kiosk_id=KIOSK, now=T0)
    assert first is not None
    assert (first.name, first.status) == ("Anna Bianchi", "offered")
    assert first.offered_at == dt.datetime(2026, 3, 2, 9, 0)  # local time
    assert first.offer_expires_at == dt.datetime(2026, 3, 4, 9, 0)  # 48 hours, the default
    second = waitlists.offer_next(nascita, kiosk_id=KIOSK, now=T0)
    third = waitlists.offer_next(nascita, kiosk_id=KIOSK, now=T0)
    assert [second.name, third.name] == ["Marco Rossi", "Gianni Verdi"]  # type: ignore[union-attr]
    assert waitlists.offer_next(nascita, kiosk_id=KIOSK, now=T0) is None
    offers = AuditLog.select().where(AuditLog.action == "waitlist_offer")
    assert {r.detail for r in offers} == {"status waiting->offered until:2026-03-04T08:00"}
    assert offers.count() == 3


def test_search_by_code_contact_or_name(lists: dict[str, Waitlist]) -> None:
    anna = entry_by_name(lists["nascita"], "Anna Bianchi")

    def found(query: str) -> set[tuple[str, str]]:
        return {(e.list_slug, e.code) for e in waitlists.search_entries(query)}

    assert found(anna.code.lower()) == {("percorso-nascita", anna.code)}
    assert found(f" {anna.code[:2]}-{anna.code[2:]} ") == {("percorso-nascita", anna.code)}
    by_phone = found("0039 333.111.2222")
    assert {slug for slug, _ in by_phone} == {"percorso-nascita", "mediazione-familiare"}
    assert found("ANNA.b@EXAMPLE.IT") == {("percorso-nascita", anna.code)}
    assert {s for s, _ in found("rossi")} == {"percorso-nascita", "festa-di-primavera"}
    assert len(found("lucia")) == 1  # accents folded
    assert found("") == set() and found("x") == set()
    assert not AuditLog.select().exists()  # reading is not audited with the query


def test_no_personal_data_in_any_audit_row(lists: dict[str, Waitlist]) -> None:
    for entry in WaitlistEntry.select():
        if entry.status == "waiting":
            waitlists.set_status(entry.id, "contacted", kiosk_id=KIOSK)
    waitlists.offer_next(lists["nascita"].id, kiosk_id=KIOSK)
    text = "\n".join(
        f"{r.actor}|{r.action}|{r.target}|{r.detail}|{r.kiosk_id}" for r in AuditLog.select()
    )
    assert text
    for value in personal_strings():
        assert value not in text
