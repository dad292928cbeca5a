"""A big "▼ more" button for a page taller than a small panel: one tap shows the next part."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button


class MoreBelow(Button):
    """Pages the scrolling widget `target` down, one screenful a tap.

    It docks at the bottom of its screen and carries the class `-more` while something of the
    target lies below the visible part; the screen's CSS decides on which panel sizes it shows
    (e.g. `VisitorScreen.-tiny MoreBelow.-more { display: block; }`). Screens may query it as
    `.more-below`.
    """

    DEFAULT_CSS = """
    MoreBelow {
        dock: bottom;
        width: 100%;
        height: 3;
        display: none;
        text-style: bold;
    }
    """

    def __init__(self, target: Widget, text: str, *, id: str | None = None) -> None:
        """Create the button.

        Args:
            target: The scrolling container it pages down.
            text: The label, shown as plain text (e.g. "▼ Altro").
            id: The ID of the widget in the DOM.
        """
        super().__init__(Content(text), id=id, classes="more-below")
        self.target = target
        self.can_focus = False

    def on_mount(self) -> None:
        self.watch(self.target, "scroll_y", self.update_state, init=False)
        self.watch(self.target, "virtual_size", self.update_state)

    def update_state(self) -> None:
        """Shown (where the CSS allows) while the target can scroll further down."""
        target = self.target
        self.set_class(target.is_mounted and target.scroll_y < target.max_scroll_y, "-more")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.target.scroll_page_down(animate=False)
