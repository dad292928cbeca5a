"""Getting into admin and out again: PIN pad, throttle, logout, idle close, no side door."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from textual.widgets import Button

from kiosk.models import AuditLog
from kiosk.screens.staff.admin_home import AdminHomeScreen
from kiosk.screens.staff.pin_entry import PinEntryScreen
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.screens.visitor.still_there import StillThereScreen
from kiosk.staff import pin
from kiosk.widgets.keypad import Keypad
from tests.support.admin import (
    GOOD_PIN,
    admin_app,
    cheap_scrypt,
    is_admin,
    open_tile,
    settle,
    type_pin,
    unlock,
)
from tests.support.pilot import FakeClock, visible_text

__all__ = ["cheap_scrypt"]  # autouse fixture: cheap PIN hashing in every test here
WRONG = "907153"


async def test_without_a_pin_admin_cannot_be_opened(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path, with_pin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, PinEntryScreen)
        text = visible_text(app)
        assert "Nessun PIN impostato: usare `kiosk admin set-pin` sul terminale" in text
        assert not app.screen.query_one("#pin-pad", Keypad).display  # only 'Indietro' is left
        buttons = [b.id for b in app.screen.query(Button) if b.display and b.region]
        assert buttons == ["pin-back"]
        await pilot.click("#pin-back")
        await settle(pilot)
        assert isinstance(app.screen, AttractScreen)


async def test_wrong_pin_says_so_then_the_delay_grows(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the test's own ticks move the countdown: the screen's timer never fires here.
    monkeypatch.setattr(PinEntryScreen, "TICK_INTERVAL", 24 * 3600.0)
    app = admin_app(sqlite_url, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, WRONG)
        screen = app.screen
        assert isinstance(screen, PinEntryScreen)
        assert "PIN errato." in visible_text(app)
        assert screen.query_one("#pin-input").value == ""  # nothing kept on screen
        await type_pin(pilot, WRONG)
        assert not screen.query_one("#pin-pad", Keypad).disabled  # two failures are free
        await type_pin(pilot, WRONG)
        pad = screen.query_one("#pin-pad", Keypad)
        assert pad.disabled and screen.query_one("#pin-input").disabled
        assert "Troppi tentativi: riprova tra 5 secondi." in visible_text(app)
        # The pad stays shut: typing the right PIN now does nothing at all.
        await type_pin(pilot, GOOD_PIN)
        assert isinstance(app.screen, PinEntryScreen)
        screen.tick()
        await pilot.pause()
        assert "riprova tra 4 secondi" in visible_text(app)
        for _ in range(4):
            screen.tick()
        await pilot.pause()
        assert not pad.disabled
        failures = [r.detail for r in AuditLog.select().where(AuditLog.action.startswith("admin"))]
        assert "failures=3" in failures and not any(GOOD_PIN in d or WRONG in d for d in failures)


async def test_the_throttle_survives_a_restart(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pin, "BASE_DELAY", 300)  # long enough for any test machine
    first = admin_app(sqlite_url, tmp_path)
    async with first.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, WRONG)
        await type_pin(pilot, WRONG)
        await type_pin(pilot, WRONG)
        assert first.screen.query_one("#pin-pad", Keypad).disabled
    second = admin_app(sqlite_url, tmp_path, with_pin=False)  # same database, new app
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await settle(pilot)
        screen = second.screen
        assert isinstance(screen, PinEntryScreen)
        assert screen.query_one("#pin-pad", Keypad).disabled
        assert "Troppi tentativi: riprova tra" in visible_text(second)
        await type_pin(pilot, GOOD_PIN)
        assert isinstance(second.screen, PinEntryScreen) and not is_admin(second)


@pytest.mark.parametrize("size", [(80, 24), (57, 16)])  # 57×16: the 800×480 panel
async def test_right_pin_replaces_the_pad_with_the_admin_home(
    sqlite_url: str, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Every key of the pad can be tapped (the smallest panel too), and the right PIN opens
    the admin home."""
    app = admin_app(sqlite_url, tmp_path)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, AdminHomeScreen)
        assert not any(isinstance(s, PinEntryScreen) for s in app.screen_stack)
        assert "Liste d'attesa" in visible_text(app)
        await pilot.click("#admin-back")
        await settle(pilot)
        assert isinstance(app.screen, AttractScreen) and not is_admin(app)


@pytest.mark.parametrize("tile", ["#admin-waitlists", "#admin-stats", "#admin-status"])
async def test_logout_from_any_admin_screen(sqlite_url: str, tmp_path: Path, tile: str) -> None:
    app = admin_app(sqlite_url, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, tile)
        assert is_admin(app)
        await pilot.click("#admin-logout")
        await settle(pilot)
        assert isinstance(app.screen, AttractScreen) and len(app.screen_stack) == 2
        assert not is_admin(app)


async def test_admin_closes_after_admin_timeout_without_asking(
    sqlite_url: str, tmp_path: Path
) -> None:
    clock = FakeClock()
    app = admin_app(sqlite_url, tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-waitlists")
        admin_screens = list(app.screen_stack)
        clock.advance(app.settings.admin_timeout - 1)  # past the visitor timeout already
        app.check_visitor_idle()
        await pilot.pause()
        assert is_admin(app) and not isinstance(app.screen, StillThereScreen)
        clock.advance(2)
        app.check_visitor_idle()
        await settle(pilot)
        assert isinstance(app.screen, AttractScreen) and len(app.screen_stack) == 2
        # The next visitor: no admin screen anywhere, and nothing leads back to one.
        assert not set(admin_screens[2:]) & set(app.screen_stack)
        for key in ("escape", "backspace", "enter", "left", "tab"):
            await pilot.press(key)
        await settle(pilot)
        assert not is_admin(app)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, PinEntryScreen)  # the PIN is asked again


async def test_the_pin_pad_itself_closes_when_left_alone(sqlite_url: str, tmp_path: Path) -> None:
    clock = FakeClock()
    app = admin_app(sqlite_url, tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await settle(pilot)
        clock.advance(app.settings.admin_timeout + 1)
        app.check_visitor_idle()
        await settle(pilot)
        assert isinstance(app.screen, AttractScreen)


VISITOR_KEYS = [
    *"abcdefghijklmnopqrstuvwxyz0123456789",
    "enter", "escape", "tab", "shift+tab", "space", "backspace", "delete", "up", "down",
    "left", "right", "home", "end", "pageup", "pagedown", "insert",
    "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f10", "f11", "f12",
    "ctrl+a", "ctrl+e", "ctrl+l", "ctrl+o", "ctrl+s", "ctrl+t", "ctrl+x", "ctrl+y",
]  # fmt: skip


async def test_no_visitor_route_leads_to_admin(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    assert not app.SCREENS and not app.MODES  # nothing to switch to by name
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        ids = [b.id for b in app.screen.query(Button) if b.id]
        assert len(ids) >= 6
        if importlib.util.find_spec("kiosk.screens.waitlist.ticket_check") is None:
            ids.remove("tile-ticket")  # that visitor screen is not written yet
        for button_id in ids:
            app.start_visit()
            await settle(pilot)
            await pilot.click(f"#{button_id}")
            await settle(pilot)
            assert not is_admin(app), button_id
            assert not isinstance(app.screen, PinEntryScreen), button_id
            # One level deeper: the buttons of the screen it opened (those still shown
            # after the previous tap).
            inner = [b.id for b in app.screen.query(Button) if b.id and b.region]
            for inner_id in inner:
                found = app.screen.query(f"#{inner_id}")
                if found and found.first().region:
                    await pilot.click(f"#{inner_id}")
                    await settle(pilot)
                    assert not is_admin(app), (button_id, inner_id)
        app.start_visit()
        await settle(pilot)
        for key in VISITOR_KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert not is_admin(app), key
            assert not isinstance(app.screen, PinEntryScreen), key
        await settle(pilot)
        assert not is_admin(app)


async def test_admin_opened_over_still_there_closes_after_the_admin_timeout(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Staff open admin while 'Ci sei ancora?' is up; left alone, admin still closes."""
    # Only the test's clock moves: the modal's own countdown (the longest allowed) never runs
    # out here.
    clock = FakeClock()
    app = admin_app(sqlite_url, tmp_path, clock=clock, still_there_seconds=600)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(OfficeScreen())  # a visitor walked away mid-visit
        await settle(pilot)
        clock.advance(app.settings.idle_timeout + 1)
        app.check_visitor_idle()
        await settle(pilot)
        assert isinstance(app.screen, StillThereScreen)
        await unlock(pilot)  # staff press F9 over the question and type the PIN
        assert is_admin(app) and isinstance(app.screen, AdminHomeScreen)
        clock.advance(app.settings.admin_timeout - 1)
        app.check_visitor_idle()
        await settle(pilot)
        assert is_admin(app)
        clock.advance(2)
        app.check_visitor_idle()
        await settle(pilot)
        assert isinstance(app.screen, AttractScreen) and len(app.screen_stack) == 2
        assert not is_admin(app)
        assert not any(isinstance(s, StillThereScreen) for s in app.screen_stack)
