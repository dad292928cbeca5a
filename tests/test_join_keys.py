"""The join form's keys: 'Avanti' stays in one place and a quick second tap never types."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from kiosk.widgets import _keys
from tests.support.pilot import make_test_app
from tests.support.waitlist_ui import settle

BIRTH = "percorso-nascita"  # name, phone, e-mail, note
PADS = ("#keys-text", "#keys-phone", "#keys-email", "#keys-text")


@pytest.mark.parametrize("size", [(80, 24), (91, 23), (137, 36)])
async def test_avanti_double_tap_moves_one_field_and_types_nothing(
    sqlite_url: str, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [500.0]  # the repeat window's clock, moved by hand
    monkeypatch.setattr(_keys, "clock", lambda: now[0])
    app = make_test_app(sqlite_url)
    async with app.run_test(size=size) as pilot:
        app.push_screen(WaitlistJoinScreen(BIRTH))
        await settle(pilot)
        screen = app.screen
        first = screen.query_one("#keys-text #key-enter").region.center
        for pad, field in zip(PADS, ("name", "phone", "email"), strict=False):
            assert screen.focused is screen.query_one(f"#field-{field}")
            spot = screen.query_one(f"{pad} #key-enter").region
            assert spot.contains_point(first), f"'Avanti' of {pad} is elsewhere"
            await pilot.click(offset=first)
            await pilot.click(offset=first)  # the finger's quick second tap
            await pilot.pause()
            now[0] += _keys.REPEAT_WINDOW_SECONDS
        assert screen.focused is screen.query_one("#field-note")
        assert all(field.value == "" for field in screen.query(Input))


async def test_name_starts_with_a_capital_by_itself(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(WaitlistJoinScreen(BIRTH))
        await settle(pilot)
        for char in "giulia rossi":  # taps as they come, shift never touched
            selector = "#keys-text #key-space" if char == " " else f"#keys-text #key-{char}"
            await pilot.click(selector)
        await pilot.pause()
        assert app.screen.query_one("#field-name", Input).value == "Giulia Rossi"
