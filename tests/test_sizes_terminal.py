"""The real `kiosk run` in an 80×24 tmux pane: by taps to a service page, whose QR code a real
decoder reads from the pane as it is, without any scrolling."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from tests.test_terminal_smoke import START_TIMEOUT, STEP_TIMEOUT, Terminal

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

PUBLIC_URL = "https://example.org/cpf/"
# (top module dark, bottom module dark) of each half-block cell the QR code is drawn with.
MODULES = {"▀": (True, False), "▄": (False, True), "█": (True, True)}


@pytest.fixture
def terminal_80x24(tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "home"
    for sub in ("data", "config", "cache", "state"):
        (home / sub).mkdir(parents=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "KIOSK_DATABASE_URL": f"sqlite:///{tmp_path / 'kiosk.db'}",
        "KIOSK_PUBLIC_URL": PUBLIC_URL,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    term = Terminal(f"kiosk-test-{uuid.uuid4().hex[:10]}", env)
    command = f"{sys.executable} -m kiosk run"
    term.tmux(
        "new-session", "-d", "-s", "kiosk", "-x", "80", "-y", "24", command,
        ";", "set-option", "-t", "kiosk", "remain-on-exit", "on",
    )  # fmt: skip
    try:
        yield term
    finally:
        subprocess.run(
            ["tmux", "-L", term.socket, "kill-server"], env=env, capture_output=True, timeout=10
        )


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
