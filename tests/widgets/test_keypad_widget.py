"""Keypad: phone numbers, PINs and ticket codes typed with big keys."""

from __future__ import annotations

from typing import Any

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.css.query import NoMatches
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.widgets.keypad import TICKET_ALPHABET, Keypad

key = Keypad.key_id


class KeypadApp(App[None]):
    """An Input and a keypad editing it; records the keypad's messages."""

    def __init__(self, **keypad_args: Any) -> None:
        super().__init__()
        self.keypad_args = keypad_args
        self.received: list[Message] = []

    def compose(self) -> ComposeResult:
        yield Input(id="field")
        yield Keypad(target_id="field", **self.keypad_args)

    @on(Keypad.KeyPressed)
    @on(Keypad.Backspace)
    @on(Keypad.Enter)
    def record(self, message: Message) -> None:
        self.received.append(message)


async def tap(pilot: Pilot[None], *chars: str) -> None:
    """Tap the keys for `chars`, back to back, then let the app catch up."""
    for char in chars:
        await pilot.click(f"#{key(char)}")
    await pilot.pause()


async def test_phone_number_with_plus_and_backspace() -> None:
    app = KeypadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#field", Input)
        await tap(pilot, "+", "3", "9", "3", "4", "7", "1")
        await pilot.click("#key-backspace")
        await pilot.pause()
        assert field.value == "+39347"
        assert sum(isinstance(m, Keypad.KeyPressed) for m in app.received) == 7
        assert sum(isinstance(m, Keypad.Backspace) for m in app.received) == 1


async def test_two_quick_taps_on_one_key_both_count() -> None:
    app = KeypadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click(f"#{key('3')}")
        await pilot.click(f"#{key('3')}")
        await pilot.pause()
        assert app.query_one("#field", Input).value == "33"


async def test_phone_layout_and_big_keys() -> None:
    app = KeypadApp(extra=("+", " "))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        one, eight, zero = (app.query_one(f"#{key(c)}").region for c in "180")
        assert zero.x == eight.x and zero.y > eight.y  # 0 sits under 8, as on a phone
        assert one.x < eight.x and one.y < eight.y
        assert str(app.query_one(f"#{key(' ')}").render()) == "Spazio"
        for button in app.query("KeyButton"):
            assert button.outer_size.height >= 3
        await tap(pilot, "0", "5", "8", "3", " ", "1")
        assert app.query_one("#field", Input).value == "0583 1"


async def test_pin_is_masked_and_enter_is_posted() -> None:
    app = KeypadApp(extra=(), enter=True, masked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#field", Input)
        await tap(pilot, "1", "9", "9", "0")
        await pilot.click("#key-enter")
        await pilot.pause()
        assert field.value == "1990"
        assert field.password
        assert "1990" not in str(field.render_line(1).text)
        assert isinstance(app.received[-1], Keypad.Enter)
        with pytest.raises(NoMatches):
            app.query_one(f"#{key('+')}")


async def test_ticket_code_alphabet() -> None:
    app = KeypadApp(keys=TICKET_ALPHABET, extra=(), enter=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "K", "7", "7", "W")
        assert app.query_one("#field", Input).value == "K77W"
        for confusable in "BO0I1":
            with pytest.raises(NoMatches):
                app.query_one(f"#{key(confusable)}")
        keypad = app.query_one(Keypad)
        assert keypad.outer_size.height == 12  # 4 rows of 3-row keys
