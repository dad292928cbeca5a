"""Settings from the environment and an optional TOML file, as one frozen dataclass."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

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


class ConfigError(ValueError):
    """A setting has a value the kiosk cannot use; the message is one line for the operator."""


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
    language: str = "it"
    languages: tuple[str, ...] = VISITOR_LANGUAGES  # offered on the attract screen and picker
    idle_timeout: int = 60
    still_there_seconds: int = 30
    public_url: str = ""
    admin_timeout: int = 120
    staff_dir: Path = Path()
    pin_pepper: str = ""
    joins_per_minute_kiosk: int = JOINS_PER_MINUTE_KIOSK
    joins_per_minute_list: int = JOINS_PER_MINUTE_LIST
    pictograms: str = "emoji"
    dev: bool = False
    # PostgreSQL limits in seconds (kiosk.models.db.Timeouts); SQLite ignores them.
    db_connect_timeout: int = 5
    db_statement_timeout: int = 10
    db_lock_timeout: int = 5
    db_idle_in_transaction_timeout: int = 30
    db_keepalive_idle: int = 10


# env var -> (field, one-line help)
ENV_VARS: dict[str, tuple[str, str]] = {
    "KIOSK_DATABASE_URL": (
        "database_url",
        "sqlite:///path/to/kiosk.db or postgresql://user@host/db "
        "(default: kiosk.db in the user's data directory)",
    ),
    "KIOSK_CONTENT_DIR": ("content_dir", "folder of the volunteers' files (default: bundled)"),
    "KIOSK_ID": ("kiosk_id", "name of this kiosk/site, e.g. cpf-lucca (default cpf-lucca)"),
    "KIOSK_LANGUAGE": ("language", "language the kiosk returns to after each visitor (it)"),
    "KIOSK_LANGUAGES": (
        "languages",
        "languages a visitor may choose, comma-separated (all six: it,en,fr,ro,sq,uk)",
    ),
    "KIOSK_IDLE_TIMEOUT": ("idle_timeout", "seconds without input before 'Ci sei ancora?' (60)"),
    "KIOSK_STILL_THERE_SECONDS": (
        "still_there_seconds",
        "countdown of 'Ci sei ancora?' before the kiosk resets (30, at least 20)",
    ),
    "KIOSK_PUBLIC_URL": ("public_url", "base of the links in QR codes, e.g. https://…/servizi/"),
    "KIOSK_ADMIN_TIMEOUT": ("admin_timeout", "seconds without input before admin closes (120)"),
    "KIOSK_STAFF_DIR": ("staff_dir", "folder where staff exports are written"),
    "KIOSK_PIN_PEPPER": ("pin_pepper", "optional secret mixed into the staff PIN hash"),
    "KIOSK_JOINS_PER_MINUTE": (
        "joins_per_minute_kiosk",
        f"waitlist joins per minute from this kiosk ({JOINS_PER_MINUTE_KIOSK})",
    ),
    "KIOSK_LIST_JOINS_PER_MINUTE": (
        "joins_per_minute_list",
        f"new entries per minute on one list, all kiosks ({JOINS_PER_MINUTE_LIST})",
    ),
    "KIOSK_PICTOGRAMS": (
        "pictograms",
        "need pictograms: emoji (needs an emoji font), text (plain symbols) or none (emoji)",
    ),
    "KIOSK_DB_CONNECT_TIMEOUT": ("db_connect_timeout", "PostgreSQL: seconds to connect (5)"),
    "KIOSK_DB_STATEMENT_TIMEOUT": (
        "db_statement_timeout",
        "PostgreSQL: seconds a query may take; the kiosk gives up 2 s later (10)",
    ),
    "KIOSK_DB_LOCK_TIMEOUT": ("db_lock_timeout", "PostgreSQL: seconds to wait for a lock (5)"),
    "KIOSK_DB_IDLE_TIMEOUT": (
        "db_idle_in_transaction_timeout",
        "PostgreSQL: seconds an abandoned transaction keeps its locks (30)",
    ),
    "KIOSK_DB_KEEPALIVE": (
        "db_keepalive_idle",
        "PostgreSQL: seconds of silence before checking the connection is alive (10)",
    ),
    "KIOSK_CONFIG": ("", "optional TOML file with the same settings (lower-case names)"),
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


def _int_in(name: str, raw: object, low: int, high: int, unit: str = "seconds") -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number of {unit}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={value} must be between {low} and {high}")
    return value


def _strict_bool(name: str, raw: object) -> bool:
    """A real TOML boolean, or one of the strings true/false/1/0: `"no"` must not mean yes."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if isinstance(raw, str) and text in ("true", "1"):
        return True
    if isinstance(raw, str) and text in ("false", "0"):
        return False
    raise ConfigError(f"{name}={raw!r}: write true or false (in TOML without quotes)")


def _languages(name: str, raw: object, default: str) -> tuple[str, ...]:
    """The offered languages: a comma-separated string or a TOML list, in the given order."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return VISITOR_LANGUAGES
    items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
    chosen: list[str] = []
    for item in items:
        code = str(item).strip().lower()
        if code not in VISITOR_LANGUAGES:
            raise ConfigError(f"{name}: {code!r} is not one of {', '.join(VISITOR_LANGUAGES)}")
        if code not in chosen:
            chosen.append(code)
    if default not in chosen:
        raise ConfigError(
            f"{name}={','.join(chosen)!r} must include the kiosk's language {default!r}"
        )
    return tuple(chosen)


def _check_folder(name: str, folder: Path, shown: Path | str) -> None:
    """`folder` is a folder, or can be created: nothing on its way is a file."""
    for path in (folder, *folder.parents):
        if path.exists():
            if not path.is_dir():
                raise ConfigError(f"{name}={str(shown)!r}: {str(path)!r} is a file, not a folder")
            return


def _checked_database_url(name: str, url: str) -> str:
    """The URL, if the kiosk can use it; else one line naming the setting."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///")).expanduser()
        if str(path) != ":memory:":
            if path.is_dir():
                raise ConfigError(f"{name}={url!r}: {str(path)!r} is a folder, name a file in it")
            _check_folder(name, path.parent, url)
        return url
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError as exc:
        raise ConfigError(
            f"{name}={url!r} is not a valid PostgreSQL address ({exc}); "
            "write postgresql://user@host:5432/dbname"
        ) from None
    if not parts.hostname and not parts.path.strip("/"):
        raise ConfigError(f"{name}={url!r}: write postgresql://user@host:5432/dbname")
    return url


def _validated(raw: Mapping[str, object], source: Mapping[str, str]) -> Settings:
    def origin(field: str) -> str:
        return source.get(field, field)

    values: dict[str, object] = {}
    url = str(raw.get("database_url") or default_database_url()).strip()
    if not (url.startswith("sqlite:///") or url.startswith(("postgresql://", "postgres://"))):
        raise ConfigError(
            f"{origin('database_url')}={url!r}: use sqlite:///path/to/file.db "
            "or postgresql://user@host/dbname"
        )
    values["database_url"] = _checked_database_url(origin("database_url"), url)
    content = Path(str(raw.get("content_dir") or BUNDLED_CONTENT_DIR)).expanduser()
    if not content.is_dir():
        raise ConfigError(f"{origin('content_dir')}={str(content)!r} is not a folder")
    values["content_dir"] = content
    kiosk_id = str(raw.get("kiosk_id") or "cpf-lucca").strip()
    if not _SLUG.match(kiosk_id):
        raise ConfigError(
            f"{origin('kiosk_id')}={kiosk_id!r}: use letters, digits, '-', '_' or '.' "
            "(at most 40), e.g. cpf-capannori"
        )
    values["kiosk_id"] = kiosk_id
    language = str(raw.get("language") or "it").strip().lower()
    if language not in UI_LANGUAGES:
        raise ConfigError(
            f"{origin('language')}={language!r}: choose one of {', '.join(UI_LANGUAGES)}"
        )
    values["language"] = language
    values["languages"] = _languages(origin("languages"), raw.get("languages"), language)
    values["idle_timeout"] = _int_in(origin("idle_timeout"), raw.get("idle_timeout", 60), 10, 3600)
    # Under 20 s a slow reader cannot find and tap "Continua" before the reset.
    values["still_there_seconds"] = _int_in(
        origin("still_there_seconds"), raw.get("still_there_seconds", 30), 20, 600
    )
    values["admin_timeout"] = _int_in(
        origin("admin_timeout"), raw.get("admin_timeout", 120), 15, 3600
    )
    for field, default in (
        ("joins_per_minute_kiosk", JOINS_PER_MINUTE_KIOSK),
        ("joins_per_minute_list", JOINS_PER_MINUTE_LIST),
    ):
        values[field] = _int_in(origin(field), raw.get(field, default), 1, 1000, "joins")
    public_url = str(raw.get("public_url") or "").strip()
    if public_url and not re.match(r"^https?://[^\s/]+(/\S*)?$", public_url):
        raise ConfigError(
            f"{origin('public_url')}={public_url!r}: write a full link such as "
            "https://www.example.it/servizi/"
        )
    values["public_url"] = public_url
    staff = raw.get("staff_dir")
    staff_dir = Path(str(staff)).expanduser() if staff else default_staff_dir()
    _check_folder(origin("staff_dir"), staff_dir, staff_dir)
    values["staff_dir"] = staff_dir
    values["pin_pepper"] = str(raw.get("pin_pepper") or "")
    pictograms = str(raw.get("pictograms") or "emoji").strip().lower()
    if pictograms not in PICTOGRAM_MODES:
        raise ConfigError(
            f"{origin('pictograms')}={pictograms!r}: choose one of {', '.join(PICTOGRAM_MODES)}"
        )
    values["pictograms"] = pictograms
    values["dev"] = _strict_bool(origin("dev"), raw.get("dev", False))
    for field, (default, low, high) in DB_LIMITS.items():
        values[field] = _int_in(origin(field), raw.get(field, default), low, high)
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
            raise ConfigError(f"KIOSK_CONFIG={config_file!r}: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"KIOSK_CONFIG={config_file!r}: not valid TOML ({exc})") from None
        known = {f.name for f in fields(Settings)}
        for key, value in data.items():
            if key not in known:
                raise ConfigError(f"{config_file}: unknown setting {key!r}")
            raw[key] = value
            source[key] = f"{config_file}: {key}"
    for var, (field, _help) in ENV_VARS.items():
        if field and var in env:
            raw[field] = env[var]
            source[field] = var
    credentials = env.get("CREDENTIALS_DIRECTORY")  # systemd LoadCredential(Encrypted)=pin_pepper
    if "pin_pepper" not in raw and credentials and (Path(credentials) / "pin_pepper").is_file():
        raw["pin_pepper"] = (Path(credentials) / "pin_pepper").read_text(encoding="utf-8").strip()
    raw.update({k: v for k, v in overrides.items() if v is not None})
    settings = _validated(raw, source)
    return replace(settings, dev=dev or settings.dev)
