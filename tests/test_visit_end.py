"""'Fine' ends the visit exactly as the idle reset does: the next visitor starts fresh."""

from __future__ import annotations

from textual.widgets import Input

from kiosk import waitlist
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.waitlist.ticket_check import TicketCheckScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from kiosk.waitlist import JoinForm
from tests.support.pilot import make_test_app, visible_text
from tests.support.waitlist_ui import settle, tap, type_keys

BIRTH = "percorso-nascita"


def assert_fresh_visit(app, first_attract) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, AttractScreen)
    assert app.screen is not first_attract  # a fresh instance, not the one left behind
    assert len(app.screen_stack) == 2  # nothing of the visit left underneath
    assert app.language == "it"
    assert app.clipboard == ""
    assert not app._notifications
    assert "Di cosa hai bisogno?" in visible_text(app)


async def test_fine_after_joining_ends_the_visit(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.screen
        await tap(pilot, "#lang-en")
        app.copy_to_clipboard("Mario Rossi")
        app.notify("for this visitor")
        app.push_screen(WaitlistJoinScreen(BIRTH))
        await settle(pilot)
        app.screen.query_one("#field-name", Input).value = "Mario Rossi"
        app.screen.query_one("#field-phone", Input).value = "3331234567"
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        await tap(pilot, "#confirm-done")
        assert_fresh_visit(app, first)
        # A new form is empty: nothing of the previous visitor comes back.
        app.push_screen(WaitlistJoinScreen(BIRTH))
        await settle(pilot)
        assert app.screen.query_one("#field-name", Input).value == ""


async def test_fine_after_checking_a_ticket_ends_the_visit(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        mine = waitlist.join_waitlist(
            BIRTH, JoinForm(name="Elena", phone="3331234567"), kiosk_id="other"
        )
        await settle(pilot)
        first = app.screen
        await tap(pilot, "#lang-en")
        await tap(pilot, "#tile-ticket")
        assert isinstance(app.screen, TicketCheckScreen)
        await type_keys(pilot, "#ticket-keypad", mine.code)
        await tap(pilot, "#ticket-submit")
        await tap(pilot, "#ticket-done")
        assert_fresh_visit(app, first)
