"""Readers of one setting each, as the environment or the TOML file gives it: the value,
checked, or a ConfigError whose one line names the setting and says what to write (kiosk.config
puts them together into Settings)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from kiosk.cli_text import _
from kiosk.comuni import COMUNI, comune_named, comune_of_kiosk


class ConfigError(ValueError):
    """A setting has a value the kiosk cannot use; the message is one line for the operator.

    The message is Italian; `args[0]` keeps it as a `Msg` the CLI shows in its language.
    """


def int_in(name: str, raw: object, low: int, high: int, unit: str = "") -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ConfigError(
            _(
                "{name}={raw!r} non è un numero intero di {unit}",
                name=name,
                raw=raw,
                unit=unit or _("secondi"),
            )
        ) from None
    if not low <= value <= high:
        raise ConfigError(
            _(
                "{name}={value} deve essere tra {low} e {high}",
                name=name,
                value=value,
                low=low,
                high=high,
            )
        )
    return value


def strict_bool(name: str, raw: object) -> bool:
    """A real TOML boolean, or one of the strings true/false/1/0: `"no"` must not mean yes."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if isinstance(raw, str) and text in ("true", "1"):
        return True
    if isinstance(raw, str) and text in ("false", "0"):
        return False
    raise ConfigError(
        _("{name}={raw!r}: scrivi true o false (in TOML senza virgolette)", name=name, raw=raw)
    )


def check_folder(name: str, folder: Path, shown: Path | str) -> None:
    """`folder` is a folder, or can be created: nothing on its way is a file."""
    for path in (folder, *folder.parents):
        if path.exists():
            if not path.is_dir():
                raise ConfigError(
                    _(
                        "{name}={shown!r}: {path!r} è un file, non una cartella",
                        name=name,
                        shown=str(shown),
                        path=str(path),
                    )
                )
            return


def checked_database_url(name: str, url: str) -> str:
    """The URL, if the kiosk can use it; else one line naming the setting."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///")).expanduser()
        if str(path) != ":memory:":
            if path.is_dir():
                raise ConfigError(
                    _(
                        "{name}={url!r}: {path!r} è una cartella, indica un file al suo interno",
                        name=name,
                        url=url,
                        path=str(path),
                    )
                )
            check_folder(name, path.parent, url)
        return url
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError as exc:
        raise ConfigError(
            _(
                "{name}={url!r} non è un indirizzo PostgreSQL valido ({error}); "
                "scrivi postgresql://utente@host:5432/nomedb",
                name=name,
                url=url,
                error=str(exc),
            )
        ) from None
    if not parts.hostname and not parts.path.strip("/"):
        raise ConfigError(
            _("{name}={url!r}: scrivi postgresql://utente@host:5432/nomedb", name=name, url=url)
        )
    return url


def site_comune(name: str, raw: object, kiosk_id: str) -> str:
    """The comune the setting names ('nessuno': none); unset, the one KIOSK_ID names, if any."""
    text = str(raw or "").strip()
    if not text:
        return comune_of_kiosk(kiosk_id) or ""
    if text.casefold() in ("nessuno", "none"):
        return ""
    found = comune_named(text)
    if found is None:
        raise ConfigError(
            _(
                "{name}={value!r}: scrivi uno tra {choices}, oppure nessuno",
                name=name,
                value=text,
                choices=", ".join(COMUNI),
            )
        )
    return found


def languages(name: str, raw: object, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A comma list (environment) or TOML array of `allowed` codes, none repeated (unset: all
    of them)."""
    if raw is None or raw == "":
        return allowed
    items = raw.split(",") if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ConfigError(
            _("{name}={value!r}: scrivi codici di lingua come it,en,fr", name=name, value=raw)
        )
    codes = tuple(code.strip().lower() for code in items)
    choices = ", ".join(allowed)
    for code in codes:
        if code not in allowed:
            raise ConfigError(
                _(
                    "{name}={value!r}: {code!r} non è tra {choices}",
                    name=name,
                    value=raw,
                    code=code,
                    choices=choices,
                )
            )
    if len(set(codes)) != len(codes):
        raise ConfigError(
            _("{name}={value!r}: una lingua è scritta due volte", name=name, value=raw)
        )
    return codes


def checked_printer(name: str, raw: object) -> str:
    """The printer setting, normalised, if kiosk.printing can read it; else one line."""
    from kiosk.printing.target import PrinterSettingError, parse_printer

    text = str(raw or "none").strip()
    try:
        return parse_printer(text).setting
    except PrinterSettingError as exc:
        raise ConfigError(
            _("{name}={value!r}: {error}", name=name, value=text, error=str(exc))
        ) from None
