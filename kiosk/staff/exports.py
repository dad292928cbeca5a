"""CSV files for staff: formula-safe cells, private files in the staff folder.

Written for an Italian-locale spreadsheet opened by double-click: `;` between fields, UTF-8
with a BOM (so Excel reads accents and Cyrillic), dates as dd/mm/yyyy, decimal commas,
statuses and column headings in Italian; otherwise RFC 4180 (quoted fields, CRLF).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from kiosk.clock import local_now, to_local
from kiosk.staff.audit import record_audit, staff_actor
from kiosk.staff.records import ExportResult, StaffEntry
from kiosk.staff.waitlists import find_waitlist, get_waitlist, list_entries, list_waitlists
from kiosk.statuses import label as status_label
from kiosk.text import printable

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

DELIMITER = ";"  # what an Italian-locale spreadsheet expects (the comma is the decimal mark)
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"

WAITLIST_HEADER = (
    "Lista",
    "Posizione",
    "Codice",
    "Data iscrizione",
    "Stato",
    "Nome",
    "Telefono",
    "E-mail",
    "Persone",
    "Età bambino",
    "Nota",
    "Postazione",
    "Chiamato il",
    "Altre attività",
)


def neutralise(value: object) -> str:
    """The text of one cell; text a spreadsheet would run gets a leading single quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, dt.datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")  # numbers we produced: the Italian decimal comma
    if isinstance(value, int):
        return str(value)
    # Rows may have been written past the services layer (SQL, an old version): clean again.
    text = printable(str(value))
    # Spreadsheets skip leading blanks before reading a formula: " =1+1" runs too.
    runs = text.startswith(FORMULA_PREFIXES) or text.lstrip().startswith(FORMULA_PREFIXES)
    return "'" + text if runs else text


def private_dir(directory: Path) -> Path:
    """Create the staff folder readable by its owner only (0700)."""
    directory = Path(directory).expanduser()
    if not directory.is_dir():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if directory.stat().st_mode & 0o077:
        os.chmod(directory, 0o700)  # an existing folder open to others is closed too
    return directory


def _safe_stem(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "export"


def write_csv(
    directory: Path,
    stem: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    now: dt.datetime | None = None,
) -> ExportResult:
    """Write a new `<stem>-<YYYYmmdd-HHMMSS>.csv` (local time; mode 0600; never overwriting)."""
    folder = private_dir(directory)
    stamp = (now or local_now()).strftime("%Y%m%d-%H%M%S")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for attempt in range(1, 100):
        suffix = "" if attempt == 1 else f"-{attempt}"
        path = folder / f"{_safe_stem(stem)}-{stamp}{suffix}.csv"
        try:
            fd = os.open(path, flags, 0o600)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"too many exports named {path.name} in {folder}")
    count = 0
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        # The BOM lets Excel read accented letters; newline="" leaves \r\n to the csv module.
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(
                handle, delimiter=DELIMITER, quoting=csv.QUOTE_ALL, lineterminator="\r\n"
            )
            writer.writerow([neutralise(h) for h in header])
            for row in rows:
                writer.writerow([neutralise(v) for v in row])
                count += 1
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ExportResult(path=path, rows=count)


def _entry_row(e: StaffEntry) -> tuple[object, ...]:
    return (
        e.list_slug,
        e.position,
        e.code,
        e.created_at,
        status_label(e.status),
        e.name,
        e.phone,
        e.email,
        e.party_size,
        e.child_age,
        e.note,
        e.kiosk_id,
        e.offered_at,
        e.extra_consent,
    )


def export_waitlist(
    ref: str | int,
    directory: Path,
    *,
    kiosk_id: str,
    actor: str | None = None,
    now: dt.datetime | None = None,
) -> ExportResult:
    """One list (by id, service slug or 'event:<slug>') as CSV; raises LookupError if unknown."""
    summary = get_waitlist(ref) if isinstance(ref, int) else find_waitlist(ref)
    if summary is None:
        raise LookupError(f"no waitlist for {ref!r}")
    entries = list_entries(summary.id)
    stem = f"waitlist-{'event-' if summary.kind == 'event' else ''}{summary.slug}"
    result = write_csv(directory, stem, WAITLIST_HEADER, map(_entry_row, entries), now=_local(now))
    record_audit(
        "export_waitlist",
        actor=actor or staff_actor(kiosk_id),
        kiosk_id=kiosk_id,
        target=f"waitlist:{summary.id}",
        detail=f"rows={result.rows} file={result.path.name}",
    )
    return result


def export_all_waitlists(
    directory: Path,
    *,
    kiosk_id: str,
    actor: str | None = None,
    now: dt.datetime | None = None,
) -> ExportResult:
    """Every list in one CSV, list by list in join order."""
    entries = [e for s in list_waitlists() for e in list_entries(s.id)]
    result = write_csv(
        directory, "waitlist-all", WAITLIST_HEADER, map(_entry_row, entries), now=_local(now)
    )
    record_audit(
        "export_waitlist",
        actor=actor or staff_actor(kiosk_id),
        kiosk_id=kiosk_id,
        target="waitlist:all",
        detail=f"rows={result.rows} file={result.path.name}",
    )
    return result


def _local(now: dt.datetime | None) -> dt.datetime | None:
    """File names carry the centre's local time; `now` is naive UTC like the database."""
    return to_local(now) if now else None
