"""A title in big block letters, to read from a couple of metres on a large panel."""

from __future__ import annotations

import unicodedata

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

# 5×5 letters: "#" is a full cell. Enough for the titles the kiosk shows (Latin capitals,
# digits, a few signs); a text with anything else is shown as plain bold text.
FONT: dict[str, tuple[str, str, str, str, str]] = {
    "A": (" ### ", "#   #", "#####", "#   #", "#   #"),
    "B": ("#### ", "#   #", "#### ", "#   #", "#### "),
    "C": (" ####", "#    ", "#    ", "#    ", " ####"),
    "D": ("#### ", "#   #", "#   #", "#   #", "#### "),
    "E": ("#####", "#    ", "#### ", "#    ", "#####"),
    "F": ("#####", "#    ", "#### ", "#    ", "#    "),
    "G": (" ####", "#    ", "#  ##", "#   #", " ####"),
    "H": ("#   #", "#   #", "#####", "#   #", "#   #"),
    "I": ("#####", "  #  ", "  #  ", "  #  ", "#####"),
    "J": ("#####", "   # ", "   # ", "#  # ", " ##  "),
    "K": ("#   #", "#  # ", "###  ", "#  # ", "#   #"),
    "L": ("#    ", "#    ", "#    ", "#    ", "#####"),
    "M": ("#   #", "## ##", "# # #", "#   #", "#   #"),
    "N": ("#   #", "##  #", "# # #", "#  ##", "#   #"),
    "O": (" ### ", "#   #", "#   #", "#   #", " ### "),
    "P": ("#### ", "#   #", "#### ", "#    ", "#    "),
    "Q": (" ### ", "#   #", "# # #", "#  # ", " ## #"),
    "R": ("#### ", "#   #", "#### ", "#  # ", "#   #"),
    "S": (" ####", "#    ", " ### ", "    #", "#### "),
    "T": ("#####", "  #  ", "  #  ", "  #  ", "  #  "),
    "U": ("#   #", "#   #", "#   #", "#   #", " ### "),
    "V": ("#   #", "#   #", "#   #", " # # ", "  #  "),
    "W": ("#   #", "#   #", "# # #", "## ##", "#   #"),
    "X": ("#   #", " # # ", "  #  ", " # # ", "#   #"),
    "Y": ("#   #", " # # ", "  #  ", "  #  ", "  #  "),
    "Z": ("#####", "   # ", "  #  ", " #   ", "#####"),
    "0": (" ### ", "#  ##", "# # #", "##  #", " ### "),
    "1": ("  #  ", " ##  ", "  #  ", "  #  ", " ### "),
    "2": (" ### ", "#   #", "  ## ", " #   ", "#####"),
    "3": ("#### ", "    #", " ### ", "    #", "#### "),
    "4": ("#   #", "#   #", "#####", "    #", "    #"),
    "5": ("#####", "#    ", "#### ", "    #", "#### "),
    "6": (" ### ", "#    ", "#### ", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", "  #  "),
    "8": (" ### ", "#   #", " ### ", "#   #", " ### "),
    "9": (" ### ", "#   #", " ####", "    #", " ### "),
    "'": ("  #  ", "  #  ", "     ", "     ", "     "),
    "-": ("     ", "     ", " ### ", "     ", "     "),
    ".": ("     ", "     ", "     ", "     ", "  #  "),
    "·": ("     ", "     ", "  #  ", "     ", "     "),
    " ": ("     ", "     ", "     ", "     ", "     "),
}
GLYPH_ROWS = 5
GLYPH_WIDTH = 5 + 1  # one blank column between letters
LINE_GAP = 1  # blank rows between lines of letters


def _glyph_key(char: str) -> str:
    """'è' -> 'E': accents dropped, capitals."""
    return unicodedata.normalize("NFD", char)[0].upper()


def can_draw(text: str) -> bool:
    """True when every character of `text` has a block letter."""
    return all(_glyph_key(char) in FONT for char in text)


def wrap_words(text: str, columns: int) -> list[str] | None:
    """Lines of at most `columns` letters, broken between words; None when a word is longer."""
    lines: list[str] = []
    for word in text.split():
        if len(word) > columns:
            return None
        if lines and len(lines[-1]) + 1 + len(word) <= columns:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def block_lines(text: str, width: int) -> list[str] | None:
    """`text` in block letters within `width` cells, line by line; None when it cannot fit."""
    if not text.strip() or not can_draw(text):
        return None
    words = wrap_words(text, (width + 1) // GLYPH_WIDTH)
    if not words:
        return None
    rows: list[str] = []
    for number, line in enumerate(words):
        if number:
            rows.extend([""] * LINE_GAP)
        glyphs = [FONT[_glyph_key(char)] for char in line]
        for row in range(GLYPH_ROWS):
            drawn = " ".join(glyph[row] for glyph in glyphs).replace("#", "█")
            rows.append(drawn)
    return rows


class BlockTitle(Static):
    """A title that, with the class `-big`, is drawn in 5-row block letters when they fit.

    Otherwise (no `-big`, too narrow, a character without a block letter) it is plain bold
    text. The text is never parsed as markup.
    """

    DEFAULT_CSS = """
    BlockTitle {
        width: 100%;
        height: auto;
        text-style: bold;
    }
    BlockTitle.-big {
        text-style: none;
    }
    """

    def __init__(self, text: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Content(text), id=id, classes=classes)
        self.text = text

    def _big_lines(self, width: int) -> list[str] | None:
        return block_lines(self.text, width) if self.has_class("-big") else None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines = self._big_lines(width)
        if lines is None:
            return super().get_content_height(container, viewport, width)
        return len(lines)

    def render(self) -> Content:
        lines = self._big_lines(self.content_region.width or self.size.width)
        if lines is None:
            return Content(self.text)
        return Content("\n".join(lines))

    def show_big(self, big: bool) -> None:
        """Block letters (when they fit) or plain text."""
        if big != self.has_class("-big"):
            self.set_class(big, "-big")
            self.refresh(layout=True)
