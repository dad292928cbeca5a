"""Big tappable tiles and a grid that fits as many columns as the width allows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.containers import Container
from textual.content import Content
from textual.geometry import Size
from textual.layout import DockArrangeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

from kiosk.text import printable

DEFAULT_BREAKPOINTS: tuple[tuple[int, int], ...] = ((0, 1), (60, 2), (120, 3))
"""(minimum width, columns): 1 column below 60 cells, 2 below 120, then 3."""


def tile_label(title: str, subtitle: str = "") -> Content:
    """Build a tile's label; the text is never parsed as markup."""
    label = Content.styled(printable(title), "bold")
    if subtitle:  # plain, not "dim": dimmed text falls under 4.5:1
        label = Content.assemble(label, "\n", Content.styled(printable(subtitle), "not bold"))
    return label


class Tile(Button):
    """A big card that screens handle with `@on(Button.Pressed, ".tile")`.

    `title` and `subtitle` may come from visitors or volunteers: they are shown
    as plain text, never parsed as markup. `value` (e.g. a service slug) tells
    handlers which tile was tapped: `event.button.value`.
    """

    DEFAULT_CSS = """
    Tile {
        width: 1fr;
        min-width: 0;
        height: auto;
        min-height: 5;
        padding: 0 2;
        text-wrap: wrap;
        content-align: center middle;

        /* The title is bold by itself; Button's reverse-video focus would look
           like a stuck tap on a touch screen. */
        &.-style-default, &.-style-default:focus {
            text-style: none;
        }
    }
    """

    title: reactive[str] = reactive("")
    """First, bold line(s) of the tile."""

    subtitle: reactive[str] = reactive("")
    """Optional one-line description under the title (plain, not dimmed: contrast)."""

    def __init__(
        self,
        title: str,
        subtitle: str = "",
        *,
        value: str | None = None,
        variant: ButtonVariant = "default",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Create a tile.

        Args:
            title: Title, shown as plain text.
            subtitle: Optional one-line description, shown as plain text.
            value: What the tile stands for (e.g. a slug), for the Pressed handler.
            variant: Button variant.
            name: The name of the widget.
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget ("tile" is always added).
            disabled: Whether the tile is disabled.
        """
        super().__init__(
            tile_label(title, subtitle),
            variant,
            name=name,
            id=id,
            classes=classes,
            disabled=disabled,
        )
        self.add_class("tile")
        self.value = value
        self.set_reactive(Tile.title, title)
        self.set_reactive(Tile.subtitle, subtitle)

    def _update_label(self) -> None:
        self.label = tile_label(self.title, self.subtitle)

    def watch_title(self) -> None:
        self._update_label()

    def watch_subtitle(self) -> None:
        self._update_label()


class TileGrid(Container):
    """A grid of tiles whose column count follows its width (set as it is laid out).

    `breakpoints` is a sequence of (minimum width, columns); the default gives
    1 column below 60 cells, 2 below 120 and 3 from 120. The grid scrolls
    vertically when the tiles do not fit.
    """

    DEFAULT_CSS = """
    TileGrid {
        layout: grid;
        grid-size: 1;
        grid-rows: auto;
        grid-gutter: 1 2;
        height: 1fr;
        overflow-y: auto;
    }
    """

    def __init__(
        self,
        *children: Widget,
        breakpoints: Sequence[tuple[int, int]] = DEFAULT_BREAKPOINTS,
        later: Callable[[], list[Widget]] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Create a grid holding `children` (usually `Tile`s).

        Args:
            children: Widgets to lay out.
            breakpoints: (minimum width, columns) pairs.
            later: Builds more tiles, added after the grid's first frame (those out of view:
                the first frame comes sooner).
            name: The name of the widget.
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget.
            disabled: Whether the grid is disabled.
        """
        super().__init__(*children, name=name, id=id, classes=classes, disabled=disabled)
        self.breakpoints = sorted(breakpoints)
        self.columns = 1
        """Current number of columns."""
        self.later = later

    def columns_for(self, width: int) -> int:
        """Return the number of columns for a grid `width` cells wide."""
        columns = 1
        for minimum, count in self.breakpoints:
            if width >= minimum:
                columns = count
        return max(1, columns)

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        # The columns follow the width the grid is being laid out at (a scrollbar that
        # appears narrows it without a Resize of its own).
        columns = self.columns_for(size.width)
        if columns != self.columns:
            self.columns = columns
            self.styles.set_rule("grid_size_columns", columns)
        return super().arrange(size, optimal)

    def on_mount(self) -> None:
        if self.later is not None:
            self.call_after_refresh(self._mount_later)

    def _mount_later(self) -> None:
        later, self.later = self.later, None
        if later is not None and self.is_attached:
            self.mount_all(later())
