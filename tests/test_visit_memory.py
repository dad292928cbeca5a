"""A visit's end lets go of what its screens drew, so the kiosk's memory stays flat all day."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from textual._styles_cache import StylesCache

from kiosk.app import KioskApp
from kiosk.messages import GoHome, OpenBrowse, OpenNeeds
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
async def test_a_page_that_loaded_in_a_thread_is_freed_when_the_next_visitor_waits(
    sqlite_url: str, end_visit: Callable[[KioskApp], None]
) -> None:
    """A page loads its data in a thread worker. Textual leaves the worker it ran in the
    thread's own context, which outlives the job: the worker kept its task, the task the page
    (what a visitor opened, into the next visit). Here every thread worker runs in one thread,
    which then sits idle, as the pool's threads do between visits."""
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(137, 36)) as pilot:
        with ThreadPoolExecutor(max_workers=1) as one_thread:
            asyncio.get_running_loop().set_default_executor(one_thread)
            app.post_message(OpenBrowse(need="nascita"))
            await settle_screens(pilot)
            page = weakref.ref(app.screen)
            assert type(page()).__name__ == "BrowseScreen"
            end_visit(app)
            await settle_screens(pilot)
            assert type(app.screen).__name__ == "AttractScreen"
            app.between_visits()  # the sweep, due two seconds later
            assert page() is None
