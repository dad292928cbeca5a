"""The collector's pace: a visit's pages (reference cycles) are freed between visits."""

from __future__ import annotations

import gc
import platform
import weakref

from kiosk import memory


class Page:
    """A stand-in for a screen: it points to its widgets and they point back."""

    def __init__(self) -> None:
        self.widgets = [self]


def test_a_visits_cycles_are_freed_between_visits_and_release_restores_the_collector() -> None:
    default = gc.get_threshold()
    memory.tune()
    try:
        assert gc.get_threshold()[0] == memory.TAP_THRESHOLD
        assert gc.get_freeze_count() > 0  # what lived at start is never scanned again
        page = Page()
        alive = weakref.ref(page)
        memory.between_visits()  # still in use: kept
        assert alive() is page
        del page  # the visit ended: only the cycle holds it now
        memory.between_visits()
        assert alive() is None
    finally:
        memory.release()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == default


def test_between_visits_hands_freed_memory_back_when_the_c_library_can() -> None:
    trim = memory._malloc_trim()
    libc = platform.libc_ver()[0]
    if libc == "glibc":
        assert trim is not None and trim(0) in (0, 1)  # 1: memory was released
    else:
        assert trim is None
    memory.tune()
    try:
        memory.between_visits()  # with or without it, a sweep completes
    finally:
        memory.release()
