"""Settings from the environment and an optional TOML file, as one frozen dataclass."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from platformdirs import user_data_dir

from kiosk import config_values as check
from kiosk.cli_text import _
from kiosk.config_values import ConfigError as ConfigError  # what load_settings raises
from kiosk.notify.settings import (
    NOTIFY_ENV_VARS,
    NOTIFY_FILE_KEYS,
    NotifyConfigError,
    NotifySettings,
    notify_secrets,
    notify_settings,
)
from kiosk.pictograms import PICTOGRAM_MODES

BUNDLED_CONTENT_DIR = Path(__file__).parent / "content"
KNOWN_LANGUAGES = ("it", "en", "fr", "es", "de", "ro", "sq", "ar", "zh", "uk", "ur", "bn")
# The visitor side speaks these (issue 11); Italian is the source and the fallback.
VISITOR_LANGUAGES = ("it", "en", "fr", "ro", "sq", "uk")
STAFF_LANGUAGES = ("it", "en")  # the staff screens and the CLI
# Each language's own name in its own script: the language picker shows these, never flags.
AUTONYMS = {
    "it": "Italiano",
    "en": "English",
    "fr": "Français",
    "ro": "Română",
    "sq": "Shqip",
    "uk": "Українська",
}
UI_LANGUAGES = VISITOR_LANGUAGES  # languages a kiosk may start in
# Waitlist joins per minute: a visitor needs about a minute per form, so these leave room for
# a family joining several lists while stopping a burst of made-up entries.
JOINS_PER_MINUTE_KIOSK = 6  # from one kiosk, on any list (repeated contacts count too)
JOINS_PER_MINUTE_LIST = 20  # new entries on one list, from all kiosks together


def default_database_url() -> str:
    """SQLite file in the user's data directory."""
    return f"sqlite:///{Path(user_data_dir('sportello-cpf', appauthor=False)) / 'kiosk.db'}"


def default_staff_dir() -> Path:
    return Path(user_data_dir("sportello-cpf", appauthor=False)) / "exports"


@dataclass(frozen=True)
class Settings:
    """Everything the kiosk can be told; documented in `kiosk --help` and the README."""

    database_url: str = ""
    content_dir: Path = BUNDLED_CONTENT_DIR
    kiosk_id: str = "cpf-lucca"
    comune: str = ""  # the site's comune, the visitor's "Il mio comune" hint; "" = none
    language: str = "it"
    languages: tuple[str, ...] = VISITOR_LANGUAGES  # offered to visitors, `language` among them
    idle_timeout: int = 60
    still_there_seconds: int = 30
    public_url: str = ""
    admin_timeout: int = 120
    staff_dir: Path = Path()
    pin_pepper: str = ""
    joins_per_minute_kiosk: int = JOINS_PER_MINUTE_KIOSK
    joins_per_minute_list: int = JOINS_PER_MINUTE_LIST
    pictograms: str = "emoji"
    offer_auto: bool = True  # an expired or declined seat offer passes to the next at once
    printer: str = "none"  # receipt printer for paper tickets (kiosk/printing/settings.py)
    dev: bool = False
    # PostgreSQL limits in seconds (kiosk.models.db.Timeouts); SQLite ignores them.
    db_connect_timeout: int = 5
    db_statement_timeout: int = 10
    db_lock_timeout: int = 5
    db_idle_in_transaction_timeout: int = 30
    db_keepalive_idle: int = 10
    # Messages to families (kiosk.notify.settings): channels configured, outbox worker.
    notify: NotifySettings = dataclasses.field(default_factory=NotifySettings)


# env var -> (field, one-line help)
ENV_VARS: dict[str, tuple[str, str]] = {
    "KIOSK_DATABASE_URL": (
        "database_url",
        _(
            "sqlite:///percorso/kiosk.db o postgresql://utente@host/db "
            "(predefinito: kiosk.db nella cartella dati dell'utente)"
        ),
    ),
    "KIOSK_CONTENT_DIR": (
        "content_dir",
        _("cartella dei file dei volontari (predefinita: quella inclusa)"),
    ),
    "KIOSK_ID": (
        "kiosk_id",
        _("nome di questo totem/sede, per esempio cpf-lucca (predefinito cpf-lucca)"),
    ),
    "KIOSK_LANGUAGE": (
        "language",
        _("lingua a cui il totem torna dopo ogni visitatore (it)"),
    ),
    "KIOSK_IDLE_TIMEOUT": (
        "idle_timeout",
        _("secondi senza tocchi prima di 'Ci sei ancora?' (60)"),
    ),
    "KIOSK_COMUNE": (
        "comune",
        _(
            "comune della sede di questo totem, proposto per primo in 'Il mio comune' "
            "(predefinito: quello nominato da KIOSK_ID, per esempio cpf-capannori; "
            "nessuno = nessun suggerimento)"
        ),
    ),
    "KIOSK_LANGUAGES": (
        "languages",
        _(
            "lingue offerte ai visitatori, separate da virgole (tutte: {choices})",
            choices=",".join(VISITOR_LANGUAGES),
        ),
    ),
    "KIOSK_STILL_THERE_SECONDS": (
        "still_there_seconds",
        _("conto alla rovescia di 'Ci sei ancora?' prima che il totem ricominci (30, almeno 20)"),
    ),
    "KIOSK_PUBLIC_URL": (
        "public_url",
        _("inizio dei collegamenti nei codici QR, per esempio https://…/servizi/"),
    ),
    "KIOSK_ADMIN_TIMEOUT": (
        "admin_timeout",
        _("secondi senza tocchi prima che l'area del personale si chiuda (120)"),
    ),
    "KIOSK_STAFF_DIR": (
        "staff_dir",
        _("cartella dove vengono scritte le esportazioni del personale"),
    ),
    "KIOSK_PIN_PEPPER": (
        "pin_pepper",
        _("segreto facoltativo mescolato all'hash del PIN del personale"),
    ),
    "KIOSK_JOINS_PER_MINUTE": (
        "joins_per_minute_kiosk",
        _(
            "iscrizioni alle liste d'attesa al minuto da questo totem ({count})",
            count=JOINS_PER_MINUTE_KIOSK,
        ),
    ),
    "KIOSK_LIST_JOINS_PER_MINUTE": (
        "joins_per_minute_list",
        _(
            "nuove iscrizioni al minuto in una lista, da tutti i totem ({count})",
            count=JOINS_PER_MINUTE_LIST,
        ),
    ),
    "KIOSK_PICTOGRAMS": (
        "pictograms",
        _(
            "pittogrammi dei bisogni: emoji (serve un font emoji), text (simboli semplici) o "
            "none (emoji)"
        ),
    ),
    "KIOSK_DB_CONNECT_TIMEOUT": (
        "db_connect_timeout",
        _("PostgreSQL: secondi per connettersi (5)"),
    ),
    "KIOSK_OFFER_AUTO": (
        "offer_auto",
        _(
            "true: un'offerta di posto scaduta o rifiutata passa subito al prossimo in lista; "
            "false: il personale la offre di nuovo a mano (true)"
        ),
    ),
    "KIOSK_PRINTER": (
        "printer",
        _(
            "stampante di scontrini per i biglietti: none, usb:VID:PID, network:HOST[:PORT], "
            "serial:/dev/ttyUSB0[:BAUD] o file:/dev/usb/lp0 (none)"
        ),
    ),
    "KIOSK_DB_STATEMENT_TIMEOUT": (
        "db_statement_timeout",
        _("PostgreSQL: secondi che una query può durare; il totem rinuncia 2 s dopo (10)"),
    ),
    "KIOSK_DB_LOCK_TIMEOUT": (
        "db_lock_timeout",
        _("PostgreSQL: secondi di attesa per un lock (5)"),
    ),
    "KIOSK_DB_IDLE_TIMEOUT": (
        "db_idle_in_transaction_timeout",
        _("PostgreSQL: secondi per cui una transazione abbandonata tiene i suoi lock (30)"),
    ),
    "KIOSK_DB_KEEPALIVE": (
        "db_keepalive_idle",
        _("PostgreSQL: secondi di silenzio prima di controllare che la connessione sia viva (10)"),
    ),
    "KIOSK_CONFIG": (
        "",
        _("file TOML facoltativo con le stesse impostazioni (nomi in minuscolo)"),
    ),
    **NOTIFY_ENV_VARS,
}

# field -> (default, low, high) of the database limits above, in seconds
DB_LIMITS: dict[str, tuple[int, int, int]] = {
    "db_connect_timeout": (5, 1, 120),
    "db_statement_timeout": (10, 1, 3600),
    "db_lock_timeout": (5, 1, 3600),
    "db_idle_in_transaction_timeout": (30, 1, 3600),
    "db_keepalive_idle": (10, 1, 3600),
}

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def _validated(raw: Mapping[str, object], source: Mapping[str, str]) -> Settings:
    def origin(field: str) -> str:
        return source.get(field, field)

    values: dict[str, object] = {}
    url = str(raw.get("database_url") or default_database_url()).strip()
    if not (url.startswith("sqlite:///") or url.startswith(("postgresql://", "postgres://"))):
        raise ConfigError(
            _(
                "{name}={url!r}: usa sqlite:///percorso/file.db o postgresql://utente@host/nomedb",
                name=origin("database_url"),
                url=url,
            )
        )
    values["database_url"] = check.checked_database_url(origin("database_url"), url)
    content = Path(str(raw.get("content_dir") or BUNDLED_CONTENT_DIR)).expanduser()
    if not content.is_dir():
        raise ConfigError(
            _(
                "{name}={path!r} non è una cartella",
                name=origin("content_dir"),
                path=str(content),
            )
        )
    values["content_dir"] = content
    kiosk_id = str(raw.get("kiosk_id") or "cpf-lucca").strip()
    if not _SLUG.match(kiosk_id):
        raise ConfigError(
            _(
                "{name}={value!r}: usa lettere, cifre, '-', '_' o '.' (al massimo 40), "
                "per esempio cpf-capannori",
                name=origin("kiosk_id"),
                value=kiosk_id,
            )
        )
    values["kiosk_id"] = kiosk_id
    values["comune"] = check.site_comune(origin("comune"), raw.get("comune"), kiosk_id)
    language = str(raw.get("language") or "it").strip().lower()
    if language not in UI_LANGUAGES:
        raise ConfigError(
            _(
                "{name}={value!r}: scegli uno tra {choices}",
                name=origin("language"),
                value=language,
                choices=", ".join(UI_LANGUAGES),
            )
        )
    values["language"] = language
    languages = check.languages(origin("languages"), raw.get("languages"), VISITOR_LANGUAGES)
    if language not in languages:
        raise ConfigError(
            _(
                "{name}: deve comprendere la lingua predefinita {language}={value!r}",
                name=origin("languages"),
                language=origin("language"),
                value=language,
            )
        )
    values["languages"] = languages
    values["idle_timeout"] = check.int_in(
        origin("idle_timeout"), raw.get("idle_timeout", 60), 10, 3600
    )
    # Under 20 s a slow reader cannot find and tap "Continua" before the reset.
    values["still_there_seconds"] = check.int_in(
        origin("still_there_seconds"), raw.get("still_there_seconds", 30), 20, 600
    )
    values["admin_timeout"] = check.int_in(
        origin("admin_timeout"), raw.get("admin_timeout", 120), 15, 3600
    )
    for field, default in (
        ("joins_per_minute_kiosk", JOINS_PER_MINUTE_KIOSK),
        ("joins_per_minute_list", JOINS_PER_MINUTE_LIST),
    ):
        values[field] = check.int_in(
            origin(field), raw.get(field, default), 1, 1000, _("iscrizioni")
        )
    public_url = str(raw.get("public_url") or "").strip()
    if public_url and not re.match(r"^https?://[^\s/]+(/\S*)?$", public_url):
        raise ConfigError(
            _(
                "{name}={value!r}: scrivi un collegamento completo come "
                "https://www.example.it/servizi/",
                name=origin("public_url"),
                value=public_url,
            )
        )
    values["public_url"] = public_url
    staff = raw.get("staff_dir")
    staff_dir = Path(str(staff)).expanduser() if staff else default_staff_dir()
    check.check_folder(origin("staff_dir"), staff_dir, staff_dir)
    values["staff_dir"] = staff_dir
    values["pin_pepper"] = str(raw.get("pin_pepper") or "")
    pictograms = str(raw.get("pictograms") or "emoji").strip().lower()
    if pictograms not in PICTOGRAM_MODES:
        raise ConfigError(
            _(
                "{name}={value!r}: scegli uno tra {choices}",
                name=origin("pictograms"),
                value=pictograms,
                choices=", ".join(PICTOGRAM_MODES),
            )
        )
    values["pictograms"] = pictograms
    values["offer_auto"] = check.strict_bool(origin("offer_auto"), raw.get("offer_auto", True))
    values["printer"] = check.checked_printer(origin("printer"), raw.get("printer"))
    values["dev"] = check.strict_bool(origin("dev"), raw.get("dev", False))
    for field, (default, low, high) in DB_LIMITS.items():
        values[field] = check.int_in(origin(field), raw.get(field, default), low, high)
    try:
        values["notify"] = notify_settings(raw, origin)
    except NotifyConfigError as exc:
        raise ConfigError(exc.args[0]) from None  # a Msg: shown in the operator's language
    return Settings(**values)  # type: ignore[arg-type]


def load_settings(
    environ: Mapping[str, str] | None = None, *, dev: bool = False, **overrides: object
) -> Settings:
    """Read settings: TOML file (KIOSK_CONFIG), then environment variables, then overrides."""
    env = os.environ if environ is None else environ
    raw: dict[str, object] = {}
    source: dict[str, str] = {}
    config_file = env.get("KIOSK_CONFIG")
    if config_file:
        try:
            with open(config_file, "rb") as handle:
                data = tomllib.load(handle)
        except OSError as exc:
            raise ConfigError(
                _("KIOSK_CONFIG={file!r}: {error}", file=config_file, error=exc.strerror)
            ) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                _(
                    "KIOSK_CONFIG={file!r}: non è TOML valido ({error})",
                    file=config_file,
                    error=str(exc),
                )
            ) from None
        known = ({f.name for f in fields(Settings)} - {"notify"}) | NOTIFY_FILE_KEYS
        for key, value in data.items():
            if key not in known:
                raise ConfigError(
                    _("{file}: impostazione sconosciuta {key!r}", file=config_file, key=key)
                )
            raw[key] = value
            source[key] = f"{config_file}: {key}"
    for var, (field, _help) in ENV_VARS.items():
        if field and var in env:
            raw[field] = env[var]
            source[field] = var
    credentials = env.get("CREDENTIALS_DIRECTORY")  # systemd LoadCredential(Encrypted)=pin_pepper
    if "pin_pepper" not in raw and credentials and (Path(credentials) / "pin_pepper").is_file():
        raw["pin_pepper"] = (Path(credentials) / "pin_pepper").read_text(encoding="utf-8").strip()
    for field, secret in notify_secrets(env).items():  # LoadCredential=smtp-password:…
        raw.setdefault(field, secret)
    raw.update({k: v for k, v in overrides.items() if v is not None})
    settings = _validated(raw, source)
    return replace(settings, dev=dev or settings.dev)
