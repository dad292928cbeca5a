"""Seat offers on real databases: offer, expiry with a controlled clock, pass-on, answers."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import offers, waitlist, waitlist_tickets
from kiosk.clock import utcnow
from kiosk.errors import InvalidTransition
from kiosk.models import AuditLog, Waitlist, WaitlistEntry
from kiosk.staff import waitlists
from kiosk.waitlist_codes import new_code
from tests.support.clock import NOW, freeze_clock
from tests.support.staff_data import KIOSK, add_entry, make_list

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def line(db: str, monkeypatch: pytest.MonkeyPatch) -> Waitlist:
    """A list with offer_hours 24 and four waiting families (the clock stopped at NOW)."""
    freeze_clock(monkeypatch)
    nascita = make_list("percorso-nascita", "Percorso nascita")
    for name in ("Anna", "Marco", "Lucia", "Gianni"):
        add_entry(nascita, name=name, code=new_code())  # codes a visitor can type
    Waitlist.update(offer_hours=24).where(Waitlist.id == nascita.id).execute()
    return Waitlist.get_by_id(nascita.id)


def status_of(name: str) -> str:
    return str(WaitlistEntry.get(WaitlistEntry.name == name).status)


def statuses() -> dict[str, str]:
    return {e.name: e.status for e in WaitlistEntry.select().order_by(WaitlistEntry.seq)}


def test_offer_holds_for_the_lists_hours_and_keeps_the_place(line: Waitlist) -> None:
    offered = waitlists.offer_next(line.id, kiosk_id=KIOSK)
    assert offered is not None and offered.name == "Anna"
    assert offered.status == "offered"
    assert offered.offer_expires_at == NOW + 24 * HOUR  # local time, as staff read it
    # The offered family keeps its place; nobody behind it moves up yet.
    assert offered.position == 1
    marco = WaitlistEntry.get(WaitlistEntry.name == "Marco")
    assert waitlist_tickets.check_ticket(marco.code, kiosk_id=KIOSK).position == 2
    anna = waitlist_tickets.check_ticket(offered.code, kiosk_id=KIOSK, lang="en")
    assert (anna.status, anna.position, anna.offer_until) == ("offered", 1, NOW + 24 * HOUR)
    audit = AuditLog.get(AuditLog.action == "waitlist_offer")
    assert audit.detail.startswith("status waiting->offered until:")
    assert "Anna" not in audit.detail


def test_nothing_expires_before_its_time(line: Waitlist) -> None:
    waitlists.offer_next(line.id, kiosk_id=KIOSK)
    just_before = utcnow() + 24 * HOUR - dt.timedelta(seconds=1)
    assert offers.expire_offers(just_before) == offers.SweepReport(0, 0)
    assert status_of("Anna") == "offered"


def test_expired_offer_passes_to_the_next_waiting(line: Waitlist) -> None:
    waitlists.offer_next(line.id, kiosk_id=KIOSK)
    later = utcnow() + 24 * HOUR
    assert offers.expire_offers(later) == offers.SweepReport(expired=1, offered=1)
    assert statuses() == {
        "Anna": "offer_expired",
        "Marco": "offered",
        "Lucia": "waiting",
        "Gianni": "waiting",
    }
    marco = WaitlistEntry.get(WaitlistEntry.name == "Marco")
    assert marco.offer_expires_at == later + 24 * HOUR  # a full offer time from the hand-over
    # The expired family is out of the line; Marco is first now.
    assert waitlist_tickets.check_ticket(marco.code, kiosk_id=KIOSK).position == 1
    anna = WaitlistEntry.get(WaitlistEntry.name == "Anna")
    assert waitlist_tickets.check_ticket(anna.code, kiosk_id=KIOSK).position is None
    # The same sweep again does nothing: expired once, offered once.
    assert offers.expire_offers(later) == offers.SweepReport(0, 0)
    assert AuditLog.select().where(AuditLog.action == "waitlist_offer_expired").count() == 1
    # A day later Marco's offer expires too and Lucia's turn comes.
    assert offers.expire_offers(later + 24 * HOUR) == offers.SweepReport(1, 1)
    assert status_of("Lucia") == "offered"


def test_staff_confirm_mode_only_expires(line: Waitlist) -> None:
    waitlists.offer_next(line.id, kiosk_id=KIOSK)
    report = offers.expire_offers(utcnow() + 25 * HOUR, auto=False)
    assert report == offers.SweepReport(expired=1, offered=0)
    assert statuses()["Marco"] == "waiting"
    nxt = waitlists.offer_next(line.id, kiosk_id=KIOSK)  # staff decide
    assert nxt is not None and nxt.name == "Marco"


def test_decline_on_behalf_of_the_family_passes_the_seat(line: Waitlist) -> None:
    anna = waitlists.offer_next(line.id, kiosk_id=KIOSK)
    assert anna is not None
    declined = waitlists.set_status(anna.id, "declined", kiosk_id=KIOSK)
    assert declined.status == "declined" and declined.position is None
    assert statuses()["Marco"] == "offered"
    # Marco accepts: enrolled, and nobody else gets a seat.
    marco = WaitlistEntry.get(WaitlistEntry.name == "Marco")
    waitlists.set_status(marco.id, "enrolled", kiosk_id=KIOSK)
    assert statuses() == {
        "Anna": "declined",
        "Marco": "enrolled",
        "Lucia": "waiting",
        "Gianni": "waiting",
    }


def test_decline_without_auto_leaves_the_seat_to_staff(line: Waitlist) -> None:
    anna = waitlists.offer_next(line.id, kiosk_id=KIOSK)
    assert anna is not None
    waitlists.set_status(anna.id, "declined", kiosk_id=KIOSK, offer_auto=False)
    assert statuses()["Marco"] == "waiting"


def test_visitor_cancelling_an_offer_frees_the_seat(line: Waitlist) -> None:
    anna = waitlists.offer_next(line.id, kiosk_id=KIOSK)
    assert anna is not None
    answer = waitlist_tickets.cancel_ticket(anna.code, kiosk_id=KIOSK)
    assert answer.status == "cancelled"
    assert statuses()["Marco"] == "offered"


def test_only_the_sweep_expires_an_offer(line: Waitlist) -> None:
    anna = waitlists.offer_next(line.id, kiosk_id=KIOSK)
    assert anna is not None
    with pytest.raises(InvalidTransition):
        waitlists.set_status(anna.id, "offer_expired", kiosk_id=KIOSK)
    # A family that answers late can still be given the seat by staff.
    offers.expire_offers(utcnow() + 30 * HOUR, auto=False)
    late = waitlists.set_status(anna.id, "enrolled", kiosk_id=KIOSK)
    assert late.status == "enrolled"


def test_withdrawn_offer_is_not_expired_later(line: Waitlist) -> None:
    anna = waitlists.offer_next(line.id, kiosk_id=KIOSK)
    assert anna is not None
    back = waitlists.set_status(anna.id, "waiting", kiosk_id=KIOSK)
    assert (back.status, back.position) == ("waiting", 1)  # the original place
    assert offers.expire_offers(utcnow() + 48 * HOUR) == offers.SweepReport(0, 0)
    assert statuses()["Anna"] == "waiting"


def test_nobody_waiting_means_no_offer(line: Waitlist) -> None:
    for _ in range(4):
        assert waitlists.offer_next(line.id, kiosk_id=KIOSK) is not None
    assert waitlists.offer_next(line.id, kiosk_id=KIOSK) is None
    report = offers.expire_offers(utcnow() + 24 * HOUR)
    assert report == offers.SweepReport(expired=4, offered=0)
    assert set(statuses().values()) == {"offer_expired"}


def test_an_offer_counts_against_capacity(line: Waitlist) -> None:
    Waitlist.update(capacity=4).where(Waitlist.id == line.id).execute()
    waitlists.offer_next(line.id, kiosk_id=KIOSK)
    with pytest.raises(waitlist.JoinRefused) as refused:
        waitlist.join_waitlist(
            "percorso-nascita", waitlist.JoinForm(name="Nuova", phone="3330001111"), kiosk_id="k"
        )
    assert refused.value.reason == "full"
