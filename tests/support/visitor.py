"""Helpers of the visitor-screen tests: a fixed clock, content files, taps, QR codes."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import cairosvg
import zxingcpp
from PIL import Image
from textual.pilot import Pilot
from textual.widget import Widget

from kiosk.app import KioskApp
from kiosk.models import UsageEvent
from tests.support.pilot import settle_screens

PUBLIC_URL = "https://example.org/cpf/"

COMMON = """
provider: {name: "Comune di Lucca", kind: comune}
assured_date: 2026-11-21
assured_by: "Test"
"""


def write_service(content: Path, slug: str, front: str, body: str = "Descrizione.") -> None:
    """A service file in a test's private content folder."""
    text = f"---\nslug: {slug}\n{textwrap.dedent(front).strip()}\n{COMMON.strip()}\n---\n{body}\n"
    (content / "services" / f"{slug}.md").write_text(text, encoding="utf-8")


def write_event(content: Path, slug: str, front: str, body: str = "Testo.") -> None:
    """An event file in a test's private content folder."""
    text = (
        f"---\nslug: {slug}\n{textwrap.dedent(front).strip()}\n"
        'assured_date: 2026-11-21\nassured_by: "Test"\n---\n'
        f"{body}\n"
    )
    (content / "events" / f"{slug}.md").write_text(text, encoding="utf-8")


async def settle(pilot: Pilot[None]) -> None:
    """Let loads finish and their results reach the screen (twice: a result may start another)."""
    await settle_screens(pilot)


async def tap(pilot: Pilot[None], target: str | Widget) -> None:
    """A finger on the widget: bring it into view first, then click inside it."""
    app = pilot.app
    widget = app.screen.query_one(target) if isinstance(target, str) else target
    widget.scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    assert await pilot.click(widget, offset=(2, 1)), f"the tap on {target} landed elsewhere"
    await settle(pilot)


def decode_qr(app: KioskApp, folder: Path, name: str = "screen.svg") -> list[str]:
    """Screenshot (SVG) → PNG with cairosvg → the texts a real QR decoder reads."""
    svg_path = Path(app.save_screenshot(filename=name, path=str(folder)))
    svg = svg_path.read_text(encoding="utf-8")
    # cairosvg takes the first font family only: a missing "Fira Code" would fall back to a
    # proportional font and break the columns.
    svg = re.sub(r"font-family: Fira Code[^;]*;", "font-family: monospace;", svg)
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=3, background_color="white")
    assert isinstance(png, bytes)
    image = Image.open(io.BytesIO(png))
    return [code.text for code in zxingcpp.read_barcodes(image, try_invert=False)]


def usage_rows() -> list[tuple[str, str, str, str]]:
    """(kind, key, lang, kiosk_id) of every usage row, oldest first."""
    return [
        (row.kind, row.key, row.lang, row.kiosk_id)
        for row in UsageEvent.select().order_by(UsageEvent.id)
    ]


async def choose_language(pilot: Pilot[None], language: str) -> None:
    """The nav's language button opens the picker; a tap on `language` there applies it."""
    await tap(pilot, "#nav-language")
    assert pilot.app.screen.query("#picker-languages"), "the language picker did not open"
    await tap(pilot, f"#pick-{language}")
    assert not pilot.app.screen.query("#picker-languages"), "the language picker stayed open"
