"""Touch and the idle clock: a finger drag (wheel up or down) keeps the visit; the countdown."""

from __future__ import annotations

import pytest
from textual import events
from textual.containers import VerticalScroll

from kiosk.config import ConfigError, load_settings
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.screens.visitor.still_there import StillThereScreen
from tests.support.pilot import FakeClock, make_test_app, visible_text
from tests.support.waitlist_ui import settle

WHEEL = {"down": events.MouseScrollDown, "up": events.MouseScrollUp}


def drag(app, direction: str, x: int, y: int) -> None:  # type: ignore[no-untyped-def]
    """What foot sends for a finger drag: a wheel event, through the app as the driver posts it."""
    event = WHEEL[direction](None, x, y, 0, 1, 0, False, False, False, screen_x=x, screen_y=y)
    app.post_message(event)


@pytest.mark.parametrize("size", [(80, 24), (57, 16)])
async def test_reading_by_dragging_down_and_up_keeps_the_visit(
    sqlite_url: str, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    app = make_test_app(sqlite_url, clock=clock)
    async with app.run_test(size=size) as pilot:
        app.push_screen(ServiceDetailScreen("percorso-nascita"))
        await settle(pilot)
        # The part of the page that scrolls at this size: the whole page on a small panel, the
        # details beside the QR code on a larger one.
        body = next(w for w in app.screen.query(VerticalScroll) if w.max_scroll_y > 0)
        x, y = body.region.center
        for direction in ("down", "down", "up"):
            clock.advance(app.settings.idle_timeout - 5)  # reading, no tap: only drags
            drag(app, direction, x, y)
            await pilot.pause()
            app.check_visitor_idle()
            await pilot.pause()
            assert isinstance(app.screen, ServiceDetailScreen), f"asked after a drag {direction}"
        # The drags really scrolled the page (two down, one up: not back at the top).
        assert body.scroll_y > 0


async def test_the_countdown_lasts_the_configured_seconds(sqlite_url: str) -> None:
    clock = FakeClock()
    app = make_test_app(sqlite_url, clock=clock, still_there_seconds=25)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#lang-en")
        clock.advance(app.settings.idle_timeout + 1)
        app.check_visitor_idle()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StillThereScreen)
        assert "25 seconds" in visible_text(app)
        for _ in range(24):  # ticks driven by hand, no sleeping
            screen.tick()
        await pilot.pause()
        assert app.screen is screen and "In 1 second the kiosk" in visible_text(app)  # singular
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, AttractScreen) and app.language == "it"


def test_the_countdown_setting_defaults_to_30_and_refuses_under_20() -> None:
    assert load_settings({}).still_there_seconds == 30
    assert load_settings({"KIOSK_STILL_THERE_SECONDS": "45"}).still_there_seconds == 45
    with pytest.raises(ConfigError, match="KIOSK_STILL_THERE_SECONDS=19 deve essere tra 20"):
        load_settings({"KIOSK_STILL_THERE_SECONDS": "19"})
