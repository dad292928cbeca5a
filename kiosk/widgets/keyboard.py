"""An on-screen keyboard for the touch screen, in the visitor's alphabet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Button, Input

from kiosk.widgets._keys import (
    HoldsTaps,
    KeyButton,
    delete_left,
    find_input,
    key_id,
    type_into,
)
from kiosk.widgets.layouts import ITALIAN, KeyLayout, layouts_for

ITALIAN_ROWS: tuple[str, ...] = ITALIAN.rows
"""Character rows of the Italian layout, one key per character."""


class OnScreenKeyboard(HoldsTaps, Widget):
    """A keyboard of big keys, for a screen with no physical keyboard.

    It shows the first of its `layouts` (see kiosk.widgets.layouts: the visitor's language
    first, then the other alphabet); with two or more, the key `#key-layout`, labelled with
    the next layout's short name ("АБВ", "ABC"), switches to the next one.

    Keys never take focus, so the focused Input keeps receiving a physical
    keyboard's typing too. Every tap counts, however fast (no press animation).

    Each tap posts `KeyPressed`, `Backspace` or `Enter`. Given a `target` Input
    (or the id of one on the same screen, or `follow_focus=True` for whichever
    Input has focus), the keyboard also edits it: it inserts at the cursor,
    replacing any selection, and deletes left of the cursor. The Input's
    `restrict`, `type` and `max_length` still apply. `Enter` never submits the
    Input: handle `OnScreenKeyboard.Enter`.

    Shift works as on a phone: one tap makes the next letter a capital, then
    the keys go back to lower case. An Input with the class `capitalise`
    (names) gets a capital at the start of each word by itself.

    Keys are 3 rows high: 12 rows in all, which leaves 12 rows of an 80x24
    screen for the Input and the rest. Keys touch (their borders tell them
    apart), so 12 keys a row are at least 6 columns wide at 80 columns; the OK
    key takes the last quarter of the bottom row, where a `Keypad`'s
    bottom-right key is, so "Avanti" stays in one place when the keys change.
    With `compact=True` keys are 1 row high without borders (7 rows in all, a
    blank row between key rows) for screens that need the room.

    Key ids are `key_id(char)` for characters (e.g. `#key-a`, `#key-u00e8` for
    "è"), and `#key-shift`, `#key-layout`, `#key-space`, `#key-backspace`, `#key-enter`.
    """

    DEFAULT_CSS = """
    OnScreenKeyboard {
        width: 1fr;
        height: auto;

        & > .keyboard-row {
            width: 1fr;
            height: 3;
        }
        & KeyButton {
            width: 1fr;
            min-width: 3;
            height: 3;
            margin: 0;
            padding: 0;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & KeyButton.-tapped {
            tint: $accent 40%;
        }
        & #key-shift, & #key-backspace, & #key-layout {
            width: 2fr;
        }
        & #key-space {
            width: 5fr;
        }
        &.-layouts #key-space {
            width: 4fr;
        }
        & #key-enter {
            width: 25%;
        }

        &.-compact {
            & > .keyboard-row {
                height: 1;
                margin-bottom: 1;
            }
            & > .keyboard-row:last-of-type {
                margin-bottom: 0;
            }
            & KeyButton {
                height: 1;
            }
        }
    }
    """

    @dataclass
    class KeyPressed(Message):
        """A character key was tapped; `char` is already upper case when shifted."""

        char: str
        keyboard: OnScreenKeyboard | None = None

        @property
        def control(self) -> OnScreenKeyboard | None:
            """The keyboard that was tapped."""
            return self.keyboard

    @dataclass
    class Backspace(Message):
        """The backspace key was tapped."""

        keyboard: OnScreenKeyboard | None = None

        @property
        def control(self) -> OnScreenKeyboard | None:
            """The keyboard that was tapped."""
            return self.keyboard

    @dataclass
    class Enter(Message):
        """The OK key was tapped."""

        keyboard: OnScreenKeyboard | None = None

        @property
        def control(self) -> OnScreenKeyboard | None:
            """The keyboard that was tapped."""
            return self.keyboard

    shifted: var[bool] = var(False)
    """True while Maiusc is on: the next letter is typed (and shown) in upper case."""

    layout_index: var[int] = var(0)
    """Which of the layouts is shown."""

    key_id = staticmethod(key_id)

    def __init__(
        self,
        *,
        target: Input | None = None,
        target_id: str | None = None,
        follow_focus: bool = False,
        enter: bool = False,
        compact: bool = False,
        rows: Sequence[str] | None = None,
        layouts: Sequence[KeyLayout] | None = None,
        shift_label: str = "⇧ Maiusc",
        space_label: str = "Spazio",
        backspace_label: str = "⌫",
        enter_label: str = "OK",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Create a keyboard.

        Args:
            target: Input to edit directly, if any.
            target_id: Id of an Input on the same screen to edit, looked up on each tap.
            follow_focus: Without target, edit whichever Input has focus.
            enter: Show an OK key, which posts `Enter`.
            compact: 1-row keys without borders instead of 3-row keys.
            rows: Character rows, one key per character (lower case): the only layout.
            layouts: Layouts to show, the first one at the start (default: Italian, then
                Ukrainian); ignored when `rows` is given.
            shift_label: Label of the shift key (translated by the caller).
            space_label: Label of the space bar (translated by the caller).
            backspace_label: Label of the backspace key.
            enter_label: Label of the OK key (translated by the caller).
            name: The name of the widget.
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget.
            disabled: Whether the keyboard is disabled.
        """
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.target = target
        """The Input edited directly, if any (may be changed at any time)."""
        self.target_id = target_id
        self.follow_focus = follow_focus
        if rows is not None:
            self._layouts: tuple[KeyLayout, ...] = (KeyLayout("", tuple(rows)),)
        else:
            self._layouts = tuple(layouts or layouts_for("it"))
        self._enter = enter
        self._compact = compact
        self._labels = {
            "shift": shift_label,
            "space": space_label,
            "backspace": backspace_label,
            "enter": enter_label,
        }
        self.set_class(compact, "-compact")
        self.set_class(len(self._layouts) > 1, "-layouts")

    @property
    def key_layout(self) -> KeyLayout:
        """The layout shown."""
        return self._layouts[self.layout_index % len(self._layouts)]

    def compose(self) -> ComposeResult:
        compact = self._compact
        for row in self.key_layout.rows:
            with Horizontal(classes="keyboard-row"):
                for char in row:
                    yield KeyButton(char, char, id=key_id(char), classes="char", compact=compact)
        with Horizontal(classes="keyboard-row"):
            yield KeyButton(self._labels["shift"], "", id="key-shift", compact=compact)
            if len(self._layouts) > 1:
                following = self._layouts[(self.layout_index + 1) % len(self._layouts)]
                yield KeyButton(following.name, "", id="key-layout", compact=compact)
            yield KeyButton(
                self._labels["space"], " ", id="key-space", classes="char", compact=compact
            )
            yield KeyButton(self._labels["backspace"], "", id="key-backspace", compact=compact)
            if self._enter:
                enter_key = KeyButton(self._labels["enter"], "", id="key-enter", compact=compact)
                enter_key.variant = "primary"
                yield enter_key

    def _target_input(self) -> Input | None:
        return find_input(self, self.target, self.target_id, self.follow_focus)

    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self._focus_moved, init=False)
        self.call_after_refresh(self.auto_shift)

    def _focus_moved(self) -> None:
        self.auto_shift()

    def auto_shift(self) -> None:
        """Shift for the next letter when a `capitalise` Input starts a word."""
        if not self.is_attached:
            return  # (a call scheduled before the screen was redrawn without these keys)
        field = self._target_input()
        if field is None or not field.has_class("capitalise"):
            return
        before = field.value[: field.cursor_position]
        self.shifted = not before or before[-1] == " "

    def watch_shifted(self, shifted: bool) -> None:
        for key in self.query(".char").results(KeyButton):
            if key.id != "key-space":
                key.set_label(key.value.upper() if shifted else key.value)
        for shift_key in self.query("#key-shift").results(KeyButton):
            shift_key.variant = "primary" if shifted else "default"

    @on(Button.Pressed, ".char")
    def _type_char(self, event: Button.Pressed) -> None:
        event.stop()
        if self.taps_held():
            return
        assert isinstance(event.button, KeyButton)
        char = event.button.value
        if self.shifted:
            char = char.upper()
        field = self._target_input()
        if field is not None:
            type_into(field, char)
        self.post_message(self.KeyPressed(char, self))
        if char != " ":
            self.shifted = False  # one-shot, as on a phone
        self.auto_shift()

    @on(Button.Pressed, "#key-shift")
    def _toggle_shift(self, event: Button.Pressed) -> None:
        event.stop()
        if self.taps_held():
            return
        self.shifted = not self.shifted

    @on(Button.Pressed, "#key-layout")
    async def _switch_layout(self, event: Button.Pressed) -> None:
        event.stop()
        if self.taps_held():
            return
        self.layout_index = (self.layout_index + 1) % len(self._layouts)
        await self.recompose()
        self.watch_shifted(self.shifted)  # the new letters in the case the next one will have

    @on(Button.Pressed, "#key-backspace")
    def _backspace(self, event: Button.Pressed) -> None:
        event.stop()
        if self.taps_held():
            return
        field = self._target_input()
        if field is not None:
            delete_left(field)
        self.post_message(self.Backspace(self))
        self.auto_shift()

    @on(Button.Pressed, "#key-enter")
    def _enter_tapped(self, event: Button.Pressed) -> None:
        event.stop()
        if self.taps_held():
            return
        self.post_message(self.Enter(self))
