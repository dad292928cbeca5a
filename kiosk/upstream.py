"""Workarounds for bugs of the libraries the kiosk runs on, each named by its upstream issue.

Delete one when the pinned version (pyproject.toml) has the fix. What Textual does by design
but a kiosk cannot afford on every tap (restyles, repeated layouts) is in kiosk.textual_patches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual._styles_cache import StylesCache
from textual.worker import active_worker

T = TypeVar("T")


def release_render_caches() -> None:
    """Let go of the rendered lines of the last visit's screens (Textualize/textual#6665).

    Textual caches `StylesCache.get_inner_outer` with an `lru_cache` on the method, so its keys
    keep up to 1,024 StylesCache objects alive, each with the rendered lines of a widget long
    gone: tens of MB after a few visits. Emptied at each new visit, memory stays flat.
    """
    clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if clear is not None:  # (a Textual without that cache needs nothing)
        clear()


def leaving_no_worker(job: Callable[[], T]) -> Callable[[], T]:
    """`job`, to run as a thread worker, that leaves its worker behind when it ends.

    Textual's thread workers set `active_worker` in the executor thread's own context, which
    outlives the job (no upstream issue yet; solara fixed the same pattern, widgetti/solara
    #1182): each thread of the pool keeps the last worker it ran, the worker its task, and the
    task's context the screen it was started from. A visitor's search page, with what they
    typed, stayed in memory into the next visit. Cleared when the job ends, nothing is kept.
    """

    def run() -> T:
        try:
            return job()
        finally:
            active_worker.set(None)  # type: ignore[arg-type]  # no worker runs here any more

    return run
