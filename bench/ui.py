"""Screen timings with the real app headless (Textual's Pilot): what a visitor waits for.

Each figure runs from the input (a key, a tap) until the answer is on the screen and the
next frame has been drawn (bench's FrameClock, not Pilot's idle detection, which waits in
steps of 20 ms): results for the typed text, the cards of a need, a service page, the
previous screen after Back. Imported by bench/run.py (part "ui").
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

SEARCH_WORDS = ("genitori", "musica", "nascita")
NEED = "nascita"
MEMORY_MARK = 50  # visitor cycles after which RSS is also read: growth after it is not warm-up
READING = 0.3
"""Seconds between a page painted and the next timed tap: a visitor reads before tapping (a
page may finish its part out of view meanwhile, e.g. the cards under the fold)."""


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class FrameClock:
    """Counts the frames the app draws. Headless, Textual composes each frame but does not
    turn it into terminal output: the clock does that too (what a real terminal is sent),
    so a frame costs here what it costs on the lobby's screen."""

    def __init__(self, app: Any) -> None:
        self.frames = 0
        draw = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            self.frames += 1
            draw(screen, renderable)

        app._display = display

    async def painted(self, done: Callable[[], bool], limit: float = 60.0) -> None:
        """Until `done()` holds (the answer is in the page) and a frame has been drawn since:
        polled every millisecond, with no idle detection of its own in the figure."""
        start = time.perf_counter()
        while not done():
            if time.perf_counter() - start > limit:
                raise TimeoutError("the screen never showed the answer")
            await asyncio.sleep(0.001)
        seen = self.frames
        while self.frames == seen:
            if time.perf_counter() - start > limit:
                raise TimeoutError("the answer was never painted")
            await asyncio.sleep(0.001)


def measure(url: str, reps: int, cycles: int) -> dict[str, Any]:
    """Keystroke->results, need->cards, card->service page, Back; RSS after `cycles` visits.

    Taps go the way a tapped tile sends them (the app's navigation messages: OpenBrowse,
    OpenService, GoBack), keys the way the on-screen keyboard types them (into the field).
    Each cycle ends as a visit does: the next visitor gets a fresh attract screen (what Home
    and the idle reset do). RSS is read at start, after MEMORY_MARK cycles and after the last.
    A timed tap or key comes READING seconds after the page before it was painted.
    """
    from textual.widgets import Input

    from kiosk import memory
    from kiosk.app import make_app
    from kiosk.config import load_settings
    from kiosk.messages import GoBack, OpenBrowse, OpenSearch, OpenService
    from kiosk.screens.visitor.attract import AttractScreen
    from kiosk.screens.visitor.browse import BrowseScreen
    from kiosk.screens.visitor.search import SearchScreen
    from kiosk.screens.visitor.service_detail import ServiceDetailScreen

    settings = load_settings({"KIOSK_DATABASE_URL": url})
    out: dict[str, Any] = {"keystroke": [], "browse": [], "service": [], "back": [], "rss_at": {}}

    def cards(app: Any) -> list[str]:
        return [str(t.value) for t in app.screen.query("Tile.service-card")]

    async def run() -> None:
        # Messages are not touches: without these the idle timer would end the visit.
        app = make_app(replace(settings, idle_timeout=86_400, still_there_seconds=86_400))
        async with app.run_test(size=(137, 36)) as pilot:
            clock = FrameClock(app)
            await pilot.pause()
            # what the kiosk does once its first screen is up (imports, the catalogue computed
            # ahead) is over before the first visitor walks in
            await app.workers.wait_for_complete()
            out["rss_at"][0] = rss_mb()
            for i in range(max(reps, cycles)):
                timing = i < reps

                async def read(timing: bool = timing) -> None:
                    if timing:
                        await asyncio.sleep(READING)

                # search: the last key of a word, until its results are painted
                app.post_message(OpenSearch())
                await clock.painted(lambda: isinstance(app.screen, SearchScreen))
                search = app.screen
                assert isinstance(search, SearchScreen)
                word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
                field = search.query_one("#search-input", Input)
                for letter in word[:-1]:
                    field.insert_text_at_cursor(letter)
                await clock.painted(lambda s=search, w=word: s.found is not None
                                    and s.found.query == w[:-1])  # fmt: skip
                await read()
                start = time.perf_counter()
                field.insert_text_at_cursor(word[-1])
                await clock.painted(lambda s=search, w=word: s.found is not None
                                    and s.found.query == w)  # fmt: skip
                if timing:
                    out["keystroke"].append(time.perf_counter() - start)
                app.post_message(GoBack())
                await clock.painted(lambda s=search: app.screen is not s)
                # browse a need, open one of its services, come back
                await read()
                start = time.perf_counter()
                app.post_message(OpenBrowse(need=NEED))
                await clock.painted(
                    lambda: isinstance(app.screen, BrowseScreen) and bool(cards(app))
                )
                if timing:
                    out["browse"].append(time.perf_counter() - start)
                browse = app.screen
                slug = cards(app)[i % len(cards(app))]
                await read()
                start = time.perf_counter()
                app.post_message(OpenService(slug))
                await clock.painted(
                    lambda: (
                        isinstance(app.screen, ServiceDetailScreen)
                        and app.screen.detail is not None
                    )
                )
                if timing:
                    out["service"].append(time.perf_counter() - start)
                await read()
                start = time.perf_counter()
                app.post_message(GoBack())
                await clock.painted(lambda b=browse: app.screen is b)
                if timing:
                    out["back"].append(time.perf_counter() - start)
                app.post_message(GoBack())
                await clock.painted(lambda b=browse: app.screen is not b)
                # The visit ends (as after Home or the idle reset); the sweep that follows
                # a couple of seconds later, while the attract screen waits, runs now.
                app.start_visit()
                await clock.painted(lambda: isinstance(app.screen, AttractScreen))
                del search, browse  # the visit's pages are the app's to free, not the bench's
                memory.between_visits()
                if i + 1 == MEMORY_MARK:
                    out["rss_at"][MEMORY_MARK] = rss_mb()
            out["rss"] = out["rss_at"][max(reps, cycles)] = rss_mb()

    asyncio.run(run())
    return out


def ui_worker(url: str, reps: int, cycles: int, results: Any) -> None:
    """In a fresh process (its memory is the kiosk's alone)."""
    from kiosk.models import open_database

    open_database(url)
    try:
        results.put(measure(url, reps, cycles))
    except Exception as exc:  # reported to the parent, which prints it
        results.put({"error": f"{type(exc).__name__}: {exc}"})
