"""The collector's pace: a visit's pages (reference cycles) are freed between visits."""

from __future__ import annotations

import gc
import platform
import subprocess
import sys
import weakref

import pytest

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


async def test_the_sweep_waits_for_a_visitor_who_has_already_begun(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sweep 2 s after a visit ends runs while the attract screen waits; a visitor who
    has begun meanwhile (a tap, a page open) is not held up by a full collection."""
    from kiosk.messages import OpenNeeds
    from kiosk.screens.visitor.attract import AttractScreen
    from tests.support.pilot import make_test_app, settle_until

    sweeps: list[int] = []
    monkeypatch.setattr(memory, "between_visits", lambda: sweeps.append(1))
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.start_visit()
        await pilot.pause()
        app.between_visits()  # nobody came: the sweep runs
        assert len(sweeps) == 1
        await pilot.click("#attract-subtitle")  # a touch on the attract screen
        app.between_visits()
        assert len(sweeps) == 1
        app.start_visit()  # that visit ended
        await pilot.pause()
        app.post_message(OpenNeeds())  # the next one opened a page
        await settle_until(pilot, lambda: not isinstance(app.screen, AttractScreen))
        app.between_visits()
        assert len(sweeps) == 1
        app.start_visit()
        await pilot.pause()
        app.between_visits()
        assert len(sweeps) == 2
    app.between_visits()  # the timer firing as the app closes: no screen, nothing to do
    assert len(sweeps) == 2


def test_the_visitor_pages_load_neither_babels_locale_data_nor_pillow() -> None:
    """Dates and language names come from the CLDR tables, QR codes from qrcode without its
    Pillow drawers (Pillow is installed with the printer's python-escpos): 4 MB a language
    and 6 MB of memory the kiosk would keep for good."""
    script = """
import datetime as dt, sys
import kiosk.app, kiosk.screens.visitor.service_detail, kiosk.screens.visitor.events
from kiosk import cldr
from kiosk.widgets.qr_code import qr_matrix
for lang in cldr.KNOWN_LANGUAGES:
    cldr.full_date(dt.date(2026, 12, 5), lang), cldr.long_date(dt.date(2026, 1, 1), lang)
    cldr.weekday_name(3, lang), cldr.language_name("ar", lang)
assert qr_matrix("https://example.org/servizi/nascita")
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"babel", "PIL"})
import PIL  # installed: the kiosk could have loaded it
print(loaded)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
