"""OnScreenKeyboard: taps fill the target Input, fast double taps count, focus stays put."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.widgets.keyboard import OnScreenKeyboard

key = OnScreenKeyboard.key_id


class KeyboardApp(App[None]):
    """An Input and a keyboard; records the keyboard's messages."""

    def __init__(self, **keyboard_args: Any) -> None:
        super().__init__()
        self.keyboard_args = keyboard_args
        self.received: list[Message] = []

    def compose(self) -> ComposeResult:
        yield Input(id="name")
        yield Input(id="surname")
        yield OnScreenKeyboard(**self.keyboard_args)

    @on(OnScreenKeyboard.KeyPressed)
    @on(OnScreenKeyboard.Backspace)
    @on(OnScreenKeyboard.Enter)
    def record(self, message: Message) -> None:
        self.received.append(message)


async def tap(pilot: Pilot[None], *chars: str) -> None:
    """Tap the keys for `chars`, back to back, then let the app catch up."""
    for char in chars:
        await pilot.click(f"#{key(char)}")
    await pilot.pause()


async def test_taps_fill_the_target_input_and_focus_stays() -> None:
    app = KeyboardApp(target_id="name")
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#name", Input)
        field.focus()
        await tap(pilot, "c", "i", "a", "o")
        assert field.value == "ciao"
        assert app.focused is field
        assert [m.char for m in app.received if isinstance(m, OnScreenKeyboard.KeyPressed)] == [
            "c",
            "i",
            "a",
            "o",
        ]


async def test_two_quick_taps_on_one_key_both_count() -> None:
    app = KeyboardApp(target_id="name")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click(f"#{key('l')}")
        await pilot.click(f"#{key('l')}")
        await pilot.pause()
        assert app.query_one("#name", Input).value == "ll"
        assert len(app.received) == 2


async def test_shift_toggles_upper_case() -> None:
    app = KeyboardApp(target_id="name")
    async with app.run_test(size=(80, 24)) as pilot:
        keyboard = app.query_one(OnScreenKeyboard)
        await pilot.click("#key-shift")
        await tap(pilot, "m")
        assert keyboard.shifted
        assert str(app.query_one(f"#{key('a')}").render()) == "A"
        await pilot.click("#key-shift")
        await tap(pilot, "a", "r", "i", "o")
        assert not keyboard.shifted
        assert app.query_one("#name", Input).value == "Mario"


async def test_backspace_space_and_accents() -> None:
    app = KeyboardApp(target_id="name")
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#name", Input)
        await tap(pilot, "p", "e", "r", "c", "h", "è")
        await pilot.click("#key-space")
        await tap(pilot, "c", "i", "t", "t", "à", "x")
        await pilot.click("#key-backspace")
        await pilot.pause()
        assert field.value == "perchè città"
        await pilot.click("#key-shift")
        await tap(pilot, "ò", "ù", "é", "ì", "'")
        assert field.value == "perchè cittàÒÙÉÌ'"
        assert sum(isinstance(m, OnScreenKeyboard.Backspace) for m in app.received) == 1


async def test_inserts_at_the_cursor() -> None:
    app = KeyboardApp(target_id="name")
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#name", Input)
        field.value = "Rsi"
        field.cursor_position = 1
        await tap(pilot, "o", "s")
        assert field.value == "Rossi"
        assert field.cursor_position == 3


async def test_follow_focus_edits_the_focused_input() -> None:
    app = KeyboardApp(follow_focus=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#surname")
        await tap(pilot, "b", "i")
        assert app.query_one("#surname", Input).value == "bi"
        assert app.query_one("#name", Input).value == ""


async def test_without_target_only_messages_are_posted() -> None:
    app = KeyboardApp(enter=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "x")
        await pilot.click("#key-backspace")
        await pilot.click("#key-enter")
        await pilot.pause()
        assert app.query_one("#name", Input).value == ""
        assert [type(m) for m in app.received] == [
            OnScreenKeyboard.KeyPressed,
            OnScreenKeyboard.Backspace,
            OnScreenKeyboard.Enter,
        ]
        keyboard = app.query_one(OnScreenKeyboard)
        assert all(m.control is keyboard for m in app.received)


async def test_keys_are_three_rows_high_or_one_when_compact() -> None:
    for compact, height, total in ((False, 3, 12), (True, 1, 7)):
        app = KeyboardApp(compact=compact, enter=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            keyboard = app.query_one(OnScreenKeyboard)
            assert keyboard.outer_size.height == total
            for button in keyboard.query("KeyButton"):
                assert button.outer_size.height == height
                assert button.region.width >= 4
                assert button.region.right <= 80
