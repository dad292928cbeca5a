"""One look at the kiosk's health for staff: database, content version, lists, reviews."""

from __future__ import annotations

import datetime as dt
import time

import peewee as pw

from kiosk.clock import utcnow
from kiosk.config import Settings
from kiosk.contentfiles.loader import load_content
from kiosk.models import (
    ContentSync,
    Waitlist,
    WaitlistEntry,
    database,
    database_kind,
)
from kiosk.printing.device import printer_state
from kiosk.staff.content import REVIEW_MONTHS, services_needing_review
from kiosk.staff.pin import pin_is_set
from kiosk.staff.query import rows
from kiosk.staff.records import SystemStatus
from kiosk.statuses import FINISHED, EntryStatus
from kiosk.sync import folder_key


def missing_driver_hint(exc: BaseException, url: str) -> str:
    """What to install when a PostgreSQL URL is configured but psycopg2 is missing."""
    if isinstance(exc, pw.ImproperlyConfigured) and url.startswith("postgres"):
        return (
            "the database is PostgreSQL but its driver (psycopg2) is not installed: "
            "pip install 'sportello-cpf-kiosk[postgres]' in the kiosk's virtual environment"
        )
    return ""


def first_line(exc: BaseException) -> str:
    """One line naming an error, for a terminal or a monitoring check."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def check_database() -> tuple[bool, float | None, str]:
    """(ok, milliseconds for SELECT 1, error text)."""
    started = time.perf_counter()
    try:
        database.execute_sql("SELECT 1").fetchone()
    except Exception as exc:  # any driver error is the answer here, not a crash
        return False, None, f"{type(exc).__name__}: {first_line(exc)}"
    return True, (time.perf_counter() - started) * 1000, ""


PURGE_GRACE = dt.timedelta(days=1)  # the kiosk purges every 6 hours; a day late is a failure
OFFER_GRACE = dt.timedelta(minutes=15)  # kiosks expire offers every minute
PRINTER_TROUBLE = ("missing", "offline", "no_paper", "timeout", "error")


def overdue_offers(now: dt.datetime | None = None) -> int:
    """Offers still open well after their time: nothing is expiring them."""
    cutoff = (now or utcnow()) - OFFER_GRACE
    return int(
        WaitlistEntry.select()
        .where(
            WaitlistEntry.status == EntryStatus.OFFERED,
            WaitlistEntry.offer_expires_at < cutoff,
        )
        .count()
    )


def overdue_entries(now: dt.datetime | None = None) -> int:
    """Entries still stored a day after the retention purge should have deleted them."""
    now = now or utcnow()
    total = 0
    for waitlist in Waitlist.select().order_by(Waitlist.id):
        cutoff = now - dt.timedelta(days=waitlist.retention_days) - PURGE_GRACE
        overdue = WaitlistEntry.waitlist == waitlist.id
        if waitlist.is_open or waitlist.closed_at is None or waitlist.closed_at >= cutoff:
            overdue &= WaitlistEntry.status.in_(FINISHED) & (WaitlistEntry.updated_at < cutoff)
        total += WaitlistEntry.select().where(overdue).count()
    return total


def content_problems(settings: Settings) -> list[str]:
    """Problems in the configured content folder (what `kiosk content check` prints)."""
    return [str(p) for p in load_content(settings.content_dir).problems]


def system_status(
    settings: Settings, *, review_months: int = REVIEW_MONTHS, check_content: bool = False
) -> SystemStatus:
    """Kiosk id, database kind and health, content version, waitlist totals, reviews due;
    `problems` lists what a monitoring check must flag (overdue purge, invalid content)."""
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
    problems = []
    late_offers = overdue_offers()
    if late_offers:
        problems.append(
            f"{late_offers} seat offers past their time are still open: nothing expires them "
            "(is the kiosk running? kiosk admin expire-offers)"
        )
    printer = printer_state(settings.printer)
    if printer.state in PRINTER_TROUBLE:
        problems.append(f"the ticket printer {printer.setting} is {printer.state}")
    overdue = overdue_entries()
    if overdue:
        problems.append(
            f"{overdue} waitlist entries kept past their retention: the purge is failing "
            "(journalctl -u kiosk; kiosk admin purge)"
        )
    if last is not None and last.folder and last.folder != folder_key(settings.content_dir):
        problems.append(
            f"content last published from {last.folder}, not from the configured folder "
            f"{folder_key(settings.content_dir)}: the staff reload is refused until "
            "`kiosk content sync` publishes the configured folder"
        )
    if check_content:
        found = content_problems(settings)
        if found:
            problems.append(
                f"{len(found)} problem(s) in the content folder {settings.content_dir} "
                "(kiosk content check)"
            )
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
        problems=tuple(problems),
        printer_setting=printer.setting,
        printer_state=printer.state,
        printer_last=printer.last_outcome,
        printer_last_at=printer.last_at,
        offers_open=totals.get(EntryStatus.OFFERED, 0),
    )
