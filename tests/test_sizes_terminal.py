"""The real `kiosk run` in an 80×24 tmux pane: by taps to a service page, whose QR code a real
decoder reads from the pane as it is, without any scrolling."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from tests.support.terminal import START_TIMEOUT, STEP_TIMEOUT, Terminal, kiosk_in_tmux

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

PUBLIC_URL = "https://example.org/cpf/"
# (top module dark, bottom module dark) of each half-block cell the QR code is drawn with.
MODULES = {"▀": (True, False), "▄": (False, True), "█": (True, True)}


@pytest.fixture
def terminal_80x24(tmp_path: Path) -> Iterator[Terminal]:
    with kiosk_in_tmux(tmp_path, 80, 24, KIOSK_PUBLIC_URL=PUBLIC_URL) as term:
        yield term


def qr_image(lines: list[str]) -> Image.Image:
    """The QR symbol drawn in the pane, as a black-on-white image with a fresh quiet zone.

    Only the half-block cells count; the bounding box of the dark modules is the symbol.
    """
    cells = [
        (row, column)
        for row, line in enumerate(lines)
        for column, char in enumerate(line)
        if char in MODULES
    ]
    assert cells, "no QR code on the screen:\n" + "\n".join(lines)
    top, bottom = min(r for r, _ in cells), max(r for r, _ in cells)
    left, right = min(c for _, c in cells), max(c for _, c in cells)
    scale, border = 8, 4
    width, height = right - left + 1, 2 * (bottom - top + 1)
    image = Image.new("L", ((width + 2 * border) * scale, (height + 2 * border) * scale), 255)
    for row in range(top, bottom + 1):
        line = lines[row].ljust(right + 1)
        for column in range(left, right + 1):
            upper, lower = MODULES.get(line[column], (False, False))
            for half, dark in enumerate((upper, lower)):
                if dark:
                    x = (column - left + border) * scale
                    y = (2 * (row - top) + half + border) * scale
                    image.paste(0, (x, y, x + scale, y + scale))
    return image


def test_service_qr_decodes_from_the_pane_without_scrolling(terminal_80x24: Terminal) -> None:
    term = terminal_80x24
    term.wait_for(lambda t: "Di cosa hai bisogno?" in t, START_TIMEOUT, "the attract screen")
    term.tap("Di cosa hai bisogno?")
    term.wait_for(lambda t: "Nascita e" in t, STEP_TIMEOUT, "the needs")
    term.tap("Nascita e")
    term.wait_for(lambda t: "Percorso nascita" in t, STEP_TIMEOUT, "the services for a birth")
    term.tap("Percorso nascita")
    text = term.wait_for(
        lambda t: "Mettiti in lista" in t and "█" in t, STEP_TIMEOUT, "the service page"
    )
    # Nothing scrolled: the pane as the page first shows it.
    decoded = [code.text for code in zxingcpp.read_barcodes(qr_image(text.splitlines()))]
    assert decoded == [PUBLIC_URL + "percorso-nascita"]
