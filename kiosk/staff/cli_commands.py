"""The staff subcommands of `kiosk`: admin set-pin/status/review/purge, export, stats."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from kiosk.clock import local_today
from kiosk.config import Settings

# Each subcommand imports what it needs inside its function, on purpose: `kiosk --help` and
# `kiosk content check` start fast and work without Textual or a database driver loaded.

COMMANDS = frozenset({"admin", "export", "stats"})


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes") from None
    if not 1 <= value <= 7 * 24 * 60:
        raise argparse.ArgumentTypeError(f"{value} minutes: write 1 to 10080")
    return value


def _months(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of months") from None
    if not 1 <= value <= 120:
        raise argparse.ArgumentTypeError(f"{value} months: write 1 to 120")
    return value


def add_subcommands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `admin`, `export` and `stats` to the `kiosk` command's subparsers."""
    admin = subparsers.add_parser(
        "admin", help="staff: PIN, status, backup and restore, records to verify"
    )
    actions = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    actions.add_parser(
        "set-pin",
        help="set or change the staff PIN: asked twice, never on the command line "
        "(without a terminal: two lines on standard input)",
    )
    actions.add_parser("status", help="database, content version, waitlists, reviews due")
    actions.add_parser(
        "purge", help="delete waitlist entries kept past their list's retention days"
    )
    expire = actions.add_parser(
        "expire-offers",
        help="expire seat offers whose time has passed and offer each seat to the next in "
        "line (for a systemd timer; the kiosk also does it every minute)",
    )
    expire.add_argument(
        "--no-auto",
        dest="auto",
        action="store_false",
        default=None,
        help="only expire: staff offer the seats again by hand (default: KIOSK_OFFER_AUTO)",
    )
    backup = actions.add_parser(
        "backup", help="consistent copy of the SQLite database, safe while the kiosk runs"
    )
    backup.add_argument(
        "--to", type=Path, metavar="DIR", help="folder (default: backups/ beside the database)"
    )
    backup.add_argument(
        "--keep", type=int, default=14, metavar="N", help="keep the newest N backups (14)"
    )
    restore = actions.add_parser(
        "restore",
        help="check a backup (integrity, schema version), keep a copy of the current "
        "database, then put the backup in its place (stop the kiosk first)",
    )
    restore.add_argument("file", type=Path, help="a backup made by 'kiosk admin backup'")
    recent = actions.add_parser(
        "recent", help="waitlist entries of the last minutes, per kiosk: spot and remove a burst"
    )
    recent.add_argument(
        "--minutes", type=_minutes, default=60, help="how far back (default 60, at most 10080)"
    )
    recent.add_argument("--kiosk", metavar="ID", help="only entries made at this kiosk")
    recent.add_argument(
        "--list", dest="waitlist", metavar="SLUG", help="only this list (event:SLUG for an event)"
    )
    recent.add_argument(
        "--remove",
        action="store_true",
        help="mark the active entries listed as removed (audited; their places are freed)",
    )
    review = actions.add_parser(
        "review", help="office, services and events whose record should be verified again"
    )
    review.add_argument(
        "--months",
        type=_months,
        default=12,
        help="verified longer ago than this (1-120, default 12)",
    )

    export = subparsers.add_parser("export", help="staff: write the waitlists as CSV files")
    export.add_argument(
        "--service", metavar="SLUG", help="only this service's list (event:SLUG for an event)"
    )
    export.add_argument(
        "--out", type=Path, metavar="DIR", help="folder for the file (default: KIOSK_STAFF_DIR)"
    )

    stats = subparsers.add_parser("stats", help="staff: anonymous usage counts for a period")
    stats.add_argument(
        "--from", dest="start", type=_day, metavar="YYYY-MM-DD", help="first day (default: 1st)"
    )
    stats.add_argument(
        "--to", dest="end", type=_day, metavar="YYYY-MM-DD", help="last day (default: today)"
    )
    stats.add_argument("--kiosk", metavar="ID", help="only this kiosk")
    stats.add_argument("--csv", action="store_true", help="also write the counts as a CSV file")
    stats.add_argument(
        "--out", type=Path, metavar="DIR", help="folder for the CSV (default: KIOSK_STAFF_DIR)"
    )


def _ensure_open(settings: Settings) -> None:
    """Open and migrate the configured database unless one is already open (tests)."""
    from kiosk.models import database, migrate, open_configured

    if database.obj is None:
        open_configured(settings)
        migrate()


def _read_pin_twice(stdin: TextIO) -> tuple[str, str] | None:
    if stdin.isatty():
        try:
            first = getpass.getpass("New staff PIN (at least 6 digits): ")
            second = getpass.getpass("Type it again: ")
        except EOFError:
            return None
        return first.strip(), second.strip()
    first, second = stdin.readline(), stdin.readline()
    if not first or not second:
        return None
    return first.strip(), second.strip()


def cmd_set_pin(settings: Settings, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    from kiosk.staff.pin import PinRefused, pin_is_set, pin_problem, set_pin

    pins = _read_pin_twice(stdin)
    if pins is None:
        print("kiosk: expected the PIN twice, one per line; nothing was changed.", file=err)
        return 1
    first, second = pins
    problem = pin_problem(first)
    if problem:
        print(f"kiosk: PIN refused: {problem}; nothing was changed.", file=err)
        return 1
    if first != second:
        print("kiosk: the two PINs differ; nothing was changed.", file=err)
        return 1
    _ensure_open(settings)
    existed = pin_is_set()
    try:
        set_pin(
            first,
            kiosk_id=settings.kiosk_id,
            pepper=settings.pin_pepper,
            actor=f"cli@{settings.kiosk_id}",
        )
    except PinRefused as exc:  # pin_problem already said yes; kept for safety
        print(f"kiosk: PIN refused: {exc}; nothing was changed.", file=err)
        return 1
    print("staff PIN changed." if existed else "staff PIN set.", file=out)
    return 0


def cmd_status(settings: Settings, out: TextIO) -> int:
    from kiosk.staff.status import system_status

    try:
        _ensure_open(settings)
    except Exception as exc:  # unreachable database: the monitoring check must say so
        from kiosk.staff.status import first_line, missing_driver_hint

        hint = missing_driver_hint(exc, settings.database_url)
        print(f"database: ERROR {hint or first_line(exc)}", file=out)
        return 3
    status = system_status(settings, check_content=True)
    for line in status.lines():
        print(line, file=out)
    if not status.database_ok:
        return 3
    return 0 if status.healthy else 1


def cmd_review(settings: Settings, months: int, out: TextIO) -> int:
    from kiosk.staff.content import records_needing_review

    _ensure_open(settings)
    items = records_needing_review(months)
    for item in items:
        when = item.assured_date.isoformat() if item.assured_date else "never verified"
        flag = " [needs_review]" if item.needs_review else ""
        note = f" — {item.review_note}" if item.review_note else ""
        print(f"{item.source_path or item.slug}: {when}{flag}{note}", file=out)
        for source in item.sources:
            about = f" — {source.about}" if source.about else ""
            print(f"    source: {source.url} (read {source.read}){about}", file=out)
        if not item.sources:
            print("    source: none listed", file=out)
    counts = {kind: sum(i.kind == kind for i in items) for kind in ("office", "service", "event")}
    print(
        f"{len(items)} record(s) to verify (older than {months} months or flagged): "
        f"{counts['office']} office, {counts['service']} service(s), {counts['event']} event(s).",
        file=out,
    )
    return 0


def cmd_recent(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kiosk.staff.bursts import recent_entries, remove_entries

    _ensure_open(settings)
    try:
        entries = recent_entries(args.minutes, kiosk_id=args.kiosk, waitlist=args.waitlist)
    except LookupError:
        print(f"kiosk: no waitlist for {args.waitlist!r}", file=err)
        return 1
    for e in entries:
        contact = e.phone or e.email
        when = e.created_at.isoformat(sep=" ", timespec="seconds")
        line = f"{when}  {e.kiosk_id}  {e.list_slug}  {e.code}  {e.status}  {e.name}  {contact}"
        # Visitors typed the names: show them as plain text, no control characters.
        print("".join(ch for ch in line if ch.isprintable()), file=out)
    where = f" from {args.kiosk}" if args.kiosk else ""
    print(f"{len(entries)} entries in the last {args.minutes} minutes{where}.", file=out)
    if args.remove:
        count = remove_entries(
            entries, kiosk_id=settings.kiosk_id, actor=f"cli@{settings.kiosk_id}"
        )
        print(f"{count} active entries marked as removed.", file=out)
    return 0


def cmd_purge(settings: Settings, out: TextIO) -> int:
    from kiosk.waitlist import purge_expired  # the visitor side owns retention

    _ensure_open(settings)
    count = purge_expired(kiosk_id=settings.kiosk_id, actor=f"cli@{settings.kiosk_id}")
    print(f"{count} expired waitlist entries deleted.", file=out)
    return 0


def cmd_expire_offers(settings: Settings, auto: bool | None, out: TextIO) -> int:
    from kiosk.offers import expire_offers

    _ensure_open(settings)
    report = expire_offers(
        auto=settings.offer_auto if auto is None else auto,
        kiosk_id=settings.kiosk_id,
        actor=f"cli@{settings.kiosk_id}",
    )
    print(
        f"{report.expired} seat offers expired, {report.offered} seats offered to the next.",
        file=out,
    )
    return 0


def cmd_backup(settings: Settings, folder: Path | None, keep: int, out: TextIO, err: TextIO) -> int:
    import logging

    from kiosk.staff.backup import BackupError, backup_sqlite, default_backup_dir, sqlite_path

    log = logging.getLogger(__name__)
    try:
        db_path = sqlite_path(settings.database_url)
        result = backup_sqlite(
            db_path, folder or default_backup_dir(settings.database_url), keep=keep
        )
    except (BackupError, OSError, sqlite3.Error) as exc:
        log.error("backup failed: %s", exc)
        print(f"kiosk: backup failed: {exc}", file=err)
        return 1
    log.info("backup written: %s (%d bytes)", result.path, result.size)
    print(f"{result.path} ({result.size} bytes)", file=out)
    for old in result.removed:
        print(f"removed old backup {old.name}", file=out)
    return 0


def cmd_restore(settings: Settings, file: Path, out: TextIO, err: TextIO) -> int:
    import logging

    from kiosk.models import close_database
    from kiosk.staff.backup import BackupError, default_backup_dir, restore_sqlite, sqlite_path

    log = logging.getLogger(__name__)
    try:
        db_path = sqlite_path(settings.database_url)
        close_database()
        info, safety = restore_sqlite(
            file, db_path, safety_folder=default_backup_dir(settings.database_url)
        )
    except (BackupError, OSError, sqlite3.Error) as exc:
        log.error("restore refused or failed: %s", exc)
        print(f"kiosk: restore: {exc}; nothing was changed.", file=err)
        return 1
    _ensure_open(settings)  # brings an older backup's schema up to date
    log.warning("database restored from %s", file)
    if safety:
        print(f"the previous database is saved as {safety}", file=out)
    print(
        f"restored {file} ({info.waitlist_entries} waitlist entries) into {db_path}; "
        "start the kiosk again: systemctl start kiosk",
        file=out,
    )
    return 0


def cmd_export(
    settings: Settings, service: str | None, folder: Path, out: TextIO, err: TextIO
) -> int:
    from kiosk.staff.exports import export_all_waitlists, export_waitlist
    from kiosk.staff.waitlists import list_waitlists

    _ensure_open(settings)
    actor = f"cli@{settings.kiosk_id}"
    if service:
        try:
            result = export_waitlist(service, folder, kiosk_id=settings.kiosk_id, actor=actor)
        except LookupError:
            known = ", ".join(
                s.slug if s.kind != "event" else f"event:{s.slug}" for s in list_waitlists()
            )
            print(f"kiosk: no waitlist for {service!r}; lists: {known or 'none'}", file=err)
            return 1
    else:
        result = export_all_waitlists(folder, kiosk_id=settings.kiosk_id, actor=actor)
    print(f"{result.path} ({result.rows} entries)", file=out)
    return 0


def cmd_stats(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kiosk.staff.stats import export_usage, usage_report

    today = local_today()
    end = args.end or today
    start = args.start or end.replace(day=1)
    if end < start:
        print(f"kiosk: --to {end} is before --from {start}", file=err)
        return 2
    _ensure_open(settings)
    report = usage_report(start, end, kiosk_id=args.kiosk)
    print(f"usage {start} .. {end} ({', '.join(report.kiosks) or 'no kiosk'})", file=out)
    for total in report.totals:
        print(f"{total.kind:<10} {total.key or '-':<40} {total.count:>7}", file=out)
    print(f"{sum(d.count for d in report.by_day)} events in {len(report.by_day)} days", file=out)
    if args.csv:
        result = export_usage(
            start,
            end,
            args.out or settings.staff_dir,
            kiosk_id=settings.kiosk_id,
            only_kiosk=args.kiosk,
            actor=f"cli@{settings.kiosk_id}",
        )
        print(f"{result.path} ({result.rows} rows)", file=out)
    return 0


def dispatch(
    args: argparse.Namespace,
    settings: Settings,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run a staff subcommand; returns the exit status."""
    stdin, out, err = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    if args.command == "admin":
        if args.admin_command == "set-pin":
            return cmd_set_pin(settings, stdin, out, err)
        if args.admin_command == "status":
            return cmd_status(settings, out)
        if args.admin_command == "purge":
            return cmd_purge(settings, out)
        if args.admin_command == "expire-offers":
            return cmd_expire_offers(settings, args.auto, out)
        if args.admin_command == "backup":
            return cmd_backup(settings, args.to, args.keep, out, err)
        if args.admin_command == "restore":
            return cmd_restore(settings, args.file, out, err)
        if args.admin_command == "recent":
            return cmd_recent(settings, args, out, err)
        if args.admin_command == "review":
            return cmd_review(settings, args.months, out)
    if args.command == "export":
        return cmd_export(settings, args.service, args.out or settings.staff_dir, out, err)
    if args.command == "stats":
        return cmd_stats(settings, args, out, err)
    raise ValueError(f"not a staff command: {args.command!r}")
