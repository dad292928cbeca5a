"""Helpers of the waitlist screen tests: taps, on-screen keys, shown text, QR."""

from __future__ import annotations

import io
import re
from pathlib import Path

import cairosvg
import zxingcpp
from PIL import Image
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from kiosk.models import Service, Waitlist, WaitlistEntry
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from kiosk.widgets.keyboard import OnScreenKeyboard
from tests.support.pilot import settle_screens

key = OnScreenKeyboard.key_id
BIRTH = "percorso-nascita"  # a bundled service whose form asks name, contact, note


async def settle(pilot: Pilot[None]) -> None:
    """Let the screens, and the database workers they started, finish."""
    await settle_screens(pilot)


async def tap(pilot: Pilot[None], selector: str) -> None:
    """Scroll `selector` into view as a visitor would, then tap it."""
    await pilot.pause()  # what was typed has been taken in (and the layout has settled)
    widget = pilot.app.screen.query_one(selector)
    widget.scroll_visible(animate=False)
    await pilot.pause()
    assert await pilot.click(widget), f"{selector} could not be tapped"
    await settle(pilot)


async def type_keys(pilot: Pilot[None], pad: str, text: str) -> None:
    """Type `text` on the keyboard or keypad `pad` (e.g. '#keys-text'), one tap a key; when a
    letter is not on the layout shown (Latin letters on the Ukrainian keys, or the other way
    round), the layout key switches alphabet first, as a visitor would."""
    for char in text:
        letter = f"{pad} #{key(char.lower())}"
        if (
            char.isalpha()
            and not pilot.app.screen.query(letter)
            and pilot.app.screen.query(f"{pad} #key-layout")
        ):
            await pilot.click(f"{pad} #key-layout")
            await pilot.pause()
        if char.lower() != char.upper() and pilot.app.screen.query(f"{pad} #key-shift"):
            # One-shot shift, on by itself at the start of a name: tap it only when needed.
            keyboard = pilot.app.screen.query_one(pad, OnScreenKeyboard)
            if keyboard.shifted != char.isupper():
                await pilot.click(f"{pad} #key-shift")
            await pilot.click(f"{pad} #{key(char.lower())}")
        elif char == " " and pilot.app.screen.query(f"{pad} #key-space"):
            await pilot.click(f"{pad} #key-space")  # the keyboard's space bar
        else:
            await pilot.click(f"{pad} #{key(char)}")
    await pilot.pause()


def shown(widget: Widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def shown_text(app: App[None]) -> str:
    """The text of the widgets actually displayed on the active screen."""
    parts = []
    for widget in app.screen.query("*"):
        if not shown(widget):
            continue
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
        elif isinstance(widget, Button):
            parts.append(str(widget.label))
        elif isinstance(widget, Input):
            parts.append(widget.value)
    return "\n".join(parts)


def value(app: App[None], field: str) -> str:
    return app.screen.query_one(f"#field-{field}", Input).value


def entries(slug: str) -> list[WaitlistEntry]:
    waitlist = Waitlist.select().join(Service).where(Service.slug == slug).get()
    return list(WaitlistEntry.select().where(WaitlistEntry.waitlist == waitlist))


def decode_qr(app: App[None], folder: Path) -> list[str]:
    """Save an SVG screenshot, rasterise it with cairosvg and read the QR codes in it."""
    svg_path = Path(app.save_screenshot(filename="screen.svg", path=str(folder)))
    # cairosvg takes the first font family only: "Fira Code" is seldom installed.
    svg = re.sub(r"font-family: Fira Code[^;]*;", "font-family: monospace;", svg_path.read_text())
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2, background_color="white")
    assert isinstance(png, bytes)
    image = Image.open(io.BytesIO(png))
    return [code.text for code in zxingcpp.read_barcodes(image, try_invert=False)]


async def open_form(pilot, slug: str = BIRTH) -> WaitlistJoinScreen:  # type: ignore[no-untyped-def]
    """The join form of `slug`, opened straight (the taps that lead there are tested elsewhere)."""
    screen = WaitlistJoinScreen(slug)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def fill(app, **values: str) -> None:  # type: ignore[no-untyped-def]
    """Put text in fields as a paste would (taps are tested elsewhere)."""
    for field, text in values.items():
        app.screen.query_one(f"#field-{field}", Input).value = text
