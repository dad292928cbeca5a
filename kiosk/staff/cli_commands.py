"""The staff subcommands of `kiosk`: admin set-pin/status/review/purge, export, stats."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from typing import TextIO

from kiosk.cli_text import _, language_from_environment, ngettext, render
from kiosk.clock import local_today
from kiosk.config import Settings
from kiosk.staff.cli_args import add_subcommands

# Each subcommand imports what it needs inside its function, on purpose: `kiosk --help` and
# `kiosk content check` start fast and work without Textual or a database driver loaded.

COMMANDS = frozenset({"admin", "export", "stats"})

__all__ = ["COMMANDS", "add_subcommands", "dispatch"]


def _put(text: str, lang: str, file: TextIO) -> None:
    print(render(text, lang), file=file)


def _italian_day(iso: str) -> str:
    """'2026-11-21' as 21/11/2026; any other text as it is."""
    try:
        return f"{dt.date.fromisoformat(iso):%d/%m/%Y}"
    except ValueError:
        return iso


def _ensure_open(settings: Settings) -> None:
    """Open and migrate the configured database unless one is already open (tests)."""
    from kiosk.models import database, migrate, open_configured

    if database.obj is None:
        open_configured(settings)
        migrate()


def _read_pin_twice(stdin: TextIO, lang: str) -> tuple[str, str] | None:
    if stdin.isatty():
        try:
            first = getpass.getpass(_("Nuovo PIN del personale (almeno 6 cifre): ").render(lang))
            second = getpass.getpass(_("Scrivilo di nuovo: ").render(lang))
        except EOFError:
            return None
        return first.strip(), second.strip()
    first, second = stdin.readline(), stdin.readline()
    if not first or not second:
        return None
    return first.strip(), second.strip()


def cmd_set_pin(
    settings: Settings, stdin: TextIO, out: TextIO, err: TextIO, lang: str = "it"
) -> int:
    from kiosk.staff.pin import PinRefused, pin_is_set, pin_problem, set_pin

    pins = _read_pin_twice(stdin, lang)
    unchanged = _("non è stato cambiato nulla")
    if pins is None:
        _put(
            _(
                "kiosk: servono due righe con il PIN, una per riga; {unchanged}.",
                unchanged=unchanged,
            ),
            lang,
            err,
        )
        return 1
    first, second = pins
    problem = pin_problem(first)
    if problem:
        refused = _(
            "kiosk: PIN rifiutato: {problem}; {unchanged}.", problem=problem, unchanged=unchanged
        )
        _put(refused, lang, err)
        return 1
    if first != second:
        _put(_("kiosk: i due PIN sono diversi; {unchanged}.", unchanged=unchanged), lang, err)
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
        reason = exc.args[0] if exc.args else str(exc)
        refused = _(
            "kiosk: PIN rifiutato: {problem}; {unchanged}.", problem=reason, unchanged=unchanged
        )
        _put(refused, lang, err)
        return 1
    done = _("PIN del personale cambiato.") if existed else _("PIN del personale impostato.")
    _put(done, lang, out)
    return 0


def cmd_status(settings: Settings, out: TextIO, lang: str = "it") -> int:
    from kiosk.staff.status import system_status

    try:
        _ensure_open(settings)
    except Exception as exc:  # unreachable database: the monitoring check must say so
        from kiosk.staff.status import first_line, missing_driver_hint

        hint = missing_driver_hint(exc, settings.database_url)
        _put(_("database: ERRORE {error}", error=hint or first_line(exc)), lang, out)
        return 3
    status = system_status(settings, check_content=True)
    for line in status.lines():
        _put(line, lang, out)
    if not status.database_ok:
        return 3
    return 0 if status.healthy else 1


def cmd_review(settings: Settings, months: int, out: TextIO, lang: str = "it") -> int:
    from kiosk.staff.content import records_needing_review, translations_awaiting_review

    _ensure_open(settings)
    items = records_needing_review(months)
    for item in items:
        when = item.assured_date.strftime("%d/%m/%Y") if item.assured_date else None
        flag = " [needs_review]" if item.needs_review else ""
        note = f" — {item.review_note}" if item.review_note else ""
        shown = render(_("mai verificata"), lang) if when is None else when
        print(f"{item.source_path or item.slug}: {shown}{flag}{note}", file=out)
        for source in item.sources:
            about = f" — {source.about}" if source.about else ""
            line = _(
                "    fonte: {url} (letta il {read}){about}",
                url=source.url,
                read=_italian_day(source.read),
                about=about,
            )
            _put(line, lang, out)
        if not item.sources:
            _put(_("    fonte: nessuna indicata"), lang, out)
    counts = {kind: sum(i.kind == kind for i in items) for kind in ("office", "service", "event")}
    summary = _(
        "{records} da verificare (verificate più di {months} fa o segnalate): "
        "{office}, {services}, {events}.",
        records=ngettext("1 scheda", "{count} schede", len(items)),
        months=ngettext("1 mese", "{count} mesi", months),
        office=ngettext("1 sportello", "{count} sportelli", counts["office"]),
        services=ngettext("1 servizio", "{count} servizi", counts["service"]),
        events=ngettext("1 evento", "{count} eventi", counts["event"]),
    )
    _put(summary, lang, out)
    translations = translations_awaiting_review()
    for review in translations:
        line = _(
            "{file}: traduzione da far controllare: {langs}",
            file=review.source_path,
            langs=" ".join(review.langs),
        )
        _put(line, lang, out)
        if review.files != (review.source_path,):
            _put(_("    file: {files}", files=", ".join(review.files)), lang, out)
    waiting = ngettext(
        "1 scheda con traduzioni da far controllare a chi parla la lingua.",
        "{count} schede con traduzioni da far controllare a chi parla la lingua.",
        len(translations),
    )
    _put(waiting, lang, out)
    return 0


def cmd_recent(
    settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO, lang: str = "it"
) -> int:
    from kiosk.staff.bursts import recent_entries, remove_entries
    from kiosk.statuses import label as status_label

    _ensure_open(settings)
    try:
        entries = recent_entries(args.minutes, kiosk_id=args.kiosk, waitlist=args.waitlist)
    except LookupError:
        _put(_("kiosk: nessuna lista d'attesa per {list!r}", list=args.waitlist), lang, err)
        return 1
    for e in entries:
        contact = e.phone or e.email
        when = e.created_at.strftime("%d/%m/%Y %H:%M:%S")
        status = status_label(e.status) if lang == "it" else e.status
        line = f"{when}  {e.kiosk_id}  {e.list_slug}  {e.code}  {status}  {e.name}  {contact}"
        # Visitors typed the names: show them as plain text, no control characters.
        print("".join(ch for ch in line if ch.isprintable()), file=out)
    found = ngettext(
        "1 iscrizione negli ultimi {minutes}",
        "{count} iscrizioni negli ultimi {minutes}",
        len(entries),
        minutes=ngettext("1 minuto", "{count} minuti", args.minutes),
    )
    if args.kiosk:
        _put(_("{found} dal totem {kiosk}.", found=found, kiosk=args.kiosk), lang, out)
    else:
        _put(_("{found}.", found=found), lang, out)
    if args.remove:
        count = remove_entries(
            entries, kiosk_id=settings.kiosk_id, actor=f"cli@{settings.kiosk_id}"
        )
        removed = ngettext(
            "1 iscrizione attiva segnata come rimossa.",
            "{count} iscrizioni attive segnate come rimosse.",
            count,
        )
        _put(removed, lang, out)
    return 0


def cmd_purge(settings: Settings, out: TextIO, lang: str = "it") -> int:
    from kiosk.waitlist import purge_expired  # the visitor side owns retention

    _ensure_open(settings)
    count = purge_expired(kiosk_id=settings.kiosk_id, actor=f"cli@{settings.kiosk_id}")
    deleted = ngettext(
        "1 iscrizione scaduta cancellata.", "{count} iscrizioni scadute cancellate.", count
    )
    _put(deleted, lang, out)
    return 0


def cmd_send_outbox(settings: Settings, out: TextIO, err: TextIO, lang: str = "it") -> int:
    from kiosk.notify.worker import deliver_all

    if not settings.notify.channels:
        text = _("nessun canale per i messaggi configurato (KIOSK_SMTP_HOST, KIOSK_SMS_URL)")
        _put(text, lang, err)
        return 2
    _ensure_open(settings)
    report = deliver_all(settings.notify)
    summary = _(
        "{sent}, {retried} da riprovare più tardi, {failed}.",
        sent=ngettext("1 inviato", "{count} inviati", report.sent),
        retried=report.retried,
        failed=ngettext("1 non riuscito", "{count} non riusciti", report.failed),
    )
    _put(summary, lang, out)
    return 1 if report.failed else 0


def cmd_expire_offers(settings: Settings, auto: bool | None, out: TextIO, lang: str = "it") -> int:
    from kiosk.offers import expire_offers

    _ensure_open(settings)
    report = expire_offers(
        auto=settings.offer_auto if auto is None else auto,
        kiosk_id=settings.kiosk_id,
        actor=f"cli@{settings.kiosk_id}",
    )
    summary = _(
        "{expired}, {offered} al prossimo in lista.",
        expired=ngettext(
            "1 offerta di posto scaduta", "{count} offerte di posto scadute", report.expired
        ),
        offered=ngettext("1 posto offerto", "{count} posti offerti", report.offered),
    )
    _put(summary, lang, out)
    return 0


def cmd_stats(
    settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO, lang: str = "it"
) -> int:
    from kiosk.staff.stats import export_usage, usage_report

    today = local_today()
    end = args.end or today
    start = args.start or end.replace(day=1)
    if end < start:
        wrong = _(
            "kiosk: --to {end} viene prima di --from {start}",
            end=end.strftime("%d/%m/%Y"),
            start=start.strftime("%d/%m/%Y"),
        )
        _put(wrong, lang, err)
        return 2
    _ensure_open(settings)
    report = usage_report(start, end, kiosk_id=args.kiosk)
    heading = _(
        "utilizzo dal {start} al {end} ({kiosks})",
        start=start.strftime("%d/%m/%Y"),
        end=end.strftime("%d/%m/%Y"),
        kiosks=", ".join(report.kiosks) or _("nessun totem"),
    )
    _put(heading, lang, out)
    for total in report.totals:
        print(f"{total.kind:<11} {total.key or '-':<40} {total.count:>7}", file=out)
    events = sum(d.count for d in report.by_day)
    summary = _(
        "{events} in {days}",
        events=ngettext("1 evento", "{count} eventi", events),
        days=ngettext("1 giorno", "{count} giorni", len(report.by_day)),
    )
    _put(summary, lang, out)
    if args.csv:
        result = export_usage(
            start,
            end,
            args.out or settings.staff_dir,
            kiosk_id=settings.kiosk_id,
            only_kiosk=args.kiosk,
            actor=f"cli@{settings.kiosk_id}",
        )
        rows = ngettext("1 riga", "{count} righe", result.rows)
        _put(_("{path} ({rows})", path=result.path, rows=rows), lang, out)
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
    from kiosk.staff.cli_data import cmd_backup, cmd_export, cmd_restore

    stdin, out, err = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    lang = getattr(args, "lang", None) or language_from_environment()
    if args.command == "admin":
        if args.admin_command == "set-pin":
            return cmd_set_pin(settings, stdin, out, err, lang)
        if args.admin_command == "status":
            return cmd_status(settings, out, lang)
        if args.admin_command == "send-outbox":
            return cmd_send_outbox(settings, out, err, lang)
        if args.admin_command == "purge":
            return cmd_purge(settings, out, lang)
        if args.admin_command == "expire-offers":
            return cmd_expire_offers(settings, args.auto, out, lang)
        if args.admin_command == "backup":
            return cmd_backup(settings, args.to, args.keep, out, err, lang)
        if args.admin_command == "restore":
            return cmd_restore(settings, args.file, out, err, lang)
        if args.admin_command == "recent":
            return cmd_recent(settings, args, out, err, lang)
        if args.admin_command == "review":
            return cmd_review(settings, args.months, out, lang)
    if args.command == "export":
        folder = args.out or settings.staff_dir
        return cmd_export(settings, args.service, folder, out, err, lang)
    if args.command == "stats":
        return cmd_stats(settings, args, out, err, lang)
    raise ValueError(f"not a staff command: {args.command!r}")
