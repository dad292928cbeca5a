"""A big "▼ more" button for a page taller than a small panel: one tap shows the next part."""

from __future__ import annotations

from collections.abc import Iterator

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
        # after each layout (the target's virtual size is set without its watchers)
        self.screen.screen_layout_refresh_signal.subscribe(self, self.layout_done)
        self.update_state()

    def layout_done(self, _screen: object) -> None:
        self.update_state()

    def update_state(self) -> None:
        """Shown (where the CSS allows) while the target can scroll further down."""
        target = self.target
        self.set_class(target.is_mounted and target.scroll_y < target.max_scroll_y, "-more")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        target = self.target
        top, bottom = target.scroll_y, target.scroll_y + target.scrollable_content_region.height
        # The first part cut by the bottom edge moves to the top, whole when it fits; a part
        # taller than the page (or already at the top) pages on.
        for start, end in self.parts(target, 0):
            if end > bottom:
                if start > top:
                    target.scroll_to(y=start, animate=False)
                else:
                    target.scroll_page_down(animate=False)
                return
        target.scroll_page_down(animate=False)

    def parts(self, widget: Widget, offset: int) -> Iterator[tuple[int, int]]:
        """(top, bottom) of each part of the page, in the target's scroll coordinates.

        A container taller than the page (e.g. a grid of cards) counts by its children.
        """
        page = self.target.scrollable_content_region.height
        for child in widget.children:
            if not child.display:
                continue
            region = child.virtual_region
            start = offset + region.y
            if region.height > page and child.children:
                yield from self.parts(child, start + child.styles.gutter.top)
            else:
                yield start, start + region.height
