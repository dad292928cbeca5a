"""Unit tests of the visitor screens' small functions."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalogue import calendar_entry, where_text
from kiosk.records import EventInfo
from kiosk.screens.visitor.base import clock_time, short_link, years

# --- the screens' small functions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [(3, "it", "3"), (17.99, "it", "17"), (0.5, "it", "0,5"), (0.5, "en", "0.5"), (65, "en", "65")],
)
def test_years_read_as_people_say_them(value: float, language: str, expected: str) -> None:
    assert years(value, language) == expected


def test_clock_time_and_places() -> None:
    assert clock_time("09:00") == "9:00"
    assert clock_time(dt.datetime(2026, 1, 1, 16, 30)) == "16:30"
    assert where_text("Via Roma 1, Lucca", "Lucca") == "Via Roma 1, Lucca"
    assert where_text("Sala civica", "Capannori") == "Sala civica, Capannori"
    assert where_text("", "Porcari") == "Porcari"
    assert short_link("https://example.org/cpf/x") == "example.org/cpf/x"


def test_calendar_entry_is_a_minimal_vevent_in_utc() -> None:
    event = EventInfo(
        slug="festa",
        title="Festa, giochi; e merenda",
        summary="",
        description="",
        place="Sala civica",
        comune="Capannori",
        starts_at=dt.datetime(2026, 12, 5, 16, 30),
        ends_at=dt.datetime(2026, 12, 5, 18, 0),
        min_age=None,
        max_age=None,
        service_slug="",
        link="",
        waitlist=None,
    )
    assert calendar_entry(event).split("\n") == [
        "BEGIN:VEVENT",
        "DTSTART:20261205T153000Z",  # 16:30 in Lucca in winter (UTC+1)
        "DTEND:20261205T170000Z",
        "SUMMARY:Festa\\, giochi\\; e merenda",
        "LOCATION:Sala civica\\, Capannori",
        "END:VEVENT",
    ]
