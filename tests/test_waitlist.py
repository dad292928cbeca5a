"""Waitlist services on real databases: join, validation, duplicates, codes, throttle, purge."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import textwrap
import threading
import uuid
from pathlib import Path

import pytest
from playhouse.db_url import connect as connect_url

from kiosk import waitlist, waitlist_tickets
from kiosk.models import (
    AuditLog,
    DatabaseUnavailable,
    LoginThrottle,
    Service,
    Waitlist,
    WaitlistEntry,
    close_database,
    open_database,
)
from kiosk.sync import sync_directory
from kiosk.waitlist import (
    JoinError,
    JoinForm,
    JoinRefused,
    join_waitlist,
    purge_expired,
)
from kiosk.waitlist_codes import CODE_ALPHABET, normalise_code, normalise_phone
from kiosk.waitlist_tickets import cancel_ticket, check_ticket

BIRTH = "percorso-nascita"  # name, contact, note
LABS = "laboratori-per-famiglie"  # name, contact, party_size, child_age
MEDIATION = "mediazione-familiare"  # sensitive, contact only
PSYCHOLOGY = "sostegno-psicologico-alla-genitorialita"  # sensitive
KIOSK = "cpf-test"
T0 = dt.datetime(2026, 11, 21, 10, 0, 0)


@pytest.fixture
def lists(db: str, content_dir: Path) -> str:
    sync_directory(content_dir)
    return db


def waitlist_of(slug: str) -> Waitlist:
    return Waitlist.select().join(Service).where(Service.slug == slug).get()


def entries(slug: str) -> list[WaitlistEntry]:
    wl = waitlist_of(slug)
    return list(
        WaitlistEntry.select().where(WaitlistEntry.waitlist == wl).order_by(WaitlistEntry.seq)
    )


TYPED = {f.name for f in dataclasses.fields(JoinForm)}  # the form's fields; the rest: options
# These tests join far faster than any visitor; the rate limits have their own tests.
UNLIMITED = waitlist.JoinLimits(per_kiosk=10_000, per_list=10_000)


def join(slug: str = BIRTH, **fields: object) -> waitlist.JoinResult:
    typed = {name: fields.pop(name) for name in list(fields) if name in TYPED}
    fields.setdefault("kiosk_id", KIOSK)
    fields.setdefault("limits", UNLIMITED)
    return join_waitlist(slug, JoinForm(**typed), **fields)  # type: ignore[arg-type]


# --- pure helpers: no database -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("333 123 4567", "+393331234567"),
        ("+39 333 1234567", "+393331234567"),
        ("333-123-4567", "+393331234567"),
        ("333.123.45.67", "+393331234567"),
        ("0039 333 1234567", "+393331234567"),
        ("0583 123456", "+390583123456"),
        ("+39 0583 123456", "+390583123456"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (212) 555-0123", "+12125550123"),
    ],
)
def test_valid_phone_numbers_are_normalised(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["123", "abc", "+39", "+39 123 4567", "333 12", "3331234567890", "+12345", "333 123 4567 x2"],
)
def test_invalid_phone_numbers_are_refused(typed: str) -> None:
    assert normalise_phone(typed) is None
    errors = waitlist.form_errors(["name", "contact"], JoinForm(name="Anna", phone=typed))
    assert errors == {"phone": "phone_invalid"}


@pytest.mark.parametrize(
    ("email", "code"),
    [
        ("anna.rossi@example.org", None),
        ("Mario+cpf@Example.ORG", None),
        ("anna@", "email_invalid"),
        ("anna@example", "email_invalid"),
        ("anna rossi@example.org", "email_invalid"),
        ("a@@example.org", "email_invalid"),
        ("x" * 250 + "@example.org", "too_long"),
    ],
)
def test_email_check(email: str, code: str | None) -> None:
    errors = waitlist.form_errors(["contact"], JoinForm(email=email))
    assert errors == ({} if code is None else {"email": code})


def test_form_errors_name_each_field() -> None:
    fields = ["name", "contact", "party_size", "child_age", "note"]
    assert waitlist.form_errors(fields, JoinForm()) == {
        "name": "required",
        "contact": "contact_required",
        "party_size": "required",
        "child_age": "required",
    }
    assert waitlist.form_errors(
        fields, JoinForm(name=" \u200b ", phone="333 1234567", party_size="tre", child_age=40)
    ) == {"name": "required", "party_size": "number_invalid", "child_age": "out_of_range"}
    assert waitlist.form_errors(
        fields, JoinForm(name="Anna", email="a@b.it", party_size=0, child_age="5")
    ) == {"party_size": "out_of_range"}


def test_typed_codes_are_normalised() -> None:
    assert normalise_code(" acd-efh ") == "ACDEFH"
    assert normalise_code("ＡＣＤ ＥＦＨ") == "ACDEFH"  # full-width keyboard


# --- joining -----------------------------------------------------------------------------------


def test_join_gives_positions_in_order_and_unmistakable_codes(lists: str) -> None:
    results = [join(name=f"Persona {i}", phone=f"333 000 00{i:02d}") for i in range(5)]
    assert [r.position for r in results] == [1, 2, 3, 4, 5]
    codes = {r.code for r in results}
    assert len(codes) == 5
    for code in codes:
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("0O1IL5S2Z8B")
    first = results[0]
    assert (first.service_slug, first.service_name, first.kind) == (
        BIRTH,
        "Percorso nascita",
        "service",
    )
    assert not first.already_registered and not first.sensitive
    assert "name" not in {f.name for f in dataclasses.fields(first)}
    english = join(name="Jane", email="jane@example.org", lang="en")
    assert english.service_name == "Birth pathway" and english.position == 6
    stored = entries(BIRTH)
    assert [e.seq for e in stored] == [1, 2, 3, 4, 5, 6]
    assert stored[0].phone == "+393330000000" and stored[0].kiosk_id == KIOSK
    assert stored[5].email == "jane@example.org" and stored[5].phone == ""


def test_called_and_contacted_keep_their_place_enrolled_leaves(lists: str) -> None:
    a, b, c, d = (join(name=n, phone=f"33312345{i:02d}") for i, n in enumerate("ABCD"))
    rows = entries(BIRTH)
    WaitlistEntry.update(status="called").where(WaitlistEntry.id == rows[0].id).execute()
    WaitlistEntry.update(status="contacted").where(WaitlistEntry.id == rows[1].id).execute()
    WaitlistEntry.update(status="enrolled").where(WaitlistEntry.id == rows[2].id).execute()
    assert check_ticket(d.code, kiosk_id=KIOSK).position == 3
    assert check_ticket(a.code, kiosk_id=KIOSK).status == "called"
    enrolled = check_ticket(c.code, kiosk_id=KIOSK)
    assert (enrolled.status, enrolled.position) == ("enrolled", None)
    assert b.position == 2


def test_invalid_form_stores_nothing_and_names_the_fields(lists: str) -> None:
    with pytest.raises(JoinError) as caught:
        join(LABS, name="", phone="123", party_size="abc", child_age="")
    assert caught.value.errors == {
        "name": "required",
        "phone": "phone_invalid",
        "party_size": "number_invalid",
        "child_age": "required",
    }
    assert caught.value.reason == "invalid"
    with pytest.raises(JoinError) as caught:
        join(LABS, name="Anna", party_size=2, child_age=4)
    assert caught.value.errors == {"contact": "contact_required"}
    assert entries(LABS) == []
    ok = join(LABS, name="Anna", phone="+39 333 1234567", party_size="3", child_age="4")
    stored = entries(LABS)[0]
    assert ok.position == 1 and (stored.party_size, stored.child_age) == (3, 4)


def test_fields_the_list_does_not_ask_are_refused(lists: str) -> None:
    with pytest.raises(JoinError) as caught:
        join(BIRTH, name="Anna", phone="3331234567", party_size=2, child_age=3)
    assert caught.value.errors == {"party_size": "not_asked", "child_age": "not_asked"}
    with pytest.raises(JoinError) as caught:
        join(LABS, name="Anna", phone="3331234567", party_size=2, child_age=3, note="ciao")
    assert caught.value.errors == {"note": "not_asked"}
    assert entries(BIRTH) == [] and entries(LABS) == []


def test_sensitive_lists_are_code_only(lists: str) -> None:
    for slug in (MEDIATION, PSYCHOLOGY):
        with pytest.raises(JoinError) as caught:
            join(slug, name="Anna Rossi", phone="333 1234567")
        assert caught.value.errors == {"name": "not_asked"}
        assert entries(slug) == []
        result = join(slug, phone="333 1234567")
        assert result.sensitive and result.position == 1
        stored = entries(slug)[0]
        assert stored.name == "" and stored.phone == "+393331234567"
        ticket = check_ticket(result.code, kiosk_id=KIOSK)
        assert "Anna" not in repr(ticket) and "Anna" not in repr(result)


def test_sensitive_list_never_asks_a_name_even_if_the_content_does(lists: str) -> None:
    Waitlist.update(fields="name,contact").where(Waitlist.id == waitlist_of(MEDIATION).id).execute()
    result = join(MEDIATION, email="anna@example.org")
    assert entries(MEDIATION)[0].name == "" and result.position == 1
    with pytest.raises(JoinError):
        join(MEDIATION, name="Anna", email="other@example.org")


SAME_CONTACT = [
    ({"phone": "333-123-4567"}, {"phone": "3331234567"}),
    ({"phone": "333 123 4567"}, {"phone": "+39 333 123 4567"}),
    ({"email": "Mario@Example.org"}, {"email": "mario@example.org"}),
    ({"phone": "3331234567", "email": "m@example.org"}, {"email": "M@example.org"}),
    ({"email": "m@example.org"}, {"phone": "0583 123456", "email": "m@example.org"}),
]


def test_same_contact_is_told_it_is_on_the_list_and_nothing_more(lists: str) -> None:
    for first, again in SAME_CONTACT:
        WaitlistEntry.update(status="removed").execute()  # each case starts on an empty list
        before = len(entries(BIRTH))
        join(name="Prima", phone="3470000000")
        original = join(name="Mario", **first)
        repeat = join(name="Mario Rossi", **again)
        assert repeat.already_registered and not original.already_registered, (first, again)
        # Whoever types Mario's contact does not learn Mario's code, place or status.
        assert (repeat.code, repeat.position) == ("", None), (first, again)
        assert original.code not in repr(repeat)
        stored = entries(BIRTH)[before:]
        assert len(stored) == 2 and stored[1].name == "Mario"  # the first registration is kept
    actions = [a.action for a in AuditLog.select().order_by(AuditLog.id)]
    assert actions == ["waitlist.join", "waitlist.join", "waitlist.join_again"] * len(SAME_CONTACT)


def test_duplicates_only_count_active_entries_and_one_list(lists: str) -> None:
    first = join(name="Mario", phone="3331234567")
    other_list = join(LABS, name="Mario", phone="3331234567", party_size=2, child_age=5)
    assert not other_list.already_registered
    assert cancel_ticket(first.code, kiosk_id=KIOSK).status == "cancelled"
    again = join(name="Mario", phone="3331234567")
    assert not again.already_registered and again.code != first.code
    assert again.position == 1 and [e.seq for e in entries(BIRTH)] == [1, 2]


def test_repeated_request_id_returns_the_first_confirmation(lists: str) -> None:
    request = uuid.uuid4()
    first = join(name="Anna", phone="3331234567", request_id=request)
    # Crash between commit and confirmation: the kiosk submits the same form again.
    replay = join(name="Anna", phone="3331234567", request_id=str(request))
    assert replay.code == first.code and replay.position == 1
    assert replay.replayed and not replay.already_registered
    assert len(entries(BIRTH)) == 1 and entries(BIRTH)[0].request_id == str(request)
    with pytest.raises(ValueError):
        join(name="Anna", phone="3331234567", request_id="not-a-uuid")
    with pytest.raises(ValueError):
        join(LABS, name="Anna", phone="3331234567", party_size=1, child_age=1, request_id=request)


def test_a_drawn_code_already_in_use_is_drawn_again(
    lists: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter(["ACDEFH", "ACDEFH", "ACDEFH", "KMNPRT"])
    monkeypatch.setattr(waitlist, "new_code", lambda: next(draws))
    assert join(name="A", phone="3331234567").code == "ACDEFH"
    assert join(name="B", phone="3331234568").code == "KMNPRT"


# --- closed, full, unknown -----------------------------------------------------------------------


def test_closed_full_and_unknown_lists_say_why(lists: str) -> None:
    wl = waitlist_of(BIRTH)
    Waitlist.update(capacity=2).where(Waitlist.id == wl.id).execute()
    first = join(name="A", phone="3331234567")
    join(name="B", phone="3331234568")
    with pytest.raises(JoinRefused) as caught:
        join(name="C", phone="3331234569")
    assert caught.value.reason == "full"
    already = join(name="A", phone="333 123 4567")  # already in: told so, without the code
    assert already.already_registered and (already.code, already.position) == ("", None)
    cancel_ticket(first.code, kiosk_id=KIOSK)
    assert join(name="C", phone="3331234569").position == 2  # a freed place can be taken
    Waitlist.update(is_open=False, closed_at=T0).where(Waitlist.id == wl.id).execute()
    with pytest.raises(JoinRefused) as caught:
        join(name="D", phone="3331234560")
    assert caught.value.reason == "closed"
    with pytest.raises(JoinRefused) as caught:
        join("servizio-che-non-esiste", name="D", phone="3331234560")
    assert caught.value.reason == "not_found"
    assert [e.seq for e in entries(BIRTH)] == [1, 2, 3]


def test_content_settings_reach_joins_event_list_and_closing(db: str, content_dir: Path) -> None:
    birth = content_dir / "services" / f"{BIRTH}.md"
    birth.write_text(birth.read_text().replace("  open: true", "  open: false", 1))
    (content_dir / "events" / "festa-di-primavera.md").write_text(
        textwrap.dedent(
            """\
            ---
            slug: festa-di-primavera
            title: "Festa di primavera"
            starts_at: "2099-04-01 16:30"
            place: "Sala grande"
            summary: "Una festa per le famiglie."
            assured_date: 2026-11-21
            assured_by: "Test"
            waitlist:
              open: true
              capacity: 1
              fields: [name, contact, party_size]
              retention_days: 30
            ---
            Descrizione.
            """
        ),
        encoding="utf-8",
    )
    sync_directory(content_dir)
    result = join("festa-di-primavera", kind="event", name="Anna", phone="3331234567", party_size=3)
    assert (result.kind, result.service_slug, result.service_name) == (
        "event",
        "festa-di-primavera",
        "Festa di primavera",
    )
    with pytest.raises(JoinRefused) as caught:
        join("festa-di-primavera", kind="event", name="B", phone="3331234568", party_size=1)
    assert caught.value.reason == "full"
    assert check_ticket(result.code, kiosk_id=KIOSK).kind == "event"
    with pytest.raises(JoinRefused) as caught:
        join(name="A", phone="3331234567")
    assert caught.value.reason == "closed"


# --- untrusted text ----------------------------------------------------------------------------


UNTRUSTED = [
    ("[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),
    ("Mario [/]", "Mario [/]"),
    ("\x1b[31mred", "red"),
    ("Ma\u200brio\u200d", "Mario"),
    ("\u202eoiraM", "oiraM"),
    ("Giulia 👶🏽", "Giulia 👶🏽"),
    ("Nicolo\u0300", "Nicolò"),
    ("Anna\nRossi", "Anna Rossi"),
]


def test_untrusted_text_is_stored_as_typed_after_cleaning(lists: str) -> None:
    for i, (typed, _) in enumerate(UNTRUSTED):
        join(name=typed, phone=f"33312345{i:02d}", note=typed)
    join(name="n" * 10_000, phone="3470000000", note="x" * 10_000)
    *stored, long = [(row.name, row.note) for row in entries(BIRTH)]
    assert stored == [(clean, clean) for _, clean in UNTRUSTED]
    assert long == ("n" * waitlist.NAME_MAX, "x" * waitlist.NOTE_MAX)


def test_audit_names_the_kiosk_and_entry_never_the_person(lists: str) -> None:
    result = join(name="Mariolina Bianchi", phone="347 765 4321", note="Parto a marzo")
    join(name="Mariolina Bianchi", email="mariolina@example.org", phone="3477654321")
    cancel_ticket(result.code, kiosk_id=KIOSK)
    cancel_ticket(result.code, kiosk_id=KIOSK)  # idempotent: one cancel in the log
    entry = entries(BIRTH)[0]
    log = list(AuditLog.select().order_by(AuditLog.id))
    assert [a.action for a in log] == ["waitlist.join", "waitlist.join_again", "waitlist.cancel"]
    for row in log:
        assert row.actor == f"visitor@{KIOSK}" and row.target == f"entry:{entry.id}"
        text = f"{row.actor} {row.action} {row.target} {row.detail}".lower()
        for secret in (
            "mariolina",
            "bianchi",
            "7654321",
            "example.org",
            "marzo",
            result.code.lower(),
        ):
            assert secret not in text


# --- check and cancel by code --------------------------------------------------------------------


def test_check_and_cancel_by_code(lists: str) -> None:
    first = join(name="A", phone="3331234567")
    second = join(name="B", phone="3331234568")
    typed = " " + second.code[:3].lower() + " " + second.code[3:].lower() + " "
    status = check_ticket(typed, kiosk_id=KIOSK, lang="en")
    assert status.found and (status.code, status.position, status.status) == (
        second.code,
        2,
        "waiting",
    )
    assert (status.service_slug, status.service_name) == (BIRTH, "Birth pathway")
    cancelled = cancel_ticket(first.code.lower(), kiosk_id=KIOSK)
    assert (cancelled.status, cancelled.position) == ("cancelled", None)
    assert check_ticket(second.code, kiosk_id=KIOSK).position == 1
    again = cancel_ticket(first.code, kiosk_id=KIOSK)
    assert again.found and again.status == "cancelled"
    assert entries(BIRTH)[0].status == "cancelled"  # kept (for staff) until the retention purge
    WaitlistEntry.update(status="enrolled").where(WaitlistEntry.code == second.code).execute()
    assert cancel_ticket(second.code, kiosk_id=KIOSK).status == "enrolled"  # finished: left alone
    assert AuditLog.select().where(AuditLog.action == "waitlist.cancel").count() == 1


def test_unknown_code_reveals_nothing(lists: str) -> None:
    join(name="A", phone="3331234567")
    for typed in ("ACDEFH", "zzz", "", "0O1IL5"):
        answer = check_ticket(typed, kiosk_id=KIOSK)
        assert answer == waitlist.TicketStatus(outcome="not_found")
    assert cancel_ticket("HJKMNP", kiosk_id=KIOSK).outcome == "not_found"
    assert entries(BIRTH)[0].status == "waiting"


def _wrong(n: int, start: dt.datetime, kiosk: str = KIOSK) -> tuple[dt.datetime, list[int]]:
    """Type `n` wrong codes, each as soon as allowed; return the last time and the waits."""
    now, waits = start, []
    for _ in range(n):
        answer = check_ticket("ACDEFH", kiosk_id=kiosk, now=now)
        assert answer.outcome == "not_found"
        waits.append(answer.retry_after)
        now += dt.timedelta(seconds=answer.retry_after)
    return now - dt.timedelta(seconds=waits[-1]), waits


def test_wrong_codes_slow_down_and_the_delay_survives_a_restart(lists: str) -> None:
    good = join(name="A", phone="3331234567", now=T0)
    last, waits = _wrong(8, T0)
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8]
    # Even the right code waits: the throttle is checked before any lookup.
    blocked = check_ticket(good.code, kiosk_id=KIOSK, now=last + dt.timedelta(seconds=3))
    assert (blocked.outcome, blocked.retry_after, blocked.code) == ("throttled", 5, "")
    assert cancel_ticket(good.code, kiosk_id=KIOSK, now=last).outcome == "throttled"
    close_database()  # the kiosk restarts
    open_database(lists)
    again = check_ticket(good.code, kiosk_id=KIOSK, now=last + dt.timedelta(seconds=7))
    assert (again.outcome, again.retry_after) == ("throttled", 1)
    assert check_ticket(good.code, kiosk_id="cpf-altro", now=last).found  # per kiosk
    assert check_ticket(good.code, kiosk_id=KIOSK, now=last + dt.timedelta(seconds=8)).found
    # The delay is capped at a minute, and a quiet quarter of an hour forgets the failures.
    last, waits = _wrong(10, last + dt.timedelta(seconds=8))
    assert waits[-1] == waitlist_tickets.THROTTLE_MAX_DELAY
    _, waits = _wrong(1, last + dt.timedelta(minutes=16))
    assert waits == [0]
    assert LoginThrottle.get(LoginThrottle.scope == f"ticket:{KIOSK}").failures == 1


def test_a_guess_typed_while_another_is_checked_waits_for_its_count(
    lists: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two kiosks sharing an id, or a fast double tap: the second wrong code must see the
    first one counted. Four failures are in; guess A is held inside its lookup while guess B
    is typed. Read-then-record let B be checked too (a sixth free guess); now B queues on the
    throttle row and, once A's failure is counted, is told to wait."""
    last, _ = _wrong(waitlist_tickets.THROTTLE_FREE_FAILURES - 1, T0)
    now = last + dt.timedelta(seconds=1)
    inside, release = threading.Event(), threading.Event()
    real_check = waitlist_tickets.is_well_formed_code

    def held_check(code: str) -> bool:
        if not inside.is_set():  # only guess A is held
            inside.set()
            release.wait(timeout=30)
        return real_check(code)

    monkeypatch.setattr(waitlist_tickets, "is_well_formed_code", held_check)
    answers: dict[str, waitlist.TicketStatus | str] = {}

    def guess(name: str) -> None:
        try:
            answers[name] = check_ticket("ACDEFH", kiosk_id=KIOSK, now=now)
        except Exception as exc:  # shows in the assertion below
            answers[name] = f"{type(exc).__name__}: {exc}"
        finally:
            close_database()  # this thread's connection

    first = threading.Thread(target=guess, args=("A",))
    first.start()
    assert inside.wait(timeout=30)
    second = threading.Thread(target=guess, args=("B",))
    second.start()
    second.join(timeout=1.0)  # B, if it is not queued behind A, answers now
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    a, b = answers["A"], answers["B"]
    assert isinstance(a, waitlist.TicketStatus) and isinstance(b, waitlist.TicketStatus), answers
    assert (a.outcome, a.retry_after) == ("not_found", 1)
    assert (b.outcome, b.retry_after) == ("throttled", 1)
    assert LoginThrottle.get(LoginThrottle.scope == f"ticket:{KIOSK}").failures == (
        waitlist_tickets.THROTTLE_FREE_FAILURES
    )


# --- retention -----------------------------------------------------------------------------------


def test_purge_deletes_expired_entries_for_real(lists: str) -> None:
    now = T0 + dt.timedelta(days=400)
    old, recent = T0, now - dt.timedelta(days=10)
    kept_waiting = join(name="In attesa", phone="3330000001", now=old)
    for i, status in enumerate(["enrolled", "no_show", "removed", "cancelled"]):
        join(name=f"Vecchio {i}", phone=f"333000010{i}", now=old)
        WaitlistEntry.update(status=status).where(WaitlistEntry.seq == i + 2).execute()
    join(name="Recente", phone="3330000201", now=recent)
    WaitlistEntry.update(status="enrolled").where(WaitlistEntry.seq == 6).execute()
    join(LABS, name="Chiuso", phone="3330000301", party_size=2, child_age=3, now=old)
    labs = waitlist_of(LABS)
    Waitlist.update(is_open=False, closed_at=now - dt.timedelta(days=181)).where(
        Waitlist.id == labs.id
    ).execute()
    join(MEDIATION, phone="3330000401", now=old)  # open list, still waiting: kept
    assert purge_expired(now) == 5
    assert [e.name for e in entries(BIRTH)] == ["In attesa", "Recente"]
    assert entries(LABS) == [] and len(entries(MEDIATION)) == 1
    assert check_ticket(kept_waiting.code, kiosk_id=KIOSK).position == 1
    assert purge_expired(now) == 0
    purges = list(AuditLog.select().where(AuditLog.action == "waitlist.purge"))
    assert sorted(p.detail for p in purges) == [
        "deleted:1 list_closed:1",
        "deleted:4 list_closed:0",
    ]
    assert all("Vecchio" not in p.detail and "333" not in p.detail for p in purges)


# --- database trouble ----------------------------------------------------------------------------


def test_locked_or_dropped_database_fails_loudly_then_recovers(lists: str) -> None:
    if lists.startswith("sqlite:///"):
        open_database(lists, busy_timeout_ms=200)
        holder = sqlite3.connect(lists.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(DatabaseUnavailable):
                join(name="A", phone="3331234567")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    else:
        join(name="Z", phone="3339999999")  # make sure our connection is open
        from kiosk.models import database

        backend = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        admin = connect_url(lists)
        admin.execute_sql("SELECT pg_terminate_backend(%s)", (backend,))
        admin.close()
        with pytest.raises(DatabaseUnavailable):
            join(name="A", phone="3331234567")
    result = join(name="A", phone="3331234567")  # the next call works again
    assert check_ticket(result.code, kiosk_id=KIOSK).found
    seqs = [e.seq for e in entries(BIRTH)]
    assert seqs == list(range(1, len(seqs) + 1))


def test_unreachable_database_is_unavailable_not_success() -> None:
    open_database("postgresql://postgres@127.0.0.1:1/kiosk")
    try:
        with pytest.raises(DatabaseUnavailable):
            join(name="A", phone="3331234567")
        with pytest.raises(DatabaseUnavailable):
            check_ticket("ACDEFH", kiosk_id=KIOSK)
    finally:
        close_database()


def test_list_lock_held_too_long_on_postgres(
    pg_url: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.models import migrate

    open_database(pg_url)
    migrate()
    sync_directory(content_dir)
    monkeypatch.setattr(waitlist, "PG_LOCK_TIMEOUT_MS", 300)
    other = connect_url(pg_url)
    with other.atomic():
        other.execute_sql(
            "SELECT id FROM waitlist WHERE id = %s FOR UPDATE", (waitlist_of(BIRTH).id,)
        )
        with pytest.raises(DatabaseUnavailable):
            join(name="A", phone="3331234567")
    other.close()
    assert join(name="A", phone="3331234567").position == 1
    assert [e.seq for e in entries(BIRTH)] == [1]
