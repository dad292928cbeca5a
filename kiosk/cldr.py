"""Locale data from CLDR (through Babel) in a visitor's language: dates, weekdays, languages.

No month, weekday or language name lives in the code or the catalogues: Babel knows them for
every language the kiosk speaks.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale
from babel.dates import format_date, get_day_names

# English as written in Europe (day month year); the other codes are CLDR locales as they are.
CLDR_LOCALES = {"en": "en_GB"}


@cache
def locale(lang: str) -> Locale:
    """The CLDR locale for an interface language code ('it', 'en', 'uk', ...)."""
    return Locale.parse(CLDR_LOCALES.get(lang, lang))


def weekday_name(number: int, lang: str) -> str:
    """The name of a weekday (0 = Monday) as written inside a sentence ('lunedì', 'Monday')."""
    return str(get_day_names("wide", context="format", locale=locale(lang))[number])


def full_date(day: dt.date, lang: str) -> str:
    """A date with its weekday: 'sabato 5 dicembre 2026', 'Saturday 5 December 2026'."""
    return format_date(day, "full", locale=locale(lang))


def long_date(day: dt.date, lang: str) -> str:
    """A date without weekday: '21 novembre 2026', '21 November 2026'."""
    return format_date(day, "long", locale=locale(lang))


def language_name(code: str, lang: str) -> str:
    """The name of the language `code` in `lang` ('inglese', 'English'); the code if unknown."""
    name = locale(lang).languages.get(code)
    return str(name) if name else code
