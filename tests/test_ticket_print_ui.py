"""'Stampa il biglietto' by taps: the paper's QR is the screen's, trouble is told in the
visitor's language and the screen stays usable; an offer shows until when it holds."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp

from kiosk import catalogue, waitlist
from kiosk.models import WaitlistEntry
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.waitlist.ticket_check import TicketCheckScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.staff import waitlists
from kiosk.waitlist import JoinForm
from tests.support.clock import freeze_clock
from tests.support.escpos_reader import read
from tests.support.pilot import make_test_app
from tests.support.waitlist_ui import decode_qr, settle, shown_text, tap, type_keys

BIRTH = "percorso-nascita"
PUBLIC = "https://www.example.it/servizi/"


def join(name: str, phone: str) -> waitlist.JoinResult:
    return waitlist.join_waitlist(BIRTH, JoinForm(name=name, phone=phone), kiosk_id="other")


def printed_qr(path: Path) -> list[str]:
    printout = read(path.read_bytes())
    assert len(printout.images) == 1
    return [r.text for r in zxingcpp.read_barcodes(printout.images[0])]


def birth_link() -> str:
    target = catalogue.join_target(BIRTH, "service", "it", public_url=PUBLIC)
    assert target is not None
    return target.link


async def test_no_printer_no_button(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(WaitlistConfirmScreen(join("Elena", "3331234567"), birth_link()))
        await settle(pilot)
        assert not app.screen.query("#print-ticket")
        assert "Stampa il biglietto" not in shown_text(app)


async def test_printed_ticket_carries_the_screens_qr(sqlite_url: str, tmp_path: Path) -> None:
    paper = tmp_path / "lp0"
    paper.touch()
    app = make_test_app(sqlite_url, printer=f"file:{paper}", public_url=PUBLIC)
    async with app.run_test(size=(137, 36)) as pilot:
        result = join("Elena", "3331234567")
        app.push_screen(WaitlistConfirmScreen(result, birth_link()))
        await settle(pilot)
        on_screen = decode_qr(app, tmp_path)
        await tap(pilot, "#print-ticket")
        assert "Biglietto stampato" in shown_text(app)
    assert on_screen and printed_qr(paper) == on_screen
    printout = read(paper.read_bytes())
    assert printout.big_lines == [result.code]
    assert "Percorso nascita" in printout.lines
    assert "Elena" not in " ".join(printout.lines)  # nothing personal on paper


@pytest.mark.parametrize("size", [(57, 16), (80, 24)])
async def test_missing_printer_is_told_in_the_visitors_language(
    sqlite_url: str, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_test_app(sqlite_url, printer=f"file:{tmp_path}/gone/lp0")
    async with app.run_test(size=size) as pilot:
        result = join("Elena", "3331234567")
        app.language = "en"
        app.push_screen(WaitlistConfirmScreen(result, ""))
        await settle(pilot)
        await tap(pilot, "#print-ticket")
        text = shown_text(app)
        assert "The printer is not responding." in text
        assert " ".join(result.code) in text  # the code is still there to copy
        assert not app.screen.query_one("#print-ticket").disabled  # may be tried again
        await tap(pilot, "#confirm-done")
        assert isinstance(app.screen, AttractScreen)
    assert WaitlistEntry.get(WaitlistEntry.code == result.code).status == "waiting"


async def test_ticket_check_shows_the_offer_and_prints_it(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_clock(monkeypatch)  # Monday 23 November 2026, 10:00 in Lucca
    paper = tmp_path / "lp0"
    paper.touch()
    app = make_test_app(sqlite_url, printer=f"file:{paper}", public_url=PUBLIC)
    async with app.run_test(size=(80, 24)) as pilot:
        first = join("Prima", "3330000001")
        join("Seconda", "3330000002")
        waitlist_id = WaitlistEntry.get(WaitlistEntry.code == first.code).waitlist_id
        waitlists.offer_next(waitlist_id, kiosk_id="desk")
        app.push_screen(TicketCheckScreen())
        await settle(pilot)
        await type_keys(pilot, "#ticket-keypad", first.code)
        await tap(pilot, "#ticket-submit")
        text = shown_text(app)
        assert "Offerta in corso" in text
        assert "Il posto è tuo fino a: mercoledì 25 novembre 2026, 10:00" in text
        assert "Seconda" not in text and "Prima" not in text
        await tap(pilot, "#print-ticket")
        assert "Biglietto stampato" in shown_text(app)
    assert printed_qr(paper) == [f"{birth_link()}?codice={first.code}"]
    lines = read(paper.read_bytes()).lines
    assert any("mercoledì 25 novembre 2026, 10:00" in line for line in lines)
