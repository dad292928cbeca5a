"""Helpers of the admin screen tests: a kiosk with a PIN, taps, unlock, entries, screen text."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kiosk.app import KioskApp
from kiosk.clock import utcnow
from kiosk.messages import AdminRequested
from kiosk.models import Service, Waitlist, WaitlistEntry
from kiosk.staff import pin
from kiosk.staff.pin import ScryptParams
from tests.support.pilot import FakeClock, make_test_app, settle_screens
from tests.support.staff_data import add_entry

GOOD_PIN = "482915"
_order = itertools.count()
KIOSK = "cpf-test"

UNTRUSTED = {
    "click": "[@click=app.quit]x[/]",
    "markup": "Mario [/]",
    "ansi": "\x1b[31mred",
    "zero_width": "Ann\u200ba",
    "bidi": "abc\u202edef",
    "emoji": "Giulia 👩‍👧‍👦",
    "long": "L" * 10_000,
}


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """PINs hashed with tiny scrypt parameters (verification reads them from the hash)."""
    monkeypatch.setattr(pin, "SCRYPT_PARAMS", ScryptParams(n=16, r=1, p=1))


def admin_app(
    db_url: str,
    tmp_path: Path,
    *,
    with_pin: bool = True,
    clock: FakeClock | None = None,
    **settings: object,
) -> KioskApp:
    """A kiosk on a throwaway database, staff exports in tmp_path/exports, PIN set."""
    app = make_test_app(
        db_url, clock=clock, kiosk_id=KIOSK, staff_dir=tmp_path / "exports", **settings
    )
    if with_pin:
        pin.set_pin(GOOD_PIN, kiosk_id=KIOSK)
    return app


async def settle(pilot: Pilot[None]) -> None:
    """Let handlers, database workers and their answers run."""
    await settle_screens(pilot)


async def tap_again(pilot: Pilot[None], selector: str) -> None:
    """Tap a button once more, as after its 0.2 s press animation (no sleeping)."""
    pilot.app.screen.query_one(selector).remove_class("-active")
    await pilot.click(selector)
    await settle(pilot)


async def type_pin(pilot: Pilot[None], digits: str) -> None:
    for digit in digits:
        await pilot.click(f"#pin-pad #key-{digit}")
    await pilot.click("#pin-pad #key-enter")
    await settle(pilot)


async def unlock(pilot: Pilot[None], digits: str = GOOD_PIN) -> None:
    """Open the PIN pad as the app does, and type `digits` on it."""
    pilot.app.post_message(AdminRequested())
    await settle(pilot)
    await type_pin(pilot, digits)


async def open_tile(pilot: Pilot[None], tile_id: str) -> None:
    await pilot.click(tile_id)
    await settle(pilot)


def waitlist_of(slug: str) -> Waitlist:
    """The waitlist the content sync made for a bundled service."""
    return Waitlist.select().join(Service).where(Service.slug == slug).get()


def add_person(slug: str, **fields: object) -> WaitlistEntry:
    """An entry made an hour ago (recent: the app's retention purge leaves it alone)."""
    when = utcnow() - dt.timedelta(hours=1) + dt.timedelta(seconds=next(_order))
    values: dict[str, object] = {"kiosk_id": KIOSK, "created_at": when, "updated_at": when}
    return add_entry(waitlist_of(slug), **(values | fields))


def screen_text(app: KioskApp) -> str:
    """Everything on the current screen as the terminal shows it (SVG text, unescaped)."""
    import html

    svg = app.export_screenshot()
    rows = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    return html.unescape("".join(rows)).replace("\xa0", " ")


def is_admin(app: KioskApp) -> bool:
    """Whether an admin screen (beyond the PIN pad) is anywhere in the stack."""
    return any(
        getattr(s, "STAFF_ONLY", False) and type(s).__name__ != "PinEntryScreen"
        for s in app.screen_stack
    )
