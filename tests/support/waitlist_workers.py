"""Worker functions for the waitlist concurrency tests (run in 'spawn' child processes)."""

from __future__ import annotations

import os
import uuid
from typing import Any

SLUG = "percorso-nascita"


def _unlimited() -> Any:
    """Far above any visitor's pace: these tests measure locking, not the rate limits."""
    from kiosk.waitlist import JoinLimits

    return JoinLimits(per_kiosk=1_000_000, per_list=1_000_000)


def join_batch(
    url: str, worker: int, count: int, same_contact: bool, barrier: Any, results: Any
) -> None:
    """Join `count` times (distinct contacts, or all the same one); report on `results`
    (worker, [(code, already_registered)], errors)."""
    from kiosk.models import close_database, open_database
    from kiosk.waitlist import JoinForm, join_waitlist

    open_database(url, busy_timeout_ms=30_000)
    joined: list[tuple[str, bool]] = []
    errors: list[str] = []
    barrier.wait(timeout=60)
    for i in range(count):
        try:
            result = join_waitlist(
                SLUG,
                JoinForm(
                    name="Prova", phone="347 000 0000" if same_contact else f"33{worker}{i:07d}"
                ),
                kiosk_id=f"kiosk-{worker}",
                request_id=uuid.uuid4(),
                limits=_unlimited(),
            )
            joined.append((result.code, result.already_registered))
        except Exception as exc:  # every failure counts in the test
            errors.append(f"{type(exc).__name__}: {exc}")
    close_database()
    results.put((worker, joined, errors))


def join_until_killed(url: str, worker: int, round_no: int, record: str) -> None:
    """Join in a loop; after each confirmed join append its code to `record`, fsync'ed."""
    from kiosk.models import open_database
    from kiosk.waitlist import JoinForm, join_waitlist

    open_database(url, busy_timeout_ms=30_000)
    with open(record, "a", encoding="ascii") as out:
        for i in range(1_000_000):
            try:
                result = join_waitlist(
                    SLUG,
                    JoinForm(name="Prova", email=f"r{round_no}w{worker}n{i}@example.org"),
                    kiosk_id=f"kiosk-{worker}",
                    request_id=uuid.uuid4(),
                    limits=_unlimited(),
                )
            except Exception:  # a kill of a neighbour may time us out: keep going
                continue
            out.write(result.code + "\n")
            out.flush()
            os.fsync(out.fileno())


def join_once(url: str, phone: str, results: Any) -> None:
    """One join (waiting up to 30 s for the database); report ('ok', code) or ('error', name)."""
    from kiosk.models import close_database, open_database
    from kiosk.waitlist import JoinForm, join_waitlist

    open_database(url, busy_timeout_ms=30_000)
    try:
        result = join_waitlist(
            SLUG, JoinForm(name="Prova", phone=phone), kiosk_id="kiosk-queued", limits=_unlimited()
        )
        results.put(("ok", result.code))
    except Exception as exc:  # reported, the test decides
        results.put(("error", type(exc).__name__))
    finally:
        close_database()


def hold_write_transaction(url: str, ready: Any) -> None:
    """Open a write transaction, write in it, say so on `ready`, then never finish (the test
    stops or kills this process)."""
    import time

    from kiosk.models import AuditLog, database, open_database

    open_database(url, busy_timeout_ms=30_000)
    with database.atomic():
        AuditLog.create(actor="holder", action="test.hold", kiosk_id="holder")
        ready.set()
        time.sleep(3600)
