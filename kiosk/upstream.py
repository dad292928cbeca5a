"""Workarounds for bugs of the libraries the kiosk runs on, each named by its upstream issue.

Delete one when the pinned version (pyproject.toml) has the fix. What Textual does by design
but a kiosk cannot afford on every tap (restyles, repeated layouts) is in kiosk.textual_patches.
"""

from __future__ import annotations

from textual._styles_cache import StylesCache


def release_render_caches() -> None:
    """Let go of the rendered lines of the last visit's screens (Textualize/textual#6665).

    Textual caches `StylesCache.get_inner_outer` with an `lru_cache` on the method, so its keys
    keep up to 1,024 StylesCache objects alive, each with the rendered lines of a widget long
    gone: tens of MB after a few visits. Emptied at each new visit, memory stays flat.
    """
    clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if clear is not None:  # (a Textual without that cache needs nothing)
        clear()
