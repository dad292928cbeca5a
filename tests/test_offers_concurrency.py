"""Offers and expiry from several threads at once (two kiosks, a kiosk and the timer): each
seat is offered once, each offer expires once, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable

import pytest

from kiosk import offers
from kiosk.models import AuditLog, Waitlist, WaitlistEntry, database
from kiosk.staff import waitlists
from tests.support.staff_data import KIOSK, T0, add_entry, make_list

THREADS = 6
LATER = T0 + dt.timedelta(hours=100)


def run_together(jobs: list[Callable[[], object]]) -> list[object]:
    """Start every job at the same moment (a barrier); return results, re-raise any error."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(i: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = job()
        except BaseException as exc:
            errors.append(exc)
        finally:
            database.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert errors == []
    return results


@pytest.fixture
def line(db: str) -> Waitlist:
    nascita = make_list("percorso-nascita", "Percorso nascita")
    for i in range(20):
        add_entry(nascita, name=f"Famiglia {i}")
    return nascita


def offers_per_entry() -> Counter[str]:
    rows = AuditLog.select().where(AuditLog.action == "waitlist_offer")
    return Counter(r.target for r in rows)


def test_simultaneous_offers_go_to_distinct_families_in_order(line: Waitlist) -> None:
    results = run_together(
        [
            lambda k=k: waitlists.offer_next(line.id, kiosk_id=f"kiosk-{k}", now=T0)
            for k in range(THREADS)
        ]
    )
    codes = [r.code for r in results if r is not None]  # type: ignore[attr-defined]
    assert len(codes) == len(set(codes)) == THREADS
    offered = WaitlistEntry.select().where(WaitlistEntry.status == "offered")
    assert sorted(e.seq for e in offered) == list(range(1, THREADS + 1))  # the first in line
    assert set(offers_per_entry().values()) == {1}


def test_simultaneous_sweeps_expire_once_and_pass_each_seat_once(line: Waitlist) -> None:
    first = waitlists.offer_next(line.id, kiosk_id=KIOSK, now=T0)
    second = waitlists.offer_next(line.id, kiosk_id=KIOSK, now=T0)
    assert first is not None and second is not None
    sweeps = [
        lambda k=k: offers.expire_offers(LATER, kiosk_id=f"kiosk-{k}", actor="schedule")
        for k in range(THREADS - 1)
    ]
    # The timer runs at the same time as the kiosks' own loops.
    sweeps.append(lambda: offers.expire_offers(LATER, kiosk_id="timer", actor="cli@timer"))
    reports = run_together(sweeps)  # type: ignore[arg-type]
    total = sum((r.expired for r in reports), 0)  # type: ignore[attr-defined]
    passed = sum((r.offered for r in reports), 0)  # type: ignore[attr-defined]
    assert (total, passed) == (2, 2)
    statuses = Counter(e.status for e in WaitlistEntry.select())
    assert statuses == Counter({"offer_expired": 2, "offered": 2, "waiting": 16})
    expired = AuditLog.select().where(AuditLog.action == "waitlist_offer_expired")
    assert sorted(r.target for r in expired) == sorted([f"entry:{first.id}", f"entry:{second.id}"])
    assert set(offers_per_entry().values()) == {1}  # nobody was offered a seat twice


def test_staff_offers_while_sweeps_pass_seats_on(line: Waitlist) -> None:
    for _ in range(3):
        waitlists.offer_next(line.id, kiosk_id=KIOSK, now=T0)
    jobs: list[Callable[[], object]] = [
        lambda: offers.expire_offers(LATER, kiosk_id="timer"),
        lambda: offers.expire_offers(LATER, kiosk_id="kiosk-a"),
        lambda: waitlists.offer_next(line.id, kiosk_id="kiosk-b", now=LATER),
        lambda: waitlists.offer_next(line.id, kiosk_id="kiosk-c", now=LATER),
    ]
    run_together(jobs)
    statuses = Counter(e.status for e in WaitlistEntry.select())
    # 3 expired and passed on, plus 2 new seats from staff: 5 offers open, each to one family.
    assert statuses == Counter({"offer_expired": 3, "offered": 5, "waiting": 12})
    assert set(offers_per_entry().values()) == {1}
    offered = WaitlistEntry.select().where(WaitlistEntry.status == "offered")
    assert sorted(e.seq for e in offered) == [4, 5, 6, 7, 8]  # still in join order
