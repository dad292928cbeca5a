"""A visit's end lets go of what its screens drew, so the kiosk's memory stays flat all day."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import pytest
from textual._context import visible_screen_stack
from textual._styles_cache import StylesCache
from textual.screen import Screen

from kiosk.app import KioskApp
from kiosk.messages import GoHome, OpenBrowse, OpenNeeds, OpenService
from tests.support.pilot import make_test_app, settle_screens


def end_by_home(app: KioskApp) -> None:
    app.post_message(GoHome())


def end_by_idle_reset(app: KioskApp) -> None:
    app.start_visit()  # what the idle reset and "Nuova visita" do


@pytest.mark.parametrize("end_visit", [end_by_home, end_by_idle_reset])
async def test_the_next_visitor_keeps_nothing_the_last_ones_screens_drew(
    sqlite_url: str, end_visit: Callable[[KioskApp], None]
) -> None:
    # Textual caches a colour lookup per (StylesCache, colours): each entry keeps a widget's
    # rendered lines alive, up to 1,024 of them, long after the widget has gone (upstream
    # Textualize/textual#6665). Past a visit, only what is on the screen may be in it.
    cache = StylesCache.get_inner_outer
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(137, 36)) as pilot:
        for _ in range(3):
            app.post_message(OpenNeeds())
            await settle_screens(pilot)
            assert type(app.screen).__name__ == "NeedChoiceScreen"
            assert cache.cache_info().currsize > len(app.screen.query("*"))
            end_visit(app)
            await settle_screens(pilot)
            assert type(app.screen).__name__ == "AttractScreen"
            on_screen = len(app.screen.query("*")) + 1  # (and the screen itself)
            assert cache.cache_info().currsize <= on_screen


@pytest.mark.parametrize("end_visit", [end_by_home, end_by_idle_reset])
async def test_the_loading_of_a_visits_pages_keeps_none_of_them_into_the_next_visit(
    sqlite_url: str, end_visit: Callable[[KioskApp], None]
) -> None:
    """A page loads its data in a thread worker. Textual keeps the last worker of each thread
    of its pool (in the thread's context), a worker its job, and the job the page: a visit's
    pages stayed in memory into the next visit. Once the attract screen is back, the sweep
    frees the service page and the list the visitor opened."""
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(137, 36)) as pilot:
        pages: list[weakref.ref[Screen[object]]] = []
        for request in (OpenBrowse(need="nascita"), OpenService("percorso-nascita")):
            app.post_message(request)
            await settle_screens(pilot)
            pages.append(weakref.ref(app.screen))
        assert [type(page()).__name__ for page in pages] == ["BrowseScreen", "ServiceDetailScreen"]
        end_visit(app)
        await settle_screens(pilot)
        assert type(app.screen).__name__ == "AttractScreen"
        # Textual notes the screens it drew in the context of the task that drew them: here
        # the test's own task, not one of the kiosk's (its next frame replaces the note)
        visible_screen_stack.set([])
        app.between_visits()  # the sweep, due two seconds later
        assert [page() for page in pages] == [None, None]
