"""Statistics and status screens: counts for a period with bar charts, CSV export, kiosk health."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from kiosk import usage
from kiosk.clock import local_today
from kiosk.screens.staff.admin_stats import AdminStatsScreen, period
from kiosk.screens.staff.admin_status import AdminStatusScreen
from kiosk.widgets.bar_chart import BarChart, bar
from tests.support.admin import (
    admin_app,
    cheap_scrypt,
    open_tile,
    screen_text,
    settle,
    unlock,
)
from tests.support.pilot import visible_text

__all__ = ["cheap_scrypt"]


def record_usage() -> dt.date:
    today = local_today()
    for days_ago, kiosk, kind, key in [
        (0, "cpf-test", "need", "nascita"),
        (0, "cpf-test", "need", "nascita"),
        (0, "cpf-capannori", "need", "scuola"),
        (0, "cpf-test", "language", "en"),
        (2, "cpf-test", "service", "percorso-nascita"),
        (3, "cpf-test", "age_group", "0-3"),
        (40, "cpf-test", "need", "affido"),  # outside the last 7 days
    ]:
        usage.record(kind, key, "it", kiosk, today - dt.timedelta(days=days_ago))
    return today


def test_periods() -> None:
    day = dt.date(2026, 3, 15)
    assert period("today", day) == (day, day)
    assert period("week", day) == (dt.date(2026, 3, 9), day)
    assert period("month", day) == (dt.date(2026, 3, 1), day)
    assert period("last_month", day) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period("last_month", dt.date(2026, 1, 5)) == (
        dt.date(2025, 12, 1),
        dt.date(2025, 12, 31),
    )


def test_bars_are_proportional_to_the_nearest_eighth() -> None:
    assert bar(10, 10, 8) == "█" * 8
    assert bar(5, 10, 8) == "█" * 4
    assert bar(1, 16, 8) == "▌"
    assert bar(1, 10_000, 8) == "▏"  # a non-zero count never disappears
    assert bar(0, 10, 8) == ""


async def test_counts_per_need_kiosk_and_day_with_charts(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    today = record_usage()
    async with app.run_test(size=(200, 60)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-stats")
        screen = app.screen
        assert isinstance(screen, AdminStatsScreen)
        needs = screen.query_one("#chart-need", BarChart)
        assert needs.items == (("nascita", 2), ("scuola", 1))
        kiosks = screen.query_one("#chart-kiosk", BarChart).items
        assert kiosks == (("cpf-test", 5), ("cpf-capannori", 1))
        days = dict(screen.query_one("#chart-day", BarChart).items)
        assert len(days) == 7 and days[f"{today:%d/%m}"] == 4
        assert screen.query_one("#chart-language", BarChart).items == (("en", 1),)
        text = screen_text(app)
        assert "Per bisogno" in text and "nascita" in text and "█" in text
        assert "6 scelte registrate" in visible_text(app)
        await pilot.click("#period-today")
        await settle(pilot)
        assert screen.query_one("#chart-service", BarChart).items == ()
        assert "4 scelte registrate" in visible_text(app)
        await pilot.click("#period-month")
        await settle(pilot)
        assert sum(c for _, c in screen.query_one("#chart-day", BarChart).items) >= 4


async def test_csv_export_of_the_period(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    record_usage()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-stats")
        await pilot.click("#stats-export")
        await settle(pilot)
        (path,) = (tmp_path / "exports").iterdir()
        assert str(path) in visible_text(app).replace("\n", "")
    assert path.name.startswith("usage-") and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == '"Giorno";"Postazione";"Tipo";"Chiave";"Conteggio"'
    assert len(lines) == 1 + 5  # one row per day, kiosk, kind and key of the last 7 days
    assert lines[-1].endswith('"need";"nascita";"2"')


async def test_status_shows_kiosk_database_content_lists_and_pin(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-status")
        assert isinstance(app.screen, AdminStatusScreen)
        text = visible_text(app)
        assert "Postazione: cpf-test" in text
        assert "Database: sqlite, funziona" in text
        assert "Contenuti: versione " in text
        assert "Liste d'attesa: nessuna iscrizione" in text
        assert "PIN del personale: impostato" in text


async def test_comuni_chosen_and_needs_after_an_empty_search_are_shown(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path)
    today = local_today()
    for kind, key in [
        ("comune", "capannori"),
        ("comune", "villa-basilica"),
        ("comune", "capannori"),
        ("search", "results:0"),
        ("search_need", "scuola-studio"),
    ]:
        usage.record(kind, key, "it", "cpf-test", today)
    async with app.run_test(size=(137, 36)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-stats")
        screen = app.screen
        assert isinstance(screen, AdminStatsScreen)
        comuni = screen.query_one("#chart-comune", BarChart).items
        assert comuni == (("Capannori", 2), ("Villa Basilica", 1))  # names, as staff say them
        after = screen.query_one("#chart-search_need", BarChart).items
        assert after == (("scuola-studio", 1),)
        text = visible_text(app)
        assert "Per comune scelto" in text
        assert "Bisogno scelto dopo una ricerca senza risultati" in text
