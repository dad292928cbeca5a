"""Every visitor screen in each visitor language at 80×24: essentials in view, no label clipped.

The screens are reached as in tests/test_sizes.py. A language whose catalogue is not written yet
shows the Italian texts (the fallback), so this passes before and checks again after a catalogue
lands: re-run it whenever a catalogue changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Button

from kiosk.config import VISITOR_LANGUAGES
from kiosk.i18n import translate
from tests.support.clock import freeze_clock
from tests.support.fit import clipped_labels
from tests.support.pilot import make_test_app
from tests.support.visitor import PUBLIC_URL, settle
from tests.test_sizes import SCREENS, assert_in_view


@pytest.mark.parametrize("language", VISITOR_LANGUAGES)
@pytest.mark.parametrize("name", list(SCREENS))
async def test_screen_fits_80x24_in_every_language(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, language: str
) -> None:
    freeze_clock(monkeypatch)
    app = make_test_app(sqlite_url, public_url=PUBLIC_URL, language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        essentials = await SCREENS[name](pilot)
        await settle(pilot)
        app.save_screenshot(filename=f"{name}-{language}.svg", path=str(tmp_path))
        assert app.language == language
        await assert_in_view(pilot, essentials)
        assert clipped_labels(app) == []


class Buttons(App[None]):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        words = Content(translate("uk", "Relazioni in famiglia e conflitti"))
        yield Button(words, id="wrapped")
        yield Button("Українська", id="single")

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.styles.width = self.width
            button.styles.min_width = 0
            button.styles.height = 3  # one row for the label, as on the kiosk


@pytest.mark.parametrize(("width", "clipped"), [(10, {"#wrapped", "#single"}), (40, set())])
async def test_clipped_labels_sees_a_cut_label(width: int, clipped: set[str]) -> None:
    app = Buttons(width)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        found = {line.split()[0] for line in clipped_labels(app)}
        assert found == clipped
