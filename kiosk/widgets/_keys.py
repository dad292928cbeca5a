"""Building blocks shared by the on-screen keyboard and the keypad."""

from __future__ import annotations

import time
from typing import Self

from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.widgets import Button, Input

from kiosk.text import printable

TAP_FEEDBACK_SECONDS = 0.15
"""How long a tapped key stays highlighted; it never blocks the next tap."""


REPEAT_WINDOW_SECONDS = 0.5
"""After "Avanti" brings other keys, a tap this soon is the finger's second tap, not typing."""

clock = time.monotonic
"""The clock of the repeat window (tests replace it)."""


class HoldsTaps:
    """Mixin of the keyboard and keypad: ignore every tap for a moment when asked."""

    _held_until: float = 0.0

    def hold_taps(self, seconds: float = REPEAT_WINDOW_SECONDS) -> None:
        """Ignore taps for `seconds` (call it when these keys take another key's place)."""
        self._held_until = clock() + seconds

    def taps_held(self) -> bool:
        """True while taps are ignored."""
        return clock() < self._held_until


def key_id(text: str) -> str:
    """Return the DOM id of the key that types `text` (e.g. "key-a", "key-u00e8" for "è")."""
    return "key-" + "".join(
        char if char.isascii() and char.isalnum() else f"u{ord(char):04x}" for char in text
    )


class KeyButton(Button, can_focus=False):
    """A key: never takes focus, and counts every tap however fast.

    Focus stays on the caller's Input, so a physical keyboard keeps working
    alongside the on-screen one.
    """

    def __init__(
        self,
        label: str,
        value: str,
        *,
        id: str | None = None,
        classes: str | None = None,
        compact: bool = False,
    ) -> None:
        """Create a key showing `label` (never parsed as markup) that stands for `value`."""
        super().__init__(Content(printable(label)), id=id, classes=classes, compact=compact)
        self.value = value
        # Button ignores a second tap during its 0.2 s press animation.
        self.active_effect_duration = 0

    def set_label(self, label: str) -> None:
        """Show `label` (never parsed as markup)."""
        self.label = Content(printable(label))

    def press(self) -> Self:
        """Post `Button.Pressed` and flash the key without blocking the next tap."""
        super().press()
        if not self.disabled and self.display:
            self.add_class("-tapped")
            self.set_timer(TAP_FEEDBACK_SECONDS, self._end_feedback)
        return self

    def _end_feedback(self) -> None:
        self.remove_class("-tapped")


def find_input(
    node: DOMNode,
    target: Input | None,
    target_id: str | None,
    follow_focus: bool,
) -> Input | None:
    """Return the Input a key widget should edit, or None to only post messages."""
    if target is not None:
        return target
    if target_id is not None:
        try:
            return node.screen.query_one(f"#{target_id}", Input)
        except NoMatches:
            return None
    if follow_focus:
        focused = node.screen.focused
        if isinstance(focused, Input):
            return focused
    return None


def type_into(field: Input, text: str) -> None:
    """Insert `text` at the cursor, replacing any selection (restrictions apply)."""
    start, end = sorted(field.selection)
    field.replace(text, start, end)


def delete_left(field: Input) -> None:
    """Delete the selection, or the character left of the cursor."""
    field.action_delete_left()
