"""SQLite writers of several processes queue on a lock file, and a frozen writer ends the
others' wait within the busy timeout: "try again", never a false "saved"."""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from pathlib import Path

import pytest

from kiosk.errors import DatabaseUnavailable
from kiosk.models import WaitlistEntry, close_database, database, open_database
from kiosk.models.writer_queue import SUFFIX, WriterQueue
from kiosk.waitlist import JoinForm, JoinResult, join_waitlist
from tests.support.waitlist_workers import SLUG, hold_write_transaction, join_once

SPAWN = multiprocessing.get_context("spawn")


def join(phone: str) -> JoinResult:
    return join_waitlist(SLUG, JoinForm(name="Prova", phone=phone), kiosk_id="cpf-test")


def phones() -> list[str]:
    return [e.phone for e in WaitlistEntry.select().order_by(WaitlistEntry.seq)]


def blocked_on(lock_file: Path) -> int:
    """flock() calls now waiting for `lock_file`, as the kernel lists them (/proc/locks)."""
    inode = f":{os.stat(lock_file).st_ino} "
    lines = Path("/proc/locks").read_text().splitlines()
    return sum(1 for line in lines if "-> FLOCK" in line and inode in line)


def until(condition: object, seconds: float = 20) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


def test_a_writer_waits_its_turn_in_the_kernel_then_saves(kiosk_db: Path) -> None:
    lock_file = Path(f"{kiosk_db}{SUFFIX}")
    results = SPAWN.Queue()
    with database.atomic():  # this process writes: the queue's lock is ours until COMMIT
        first = join("3331110001")
        waiter = SPAWN.Process(
            target=join_once, args=(f"sqlite:///{kiosk_db}", "3331110002", results)
        )
        waiter.start()
        try:
            assert until(lambda: blocked_on(lock_file) == 1), "the other writer never queued"
            with pytest.raises(queue.Empty):
                results.get_nowait()  # it waits, it has not failed
        except BaseException:
            waiter.kill()
            raise
    outcome = results.get(timeout=60)
    waiter.join(timeout=30)
    assert outcome[0] == "ok", outcome
    assert phones() == ["+393331110001", "+393331110002"]
    assert first.position == 1


def test_a_frozen_writer_makes_the_next_give_up_unsaved(kiosk_db: Path) -> None:
    url = f"sqlite:///{kiosk_db}"
    ready = SPAWN.Event()
    holder = SPAWN.Process(target=hold_write_transaction, args=(url, ready))
    holder.start()
    try:
        assert ready.wait(60)
        assert holder.pid is not None
        os.kill(holder.pid, signal.SIGSTOP)  # frozen, lock held
        close_database()
        open_database(url, busy_timeout_ms=500)
        with pytest.raises(DatabaseUnavailable):
            join("3331110001")
        with pytest.raises(DatabaseUnavailable):  # again: nothing left half-held
            join("3331110001")
    finally:
        holder.kill()  # the kernel drops its lock with the process
        holder.join(timeout=30)
    assert phones() == []
    assert join("3331110001").position == 1  # the queue moves again
    assert phones() == ["+393331110001"]


def test_two_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    lock = WriterQueue(str(tmp_path / f"kiosk.db{SUFFIX}"))
    held = lock.acquire(timeout=5)
    outcome: list[object] = []

    def other_thread() -> None:
        try:
            outcome.append(lock.acquire(timeout=0.2))
        except DatabaseUnavailable as exc:
            outcome.append(exc)

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], DatabaseUnavailable)
    WriterQueue.release(held)
    thread = threading.Thread(target=lambda: outcome.append(lock.acquire(timeout=30)))
    thread.start()
    thread.join(timeout=60)
    assert len(outcome) == 2 and isinstance(outcome[1], int)
    WriterQueue.release(outcome[1])


def test_a_turn_granted_after_the_wait_ended_is_passed_on(tmp_path: Path) -> None:
    lock = WriterQueue(str(tmp_path / f"kiosk.db{SUFFIX}"))
    held = lock.acquire(timeout=5)
    with pytest.raises(DatabaseUnavailable):
        lock.acquire(timeout=0.2)  # gave up; the waiter thread is still in flock() for it
    WriterQueue.release(held)  # ... gets the lock now, for nobody: it must let it go
    got: list[int] = []
    taker = threading.Thread(target=lambda: got.append(lock.acquire(timeout=30)))
    taker.start()
    taker.join(timeout=60)
    assert len(got) == 1
    WriterQueue.release(got[0])


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_lock_file_made_by_root_belongs_to_the_database_owner(kiosk_db: Path) -> None:
    nobody = 65534
    lock_file = Path(f"{kiosk_db}{SUFFIX}")
    lock_file.unlink()  # made by the fixture's writes; the kiosk's user owns the database now
    os.chown(kiosk_db, nobody, nobody)
    join("3331110001")
    assert (lock_file.stat().st_uid, lock_file.stat().st_gid) == (nobody, nobody)
    assert lock_file.stat().st_mode & 0o777 == 0o600


def test_without_a_usable_lock_file_writers_still_save(
    kiosk_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lock_file = Path(f"{kiosk_db}{SUFFIX}")
    lock_file.unlink()
    lock_file.mkdir()  # cannot be opened as a file
    assert [join("3331110001").position, join("3331110002").position] == [1, 2]
    warnings = [r for r in caplog.records if "writers' queue unavailable" in r.getMessage()]
    assert len(warnings) == 1  # said once, not at every write
