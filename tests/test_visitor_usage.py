"""Anonymous usage: what was looked at, per day and kiosk; a failure to count never shows."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import usage
from kiosk.models import DatabaseUnavailable, UsageEvent
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.widgets.tiles import Tile
from tests.support.clock import freeze_clock
from tests.support.pilot import make_test_app
from tests.support.visitor import choose_language, settle, tap, usage_rows


async def test_a_visit_is_counted_per_day_and_kiosk(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_clock(monkeypatch)
    app = make_test_app(db_url, kiosk_id="cpf-capannori")
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#lang-it")  # already Italian: nothing switched, nothing counted
        await tap(pilot, "#lang-en")
        await tap(pilot, "#tile-needs")
        tile = next(t for t in app.screen.query(".need-tile").results(Tile) if t.value == "nascita")
        await tap(pilot, tile)
        await tap(pilot, "#chip-age-0-3")
        await tap(pilot, "Tile.service-card")
        assert isinstance(app.screen, ServiceDetailScreen)
        await choose_language(pilot, "uk")
    assert usage_rows() == [
        ("language", "en", "it", "cpf-capannori"),
        ("need", "nascita", "en", "cpf-capannori"),
        ("age_group", "0-3", "en", "cpf-capannori"),
        ("service", "percorso-nascita", "en", "cpf-capannori"),
        ("language", "uk", "en", "cpf-capannori"),
    ]
    assert {row.day for row in UsageEvent.select()} == {dt.date(2026, 11, 23)}


async def test_a_failure_to_count_never_bothers_the_visitor(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseUnavailable("OperationalError")

    monkeypatch.setattr(usage, "record", broken)
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(BrowseScreen(need="nascita"))
        await settle(pilot)
        await tap(pilot, "#chip-age-0-3")
        await tap(pilot, "Tile.service-card")
        assert isinstance(app.screen, ServiceDetailScreen)
        assert app.screen.query("#join-waitlist")  # the page is fully there
        assert not app._notifications
    assert usage_rows() == []
