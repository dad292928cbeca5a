"""Snapshots at the kiosk's real sizes, in colour: the SVG screenshot must match the stored one.

The stored screenshots are tests/__snapshots__/test_visitor_snapshots/*.svg (any browser shows
them). After an intended change of layout or colour, regenerate them with
`python -m pytest -n 0 tests/test_visitor_snapshots.py --snapshot-update`, look at the new files and
commit them. A failing run writes snapshot_report.html with the old and the new screen side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.theme import HIGH_CONTRAST
from tests.support.clock import freeze_clock
from tests.support.pilot import make_test_app
from tests.support.visitor import PUBLIC_URL, settle

CASES: dict[str, Callable[[], Screen[None]] | None] = {
    "attract": None,
    "browse": lambda: BrowseScreen(need="sostegno-genitori"),
    "service": lambda: ServiceDetailScreen("percorso-nascita"),
}
SIZES = [(80, 24), (137, 36), (200, 60)]
HIGH_CONTRAST_SIZES = [(80, 24), (137, 36)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("case", list(CASES))
def test_screen_matches_its_snapshot(
    snap_compare: Callable[..., bool],
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    size: tuple[int, int],
) -> None:
    freeze_clock(monkeypatch)  # the same day and hour on every run
    app = make_test_app(sqlite_url, public_url=PUBLIC_URL)  # a hand-moved idle clock

    async def open_screen(pilot: Pilot[Any]) -> None:
        factory = CASES[case]
        if factory is not None:
            pilot.app.push_screen(factory())
        await settle(pilot)
        pilot.app.screen.set_focus(None)  # no focus highlight, whatever was focused first
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_screen)


@pytest.mark.parametrize(
    "size", HIGH_CONTRAST_SIZES, ids=[f"{w}x{h}" for w, h in HIGH_CONTRAST_SIZES]
)
@pytest.mark.parametrize("case", list(CASES))
def test_high_contrast_screen_matches_its_snapshot(
    snap_compare: Callable[..., bool],
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    size: tuple[int, int],
) -> None:
    """The same screens with the visitor's high-contrast switch on (black, white and yellow)."""
    freeze_clock(monkeypatch)
    app = make_test_app(sqlite_url, public_url=PUBLIC_URL)

    async def open_screen(pilot: Pilot[Any]) -> None:
        pilot.app.theme = HIGH_CONTRAST  # what the "◐ Contrasto" switch sets for the visit
        factory = CASES[case]
        if factory is not None:
            pilot.app.push_screen(factory())
        await settle(pilot)
        pilot.app.screen.set_focus(None)
        await settle(pilot)
        assert pilot.app.theme == HIGH_CONTRAST  # opening the screen did not switch it back

    assert snap_compare(app, terminal_size=size, run_before=open_screen)
