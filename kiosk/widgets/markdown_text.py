"""A volunteer's Markdown (the description of a service or an event) drawn as one widget.

Descriptions use paragraphs, **bold**, *italics*, lists and now and then a heading, a quote or a
link. Textual's Markdown widget builds a widget per block and loads a code highlighter; on a
service page that was 40% of the time from the tap to the page (23 ms of 57). Here the text is
parsed once (markdown-it, CommonMark, raw HTML shown as written) into blocks of styled text,
wrapped to the width with a hanging indent for list items and quotes. Nothing is ever parsed as
Textual markup, and links are not followed (a touch kiosk: the page's QR code carries them).
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

from kiosk.text import printable

_PARSER = MarkdownIt("commonmark", {"html": False})
INLINE_STYLES = {"strong": "bold", "em": "italic", "link": "underline", "s": "strike"}
QUOTE = "▌ "


@dataclass(frozen=True)
class Block:
    """One paragraph of the text: its first line starts with `first`, the others with `rest`
    (a list item's bullet, then as many spaces); `gap` puts an empty line before it."""

    text: Content
    first: str = ""
    rest: str = ""
    gap: bool = True


def inline(children: list[Token]) -> Content:
    """The text of an inline token's children, styled (bold, italics, links underlined)."""
    parts: list[Content] = []
    styles: list[str] = []
    links: list[tuple[str, int]] = []  # open links: where they go, where their text starts
    for token in children:
        kind = token.type
        if kind == "link_open":
            links.append((str(token.attrGet("href") or ""), len(parts)))
        if kind == "link_close" and links:
            href, start = links.pop()
            shown = "".join(part.plain for part in parts[start:])
            where = _address(href)
            if where and where != shown:  # nothing here can be tapped: say where it goes
                parts.append(Content(f" ({where})"))
        if kind.endswith("_open") and kind[:-5] in INLINE_STYLES:
            styles.append(INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in INLINE_STYLES:
            if styles:
                styles.pop()
        elif kind == "softbreak":
            parts.append(Content(" "))
        elif kind == "hardbreak":
            parts.append(Content("\n"))
        elif token.content:  # text, code, raw HTML as written; an image's description
            parts.append(Content.styled(token.content, " ".join(styles)))
    return Content.assemble(*parts) if parts else Content("")


def _address(href: str) -> str:
    """A link's address as a visitor would type or dial it; "" for a link inside the content
    (another page, a file), which means nothing away from the kiosk."""
    for scheme in ("https://", "http://", "mailto:", "tel:"):
        if href.startswith(scheme):
            return href.removeprefix(scheme).rstrip("/")
    return ""


def blocks(markdown: str) -> list[Block]:
    """The paragraphs of `markdown`, in order, with the prefixes of the lists and quotes they
    are in."""
    out: list[Block] = []
    # per open list item or quote: [prefix of its next line, prefix of the lines after it]
    lead: list[list[str]] = []
    numbers: list[int | None] = []  # per open list: the next item's number (None: bullets)
    heading = tight = in_list = False

    def prefixes() -> tuple[str, str]:
        first = "".join(p[0] for p in lead)
        rest = "".join(p[1] for p in lead)
        for item in lead:  # a bullet is written once, on the item's first line
            item[0] = item[1]
        return first, rest

    def add(text: Content) -> None:
        nonlocal in_list
        first, rest = prefixes()
        # the items of a tight list (markdown-it hides their paragraphs) follow each other
        # with no empty line; the list itself is set apart from the text before it
        out.append(Block(text, first, rest, gap=not (tight and in_list and bool(numbers))))
        in_list = bool(numbers)

    for token in _PARSER.parse(printable(markdown)):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            numbers.append(int(start) if start is not None else 1 if "ordered" in kind else None)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif kind == "list_item_open":
            number = numbers[-1]
            bullet = "• " if number is None else f"{number}. "
            if number is not None:
                numbers[-1] = number + 1
            lead.append([bullet, " " * len(bullet)])
        elif kind == "blockquote_open":
            lead.append([QUOTE, QUOTE])
        elif kind in ("list_item_close", "blockquote_close"):
            lead.pop()
        elif kind == "paragraph_open":
            tight = token.hidden
        elif kind == "heading_open":
            heading, tight = True, False
        elif kind == "heading_close":
            heading = False
        elif kind == "inline":
            text = inline(token.children or [])
            add(text.stylize("bold") if heading else text)
        elif kind in ("code_block", "fence"):
            tight = False
            add(Content(token.content.rstrip("\n")))
        elif kind == "hr":
            tight = False
            add(Content("―" * 3))
    return out


def wrap(block: Block, width: int) -> list[Content]:
    """The lines of one block at `width` cells, its prefixes in front."""
    room = max(1, width - max(len(block.first), len(block.rest)))
    lines: list[Content] = []
    for part in block.text.split("\n"):
        lines.extend(part.wrap(room) or [Content("")])
    return [
        Content.assemble(block.first if n == 0 else block.rest, line)
        for n, line in enumerate(lines)
    ]


class MarkdownText(Static):
    """The description as wrapped lines of text; as tall as they are."""

    DEFAULT_CSS = """
    MarkdownText {
        height: auto;
    }
    """

    def __init__(self, markdown: str, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes, markup=False)
        self.source = markdown
        self.blocks = blocks(markdown)
        self._lines: tuple[int, list[Content]] = (-1, [])

    def lines(self, width: int) -> list[Content]:
        """Every line of the text at `width` cells (kept for the last width asked)."""
        if self._lines[0] != width:
            lines: list[Content] = []
            for block in self.blocks:
                if block.gap and lines:
                    lines.append(Content(""))
                lines.extend(wrap(block, width))
            self._lines = (width, lines)
        return self._lines[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width))
