"""The `kiosk` command: run the kiosk, check and sync content, staff tools."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.cli_parser import Parser, add_lang_everywhere, lang_flag
from kiosk.cli_text import _, choose_language, ngettext, render
from kiosk.config import ENV_VARS, ConfigError, Settings, load_settings

log = logging.getLogger(__name__)

# Each subcommand imports what it needs inside its function, on purpose: `kiosk --help` and
# `kiosk content check` start fast and work without Textual or a database driver loaded.


def _epilog(lang: str) -> str:
    lines = [_("impostazioni (variabili d'ambiente):").render(lang)]
    lines += [f"  {name:<20} {render(help_, lang)}" for name, (_field, help_) in ENV_VARS.items()]
    lines.append(
        f"  {'KIOSK_LOG_DIR':<20} "
        + _("scrive il log in un file in questa cartella invece che nel journal").render(lang)
    )
    lines.append(
        f"  {'LANG, LC_ALL':<20} "
        + _("lingua dei messaggi: italiano, o inglese con LANG=en_GB.UTF-8 o --lang en").render(
            lang
        )
    )
    return "\n".join(lines)


def _parser(lang: str) -> argparse.ArgumentParser:
    parser = Parser(
        lang=lang,
        prog="kiosk",
        description=_(
            "Totem dello sportello del Centro per le Famiglie della Piana di Lucca. "
            "Senza comando, avvia il totem."
        ).render(lang),
        epilog=_epilog(lang),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("mostra la versione ed esce").render(lang),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMANDO").render(lang))

    def helped(text: str) -> str:
        return render(text, lang)

    dev_help = helped(_("modalità sviluppo: ctrl+q esce"))
    run = commands.add_parser(
        "run", help=helped(_("avvia il totem a schermo intero (predefinito)"))
    )
    run.add_argument("--dev", action="store_true", help=dev_help)
    parser.add_argument("--dev", action="store_true", help=dev_help)

    content = commands.add_parser(
        "content", help=helped(_("volontari: controlla e pubblica i file dei contenuti"))
    )
    content_cmds = content.add_subparsers(
        dest="content_command", metavar=helped(_("AZIONE")), required=True
    )
    folder_help = helped(_("cartella dei contenuti (predefinita: quella configurata)"))
    check = content_cmds.add_parser(
        "check", help=helped(_("controlla ogni file; esce con 1 se c'è un problema"))
    )
    check.add_argument("dir", nargs="?", type=Path, help=folder_help)
    sync = content_cmds.add_parser(
        "sync", help=helped(_("controlla, poi pubblica tutte le modifiche insieme"))
    )
    sync.add_argument("dir", nargs="?", type=Path, help=folder_help)
    sync.add_argument(
        "--dry-run",
        action="store_true",
        help=helped(_("mostra cosa cambierebbe, senza cambiare nulla")),
    )
    sync.add_argument(
        "--force",
        action="store_true",
        help=helped(_("pubblica una cartella diversa da quella configurata (KIOSK_CONTENT_DIR)")),
    )

    commands.add_parser(
        "migrate",
        help=helped(_("aggiorna lo schema del database (il totem lo fa all'avvio)")),
    )

    from kiosk.staff.cli_commands import add_subcommands

    add_subcommands(commands, lang)
    add_lang_everywhere(parser, lang)
    return parser


def _open(settings: Settings) -> None:
    from kiosk.models import migrate, open_configured

    open_configured(settings)
    migrate()


def _content_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.dir) if args.dir else settings.content_dir


def _say(text: str, lang: str, *, err: bool = False) -> None:
    print(render(text, lang), file=sys.stderr if err else sys.stdout)


def cmd_content_check(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.contentfiles.loader import load_content

    lang = args.lang
    folder = _content_dir(args, settings)
    bundle = load_content(folder)
    for problem in bundle.problems:
        print(problem.render(lang))
    for warning in bundle.warnings:
        _say(_("attenzione: {warning}", warning=warning.render(lang)), lang)
    if bundle.problems:
        _say(
            ngettext(
                "1 problema in {folder}: niente può essere pubblicato finché non è corretto.",
                "{count} problemi in {folder}: niente può essere pubblicato finché non sono "
                "corretti.",
                len(bundle.problems),
                folder=folder,
            ),
            lang,
        )
        return 1
    counts = (
        ngettext("1 servizio", "{count} servizi", len(bundle.services)),
        ngettext("1 evento", "{count} eventi", len(bundle.events)),
        ngettext("1 bisogno", "{count} bisogni", len(bundle.needs)),
        ngettext("1 fascia d'età", "{count} fasce d'età", len(bundle.age_groups)),
    )
    _say(
        _(
            "OK: {services}, {events}, {needs}, {ages} in {folder}",
            services=counts[0],
            events=counts[1],
            needs=counts[2],
            ages=counts[3],
            folder=folder,
        ),
        lang,
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
        where = _("non è ancora stato pubblicato nulla")
    elif last.folder:
        where = _("ultima pubblicazione da {folder}", folder=last.folder)
    else:
        where = _("ultima pubblicazione da una cartella non registrata")
    return _(
        "{folder} non è la cartella dei contenuti configurata ({configured}, "
        "KIOSK_CONTENT_DIR); {where}: il ricaricamento dallo schermo del personale legge la "
        "cartella configurata e ritirerebbe ciò che questa aggiunge. Sincronizza la cartella "
        "configurata, o ripeti con --force.",
        folder=folder_key(folder),
        configured=configured,
        where=where,
    )


def cmd_content_sync(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.sync import ContentInvalid, sync_directory

    lang = args.lang
    folder = _content_dir(args, settings)
    _open(settings)
    why = _other_folder(folder, settings)
    if why and not args.force and not args.dry_run:
        _say(_("rifiutato: {why}", why=why), lang, err=True)
        return 2
    if why and args.dry_run:
        _say(_("nota: {why}", why=why), lang)
    try:
        report = sync_directory(folder, actor="cli", dry_run=args.dry_run)
    except ContentInvalid as exc:
        for problem in exc.problems:
            print(problem.render(lang))
        _say(
            ngettext(
                "1 problema: non è stato pubblicato nulla, i contenuti attuali restano.",
                "{count} problemi: non è stato pubblicato nulla, i contenuti attuali restano.",
                len(exc.problems),
            ),
            lang,
        )
        return 1
    for line in report.lines():
        _say(line, lang)
    if args.dry_run:
        _say(_("prova: non è stato cambiato nulla."), lang)
    elif not report.changed:
        _say(_("niente da pubblicare: il database ha già questi contenuti."), lang)
    return 0


def _published() -> bool:
    """The database has content (published, or services): nothing to load at this start."""
    from kiosk.models import ContentSync, Service

    return Service.select().exists() or ContentSync.select().exists()


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.models import close_database

    lang = args.lang
    _open(settings)
    if not _published():
        # First start only: the content checker (and its YAML reader) stays out of the others.
        from kiosk.sync import ContentInvalid, load_if_empty

        try:
            first = load_if_empty(settings.content_dir)
        except ContentInvalid as exc:
            for problem in exc.problems:
                print(problem.render(lang), file=sys.stderr)
                log.error("content not loaded: %s", problem)  # under cage stderr is the screen
            _say(_("I contenuti hanno problemi: correggili (kiosk content check)."), lang, err=True)
            return 1
        if first is not None:
            _say(first.lines()[-1], lang)
    close_database()
    from kiosk.supervisor import run_kiosk

    return run_kiosk(settings)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kiosk` command."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _parser(choose_language(lang_flag(arguments))).parse_args(arguments)
    args.lang = choose_language(args.lang)
    lang = args.lang
    from kiosk.logs import setup_logging

    # The running kiosk owns the terminal: its log lines go to the journal or a file only.
    setup_logging(screen=args.command in (None, "run"))
    try:
        settings = load_settings(dev=bool(getattr(args, "dev", False)))
    except ConfigError as exc:
        _say(
            _(
                "kiosk: errore di configurazione: {error}",
                error=_message(exc),
            ),
            lang,
            err=True,
        )
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
            _say(_("lo schema del database è aggiornato."), lang)
            return 0
        return cmd_run(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # database gone, disk full…: one line, not a traceback
        return _failed(exc, args, settings)


def _message(exc: BaseException) -> str:
    """An error's message, still a `Msg` (translatable) when the code raised one."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, str) and len(exc.args) == 1 else str(exc)


def _failed(exc: Exception, args: argparse.Namespace, settings: Settings) -> int:
    """One line for an error that stopped a command; re-raises what nobody expected."""
    from kiosk.errors import DatabaseUnavailable, SchemaMismatch
    from kiosk.staff.status import missing_driver_hint

    lang = args.lang
    if isinstance(exc, SchemaMismatch):  # names both versions; nothing was started
        _say(_("kiosk: {error}", error=_message(exc)), lang, err=True)
        log.error("%s", exc)
        return 3
    hint = missing_driver_hint(exc, settings.database_url)
    if hint:
        _say(_("kiosk: {error}", error=hint), lang, err=True)
        log.error("%s", hint)
        return 3
    if isinstance(exc, DatabaseUnavailable) or type(exc).__module__.startswith(
        ("peewee", "sqlite3", "psycopg")
    ):
        _say(_("kiosk: errore del database: {error}", error=exc), lang, err=True)
        log.error("database error: %s", exc)
        return 3
    if isinstance(exc, OSError) and exc.filename:  # a folder that is a file, no permission…
        _say(
            _("kiosk: impossibile usare {path}: {reason}", path=exc.filename, reason=exc.strerror),
            lang,
            err=True,
        )
        log.error("cannot use %s: %s", exc.filename, exc.strerror)
        return 3
    log.exception("kiosk %s stopped by an unexpected error", args.command or "run")
    raise exc
