"""A grid of big keys for phone numbers, PINs and ticket codes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from kiosk.waitlist_codes import CODE_ALPHABET
from kiosk.widgets._keys import (
    HoldsTaps,
    KeyButton,
    delete_left,
    find_input,
    key_id,
    type_into,
)

DIGITS = "0123456789"
TICKET_ALPHABET = CODE_ALPHABET  # the letters and digits ticket codes are made of
"""Letters and digits that cannot be mistaken for one another."""

_BLANK = None


class Keypad(HoldsTaps, Widget):
    """Big keys in a grid: digits in phone order, or any alphabet.

    Typical uses:

    - phone number: `Keypad()` (digits, "+" and backspace);
    - PIN: `Keypad(extra=(), enter=True, masked=True, target=pin_input)`;
    - ticket code: `Keypad(keys=TICKET_ALPHABET, extra=(), enter=True)`.

    With the ten digits, keys follow a phone (1 2 3 / 4 5 6 / 7 8 9 / . 0 .);
    the two cells beside 0 take the extra keys, backspace and OK, and a fourth
    column opens when there are more. Other alphabets fill the rows in order,
    followed by the extra keys, backspace and OK, in `columns` columns (by
    default as many as keep the grid to 4 rows).

    Messages and target editing work as in `OnScreenKeyboard`: each tap posts
    `KeyPressed`, `Backspace` or `Enter`, and a `target` Input (or `target_id`,
    or the focused Input with `follow_focus=True`) is edited directly. With
    `masked=True` the target Input shows dots instead of what is typed; keys
    always show their symbol.

    Keys are 3 rows high (12 rows for 4 key rows); `compact=True` gives 1-row
    keys without borders. Key ids are `Keypad.key_id(char)` (e.g. `#key-1`,
    `#key-u002b` for "+"), `#key-backspace` and `#key-enter`.
    """

    DEFAULT_CSS = """
    Keypad {
        width: 1fr;
        max-width: 72;
        height: auto;

        & > Grid {
            height: auto;
            grid-gutter: 0 1;
            grid-rows: 3;
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
        & .blank {
            height: 3;
        }

        &.-compact {
            & > Grid {
                grid-gutter: 1 1;
                grid-rows: 1;
            }
            & KeyButton, & .blank {
                height: 1;
            }
        }
    }
    """

    @dataclass
    class KeyPressed(Message):
        """A character key was tapped."""

        char: str
        keypad: Keypad | None = None

        @property
        def control(self) -> Keypad | None:
            """The keypad that was tapped."""
            return self.keypad

    @dataclass
    class Backspace(Message):
        """The backspace key was tapped."""

        keypad: Keypad | None = None

        @property
        def control(self) -> Keypad | None:
            """The keypad that was tapped."""
            return self.keypad

    @dataclass
    class Enter(Message):
        """The OK key was tapped."""

        keypad: Keypad | None = None

        @property
        def control(self) -> Keypad | None:
            """The keypad that was tapped."""
            return self.keypad

    key_id = staticmethod(key_id)

    def __init__(
        self,
        keys: str = DIGITS,
        extra: Sequence[str] = ("+",),
        *,
        backspace: bool = True,
        enter: bool = False,
        masked: bool = False,
        columns: int | None = None,
        target: Input | None = None,
        target_id: str | None = None,
        follow_focus: bool = False,
        compact: bool = False,
        space_label: str = "Spazio",
        backspace_label: str = "⌫",
        enter_label: str = "OK",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Create a keypad.

        Args:
            keys: One key per character, e.g. "0123456789" or `TICKET_ALPHABET`.
            extra: Further keys typing their text, e.g. ("+",) or ("+", " ").
            backspace: Show a backspace key.
            enter: Show an OK key, which posts `Enter`.
            masked: Make the target Input show dots (a PIN).
            columns: Number of columns; by default chosen from the keys.
            target: Input to edit directly, if any.
            target_id: Id of an Input on the same screen to edit, looked up on each tap.
            follow_focus: Without target, edit whichever Input has focus.
            compact: 1-row keys without borders instead of 3-row keys.
            space_label: Label of the " " extra key (translated by the caller).
            backspace_label: Label of the backspace key.
            enter_label: Label of the OK key (translated by the caller).
            name: The name of the widget.
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget.
            disabled: Whether the keypad is disabled.
        """
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.target = target
        """The Input edited directly, if any (may be changed at any time)."""
        self.target_id = target_id
        self.follow_focus = follow_focus
        self.masked = masked
        self._keys = keys
        self._extra = tuple(extra)
        self._backspace = backspace
        self._enter = enter
        self._columns = columns
        self._compact = compact
        self._labels = {
            " ": space_label,
            "backspace": backspace_label,
            "enter": enter_label,
        }
        self.set_class(compact, "-compact")

    def _specials(self) -> list[str]:
        """Extra keys, then backspace and OK, as layout tokens."""
        specials = [f"char:{text}" for text in self._extra]
        if self._backspace:
            specials.append("backspace")
        if self._enter:
            specials.append("enter")
        return specials

    def _layout(self) -> tuple[int, list[str | None]]:
        """Return the column count and the cells row by row (None is a blank)."""
        specials = self._specials()
        if sorted(self._keys) == sorted(DIGITS) and self._columns in (None, 3, 4):
            digit = [f"char:{char}" for char in "123456789"]
            if len(specials) <= 2 and self._columns != 4:
                left, right = (
                    (specials[0], specials[1])
                    if len(specials) == 2
                    else (_BLANK, specials[0] if specials else _BLANK)
                )
                return 3, [*digit, left, "char:0", right]
            # A fourth column holds what does not fit beside 0; OK is always bottom right.
            rest = [special for special in specials if special != "enter"]
            beside: list[str | None] = list(rest[:2])
            side: list[str | None] = list(rest[2:])
            if len(beside) == 1:
                beside = [_BLANK, beside[0]]
            side_column = (side + [_BLANK] * 4)[:4]
            if "enter" in specials:
                side_column[3] = "enter"
            cells: list[str | None] = []
            for row in range(3):
                cells += [*digit[row * 3 : row * 3 + 3], side_column[row]]
            cells += [beside[0], "char:0", beside[1], side_column[3]]
            return 4, cells
        keys: list[str | None] = [f"char:{char}" for char in self._keys]
        keys += specials
        columns = self._columns or max(1, math.ceil(len(keys) / 4))
        return columns, keys

    def compose(self) -> ComposeResult:
        columns, cells = self._layout()
        grid = Grid()
        grid.styles.grid_size_columns = columns
        with grid:
            for cell in cells:
                if cell is None:
                    yield Static(classes="blank")
                elif cell.startswith("char:"):
                    text = cell.removeprefix("char:")
                    yield KeyButton(
                        self._labels.get(text, text),
                        text,
                        id=key_id(text),
                        classes="char",
                        compact=self._compact,
                    )
                else:
                    key = KeyButton(
                        self._labels[cell],
                        "",
                        id=f"key-{cell}",
                        compact=self._compact,
                    )
                    if cell == "enter":
                        key.variant = "primary"
                    yield key

    def on_mount(self) -> None:
        if self.masked:
            field = self._target_input()
            if field is not None:
                field.password = True

    def _target_input(self) -> Input | None:
        return find_input(self, self.target, self.target_id, self.follow_focus)

    @on(Button.Pressed, ".char")
    def _type_char(self, event: Button.Pressed) -> None:
        event.stop()
        if self.taps_held():
            return
        assert isinstance(event.button, KeyButton)
        char = event.button.value
        field = self._target_input()
        if field is not None:
            if self.masked:
                field.password = True
            type_into(field, char)
        self.post_message(self.KeyPressed(char, self))

    @on(Button.Pressed, "#key-backspace")
    def _backspace_tapped(self, event: Button.Pressed) -> None:
        event.stop()
        if self.taps_held():
            return
        field = self._target_input()
        if field is not None:
            delete_left(field)
        self.post_message(self.Backspace(self))

    @on(Button.Pressed, "#key-enter")
    def _enter_tapped(self, event: Button.Pressed) -> None:
        event.stop()
        if self.taps_held():
            return
        self.post_message(self.Enter(self))
