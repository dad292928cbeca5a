"""A search that finds nothing offers the needs and the desk; each finished query is counted."""

from __future__ import annotations

from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.screens.visitor.search import COUNT_PAUSE, SearchScreen
from kiosk.widgets.tiles import Tile
from tests.support.pilot import FakeClock, make_test_app, visible_text
from tests.support.visitor import settle, tap, usage_rows


def results(app: KioskApp) -> list[str]:
    return [str(t.value) for t in app.screen.query("#search-results Tile").results(Tile)]


def searches() -> list[str]:
    return [key for kind, key, _lang, _kiosk in usage_rows() if kind == "search"]


async def search_for(pilot, words: str) -> None:  # type: ignore[no-untyped-def]
    """Type `words` in place of whatever the field held, as a physical keyboard would."""
    pilot.app.screen.query_one("#search-input", Input).value = ""
    await pilot.press(*words)
    await settle(pilot)


async def test_nothing_found_offers_the_needs_and_the_desk(db_url: str) -> None:
    app = make_test_app(db_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await search_for(pilot, "zzzqqq")
        assert results(app) == []
        text = visible_text(app)
        assert "Nessun servizio trovato" in text
        assert "Di cosa hai bisogno?" in text and "Vai allo sportello" in text
        await tap(pilot, "#search-needs")
        assert isinstance(app.screen, NeedChoiceScreen)
        await tap(pilot, "#nav-back")
        assert isinstance(app.screen, SearchScreen)
        await tap(pilot, "#search-office")
        assert isinstance(app.screen, OfficeScreen)


async def test_a_search_that_finds_something_offers_no_way_out(db_url: str) -> None:
    app = make_test_app(db_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await search_for(pilot, "pippi")
        assert results(app) == ["programma-pippi"]
        assert not app.screen.query("#search-needs")


async def test_each_finished_query_is_counted_not_only_the_last(db_url: str) -> None:
    clock = FakeClock()
    app = make_test_app(db_url, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await search_for(pilot, "dislessia")
        clock.advance(COUNT_PAUSE)  # the visitor reads the answer, types nothing
        screen.count_when_paused()
        screen.count_when_paused()  # still the same query: counted once
        await settle(pilot)  # the count is written off the UI thread
        assert searches() == ["results:1+"]
        await search_for(pilot, "zzzqqq")  # a second query, then the visitor leaves
        await tap(pilot, "#nav-back")
    assert searches() == ["results:1+", "results:0"]


async def test_keystrokes_are_not_counted_one_by_one(db_url: str) -> None:
    clock = FakeClock()
    app = make_test_app(db_url, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        for key in "zzqq":  # each key's answer is on screen, but the visitor types on
            await pilot.press(key)
            await settle(pilot)
            clock.advance(COUNT_PAUSE / 4)
            screen.count_when_paused()
        await settle(pilot)
        assert searches() == []
        await tap(pilot, "#nav-home")
    assert searches() == ["results:0"]
