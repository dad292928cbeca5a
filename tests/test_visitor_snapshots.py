"""Snapshots at the kiosk's real sizes: the text on the terminal must match the golden files.

Each run also saves an SVG screenshot in the test's tmp dir, to look at. After an intended change
of layout, regenerate with `KIOSK_UPDATE_SNAPSHOTS=1 pytest tests/test_visitor_snapshots.py`,
look at the diff of tests/snapshots/*.txt and commit it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.screen import Screen

from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from tests.support.pilot import make_test_app
from tests.support.visitor import PUBLIC_URL, fix_now, screen_text, settle

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = bool(os.environ.get("KIOSK_UPDATE_SNAPSHOTS"))

CASES: dict[str, Callable[[], Screen[None]] | None] = {
    "attract": None,
    "browse": lambda: BrowseScreen(need="sostegno-genitori"),
    "service": lambda: ServiceDetailScreen("percorso-nascita"),
}


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
@pytest.mark.parametrize("case", list(CASES))
async def test_screen_matches_its_snapshot(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    size: tuple[int, int],
) -> None:
    fix_now(monkeypatch)
    app = make_test_app(sqlite_url, public_url=PUBLIC_URL)
    name = f"{case}-{size[0]}x{size[1]}"
    async with app.run_test(size=size) as pilot:
        factory = CASES[case]
        if factory is not None:
            app.push_screen(factory())
        await settle(pilot)
        app.screen.set_focus(None)  # no focus highlight, whatever was focused first
        await settle(pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(tmp_path))
        text = screen_text(app) + "\n"
    golden = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no snapshot {golden.name}: run with KIOSK_UPDATE_SNAPSHOTS=1"
    expected = golden.read_text(encoding="utf-8")
    diff = "\n".join(
        difflib.unified_diff(
            expected.splitlines(), text.splitlines(), "snapshot", "now", lineterm=""
        )
    )
    assert text == expected, f"{name} changed (screenshot in {tmp_path}):\n{diff}"
