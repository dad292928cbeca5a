"""Garbage collection paced for a kiosk: rare pauses while a visitor taps, a full sweep between
visitors.

CPython's default collector runs its young generation every 700 new objects. A Textual page
builds tens of thousands of them (widgets, styles, strips), so a tap ran dozens of collections
and, every few taps, a full one over the whole heap: with 10,000 services a third of the time
from a key to the painted results went to the collector. Here the objects alive once the kiosk
has started are frozen (never scanned again: they live as long as the process), the young
generation is collected every TAP_THRESHOLD new objects, and between two visitors, when the
attract screen is back and nobody waits, one full collection frees what the last visit left
(pages are full of reference cycles) and freezes what is still alive, so memory stays flat.
The C allocator then hands the pages it no longer uses back to the system (glibc's
`malloc_trim`; a few MB the process would otherwise keep).
"""

from __future__ import annotations

import gc
from collections.abc import Callable

TAP_THRESHOLD = 10_000
OLDER_THRESHOLDS = (20, 20)
_DEFAULT = gc.get_threshold()


def tune() -> None:
    """At start, once the app is built: freeze what lives for good, space out collections."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(TAP_THRESHOLD, *OLDER_THRESHOLDS)


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, from the symbols the process has loaded; None on another C
    library (musl has none). ctypes is imported here, off the start path."""
    import ctypes

    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def between_visits() -> None:
    """A full collection while nobody waits; what survives is frozen again, and the memory
    freed goes back to the system."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def release() -> None:
    """The app has stopped: everything may be collected again, at the usual pace (another
    app in the same process, as in the tests, starts from a clean collector)."""
    gc.unfreeze()
    gc.set_threshold(*_DEFAULT)
