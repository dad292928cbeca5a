"""'Il mio comune' on the results: one tap narrows them, the kiosk's own comune is the hint,
the choice lasts until the visit ends; an empty search followed by a need is counted."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widgets import Button, Input

from kiosk.app import KioskApp
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.search import SearchScreen
from kiosk.screens.visitor.still_there import StillThereScreen
from kiosk.widgets.tiles import Tile
from tests.support.pilot import FakeClock, make_test_app
from tests.support.visitor import settle, tap, usage_rows

LIBRARY = "biblioteca-agora-fuori-le-mura"  # offered in Lucca only
JOBS = "centro-per-l-impiego"  # six comuni: its sources do not name Pescaglia


def cards(app: KioskApp) -> set[str]:
    return {str(t.value) for t in app.screen.query(".service-card").results(Tile)}


def text_of(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Button).label)


def whole_on_screen(app: KioskApp, selector: str) -> bool:
    region = app.screen.find_widget(app.screen.query_one(selector)).region
    return Region(0, 0, *app.size).contains_region(region) and bool(region.area)


@pytest.mark.parametrize("size", [(57, 16), (80, 24)], ids=["57x16", "80x24"])
async def test_the_kiosks_comune_is_one_tap_on_the_results(
    sqlite_url: str, size: tuple[int, int]
) -> None:
    app = make_test_app(sqlite_url, kiosk_id="cpf-capannori")
    async with app.run_test(size=size) as pilot:
        app.push_screen(BrowseScreen(need="servizi-territorio"))
        await settle(pilot)
        assert {LIBRARY, JOBS} <= cards(app)
        assert text_of(app, "#comune-hint") == "+ Capannori"
        assert whole_on_screen(app, "#comune-hint")  # in the filter row, not cut at the edge
        await tap(pilot, "#comune-hint")
        assert app.comune == "Capannori"
        assert LIBRARY not in cards(app) and JOBS in cards(app)
        assert {"serd", "consultorio-familiare", "centro-affidi"} <= cards(app)
        assert text_of(app, "#clear-comune") == "✕ Capannori"
        assert whole_on_screen(app, "#clear-comune")
        assert text_of(app, "#chip-comune-capannori") == "✓ Capannori (qui)"
        await tap(pilot, "#clear-comune")
        assert app.comune == "" and LIBRARY in cards(app)
    assert ("comune", "capannori", "it", "cpf-capannori") in usage_rows()


async def test_without_a_site_comune_the_chooser_is_offered(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url, kiosk_id="sportello-1")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(BrowseScreen(need="servizi-territorio"))
        await settle(pilot)
        assert not app.screen.query("#comune-hint")
        await tap(pilot, "#pick-comune")
        chips = [str(b.label) for b in app.screen.query(".comune-chip").results(Button)]
        assert chips[:7] == [
            "Lucca",
            "Capannori",
            "Altopascio",
            "Porcari",
            "Montecarlo",
            "Pescaglia",
            "Villa Basilica",
        ]
        assert chips[7] == "✓ Tutti i comuni"
        await tap(pilot, "#chip-comune-pescaglia")  # one tap
        assert JOBS not in cards(app) and "serd" in cards(app)
    assert [r for r in usage_rows() if r[0] == "comune"] == [
        ("comune", "pescaglia", "it", "sportello-1")
    ]


async def test_the_choice_lasts_the_visit_and_ends_with_it(sqlite_url: str) -> None:
    clock = FakeClock()
    app = make_test_app(sqlite_url, clock=clock, kiosk_id="cpf-lucca")
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-search")
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#search-input", Input).value = "lavoro"
        await settle(pilot)
        assert JOBS in cards(app)
        await tap(pilot, "#chip-comune-pescaglia")
        assert JOBS not in cards(app)
        assert text_of(app, "#clear-comune") == "✕ Pescaglia"
        await tap(pilot, "#nav-home")
        await tap(pilot, "#tile-needs")
        tile = next(
            t
            for t in app.screen.query(".need-tile").results(Tile)
            if t.value == "servizi-territorio"
        )
        await tap(pilot, tile)
        assert isinstance(app.screen, BrowseScreen)
        assert text_of(app, "#clear-comune") == "✕ Pescaglia"  # still this visitor's comune
        assert JOBS not in cards(app)
        await tap(pilot, "#nav-home")
        # Left on the home screen with a comune chosen: the idle reset asks, then starts afresh.
        clock.advance(app.settings.idle_timeout + 1)
        app.check_visitor_idle()
        await pilot.pause()
        still_there = app.screen
        assert isinstance(still_there, StillThereScreen)
        for _ in range(app.settings.still_there_seconds):
            still_there.tick()
        await settle(pilot)
        assert isinstance(app.screen, AttractScreen) and app.comune == ""
        await tap(pilot, "#tile-needs")
        tile = next(
            t
            for t in app.screen.query(".need-tile").results(Tile)
            if t.value == "servizi-territorio"
        )
        await tap(pilot, tile)
        assert text_of(app, "#comune-hint") == "+ Lucca" and JOBS in cards(app)


async def test_the_need_chosen_after_an_empty_search_is_counted(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url, kiosk_id="cpf-lucca")
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-search")
        app.screen.query_one("#search-input", Input).value = "zzxqw"
        await settle(pilot)
        assert not cards(app)
        await tap(pilot, "#search-needs")  # nothing found: the needs are one tap away
        tile = next(
            t for t in app.screen.query(".need-tile").results(Tile) if t.value == "scuola-studio"
        )
        await tap(pilot, tile)
        await tap(pilot, "#nav-back")
        tile = next(t for t in app.screen.query(".need-tile").results(Tile) if t.value == "nascita")
        await tap(pilot, tile)  # a second need: the empty search is linked once
        app.start_visit()  # the next visitor ("Fine" or the idle reset)
        await settle(pilot)
        await tap(pilot, "#tile-needs")
        tile = next(t for t in app.screen.query(".need-tile").results(Tile) if t.value == "nascita")
        await tap(pilot, tile)
    rows = [(kind, key) for kind, key, _lang, _kiosk in usage_rows()]
    assert sorted(rows) == sorted(
        [
            ("search", "results:0"),
            ("need", "scuola-studio"),
            ("search_need", "scuola-studio"),
            ("need", "nascita"),
            ("need", "nascita"),
        ]
    )
