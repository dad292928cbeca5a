"""The front office: unknown hours (bundled), open now, closed and when it opens again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.screens.visitor.office import OfficeScreen
from tests.support.clock import freeze_clock
from tests.support.pilot import make_test_app, visible_text
from tests.support.visitor import choose_language, settle, tap


def with_hours(content_dir: Path) -> Path:
    office = content_dir / "office.yaml"
    text = office.read_text(encoding="utf-8")
    text += '\nhours:\n  lun: ["09:00-13:00", "15:00-18:00"]\n  mer: ["09:00-13:00"]\n'
    office.write_text(text, encoding="utf-8")
    return content_dir


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#office-status").render())


async def test_bundled_office_says_hours_are_being_checked(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-office")
        assert isinstance(app.screen, OfficeScreen)
        assert status(app) == "Orari di apertura in corso di verifica: chiedi allo sportello."
        text = visible_text(app)
        assert "Sportello informativo del Centro per le Famiglie" in text
        assert "Gli orari di apertura sono in corso di verifica" in text  # the content's note
        assert "San Concordio" in text and "Contatti" in text
        assert not app.screen.query("#office-hours")
        await choose_language(pilot, "en")
        assert status(app) == "Opening hours are being checked: please ask at the desk."
        assert "Information desk of the Family Centre" in visible_text(app)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 11, 23, 10, 0), "Aperto ora — chiude alle 13:00"),  # Monday
        (dt.datetime(2026, 11, 23, 14, 0), "Chiuso — riapre oggi alle 15:00"),
        (dt.datetime(2026, 11, 23, 19, 0), "Chiuso — riapre mercoledì alle 9:00"),
        (dt.datetime(2026, 11, 24, 19, 0), "Chiuso — riapre domani alle 9:00"),
        (dt.datetime(2026, 11, 26, 10, 0), "Chiuso — riapre lunedì alle 9:00"),  # Thursday
    ],
)
async def test_open_now_or_when_it_opens_again(
    sqlite_url: str,
    content_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    now: dt.datetime,
    expected: str,
) -> None:
    freeze_clock(monkeypatch, now)
    app = make_test_app(sqlite_url, with_hours(content_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(OfficeScreen())
        await settle(pilot)
        assert status(app) == expected
        hours = str(app.screen.query_one("#office-hours").render())
        assert "Lunedì" in hours and "9:00–13:00, 15:00–18:00" in hours
        assert "Martedì" in hours and "chiuso" in hours


async def test_hours_in_english(
    sqlite_url: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_clock(monkeypatch, dt.datetime(2026, 11, 23, 19, 0))
    app = make_test_app(sqlite_url, with_hours(content_dir))
    async with app.run_test(size=(200, 60)) as pilot:
        await tap(pilot, "#lang-en")
        await tap(pilot, "#tile-office")
        assert status(app) == "Closed — opens again Wednesday at 9:00"
        hours = str(app.screen.query_one("#office-hours").render())
        assert "Opening hours" in hours and "Monday" in hours and "Sunday" in hours
        assert "closed" in hours
