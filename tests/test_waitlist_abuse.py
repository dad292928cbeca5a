"""The waitlist against a hostile visitor: no disclosure by contact, joins rate limited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import uuid
from pathlib import Path

import pytest

from kiosk.config import ConfigError, Settings, load_settings
from kiosk.models import AuditLog, Service, Waitlist, WaitlistEntry, close_database
from kiosk.sync import sync_directory
from kiosk.waitlist import JoinLimited, JoinLimits, join_waitlist
from kiosk.waitlist_codes import JoinForm
from kiosk.waitlist_tickets import cancel_ticket, check_ticket

BIRTH = "percorso-nascita"  # name, contact, note
MEDIATION = "mediazione-familiare"  # sensitive, contact only
KIOSK = "cpf-test"
T0 = dt.datetime(2026, 11, 21, 10, 0, 0)
UNLIMITED = JoinLimits(per_kiosk=10_000, per_list=10_000)


@pytest.fixture
def lists(db: str, content_dir: Path) -> str:
    sync_directory(content_dir)
    return db


def active(slug: str) -> list[WaitlistEntry]:
    wl = Waitlist.select().join(Service).where(Service.slug == slug).get()
    return list(
        WaitlistEntry.select()
        .where(WaitlistEntry.waitlist == wl, WaitlistEntry.status == "waiting")
        .order_by(WaitlistEntry.seq)
    )


# --- disclosure by contact ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "fields"),
    [(BIRTH, {"name": "Anna"}), (MEDIATION, {})],
    ids=["ordinary", "confidential"],
)
def test_typing_someone_elses_number_reveals_no_code_and_cannot_cancel_them(
    lists: str, slug: str, fields: dict[str, str]
) -> None:
    a = join_waitlist(
        slug, JoinForm(phone="333 123 4567", **fields), kiosk_id=KIOSK, limits=UNLIMITED
    )
    b = join_waitlist(
        slug, JoinForm(phone="+39 3331234567", **fields), kiosk_id="cpf-other", limits=UNLIMITED
    )
    assert b.already_registered and b.code == "" and b.position is None
    assert b.sensitive == (slug == MEDIATION)
    for value in dataclasses.asdict(b).values():  # nothing of A's entry travels in B's answer
        assert value != a.code
    assert a.code not in repr(b)
    # What B can try with what B got: no code, so no cancellation of A's place.
    assert not cancel_ticket(b.code, kiosk_id="cpf-other").found
    assert [e.code for e in active(slug)] == [a.code]
    assert check_ticket(a.code, kiosk_id=KIOSK).status == "waiting"


def test_retrying_a_refused_duplicate_with_its_request_id_still_reveals_nothing(
    lists: str,
) -> None:
    a = join_waitlist(
        BIRTH, JoinForm(name="A", phone="3331234567"), kiosk_id=KIOSK, limits=UNLIMITED
    )
    request = uuid.uuid4()
    for _ in range(2):  # the kiosk resends the same form after a timeout
        b = join_waitlist(
            BIRTH,
            JoinForm(name="B", phone="333 123 4567"),
            kiosk_id=KIOSK,
            request_id=request,
            limits=UNLIMITED,
        )
        assert b.already_registered and not b.replayed and (b.code, b.position) == ("", None)
    assert [e.code for e in active(BIRTH)] == [a.code]
    assert not WaitlistEntry.select().where(WaitlistEntry.request_id == str(request)).exists()


def test_the_same_request_id_retried_gets_its_own_confirmation(lists: str) -> None:
    request = uuid.uuid4()
    first = join_waitlist(
        BIRTH,
        JoinForm(name="A", phone="3331234567"),
        kiosk_id=KIOSK,
        request_id=request,
        limits=UNLIMITED,
    )
    again = join_waitlist(
        BIRTH,
        JoinForm(name="A", phone="3331234567"),
        kiosk_id=KIOSK,
        request_id=request,
        limits=UNLIMITED,
    )
    assert again.replayed and not again.already_registered
    assert (again.code, again.position) == (first.code, 1)


# --- rate limits -------------------------------------------------------------------------------


def test_defaults_come_from_the_settings() -> None:
    settings = Settings()
    assert JoinLimits() == JoinLimits(
        per_kiosk=settings.joins_per_minute_kiosk, per_list=settings.joins_per_minute_list
    )
    assert JoinLimits().window_seconds == 60


def test_one_kiosk_is_limited_per_minute_and_stores_nothing_more(lists: str) -> None:
    limits = JoinLimits(per_kiosk=3, per_list=100)
    for i in range(3):
        join_waitlist(
            BIRTH,
            JoinForm(name="P", phone=f"33300000{i:02d}"),
            kiosk_id=KIOSK,
            now=T0,
            limits=limits,
        )
    with pytest.raises(JoinLimited) as caught:
        join_waitlist(
            BIRTH,
            JoinForm(name="P", phone="3330000099"),
            kiosk_id=KIOSK,
            now=T0 + dt.timedelta(seconds=20),
            limits=limits,
        )
    assert caught.value.reason == "rate_limited" and caught.value.scope == "kiosk"
    assert caught.value.retry_after == 40  # the oldest join leaves the minute then
    assert len(active(BIRTH)) == 3
    # Repeating a contact already on the list is an attempt too (probing costs as much).
    with pytest.raises(JoinLimited):
        join_waitlist(
            BIRTH, JoinForm(name="P", phone="3330000000"), kiosk_id=KIOSK, now=T0, limits=limits
        )
    # Another kiosk is not slowed down; this one may join again once the minute is over.
    join_waitlist(
        BIRTH, JoinForm(name="Q", phone="3470000001"), kiosk_id="cpf-altro", now=T0, limits=limits
    )
    later = T0 + dt.timedelta(seconds=61)
    join_waitlist(
        BIRTH, JoinForm(name="P", phone="3330000099"), kiosk_id=KIOSK, now=later, limits=limits
    )
    assert len(active(BIRTH)) == 5


def test_one_list_is_limited_across_kiosks_and_repeats_do_not_count(lists: str) -> None:
    limits = JoinLimits(per_kiosk=100, per_list=2)
    join_waitlist(
        BIRTH, JoinForm(name="A", phone="3330000001"), kiosk_id="k1", now=T0, limits=limits
    )
    join_waitlist(
        BIRTH, JoinForm(name="B", phone="3330000002"), kiosk_id="k2", now=T0, limits=limits
    )
    again = join_waitlist(
        BIRTH, JoinForm(name="A", phone="3330000001"), kiosk_id="k3", now=T0, limits=limits
    )
    assert again.already_registered  # told so, and it filled nothing
    with pytest.raises(JoinLimited) as caught:
        join_waitlist(
            BIRTH, JoinForm(name="C", phone="3330000003"), kiosk_id="k3", now=T0, limits=limits
        )
    assert caught.value.scope == "list"
    other = join_waitlist(
        MEDIATION, JoinForm(phone="3330000003"), kiosk_id="k3", now=T0, limits=limits
    )  # another list still takes joins
    assert other.position == 1
    assert len(active(BIRTH)) == 2
    assert AuditLog.select().where(AuditLog.action == "waitlist.join").count() == 3


def test_the_limit_is_taken_atomically_by_simultaneous_joins(lists: str, db_url: str) -> None:
    """Eight joins from one kiosk released together on a limit of 3: exactly 3 stored."""
    limits = JoinLimits(per_kiosk=3, per_list=100)
    threads = 8
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        barrier.wait(timeout=30)
        try:
            join_waitlist(
                BIRTH,
                JoinForm(name="P", phone=f"33300000{i:02d}"),
                kiosk_id=KIOSK,
                now=T0,
                limits=limits,
            )
            outcome = "joined"
        except JoinLimited:
            outcome = "limited"
        except Exception as exc:  # any other failure shows in the assertion
            outcome = f"{type(exc).__name__}: {exc}"
        finally:
            close_database()  # this thread's connection
        with lock:
            outcomes.append(outcome)

    workers = [threading.Thread(target=one, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(outcomes) == ["joined"] * 3 + ["limited"] * 5
    assert len(active(BIRTH)) == 3


def test_limit_settings_are_read_and_checked() -> None:
    settings = load_settings({"KIOSK_JOINS_PER_MINUTE": "3", "KIOSK_LIST_JOINS_PER_MINUTE": "9"})
    assert (settings.joins_per_minute_kiosk, settings.joins_per_minute_list) == (3, 9)
    for bad in ("0", "-1", "tre", "100000"):
        with pytest.raises(ConfigError, match="KIOSK_JOINS_PER_MINUTE"):
            load_settings({"KIOSK_JOINS_PER_MINUTE": bad})
