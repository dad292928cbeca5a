"""Waitlist joins from several processes at once, and processes killed mid-join (SIGKILL)."""

from __future__ import annotations

import multiprocessing
import os
import queue
import random
import signal
import sqlite3
import time
from pathlib import Path

from kiosk.models import Service, Waitlist, WaitlistEntry
from kiosk.sync import sync_directory
from tests.support.waitlist_workers import SLUG, join_batch, join_until_killed

WORKERS = 4
JOINS_EACH = 15


def _waitlist() -> Waitlist:
    return Waitlist.select().join(Service).where(Service.slug == SLUG).get()


def _integrity_ok(url: str) -> None:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def _run_batches(url: str, same_contact: bool) -> list[tuple[str, bool]]:
    """WORKERS spawned processes, released together, JOINS_EACH joins each; no error allowed."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=join_batch, args=(url, w, JOINS_EACH, same_contact, barrier, results))
        for w in range(WORKERS)
    ]
    for p in procs:
        p.start()
    reports = []
    try:
        for _ in procs:
            reports.append(results.get(timeout=60))
    except queue.Empty:
        pass
    for p in procs:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()
    assert len(reports) == WORKERS, "a worker died without reporting"
    assert [e for _, _, errs in reports for e in errs] == []
    return [j for _, joined, _ in reports for j in joined]


def test_parallel_joins_get_distinct_gapless_positions(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    joined = _run_batches(db, same_contact=False)
    total = WORKERS * JOINS_EACH
    codes = {code for code, _ in joined}
    assert len(joined) == len(codes) == total
    assert not any(again for _, again in joined)
    stored = list(WaitlistEntry.select().where(WaitlistEntry.waitlist == _waitlist().id))
    assert sorted(e.seq for e in stored) == list(range(1, total + 1))
    assert {e.code for e in stored} == codes
    assert _waitlist().last_seq == total
    _integrity_ok(db)


def test_parallel_joins_of_one_contact_make_one_entry(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    joined = _run_batches(db, same_contact=True)
    stored = list(WaitlistEntry.select().where(WaitlistEntry.waitlist == _waitlist().id))
    assert [(e.seq, e.phone) for e in stored] == [(1, "+393470000000")]
    # One got the place and its code; every other attempt was told "already on the list" only.
    assert {code for code, again in joined if not again} == {stored[0].code}
    assert {code for code, again in joined if again} == {""}
    assert sorted(again for _, again in joined) == [False] + [True] * (WORKERS * JOINS_EACH - 1)


def _confirmed(record: Path) -> set[str]:
    """Codes written in full (a kill may cut the last line short)."""
    if not record.exists():
        return set()
    lines = record.read_text(encoding="ascii").split("\n")
    return {line for line in lines[:-1] if line}


def test_killed_joiners_lose_nothing_confirmed(db: str, content_dir: Path, tmp_path: Path) -> None:
    sync_directory(content_dir)
    ctx = multiprocessing.get_context("spawn")
    rng = random.Random(20261121)
    records = [tmp_path / f"confirmed-{w}.txt" for w in range(WORKERS)]
    for round_no in range(3):
        procs = [
            ctx.Process(target=join_until_killed, args=(db, w, round_no, str(records[w])))
            for w in range(WORKERS)
        ]
        for p in procs:
            p.start()
        # Let the round get going (bounded): at least one new confirmed join, or 15 s.
        before = sum(len(_confirmed(r)) for r in records)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if sum(len(_confirmed(r)) for r in records) > before:
                break
            time.sleep(0.02)
        for p in procs:
            time.sleep(rng.uniform(0, 0.15))
            assert p.pid is not None
            os.kill(p.pid, signal.SIGKILL)
        for p in procs:
            p.join(timeout=10)
            assert p.exitcode == -signal.SIGKILL
    confirmed = set().union(*(_confirmed(r) for r in records))
    assert confirmed, "no join was confirmed in any round"
    stored = list(WaitlistEntry.select().where(WaitlistEntry.waitlist == _waitlist().id))
    assert confirmed <= {e.code for e in stored}
    seqs = sorted(e.seq for e in stored)
    assert seqs == list(range(1, len(stored) + 1))
    assert _waitlist().last_seq == len(stored)
    _integrity_ok(db)
