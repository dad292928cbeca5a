"""A QR code drawn with half-block characters, dark on light whatever the theme."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from kiosk.text import printable

PIL_DRAWERS = "qrcode.image.styles.moduledrawers.pil"


def import_qrcode() -> ModuleType:
    """`import qrcode` without the Pillow drawers it loads, when Pillow is installed (as
    python-escpos installs it), for styled images the kiosk never makes: 6 MB of memory for
    good and 20 ms of the first service page. They stay importable by their name."""
    if PIL_DRAWERS not in sys.modules and "qrcode" not in sys.modules:
        sys.modules[PIL_DRAWERS] = None  # type: ignore[assignment]  # qrcode skips them
        try:
            return importlib.import_module("qrcode")
        finally:
            if sys.modules.get(PIL_DRAWERS, ModuleType("x")) is None:
                del sys.modules[PIL_DRAWERS]
    return importlib.import_module("qrcode")


qrcode = import_qrcode()

# Explicit colours on every cell: phone cameras need dark modules on a light ground,
# and a dark theme must not invert them.
DARK = "#000000"
LIGHT = "#ffffff"

# (top module dark, bottom module dark) -> (glyph, style). Cells of one colour are
# painted by their background too, so the symbol stays solid whatever the font's
# block glyphs look like (SVG screenshots, terminals that draw glyphs short).
_CELLS = {
    (False, False): (" ", RichStyle(color=DARK, bgcolor=LIGHT)),
    (True, False): ("▀", RichStyle(color=DARK, bgcolor=LIGHT)),
    (False, True): ("▄", RichStyle(color=DARK, bgcolor=LIGHT)),
    (True, True): ("█", RichStyle(color=DARK, bgcolor=DARK)),
}

QUIET_ZONE = 4
"""Light modules around the symbol, as the QR specification asks."""


def qr_matrix(data: str) -> list[list[bool]]:
    """Return the module matrix for `data`, quiet zone included (True is dark)."""
    code = qrcode.QRCode(
        border=QUIET_ZONE, error_correction=qrcode.constants.ERROR_CORRECT_L, box_size=1
    )
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def half_block_rows(matrix: list[list[bool]]) -> list[list[Segment]]:
    """Fold pairs of module rows into lines of half-block cells."""
    rows = list(matrix)
    if len(rows) % 2:
        # An odd last row gets a light partner: it only widens the quiet zone.
        rows.append([False] * len(rows[0]))
    lines: list[list[Segment]] = []
    for upper, lower in zip(rows[0::2], rows[1::2], strict=True):
        cells = [_CELLS[top, bottom] for top, bottom in zip(upper, lower, strict=True)]
        # One segment per run of a style keeps strips short.
        line: list[Segment] = []
        for glyph, style in cells:
            if line and line[-1].style == style:
                line[-1] = Segment(line[-1].text + glyph, style)
            else:
                line.append(Segment(glyph, style))
        lines.append(line)
    return lines


class QRCode(Widget):
    """A QR code for `data`; shows the fallback text when the area is too small.

    The widget sizes itself to the symbol (two module rows per terminal row, one
    module per column, 4-module quiet zone) and centres the symbol when given more
    room. When its content area is smaller than the symbol, it shows
    `too_small_text` and `fallback_text` (e.g. a short link) as plain text.
    """

    DEFAULT_CSS = """
    QRCode {
        width: auto;
        height: auto;
    }
    """

    data: reactive[str] = reactive("", layout=True)
    """The text encoded in the symbol."""

    fallback_text: reactive[str] = reactive("", layout=True)
    """Shown, never parsed as markup, when the symbol does not fit."""

    too_small_text: reactive[str] = reactive("...", layout=True)
    """Shown before `fallback_text` when the symbol does not fit."""

    def __init__(
        self,
        data: str,
        fallback_text: str = "",
        too_small_text: str = "...",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Create a QR code for `data`.

        Args:
            data: Text to encode, typically a URL.
            fallback_text: Short text (e.g. the link) shown when the symbol does not fit.
            too_small_text: Message shown before the fallback text in that case.
            name: The name of the widget.
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget.
            disabled: Whether the widget is disabled.
        """
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._lines: list[list[Segment]] = []
        self.set_reactive(QRCode.fallback_text, fallback_text)
        self.set_reactive(QRCode.too_small_text, too_small_text)
        self.set_reactive(QRCode.data, data)
        self._lines = self._make_lines(data)

    @staticmethod
    def _make_lines(data: str) -> list[list[Segment]]:
        if not data:
            return []
        try:
            return half_block_rows(qr_matrix(data))
        except (ValueError, qrcode.exceptions.DataOverflowError):
            # More than a version-40 symbol holds: the fallback text is all we can show.
            return []

    def watch_data(self, data: str) -> None:
        self._lines = self._make_lines(data)

    @property
    def symbol_size(self) -> Size:
        """Cells needed to draw the symbol with its quiet zone."""
        if not self._lines:
            return Size(0, 0)
        return Size(Segment.get_line_length(self._lines[0]), len(self._lines))

    @property
    def showing_symbol(self) -> bool:
        """True when the content area is large enough to draw the symbol."""
        return self._fits(self.size)

    def _fits(self, area: Size) -> bool:
        symbol = self.symbol_size
        return bool(self._lines) and symbol.width <= area.width and symbol.height <= area.height

    def _fallback(self) -> Content:
        parts = [text for text in (self.too_small_text, self.fallback_text) if text]
        # Content(...) never parses markup: the link may contain "[" and "]".
        return Content(printable("\n".join(parts)))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        symbol = self.symbol_size
        if self._lines and symbol.width <= container.width:
            return symbol.width
        lines = self._fallback().split("\n")
        return min(max(line.cell_length for line in lines), container.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        symbol = self.symbol_size
        if self._lines and symbol.width <= width and symbol.height <= container.height:
            return symbol.height
        return len(self._fallback().wrap(max(width, 1)))

    def render(self) -> Content:
        """Render the fallback text; the symbol itself is drawn by `render_line`."""
        return self._fallback()

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        if not self._fits(self.size):
            return super().render_line(y)
        symbol = self.symbol_size
        top = (height - symbol.height) // 2
        row = y - top
        if not 0 <= row < symbol.height:
            return Strip.blank(width, self.visual_style.rich_style)
        left = (width - symbol.width) // 2
        right = width - symbol.width - left
        background = self.visual_style.rich_style
        segments = [
            Segment(" " * left, background),
            *self._lines[row],
            Segment(" " * right, background),
        ]
        return Strip([segment for segment in segments if segment.text], width)
