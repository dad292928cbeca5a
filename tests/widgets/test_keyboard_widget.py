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


async def test_shift_is_one_shot_as_on_a_phone() -> None:
    app = KeyboardApp(target_id="name")
    async with app.run_test(size=(80, 24)) as pilot:
        keyboard = app.query_one(OnScreenKeyboard)
        await pilot.click("#key-shift")
        await pilot.pause()
        assert keyboard.shifted
        assert str(app.query_one(f"#{key('a')}").render()) == "A"
        await tap(pilot, "m", "a", "r", "i", "o")
        assert app.query_one("#name", Input).value == "Mario"  # not "MARIO"
        assert not keyboard.shifted
        assert str(app.query_one(f"#{key('a')}").render()) == "a"
        # Shift tapped twice before a letter: back to lower case.
        await pilot.click("#key-shift")
        await pilot.click("#key-shift")
        await tap(pilot, "x")
        assert app.query_one("#name", Input).value == "Mariox"


async def test_names_get_a_capital_at_each_word_by_themselves() -> None:
    class NameApp(KeyboardApp):
        def compose(self) -> ComposeResult:
            yield Input(id="name", classes="capitalise")
            yield Input(id="surname")
            yield OnScreenKeyboard(follow_focus=True)

    app = NameApp()
    async with app.run_test(size=(80, 24)) as pilot:
        name = app.query_one("#name", Input)
        name.focus()
        await pilot.pause()
        assert app.query_one(OnScreenKeyboard).shifted  # the first letter will be a capital
        await tap(pilot, "g", "i", "u", "l", "i", "a")
        await pilot.click("#key-space")
        await tap(pilot, "d", "e", "l")
        assert name.value == "Giulia Del"
        for _ in range(10):
            await pilot.click("#key-backspace")
        await tap(pilot, "a")
        assert name.value == "A"  # emptied: the capital comes back
        # A field that is not a name is typed as tapped.
        app.query_one("#surname", Input).focus()
        await pilot.pause()
        await tap(pilot, "r", "o")
        assert app.query_one("#surname", Input).value == "ro"


async def test_keys_are_at_least_3_rows_by_6_columns_at_80x24() -> None:
    app = KeyboardApp(target_id="name")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for char in "qwertyuiopèéasdfghjklòàùzxcvbnm,.'-ì":
            size = app.query_one(f"#{key(char)}").outer_size
            assert size.height >= 3 and size.width >= 6, (char, size)


async def test_held_keys_ignore_taps(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.widgets import _keys

    now = [100.0]
    monkeypatch.setattr(_keys, "clock", lambda: now[0])
    app = KeyboardApp(target_id="name", enter=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(OnScreenKeyboard).hold_taps()
        await tap(pilot, "a")
        await pilot.click("#key-enter")
        await pilot.pause()
        assert app.query_one("#name", Input).value == "" and not app.received
        now[0] += _keys.REPEAT_WINDOW_SECONDS
        await tap(pilot, "a")
        assert app.query_one("#name", Input).value == "a"


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
        for accented in "òùéì":
            await pilot.click("#key-shift")
            await tap(pilot, accented)
        await tap(pilot, "'")
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
