"""A visit's end lets go of what its screens drew, so the kiosk's memory stays flat all day."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual._styles_cache import StylesCache

from kiosk.app import KioskApp
from kiosk.messages import GoHome, OpenNeeds
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
