"""The staff subcommands' arguments (`kiosk admin`, `export`, `stats`), helps in two languages."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kiosk.cli_text import _, render
from kiosk.i18n import SOURCE_LANGUAGE

T = TypeVar("T")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} non è una data: scrivi AAAA-MM-GG", text=text)
        ) from None


def _whole(text: str, low: int, high: int, unit: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} non è un numero intero", text=text)) from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(
            _(
                "{value} {unit}: scrivi da {low} a {high}",
                value=value,
                unit=unit,
                low=low,
                high=high,
            )
        )
    return value


def _minutes(text: str) -> int:
    return _whole(text, 1, 7 * 24 * 60, _("minuti"))


def _months(text: str) -> int:
    return _whole(text, 1, 120, _("mesi"))


def _in(lang: str, parse: Callable[[str], T]) -> Callable[[str], T]:
    """`parse`, its refusals in `lang` (argparse prints them after 'argument --x:')."""

    def parse_in_lang(text: str) -> T:
        try:
            return parse(text)
        except argparse.ArgumentTypeError as exc:
            raise argparse.ArgumentTypeError(render(exc.args[0], lang)) from None

    return parse_in_lang


def add_subcommands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    lang: str = SOURCE_LANGUAGE,
) -> None:
    """Add `admin`, `export` and `stats` to the `kiosk` command's subparsers."""

    admin = subparsers.add_parser(
        "admin",
        help=_("personale: PIN, stato, backup e ripristino, schede da verificare").render(lang),
    )
    actions = admin.add_subparsers(
        dest="admin_command", metavar=_("AZIONE").render(lang), required=True
    )
    actions.add_parser(
        "set-pin",
        help=_(
            "imposta o cambia il PIN del personale: chiesto due volte, mai sulla riga di "
            "comando (senza terminale: due righe sullo standard input)"
        ).render(lang),
    )
    actions.add_parser(
        "status",
        help=_("database, versione dei contenuti, liste d'attesa, verifiche dovute").render(lang),
    )
    actions.add_parser(
        "send-outbox",
        help=_(
            "invia i messaggi alle famiglie che sono dovuti (per un timer systemd quando "
            "KIOSK_OUTBOX_WORKER=false); esce con 1 se uno non è riuscito definitivamente"
        ).render(lang),
    )
    expire = actions.add_parser(
        "expire-offers",
        help=_(
            "fa scadere le offerte di posto il cui tempo è passato e offre ogni posto al "
            "prossimo in lista (per un timer systemd; il totem lo fa anche ogni minuto)"
        ).render(lang),
    )
    expire.add_argument(
        "--no-auto",
        dest="auto",
        action="store_false",
        default=None,
        help=_(
            "solo far scadere: il personale offre di nuovo i posti a mano "
            "(predefinito: KIOSK_OFFER_AUTO)"
        ).render(lang),
    )
    actions.add_parser(
        "purge",
        help=_(
            "cancella le iscrizioni tenute oltre i giorni di conservazione della loro lista"
        ).render(lang),
    )
    backup = actions.add_parser(
        "backup",
        help=_("copia coerente del database SQLite, sicura col totem acceso").render(lang),
    )
    backup.add_argument(
        "--to",
        type=Path,
        metavar=_("CARTELLA").render(lang),
        help=_("cartella (predefinita: backups/ accanto al database)").render(lang),
    )
    backup.add_argument(
        "--keep",
        type=int,
        default=14,
        metavar="N",
        help=_("tiene gli N backup più recenti (14)").render(lang),
    )
    restore = actions.add_parser(
        "restore",
        help=_(
            "controlla un backup (integrità, versione dello schema), conserva una copia del "
            "database attuale, poi mette il backup al suo posto (prima ferma il totem)"
        ).render(lang),
    )
    restore.add_argument(
        "file", type=Path, help=_("un backup fatto con 'kiosk admin backup'").render(lang)
    )
    recent = actions.add_parser(
        "recent",
        help=_("iscrizioni degli ultimi minuti, per totem: trova e rimuovi una raffica").render(
            lang
        ),
    )
    recent.add_argument(
        "--minutes",
        type=_in(lang, _minutes),
        default=60,
        help=_("quanto indietro (predefinito 60, al massimo 10080)").render(lang),
    )
    recent.add_argument(
        "--kiosk", metavar="ID", help=_("solo le iscrizioni fatte a questo totem").render(lang)
    )
    recent.add_argument(
        "--list",
        dest="waitlist",
        metavar="SLUG",
        help=_("solo questa lista (event:SLUG per un evento)").render(lang),
    )
    recent.add_argument(
        "--remove",
        action="store_true",
        help=_(
            "segna come rimosse le iscrizioni attive elencate (registrato; i posti si liberano)"
        ).render(lang),
    )
    review = actions.add_parser(
        "review",
        help=_("sportello, servizi ed eventi la cui scheda va verificata di nuovo").render(lang),
    )
    review.add_argument(
        "--months",
        type=_in(lang, _months),
        default=12,
        help=_("verificate più di tanti mesi fa (1-120, predefinito 12)").render(lang),
    )

    export = subparsers.add_parser(
        "export",
        help=_("personale: scrive le liste d'attesa in file CSV (per il foglio di calcolo)").render(
            lang
        ),
    )
    export.add_argument(
        "--service",
        metavar="SLUG",
        help=_("solo la lista di questo servizio (event:SLUG per un evento)").render(lang),
    )
    export.add_argument(
        "--out",
        type=Path,
        metavar=_("CARTELLA").render(lang),
        help=_("cartella del file (predefinita: KIOSK_STAFF_DIR)").render(lang),
    )

    stats = subparsers.add_parser(
        "stats", help=_("personale: conteggi anonimi di utilizzo in un periodo").render(lang)
    )
    stats.add_argument(
        "--from",
        dest="start",
        type=_in(lang, _day),
        metavar=_("AAAA-MM-GG").render(lang),
        help=_("primo giorno (predefinito: il 1° del mese)").render(lang),
    )
    stats.add_argument(
        "--to",
        dest="end",
        type=_in(lang, _day),
        metavar=_("AAAA-MM-GG").render(lang),
        help=_("ultimo giorno (predefinito: oggi)").render(lang),
    )
    stats.add_argument("--kiosk", metavar="ID", help=_("solo questo totem").render(lang))
    stats.add_argument(
        "--csv",
        action="store_true",
        help=_("scrive anche i conteggi in un file CSV").render(lang),
    )
    stats.add_argument(
        "--out",
        type=Path,
        metavar=_("CARTELLA").render(lang),
        help=_("cartella del CSV (predefinita: KIOSK_STAFF_DIR)").render(lang),
    )
