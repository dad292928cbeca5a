"""Screen timings with the real app headless (Textual's Pilot): what a visitor waits for.

Each figure runs from the input (a key, a tap) until the answer is on the screen and the
next frame has been drawn: results for the typed text, the cards of a need, a service page,
the previous screen after Back. Imported by bench/run.py (part "ui").
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


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


async def _until(pilot: Any, done: Callable[[], bool], limit: float = 60.0) -> None:
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > limit:
            raise TimeoutError("the screen never showed the answer")
        await pilot.pause()
    await pilot.pause()  # one more frame: the answer is painted


def measure(url: str, reps: int, cycles: int) -> dict[str, Any]:
    """Keystroke->results, need->cards, card->service page, Back; RSS after `cycles` visits.

    Each cycle ends as a visit does: the next visitor gets a fresh attract screen (what the
    idle reset does). RSS is read at start, after MEMORY_MARK cycles and after the last.
    """
    from textual.widgets import Input

    from kiosk.app import make_app
    from kiosk.config import load_settings
    from kiosk.screens.visitor.browse import BrowseScreen
    from kiosk.screens.visitor.search import SearchScreen
    from kiosk.screens.visitor.service_detail import ServiceDetailScreen

    settings = load_settings({"KIOSK_DATABASE_URL": url})
    out: dict[str, Any] = {"keystroke": [], "browse": [], "service": [], "back": [], "rss_at": {}}

    def cards(app: Any) -> list[str]:
        return [str(t.value) for t in app.screen.query("Tile.service-card")]

    async def run() -> None:
        app = make_app(replace(settings))
        async with app.run_test(size=(137, 36)) as pilot:
            out["rss_at"][0] = rss_mb()
            for i in range(max(reps, cycles)):
                timing = i < reps
                # search: the last key of a word, until its results are painted
                search = SearchScreen()
                app.push_screen(search)
                await _until(pilot, lambda s=search: app.screen is s and s.is_mounted)
                word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
                field = search.query_one("#search-input", Input)
                field.focus()
                await pilot.press(*word[:-1])
                await _until(pilot, lambda s=search, w=word: s.found is not None
                             and s.found.query == w[:-1])  # fmt: skip
                start = time.perf_counter()
                await pilot.press(word[-1])
                await _until(pilot, lambda s=search, w=word: s.found is not None
                             and s.found.query == w)  # fmt: skip
                if timing:
                    out["keystroke"].append(time.perf_counter() - start)
                app.pop_screen()
                # browse a need, open its first service, come back
                start = time.perf_counter()
                browse = BrowseScreen(need=NEED)
                app.push_screen(browse)
                await _until(pilot, lambda b=browse: app.screen is b and bool(cards(app)))
                if timing:
                    out["browse"].append(time.perf_counter() - start)
                slug = cards(app)[i % len(cards(app))]
                start = time.perf_counter()
                page = ServiceDetailScreen(slug)
                app.push_screen(page)
                await _until(pilot, lambda p=page: app.screen is p and p.detail is not None)
                if timing:
                    out["service"].append(time.perf_counter() - start)
                start = time.perf_counter()
                app.pop_screen()
                await _until(pilot, lambda b=browse: app.screen is b)
                if timing:
                    out["back"].append(time.perf_counter() - start)
                app.pop_screen()
                app.start_visit()  # the next visitor
                await pilot.pause()
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
