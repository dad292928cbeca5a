"""Big language buttons, each named in its own script, in as many columns as their names allow."""

from __future__ import annotations

from collections.abc import Iterable
from math import ceil

from textual.containers import Grid
from textual.content import Content
from textual.geometry import Size
from textual.layout import DockArrangeResult, Layout
from textual.layouts.grid import GridLayout
from textual.widget import Widget
from textual.widgets import Button

from kiosk.config import AUTONYMS
from kiosk.text import printable

CHOSEN_MARK = "✓ "


def language_button(code: str, *, id_prefix: str, chosen: bool = False) -> Button:
    """A button for `code` labelled with the language's own name (an autonym, never a flag).

    The chosen language is shown by a ✓ as well as by its colour (never colour alone).
    """
    name = AUTONYMS.get(code, code)
    button = Button(
        Content(printable(CHOSEN_MARK + name if chosen else name)),
        id=f"{id_prefix}{code}",
        classes="language",
        name=code,
    )
    button.set_class(chosen, "-chosen")
    return button


class LanguageGrid(Grid):
    """The language buttons (and any other buttons given, e.g. high contrast) as a grid.

    The number of columns follows the width: as many as fit the longest language name whole
    ("Українська"). It is set as the grid is laid out, never after a first frame with another
    layout (a tap would land on a button that has just moved). Only `.language` buttons set
    the column width: others (the contrast switch) shorten their label by themselves.
    """

    DEFAULT_CSS = """
    LanguageGrid {
        height: auto;
        grid-size: 1;
        grid-rows: 3;
        grid-gutter: 0 1;
    }
    LanguageGrid > Button {
        width: 100%;
        min-width: 0;
        text-wrap: nowrap;
    }
    """

    def __init__(self, *buttons: Widget, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(*buttons, id=id, classes=classes)
        self._arrange_width = 0  # the width the grid is being laid out at

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        self._arrange_width = size.width  # balanced for it (pre_layout), as TileGrid does
        return super().arrange(size, optimal)

    @classmethod
    def of(
        cls,
        languages: Iterable[str],
        *,
        id_prefix: str,
        chosen: str | None = None,
        extra: Iterable[Widget] = (),
        id: str | None = None,
    ) -> LanguageGrid:
        """One button per language code, in the given order, then `extra`."""
        buttons = [
            language_button(code, id_prefix=id_prefix, chosen=code == chosen) for code in languages
        ]
        return cls(*buttons, *extra, id=id)

    def pre_layout(self, layout: Layout) -> None:
        if isinstance(layout, GridLayout):
            layout.min_column_width = self.balanced_width(self.column_width())

    def balanced_width(self, cell: int) -> int:
        """A minimum column width that gives as many columns as fit `cell`, rows balanced:
        seven buttons that fit five to a row go four and three, not five and two."""
        count = len(self.children)
        width = self._arrange_width
        gutter = self.styles.grid_gutter_horizontal
        if not width or not count:
            return cell
        fit = max(1, min(count, (width + gutter) // (cell + gutter)))
        columns = ceil(count / ceil(count / fit))
        return max(cell, (width + gutter) // columns - gutter)

    def column_width(self) -> int:
        """Cells a column needs for the longest language label, border and padding included."""
        buttons = list(self.query_children(Button))
        languages = [b for b in buttons if b.has_class("language")] or buttons
        if not languages:
            return 1
        # One spare cell: a label exactly as wide as its button is wrapped by Textual.
        return 1 + max(
            Content.from_text(b.label).cell_length + b.styles.gutter.width for b in languages
        )
