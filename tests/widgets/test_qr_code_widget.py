"""QRCode: a real decoder reads the screenshot; small areas fall back to plain text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import cairosvg
import pytest
import zxingcpp
from PIL import Image
from textual.app import App, ComposeResult
from textual.containers import Container
from textual.widgets import Label

from kiosk.widgets.qr_code import QRCode

URL = "https://www.example.org/cpf/servizi/percorso-nascita"
SHORT_LINK = "example.org/nascita"
HALF_BLOCKS = ("▀", "▄", "█")


class QRApp(App[None]):
    """A QR code under a caption, in the given theme."""

    def __init__(self, data: str = URL, theme: str = "textual-dark", box_height: int = 0) -> None:
        super().__init__()
        self.data = data
        self.start_theme = theme
        self.box_height = box_height

    def compose(self) -> ComposeResult:
        yield Label("Inquadra il codice")
        qr = QRCode(self.data, fallback_text=SHORT_LINK, too_small_text="Apri:")
        if self.box_height:
            box = Container(qr)
            box.styles.height = self.box_height
            yield box
        else:
            yield qr

    def on_mount(self) -> None:
        self.theme = self.start_theme


def decode_screenshot(app: App[None], tmp_path: Path) -> list[str]:
    """Save an SVG screenshot, rasterise it with cairosvg and decode QR codes."""
    svg_path = Path(app.save_screenshot(filename="screen.svg", path=str(tmp_path)))
    svg = svg_path.read_text(encoding="utf-8")
    # cairosvg uses the first family only and ignores textLength: "Fira Code" is
    # seldom installed and fontconfig would substitute a proportional font.
    svg = re.sub(r"font-family: Fira Code[^;]*;", "font-family: monospace;", svg)
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2, background_color="white")
    assert isinstance(png, bytes)
    image = Image.open(io.BytesIO(png))
    # No inverted reading: the symbol must be dark on light.
    return [code.text for code in zxingcpp.read_barcodes(image, try_invert=False)]


def widget_text(widget: QRCode) -> str:
    """The characters the widget draws, line by line."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_screenshot_decodes_to_the_data(
    size: tuple[int, int], theme: str, tmp_path: Path
) -> None:
    app = QRApp(theme=theme)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        qr = app.query_one(QRCode)
        assert app.theme == theme
        assert qr.showing_symbol
        assert decode_screenshot(app, tmp_path) == [URL]


async def test_symbol_is_sized_and_coloured_explicitly() -> None:
    app = QRApp(theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        qr = app.query_one(QRCode)
        # Version 3 is 29 modules; with the 4-module quiet zone, 37 columns and
        # 37 module rows folded into 19 terminal rows.
        assert qr.size == (37, 19)
        for y in range(qr.size.height):
            strip = qr.render_line(y)
            assert strip.cell_length == 37
            for segment in strip:
                assert segment.style is not None
                assert segment.style.color is not None
                assert segment.style.bgcolor is not None
                assert segment.style.color.name == "#000000"
                assert segment.style.bgcolor.name in ("#000000", "#ffffff")
        # The first two module rows are quiet zone: light on every cell.
        first = qr.render_line(0)
        assert first.text == " " * 37
        assert {s.style.bgcolor.name for s in first if s.style and s.style.bgcolor} == {"#ffffff"}


async def test_changing_data_redraws_the_symbol(tmp_path: Path) -> None:
    app = QRApp(data="https://www.example.org/a")
    async with app.run_test(size=(80, 24)) as pilot:
        qr = app.query_one(QRCode)
        qr.data = URL
        await pilot.pause()
        assert decode_screenshot(app, tmp_path) == [URL]


@pytest.mark.parametrize(
    ("size", "box_height"),
    [
        ((30, 40), 0),  # too narrow
        ((80, 24), 8),  # too short: its container is 8 rows high
    ],
)
async def test_too_small_area_shows_the_fallback_text(
    size: tuple[int, int], box_height: int
) -> None:
    app = QRApp(box_height=box_height)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        qr = app.query_one(QRCode)
        assert not qr.showing_symbol
        text = widget_text(qr)
        assert "Apri:" in text
        assert SHORT_LINK in text
        screen = app.export_screenshot()
        for glyph in HALF_BLOCKS:
            assert glyph not in screen


async def test_fallback_text_is_not_parsed_as_markup() -> None:
    app = QRApp()
    async with app.run_test(size=(30, 20)) as pilot:
        qr = app.query_one(QRCode)
        qr.fallback_text = "[b]x[/b] [@click=app.quit]"
        await pilot.pause()
        assert "[b]x[/b] [@click=app.quit]" in widget_text(qr)


async def test_data_too_long_for_any_symbol_shows_the_fallback() -> None:
    app = QRApp(data="x" * 3000)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        qr = app.query_one(QRCode)
        assert not qr.showing_symbol
        assert SHORT_LINK in widget_text(qr)
