"""Horizontal bars drawn with block characters: one labelled line per item."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from kiosk.text import printable

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


def bar(value: float, maximum: float, width: int) -> str:
    """A bar `width` cells long at `maximum`, to the nearest eighth of a cell."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / maximum * width * 8))  # a non-zero count is never invisible
    full, part = divmod(min(eighths, width * 8), 8)
    return FULL * full + (EIGHTHS[part] if part else "")


class BarChart(Widget):
    """`items` as 'label ████▍ 12' lines, longest bar for the largest count.

    Labels are shown as plain text (never markup). The widget is as tall as its items
    (one line when empty, showing `empty_text`).
    """

    DEFAULT_CSS = """
    BarChart {
        width: 1fr;
        height: auto;
    }
    """

    items: reactive[tuple[tuple[str, int], ...]] = reactive((), layout=True)

    def __init__(
        self,
        items: Sequence[tuple[str, int]] = (),
        *,
        label_width: int = 24,
        empty_text: str = "—",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create a chart.

        Args:
            items: (label, count) pairs in the order to show.
            label_width: Most cells a label may take (longer ones end with "…").
            empty_text: Shown when there are no items.
            name: The name of the widget.
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.label_width = label_width
        self.empty_text = empty_text
        self.set_reactive(BarChart.items, tuple(items))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.items))

    def render(self) -> Content:
        items = self.items
        if not items:
            return Content(printable(self.empty_text))
        width = self.content_region.width or 60
        labels = [_fit(text, self.label_width) for text, _count in items]
        label_width = max(text.cell_length for text in labels)
        count_width = max(len(str(count)) for _text, count in items)
        bar_width = max(1, width - label_width - count_width - 2)
        maximum = max(count for _text, count in items)
        lines = [
            Content.assemble(
                text.pad_right(label_width - text.cell_length),
                " ",
                (bar(count, maximum, bar_width).ljust(bar_width), "$accent"),
                " ",
                str(count).rjust(count_width),
            )
            for text, (_label, count) in zip(labels, items, strict=True)
        ]
        return Content("\n").join(lines)


def _fit(text: str, width: int) -> Content:
    """`text` as plain content, cut to `width` cells with an ellipsis."""
    return Content(printable(text)).truncate(max(1, width), ellipsis=True)
