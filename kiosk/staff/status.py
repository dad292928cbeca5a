"""One look at the kiosk's health for staff: database, content version, lists, reviews."""

from __future__ import annotations

import time

import peewee as pw

from kiosk.config import Settings
from kiosk.models import ContentSync, WaitlistEntry, database, database_kind
from kiosk.staff.content import REVIEW_MONTHS, services_needing_review
from kiosk.staff.pin import pin_is_set
from kiosk.staff.query import rows
from kiosk.staff.records import SystemStatus


def check_database() -> tuple[bool, float | None, str]:
    """(ok, milliseconds for SELECT 1, error text)."""
    started = time.perf_counter()
    try:
        database.execute_sql("SELECT 1").fetchone()
    except Exception as exc:  # any driver error is the answer here, not a crash
        return False, None, f"{type(exc).__name__}: {exc}".strip().splitlines()[0]
    return True, (time.perf_counter() - started) * 1000, ""


def system_status(settings: Settings, *, review_months: int = REVIEW_MONTHS) -> SystemStatus:
    """Kiosk id, database kind and health, content version, waitlist totals, reviews due."""
    kind = database_kind() if database.obj is not None else "none"
    if database.obj is None:
        ok, ms, error = False, None, "the database is not open"
    else:
        ok, ms, error = check_database()
    if not ok:
        return SystemStatus(
            kiosk_id=settings.kiosk_id,
            database_kind=kind,
            database_ok=False,
            database_ms=None,
            database_error=error,
            content_version="",
            last_sync_at=None,
            last_sync_actor="",
            waitlist_totals={},
            review_count=0,
            pin_set=False,
        )
    last = ContentSync.select().order_by(ContentSync.at.desc(), ContentSync.id.desc()).first()
    totals = {
        status: int(count)
        for status, count in rows(
            WaitlistEntry.select(WaitlistEntry.status, pw.fn.COUNT(1)).group_by(
                WaitlistEntry.status
            )
        )
    }
    return SystemStatus(
        kiosk_id=settings.kiosk_id,
        database_kind=kind,
        database_ok=True,
        database_ms=ms,
        database_error="",
        content_version=last.version if last else "",
        last_sync_at=last.at if last else None,
        last_sync_actor=last.actor if last else "",
        waitlist_totals=totals,
        review_count=len(services_needing_review(review_months)),
        pin_set=pin_is_set(),
    )
