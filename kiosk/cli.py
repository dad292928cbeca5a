"""The `kiosk` command: run the kiosk, check and sync content, staff tools."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.config import ENV_VARS, ConfigError, Settings, load_settings

log = logging.getLogger(__name__)

# Each subcommand imports what it needs inside its function, on purpose: `kiosk --help` and
# `kiosk content check` start fast and work without Textual or a database driver loaded.

EPILOG = (
    "settings (environment variables):\n"
    + "\n".join(f"  {name:<20} {help_}" for name, (_field, help_) in ENV_VARS.items())
    + f"\n  {'KIOSK_LOG_DIR':<20} log to a file in this folder instead of the journal"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Walk-in kiosk of the Centro per le Famiglie della Piana di Lucca. "
        "With no command, starts the kiosk.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="start the full-screen kiosk (the default)")
    run.add_argument("--dev", action="store_true", help="development mode: ctrl+q quits")
    parser.add_argument("--dev", action="store_true", help="development mode: ctrl+q quits")

    content = commands.add_parser("content", help="volunteers: check and publish content files")
    content_cmds = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    check = content_cmds.add_parser("check", help="check every file; exit 1 if any problem")
    check.add_argument("dir", nargs="?", type=Path, help="content folder (default: configured)")
    sync = content_cmds.add_parser("sync", help="check, then publish all changes at once")
    sync.add_argument("dir", nargs="?", type=Path, help="content folder (default: configured)")
    sync.add_argument(
        "--dry-run", action="store_true", help="show what would change, change nothing"
    )
    sync.add_argument(
        "--force",
        action="store_true",
        help="publish a folder other than the configured one (KIOSK_CONTENT_DIR)",
    )

    commands.add_parser("migrate", help="upgrade the database schema (the kiosk does it at start)")

    from kiosk.staff.cli_commands import add_subcommands

    add_subcommands(commands)
    return parser


def _open(settings: Settings) -> None:
    from kiosk.models import migrate, open_configured

    open_configured(settings)
    migrate()


def _content_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.dir) if args.dir else settings.content_dir


def cmd_content_check(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.contentfiles.loader import load_content

    folder = _content_dir(args, settings)
    bundle = load_content(folder)
    for problem in bundle.problems:
        print(problem)
    for warning in bundle.warnings:
        print(f"warning: {warning}")
    if bundle.problems:
        print(
            f"{len(bundle.problems)} problem(s) in {folder}: nothing can be published until fixed."
        )
        return 1
    print(
        f"OK: {len(bundle.services)} services, {len(bundle.events)} events, "
        f"{len(bundle.needs)} needs, {len(bundle.age_groups)} age groups in {folder}"
    )
    return 0


def _other_folder(folder: Path, settings: Settings) -> str:
    """Why publishing `folder` needs --force (one line), or "" when it is the configured one."""
    from kiosk.sync import folder_key, last_publish

    configured = folder_key(settings.content_dir)
    if folder_key(folder) == configured:
        return ""
    last = last_publish()
    if last is None:
        where = "nothing published yet"
    else:
        where = f"last published from {last.folder or 'a folder not recorded'}"
    return (
        f"{folder_key(folder)} is not the configured content folder ({configured}, "
        f"KIOSK_CONTENT_DIR); {where}: the staff reload reads the configured folder and "
        f"would retire what this one adds. Sync the configured folder, or repeat with --force."
    )


def cmd_content_sync(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.sync import ContentInvalid, sync_directory

    folder = _content_dir(args, settings)
    _open(settings)
    why = _other_folder(folder, settings)
    if why and not args.force and not args.dry_run:
        print(f"refused: {why}", file=sys.stderr)
        return 2
    if why and args.dry_run:
        print(f"note: {why}")
    try:
        report = sync_directory(folder, actor="cli", dry_run=args.dry_run)
    except ContentInvalid as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s): nothing was published, the current content stays.")
        return 1
    for line in report.lines():
        print(line)
    if args.dry_run:
        print("dry run: nothing was changed.")
    elif not report.changed:
        print("nothing to publish: the database already has this content.")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.models import close_database
    from kiosk.sync import ContentInvalid, load_if_empty

    _open(settings)
    try:
        first = load_if_empty(settings.content_dir)
    except ContentInvalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
            log.error("content not loaded: %s", problem)  # under cage stderr is the screen
        print("The content has problems: fix them (kiosk content check).", file=sys.stderr)
        return 1
    if first is not None:
        print(first.lines()[-1])
    close_database()
    from kiosk.app import run_kiosk

    return run_kiosk(settings)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kiosk` command."""
    args = _parser().parse_args(argv)
    from kiosk.logs import setup_logging

    # The running kiosk owns the terminal: its log lines go to the journal or a file only.
    setup_logging(screen=args.command in (None, "run"))
    try:
        settings = load_settings(dev=bool(getattr(args, "dev", False)))
    except ConfigError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        log.error("configuration error: %s", exc)
        return 2
    handlers = {
        ("content", "check"): cmd_content_check,
        ("content", "sync"): cmd_content_sync,
    }
    try:
        if args.command == "content":
            return handlers[("content", args.content_command)](args, settings)
        from kiosk.staff import cli_commands as staff_cli

        if args.command in staff_cli.COMMANDS:
            return staff_cli.dispatch(args, settings)
        if args.command == "migrate":
            _open(settings)
            print("database schema is up to date.")
            return 0
        return cmd_run(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # database gone, disk full…: one line, not a traceback
        from kiosk.errors import DatabaseUnavailable, SchemaMismatch
        from kiosk.staff.status import missing_driver_hint

        if isinstance(exc, SchemaMismatch):  # names both versions; nothing was started
            print(f"kiosk: {exc}", file=sys.stderr)
            log.error("%s", exc)
            return 3
        hint = missing_driver_hint(exc, settings.database_url)
        if hint:
            print(f"kiosk: {hint}", file=sys.stderr)
            log.error("%s", hint)
            return 3
        if isinstance(exc, DatabaseUnavailable) or type(exc).__module__.startswith(
            ("peewee", "sqlite3", "psycopg")
        ):
            print(f"kiosk: database error: {exc}".strip(), file=sys.stderr)
            log.error("database error: %s", exc)
            return 3
        if isinstance(exc, OSError) and exc.filename:  # a folder that is a file, no permission…
            print(f"kiosk: cannot use {exc.filename}: {exc.strerror}", file=sys.stderr)
            log.error("cannot use %s: %s", exc.filename, exc.strerror)
            return 3
        log.exception("kiosk %s stopped by an unexpected error", args.command or "run")
        raise
