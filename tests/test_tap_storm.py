"""Children tap fast: thousands of random taps on every visitor screen never end the kiosk."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

import pytest
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from kiosk import waitlist
from kiosk.app import KioskApp
from kiosk.screens.visitor.age_choice import AgeChoiceScreen
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.events import EventsScreen
from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.screens.visitor.search import SearchScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.screens.waitlist.ticket_check import TicketCheckScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from tests.support.pilot import make_test_app

SEED = 20261202
TAPS_PER_SCREEN = 200  # 11 screens: 2,200 taps in all
SIZE = (80, 24)


def screens(confirmed: waitlist.JoinResult) -> dict[str, Callable[[], Screen[None]]]:
    """Every visitor screen, each built as a visitor would reach it."""
    return {
        "attract": AttractScreen,
        "needs": NeedChoiceScreen,
        "ages": AgeChoiceScreen,
        "browse": lambda: BrowseScreen(need="nascita"),
        "search": SearchScreen,
        "service": lambda: ServiceDetailScreen("percorso-nascita"),
        "events": EventsScreen,
        "office": OfficeScreen,
        "join": lambda: WaitlistJoinScreen("percorso-nascita"),
        "confirm": lambda: WaitlistConfirmScreen(confirmed),
        "ticket": TicketCheckScreen,
    }


def post_tap(app: KioskApp, x: int, y: int) -> None:
    """A tap as the terminal reports it: button down, button up (the App makes the Click)."""
    driver = app._driver
    assert driver is not None
    for event_class in (events.MouseDown, events.MouseUp):
        driver.process_message(
            event_class(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
        )


async def storm(pilot: Pilot[None], rng: random.Random, taps: int, seen: set[str]) -> None:
    """`taps` taps at random places, in bursts of 1-6 with no wait between them."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    width, height = SIZE
    done = 0
    while done < taps:
        burst = min(taps - done, rng.randint(1, 6))
        for _ in range(burst):
            post_tap(app, rng.randrange(width), rng.randrange(height))
        done += burst
        # The screen takes the burst in (no sleeping); now and then it also settles fully.
        if rng.random() < 0.1:
            await pilot.pause()
        else:
            await pilot._wait_for_screen()
        assert app.is_running and app.return_code is None, f"the kiosk ended after {done} taps"
        seen.add(type(app.screen).__name__)


@pytest.mark.parametrize("seed", [SEED])
async def test_random_tap_storm_never_ends_the_kiosk(sqlite_url: str, seed: int) -> None:
    app = make_test_app(sqlite_url)  # recover_from_errors is off: any exception fails the test
    confirmed = waitlist.join_waitlist(
        "percorso-nascita",
        waitlist.JoinForm(name="Prova", phone="347 000 0000"),
        kiosk_id="test",
        request_id=uuid.uuid4(),
    )
    rng = random.Random(seed)
    visited: list[str] = []
    seen: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for name, make in screens(confirmed).items():
            app.start_visit()
            if name != "attract":
                app.push_screen(make())
            visited.append(type(app.screen).__name__)
            await storm(pilot, rng, TAPS_PER_SCREEN, seen)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.return_code is None
    assert app._exception is None
    assert len(set(visited)) == len(screens(confirmed))
    assert len(seen) >= 8  # the taps really moved the visitor around (not all on dead space)


async def test_tap_on_a_widget_just_removed_is_harmless(sqlite_url: str) -> None:
    """The tap arrives before the screen has redrawn: Textual still maps it to the old widget."""
    app = make_test_app(sqlite_url)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        subtitle = app.screen.query_one("#attract-subtitle", Static)
        x, y = subtitle.region.x + 1, subtitle.region.y
        await subtitle.remove()
        assert app.screen.get_widget_at(x, y)[0] is subtitle  # the map is stale, as in a storm
        for event_class in (events.MouseDown, events.MouseUp):
            await app.on_event(
                event_class(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
            )
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, AttractScreen)
