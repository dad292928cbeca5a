"""Dates, weekdays and language names come from CLDR (Babel) in the visitor's language; the
kiosk reads them from small committed tables that must say what Babel says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk import cldr
from kiosk.cldr import full_date, language_name, long_date, weekday_name
from kiosk.config import KNOWN_LANGUAGES, VISITOR_LANGUAGES

SATURDAY = dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    ("lang", "monday", "saturday"),
    [
        ("it", "lunedì", "sabato 5 dicembre 2026"),
        ("en", "Monday", "Saturday, 5 December 2026"),
        ("fr", "lundi", "samedi 5 décembre 2026"),
        ("ro", "luni", "sâmbătă, 5 decembrie 2026"),
        ("sq", "e hënë", "e shtunë, 5 dhjetor 2026"),
        ("uk", "понеділок", "субота, 5 грудня 2026\u202fр."),  # narrow no-break space
    ],
)
def test_weekdays_and_dates_in_each_visitor_language(lang: str, monday: str, saturday: str) -> None:
    assert weekday_name(0, lang) == monday
    assert full_date(SATURDAY, lang) == saturday


def test_every_visitor_language_has_seven_distinct_weekdays() -> None:
    for lang in VISITOR_LANGUAGES:
        assert len({weekday_name(day, lang) for day in range(7)}) == 7


def test_a_date_without_weekday() -> None:
    assert long_date(dt.date(2026, 11, 21), "it") == "21 novembre 2026"
    assert long_date(dt.date(2026, 11, 21), "en") == "21 November 2026"


def test_spoken_languages_are_named_in_the_visitors_language() -> None:
    assert [language_name(code, "it") for code in ("it", "en", "ro", "uk")] == [
        "italiano",
        "inglese",
        "rumeno",
        "ucraino",
    ]
    assert language_name("uk", "en") == "Ukrainian"
    assert language_name("ar", "fr") == "arabe"
    assert language_name("xx", "it") == "xx"  # unknown code: shown as written


@pytest.mark.parametrize("lang", KNOWN_LANGUAGES)
def test_each_language_has_a_table_that_still_says_what_babel_says(lang: str) -> None:
    """A Babel upgrade that changes CLDR fails here: `python -m kiosk.cldr --write`."""
    committed = (cldr.TABLES / f"{lang}.json").read_text(encoding="utf-8")
    assert committed == cldr.table_text(lang)
    # every day of two years, and years of other widths, in both forms, as Babel writes them
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(731)]
    assert cldr.differences(lang, [*days, dt.date(999, 3, 4), dt.date(2105, 7, 9)]) == []
    names = cldr.locale(lang).languages
    for code in ("it", "en", "ar", "uk", "zh", "bn", "rom", "xx"):
        assert language_name(code, lang) == str(names.get(code) or code)


def test_a_language_without_a_table_is_still_named_and_dated_by_babel(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cldr, "TABLES", tmp_path)  # no table for any language
    cldr.table.cache_clear()
    try:
        assert full_date(SATURDAY, "de") == "Samstag, 5. Dezember 2026"
        assert weekday_name(0, "es") == "lunes"
        assert language_name("it", "de") == "Italienisch"
    finally:
        cldr.table.cache_clear()
