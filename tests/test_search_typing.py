"""A fast typist: one search at a time, the latest text searched last, no stale answer shown."""

from __future__ import annotations

import threading

import pytest

from kiosk import catalogue
from kiosk.records import SearchPage, ServiceCard
from kiosk.screens.visitor.search import RESULTS_SHOWN, SearchScreen
from tests.support.pilot import make_test_app, visible_text
from tests.support.visitor import settle


def shown(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(t.value) for t in app.screen.query("#search-results Tile.service-card")]


async def test_keys_typed_during_a_search_make_one_search_for_the_latest_text(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_test_app(sqlite_url)
    searched: list[str] = []
    painted: list[str | None] = []
    first_running = threading.Event()
    release = threading.Event()
    real_search = catalogue.search_services
    real_show = SearchScreen.show_found

    def slow_search(lang: str, query: str, **kwargs: object) -> SearchPage:
        searched.append(query)
        if len(searched) == 1:  # the first search is slow: the visitor types on meanwhile
            first_running.set()
            assert release.wait(timeout=30)
        return real_search(lang, query, **kwargs)  # type: ignore[arg-type]

    def spy_show(screen: SearchScreen) -> None:
        painted.append(screen.found.query if screen.found else None)
        real_show(screen)

    monkeypatch.setattr(catalogue, "search_services", slow_search)
    monkeypatch.setattr(SearchScreen, "show_found", spy_show)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await pilot.press("n", "a")  # "n" alone is not searched; "na" is, slowly
        assert first_running.wait(timeout=30)
        await pilot.press(*"scita")  # five keys while "na" is still being searched
        await pilot.pause()
        assert searched == ["na"]  # the keys waited: no search queued per key
        release.set()
        await settle(pilot)
        await settle(pilot)
        assert searched == ["na", "nascita"]  # one more search, for the text as it is now
        expected = real_search("it", "nascita", limit=RESULTS_SHOWN).cards
        assert shown(app) == [c.slug for c in expected] and expected
        # The answer for "na" came after "nascita" was typed: it was never painted.
        assert [q for q in painted if q is not None] == ["nascita"]
        assert "Percorso nascita" in visible_text(app)


async def test_a_lone_letter_asks_for_a_second_one_without_searching(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_test_app(sqlite_url)
    searched: list[str] = []
    real_search = catalogue.search_services

    def counted(lang: str, query: str, **kwargs: object) -> SearchPage:
        searched.append(query)
        return real_search(lang, query, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue, "search_services", counted)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert searched == [] and shown(app) == []
        assert "Scrivi almeno due lettere." in visible_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert searched == ["co"]
        assert "Scrivi almeno due lettere." not in visible_text(app)


async def test_each_answer_shows_exactly_its_own_cards_in_order(sqlite_url: str) -> None:
    """Cards change in place as the visitor types on: never a card of the previous word."""
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(137, 36)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        for text in ("famiglie", "genitori", "nascita", "zzz", "genitori", "gioco"):
            field = app.screen.query_one("#search-input")
            field.value = text  # type: ignore[attr-defined]
            await settle(pilot)
            expected = real_cards(text)
            assert shown(app) == [c.slug for c in expected], text
            labels = [str(t.label) for t in app.screen.query("#search-results Tile.service-card")]
            assert [c.name for c in expected] == [line.split("\n")[0] for line in labels]


def real_cards(text: str) -> list[ServiceCard]:
    return list(catalogue.search_services("it", text, limit=RESULTS_SHOWN).cards)
