"""After a GDPR erase or a retention purge the personal data is gone from the database files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

from kiosk.models import (
    Timeouts,
    Waitlist,
    WaitlistEntry,
    close_database,
    database,
    is_sqlite,
    open_database,
)
from kiosk.staff import gdpr
from kiosk.waitlist import purge_expired
from tests.support.databases import PG_ADMIN_URL
from tests.support.staff_data import KIOSK, T0, add_entry, make_list

# Distinctive enough that no other byte sequence in a database file matches by chance.
ERASED = {"name": "Zebulone Quintavalle", "phone": "+39 347 918 2736", "email": "zq@esempio.it"}
NOTE = "allergia alle fragole selvatiche"
KEPT = {"name": "Marco Rossi", "phone": "0583 123456"}


def _needles() -> list[bytes]:
    return [s.encode() for s in (*ERASED.values(), NOTE, "3479182736")]


def _sqlite_bytes() -> bytes:
    """The database file and its -wal and -shm companions, as they are on disk now."""
    path = Path(database.obj.database)
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def _postgres_bytes() -> bytes:
    """Every page of the waitlist_entry table, dead rows included (pageinspect)."""
    database.execute_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
    size = database.execute_sql("SELECT pg_relation_size('waitlist_entry')").fetchone()[0]
    pages = []
    for block in range(size // 8192):
        raw = database.execute_sql("SELECT get_raw_page('waitlist_entry', %s)", (block,))
        pages.append(bytes(raw.fetchone()[0]))
    return b"".join(pages)


def stored_bytes() -> bytes:
    return _sqlite_bytes() if is_sqlite() else _postgres_bytes()


@pytest.fixture
def busy_server(db: str) -> Iterator[None]:
    """On PostgreSQL, a long transaction in another database, as other kiosks' work may be."""
    if is_sqlite():
        yield
        return
    other = psycopg2.connect(PG_ADMIN_URL)
    other.cursor().execute("SELECT txid_current()")  # holds an xid until rollback
    try:
        yield
    finally:
        other.rollback()
        other.close()


@pytest.fixture
def two_people(db: str, busy_server: None) -> Waitlist:
    nascita = make_list("percorso-nascita", "Percorso nascita")
    mediazione = make_list("mediazione-familiare", "Mediazione familiare", sensitive=True)
    add_entry(nascita, note=NOTE, **ERASED)
    add_entry(nascita, **KEPT)
    add_entry(mediazione, phone=ERASED["phone"])
    # Staff work on the entry leaves older versions of its row behind.
    WaitlistEntry.update(status="called").where(WaitlistEntry.name == ERASED["name"]).execute()
    return nascita


def test_erased_person_leaves_no_trace_in_the_files(two_people: Waitlist) -> None:
    assert all(needle in stored_bytes() for needle in _needles()[:2])  # the probe sees data
    assert gdpr.erase_person("347 918 2736", kiosk_id=KIOSK) == 2
    data = stored_bytes()
    assert [n for n in _needles() if n in data] == []
    assert KEPT["name"].encode() in data  # the others are still there
    assert [e.name for e in WaitlistEntry.select()] == [KEPT["name"]]


def test_retention_purge_leaves_no_trace_in_the_files(two_people: Waitlist) -> None:
    WaitlistEntry.update(status="enrolled").where(WaitlistEntry.phone == ERASED["phone"]).execute()
    assert purge_expired(T0 + dt.timedelta(days=400)) == 2
    data = stored_bytes()
    assert [n for n in _needles() if n in data] == []
    assert KEPT["name"].encode() in data


def test_an_erase_that_cannot_clear_the_files_yet_is_finished_by_the_next_purge(
    two_people: Waitlist, db: str
) -> None:
    close_database()  # reopen with short waits, as a busy kiosk would meet them
    open_database(db, busy_timeout_ms=200, timeouts=Timeouts(lock=1))
    if is_sqlite():
        other = sqlite3.connect(db.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM waitlist_entry").fetchone()  # an old snapshot
    else:
        other = psycopg2.connect(db)
        other.cursor().execute("LOCK TABLE waitlist_entry IN ACCESS SHARE MODE")
    try:
        assert gdpr.erase_person("347 918 2736", kiosk_id=KIOSK) == 2  # the erase stands
        assert ERASED["name"].encode() in stored_bytes()  # the files could not be cleared yet
    finally:
        other.rollback()
        other.close()
    assert purge_expired() == 0
    assert [n for n in _needles() if n in stored_bytes()] == []
