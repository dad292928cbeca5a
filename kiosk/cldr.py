"""Locale data from CLDR in a visitor's language: dates, weekdays, language names.

No month, weekday or language name lives in the code or the catalogues: they come from CLDR
through Babel. The kiosk does not load Babel's locale data while it runs (a language's whole
CLDR record is some 50,000 Python objects, 4 MB of memory kept for good, for the 40 names a
page uses): the few names and patterns it needs are written, once, from Babel into small
tables (`kiosk/cldr_tables/<lang>.json`, committed, regenerated with
`python -m kiosk.cldr --write` after a Babel upgrade; a test checks they still match). A
language without a table falls back to Babel itself.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.config import KNOWN_LANGUAGES

# English as written in Europe (day month year); the other codes are CLDR locales as they are.
CLDR_LOCALES = {"en": "en_GB"}
TABLES = Path(__file__).resolve().parent / "cldr_tables"
DATE_FORMATS = ("full", "long")
# The codes a volunteer may write for a spoken language (the content check's rule).
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
# A run of one pattern letter, or a quoted literal ('' is a quote), or any other character.
_PATTERN_PART = re.compile(r"([A-Za-z])\1*|'(?:[^']|'')*'|.", re.DOTALL)


@cache
def table(lang: str) -> dict[str, Any] | None:
    """The language's names and date patterns, from its committed table; None without one."""
    try:
        text = (TABLES / f"{lang}.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def locale(lang: str) -> Any:
    """Babel's CLDR locale for an interface language code ('it', 'en', 'uk', ...): for the
    tables and for a language that has none."""
    from babel import Locale

    return Locale.parse(CLDR_LOCALES.get(lang, lang))


def weekday_name(number: int, lang: str) -> str:
    """The name of a weekday (0 = Monday) as written inside a sentence ('lunedì', 'Monday')."""
    data = table(lang)
    if data is None:
        from babel.dates import get_day_names

        return str(get_day_names("wide", context="format", locale=locale(lang))[number])
    return str(data["days"][number])


def full_date(day: dt.date, lang: str) -> str:
    """A date with its weekday: 'sabato 5 dicembre 2026', 'Saturday, 5 December 2026'."""
    return _date(day, lang, "full")


def long_date(day: dt.date, lang: str) -> str:
    """A date without weekday: '21 novembre 2026', '21 November 2026'."""
    return _date(day, lang, "long")


def language_name(code: str, lang: str) -> str:
    """The name of the language `code` in `lang` ('inglese', 'English'); the code if unknown."""
    data = table(lang)
    names = data["languages"] if data is not None else locale(lang).languages
    name = names.get(code)
    return str(name) if name else code


def _date(day: dt.date, lang: str, form: str) -> str:
    data = table(lang)
    if data is None:
        from babel.dates import format_date

        return str(format_date(day, form, locale=locale(lang)))
    return "".join(_field(part, day, data) for part in _parts(data["dates"][form]))


@cache
def _parts(pattern: str) -> tuple[str, ...]:
    """A CLDR date pattern cut into its fields and literals."""
    return tuple(match.group(0) for match in _PATTERN_PART.finditer(pattern))


def _field(part: str, day: dt.date, data: dict[str, Any]) -> str:
    """One part of a pattern for `day`: the fields CLDR's full and long dates use."""
    letter, width = part[0], len(part)
    if letter == "'":
        return part[1:-1].replace("''", "'") if width > 2 else "'"
    if not ("a" <= letter.lower() <= "z"):  # CLDR's fields are ASCII letters, not 年 or 日
        return part
    if letter == "E" and width == 4:
        return str(data["days"][day.weekday()])
    if letter == "M" and width == 4:
        return str(data["months"][day.month - 1])
    if letter in "Md" and width <= 2:
        return str(day.month if letter == "M" else day.day).zfill(width)
    if letter == "y":
        return str(day.year % 100).zfill(2) if width == 2 else str(day.year).zfill(width)
    raise ValueError(f"date pattern field {part!r} is not supported")


# --- the tables, written from Babel -------------------------------------------------------


def table_from_babel(lang: str) -> dict[str, Any]:
    """What the kiosk needs of `lang`'s CLDR record, read from Babel."""
    loc = locale(lang)
    return {
        "locale": str(loc),
        "days": [str(loc.days["format"]["wide"][n]) for n in range(7)],
        "months": [str(loc.months["format"]["wide"][n]) for n in range(1, 13)],
        "dates": {form: loc.date_formats[form].pattern for form in DATE_FORMATS},
        "languages": {
            code: str(name)
            for code, name in sorted(loc.languages.items())
            if LANGUAGE_CODE.fullmatch(code)
        },
    }


def table_text(lang: str) -> str:
    """The committed form of a table: stable, readable JSON."""
    return json.dumps(table_from_babel(lang), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def differences(lang: str, days: list[dt.date]) -> list[str]:
    """Where the table's dates differ from Babel's own for `days` (none when it is right)."""
    from babel.dates import format_date

    out = []
    for day in days:
        for form in DATE_FORMATS:
            mine, babel = _date(day, lang, form), format_date(day, form, locale=locale(lang))
            if mine != babel:
                out.append(f"{lang} {form} {day}: {mine!r}, Babel says {babel!r}")
    return out


def main(argv: list[str]) -> int:
    """`python -m kiosk.cldr --write`: write the table of every language the kiosk knows."""
    if argv != ["--write"]:
        print("usage: python -m kiosk.cldr --write", file=sys.stderr)
        return 2
    TABLES.mkdir(exist_ok=True)
    for lang in KNOWN_LANGUAGES:
        (TABLES / f"{lang}.json").write_text(table_text(lang), encoding="utf-8")
        table.cache_clear()
        print(f"{TABLES / lang}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
