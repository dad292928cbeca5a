"""'Ho un codice' by taps: check, cancel with confirmation, wrong codes, throttle; and untrusted
text through join, confirmation and ticket check."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from kiosk import waitlist, waitlist_tickets
from kiosk.models import DatabaseUnavailable, WaitlistEntry
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.waitlist.cancel_confirm import CancelConfirmScreen
from kiosk.screens.waitlist.ticket_check import TicketCheckScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from kiosk.waitlist import JoinForm
from kiosk.waitlist_codes import TicketStatus
from tests.support.pilot import make_test_app
from tests.support.visitor import choose_language
from tests.support.waitlist_ui import entries, settle, shown_text, tap, type_keys

BIRTH = "percorso-nascita"
SIZES = [(80, 24), (200, 60)]


def join(name: str = "Elena", phone: str = "3331234567") -> waitlist.JoinResult:
    return waitlist.join_waitlist(BIRTH, JoinForm(name=name, phone=phone), kiosk_id="other")


async def check_code(pilot, code: str) -> None:  # type: ignore[no-untyped-def]
    await type_keys(pilot, "#ticket-keypad", code)
    await tap(pilot, "#ticket-submit")


@pytest.mark.parametrize("size", SIZES)
async def test_check_then_cancel_with_confirmation(sqlite_url: str, size: tuple[int, int]) -> None:
    app = make_test_app(sqlite_url)
    first = join("Prima", "3330000001")  # before the app: its start-up purge writes too
    mine = join("Elena", "3331234567")
    async with app.run_test(size=size) as pilot:
        await tap(pilot, "#tile-ticket")
        assert isinstance(app.screen, TicketCheckScreen)
        await check_code(pilot, mine.code)
        text = shown_text(app)
        assert "Percorso nascita" in text and "Stato: In attesa" in text
        assert "Sei il 2° in lista" in text and " ".join(mine.code) in text
        assert "Elena" not in text and "Prima" not in text and "333" not in text
        # Second thoughts: 'No' keeps the place.
        await tap(pilot, "#ticket-cancel")
        assert isinstance(app.screen, CancelConfirmScreen)
        assert "Percorso nascita" in shown_text(app)
        await tap(pilot, "#cancel-no")
        assert isinstance(app.screen, TicketCheckScreen)
        assert WaitlistEntry.get(WaitlistEntry.code == mine.code).status == "waiting"
        await tap(pilot, "#ticket-cancel")
        await tap(pilot, "#cancel-yes")
        text = shown_text(app)
        assert "Stato: Cancellato" in text and "La tua iscrizione è stata cancellata." in text
        assert "Sei il" not in text
        assert not app.screen.query("#ticket-cancel")
        assert WaitlistEntry.get(WaitlistEntry.code == mine.code).status == "cancelled"
        assert waitlist_tickets.check_ticket(first.code, kiosk_id="t").position == 1
        await tap(pilot, "#ticket-done")
        assert isinstance(app.screen, AttractScreen)


async def test_result_follows_the_language(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    mine = join()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(TicketCheckScreen())
        await settle(pilot)
        # Typed on a physical keyboard, in lower case and with a space: the same code.
        app.screen.query_one(
            "#ticket-code", Input
        ).value = f"{mine.code[:3]} {mine.code[3:]}".lower()
        await tap(pilot, "#ticket-submit")
        await choose_language(pilot, "en")
        text = shown_text(app)
        assert "Status: Waiting" in text and "You are number 1 on the list" in text


async def test_wrong_code_reveals_nothing(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    join()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(TicketCheckScreen())
        await settle(pilot)
        await check_code(pilot, "AAAAAA")
        text = shown_text(app)
        assert "Codice non trovato. Controlla di averlo scritto bene." in text
        assert "Percorso nascita" not in text and "Stato" not in text
        assert app.screen.query_one("#ticket-code", Input).value == "AAAAAA"
        await tap(pilot, "#ticket-submit")  # typed nothing new: the same answer
        await tap(pilot, "#key-backspace")
        assert app.screen.query_one("#ticket-code", Input).value == "AAAAA"


async def test_too_many_wrong_codes_disable_the_check(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    mine = join()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(TicketCheckScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TicketCheckScreen)
        for _ in range(waitlist_tickets.THROTTLE_FREE_FAILURES):
            if screen.wait_left:
                break
            screen.query_one("#ticket-code", Input).value = "WRONG1"
            await tap(pilot, "#ticket-submit")
        assert screen.wait_left > 0
        assert "Troppi tentativi, riprova tra" in shown_text(app)
        assert screen.query_one("#ticket-submit").disabled
        # Even the right code waits: the check stays off until the countdown ends.
        screen.query_one("#ticket-code", Input).value = mine.code
        await pilot.click("#ticket-submit")
        await settle(pilot)
        assert "Stato" not in shown_text(app)
        while screen.wait_left:
            screen.tick_wait()
        await pilot.pause()
        assert not screen.query_one("#ticket-submit").disabled
        assert "Troppi tentativi" not in shown_text(app)


async def test_throttled_answer_shows_the_seconds_to_wait(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def throttled(code: str, **kwargs: object) -> TicketStatus:
        return TicketStatus(outcome="throttled", retry_after=42)

    monkeypatch.setattr(waitlist_tickets, "check_ticket", throttled)
    # Only the test's own tick moves the countdown: the screen's timer never fires here.
    monkeypatch.setattr(TicketCheckScreen, "TICK_INTERVAL", 24 * 3600.0)
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(TicketCheckScreen())
        await settle(pilot)
        await check_code(pilot, "ACDEFH")
        assert "Troppi tentativi, riprova tra 42 secondi." in shown_text(app)
        assert app.screen.query_one("#ticket-submit").disabled
        app.screen.tick_wait()  # type: ignore[attr-defined]
        await pilot.pause()
        assert "riprova tra 41 secondi" in shown_text(app)


async def test_database_down_while_checking(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(code: str, **kwargs: object) -> TicketStatus:
        raise DatabaseUnavailable("database is locked")

    monkeypatch.setattr(waitlist_tickets, "check_ticket", down)
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(TicketCheckScreen())
        await settle(pilot)
        await check_code(pilot, "ACDEFH")
        assert "Il servizio non è disponibile in questo momento." in shown_text(app)
        assert app.screen.query_one("#ticket-code", Input).value == "ACDEFH"


UNTRUSTED = [
    "[@click=app.quit]x[/]",
    "Mario [/]",
    "\x1b[31mrosso",
    "Ma\u200brio\u200d \u202eoiraM",
    "Giulia 👶🏽 [b]",
    "[" * 50 + "x" * 10_000,
]


@pytest.mark.parametrize("typed", UNTRUSTED, ids=range(len(UNTRUSTED)))
async def test_untrusted_text_is_shown_literally_and_never_acts(
    sqlite_url: str, typed: str
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(WaitlistJoinScreen(BIRTH))
        await settle(pilot)
        for field, text in (("name", typed), ("note", typed), ("email", typed)):
            app.screen.query_one(f"#field-{field}", Input).value = text
        await tap(pilot, "#field-name")  # a tap on the text itself
        await choose_language(pilot, "en")  # re-rendered in English
        await choose_language(pilot, "it")
        assert app.is_running
        assert app.screen.query_one("#field-name", Input).value == typed
        name_field = app.screen.query_one("#field-name", Input)
        assert name_field.region.right <= 80 and name_field.region.height == 3
        if typed.isprintable() and len(typed) < 40:
            assert typed in name_field.render_line(0).text  # as typed, not as markup
        await tap(pilot, "#join-submit")  # the e-mail is not one: the form says so
        assert app.screen.query_one("#error-email").display
        assert app.screen.query_one("#field-note", Input).value == typed
        app.screen.query_one("#field-email", Input).value = ""
        app.screen.query_one("#field-phone", Input).value = "3337778888"
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        code = app.screen.result.code
        assert typed not in shown_text(app) and "rosso" not in shown_text(app)
        await tap(pilot, "#confirm-done")
        await tap(pilot, "#tile-ticket")
        app.screen.query_one("#ticket-code", Input).value = typed
        await tap(pilot, "#ticket-code")
        await tap(pilot, "#ticket-submit")
        assert app.is_running and isinstance(app.screen, TicketCheckScreen)
        assert "Codice non trovato" in shown_text(app)
        assert app.screen.query_one("#ticket-code", Input).value == typed
        [entry] = entries(BIRTH)
        assert entry.code == code and entry.name and "\x1b" not in entry.name
