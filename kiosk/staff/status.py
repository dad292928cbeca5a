"""One look at the kiosk's health for staff: database, content version, lists, reviews."""

from __future__ import annotations

import datetime as dt
import time

import peewee as pw

from kiosk.cli_text import _, ngettext
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
from kiosk.notify.outbox import FAILED_RECENT, STALE, OutboxCounts, outbox_counts
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
        return _(
            "il database è PostgreSQL ma il suo driver (psycopg2) non è installato: "
            "pip install 'sportello-cpf-kiosk[postgres]' nell'ambiente virtuale del totem"
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


def outbox_problems(counts: OutboxCounts, settings: Settings) -> list[str]:
    """Messages to families that failed lately, or that nobody is sending."""
    found: list[str] = []
    if counts.failed_recent:
        found.append(
            ngettext(
                "1 messaggio alle famiglie non è riuscito negli ultimi {days} giorni (vedi "
                "l'iscrizione nella schermata del personale: Reinvia; journalctl -u kiosk per "
                "la risposta del server di posta o SMS)",
                "{count} messaggi alle famiglie non sono riusciti negli ultimi {days} giorni "
                "(vedi l'iscrizione nella schermata del personale: Reinvia; journalctl -u kiosk "
                "per la risposta del server di posta o SMS)",
                counts.failed_recent,
                days=FAILED_RECENT.days,
            )
        )
    if counts.stale:
        how = (
            _("li invia il totem (KIOSK_OUTBOX_WORKER=true): è in funzione?")
            if settings.notify.worker
            else _("esegui kiosk admin send-outbox (il suo timer systemd)")
        )
        found.append(
            ngettext(
                "1 messaggio alle famiglie aspetta da più di {minutes} minuti: {how}; un "
                "canale non più configurato non invia mai i suoi messaggi",
                "{count} messaggi alle famiglie aspettano da più di {minutes} minuti: {how}; "
                "un canale non più configurato non invia mai i suoi messaggi",
                counts.stale,
                minutes=int(STALE.total_seconds() // 60),
                how=how,
            )
        )
    return found


def content_problems(settings: Settings) -> list[str]:
    """Problems in the configured content folder (what `kiosk content check` prints)."""
    return [str(p) for p in load_content(settings.content_dir).problems]


def system_status(
    settings: Settings, *, review_months: int = REVIEW_MONTHS, check_content: bool = False
) -> SystemStatus:
    """Kiosk id, database kind and health, content version, waitlist totals, reviews due;
    `problems` lists what a monitoring check must flag (overdue purge, invalid content)."""
    kind = database_kind() if database.obj is not None else "none"
    error: str
    if database.obj is None:
        ok, ms, error = False, None, _("il database non è aperto")
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
    problems: list[str] = []
    late_offers = overdue_offers()
    if late_offers:
        problems.append(
            ngettext(
                "1 offerta di posto scaduta è ancora aperta: nessuno la fa scadere "
                "(il totem è in funzione? kiosk admin expire-offers)",
                "{count} offerte di posto scadute sono ancora aperte: nessuno le fa scadere "
                "(il totem è in funzione? kiosk admin expire-offers)",
                late_offers,
            )
        )
    printer = printer_state(settings.printer)
    if printer.state in PRINTER_TROUBLE:
        problems.append(
            _(
                "la stampante dei biglietti {printer} è {state}",
                printer=printer.setting,
                state=printer.state,
            )
        )
    overdue = overdue_entries()
    if overdue:
        problems.append(
            ngettext(
                "1 iscrizione tenuta oltre la conservazione: la pulizia non funziona "
                "(journalctl -u kiosk; kiosk admin purge)",
                "{count} iscrizioni tenute oltre la conservazione: la pulizia non funziona "
                "(journalctl -u kiosk; kiosk admin purge)",
                overdue,
            )
        )
    if last is not None and last.folder and last.folder != folder_key(settings.content_dir):
        problems.append(
            _(
                "contenuti pubblicati l'ultima volta da {folder}, non dalla cartella configurata "
                "{configured}: il ricaricamento del personale è rifiutato finché "
                "`kiosk content sync` non pubblica la cartella configurata",
                folder=last.folder,
                configured=folder_key(settings.content_dir),
            )
        )
    counts = outbox_counts()
    problems += outbox_problems(counts, settings)
    if check_content:
        found = content_problems(settings)
        if found:
            problems.append(
                ngettext(
                    "1 problema nella cartella dei contenuti {folder} (kiosk content check)",
                    "{count} problemi nella cartella dei contenuti {folder} (kiosk content check)",
                    len(found),
                    folder=settings.content_dir,
                )
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
        outbox_queued=counts.queued,
        outbox_failed=counts.failed,
        outbox_channels=settings.notify.channels,
        printer_setting=printer.setting,
        printer_state=printer.state,
        printer_last=printer.last_outcome,
        printer_last_at=printer.last_at,
        offers_open=totals.get(EntryStatus.OFFERED, 0),
    )
