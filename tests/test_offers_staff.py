"""Seat offers and the printer as staff meet them: the list screen, 'Rinuncia', the status
screen, `kiosk admin expire-offers` and `kiosk admin status`, the kiosk's own minute sweep."""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

import pytest

from kiosk.clock import utcnow
from kiosk.config import Settings
from kiosk.models import WaitlistEntry
from kiosk.printing.content import ticket_text
from kiosk.staff import cli_commands, waitlists
from tests.support.admin import (
    add_person,
    admin_app,
    cheap_scrypt,
    open_tile,
    screen_text,
    settle,
    unlock,
    waitlist_of,
)
from tests.support.clock import freeze_clock
from tests.support.staff_data import KIOSK, add_entry, make_list

__all__ = ["cheap_scrypt"]


def status_of(entry: WaitlistEntry) -> str:
    return str(WaitlistEntry.get_by_id(entry.id).status)


async def test_offer_shows_its_deadline_and_rinuncia_passes_the_seat(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.screens.staff.admin_waitlist import AdminWaitlistScreen

    freeze_clock(monkeypatch)  # 23/11/2026 10:00 in Lucca; offers hold 48 hours
    app = admin_app(sqlite_url, tmp_path)
    anna = add_person("percorso-nascita", name="Anna Bianchi", phone="3331112222")
    marco = add_person("percorso-nascita", name="Marco Rossi", phone="3334445555")
    async with app.run_test(size=(137, 36)) as pilot:
        await unlock(pilot)
        app.push_screen(AdminWaitlistScreen(waitlist_of("percorso-nascita").id))
        await settle(pilot)
        await pilot.click("#offer-next")
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        assert any(f"Posto offerto a {anna.code} fino al 25/11/2026 10:00" in n for n in notes)
        assert "offerta in corso → 25/11 10:00" in screen_text(app)
        # Anna's family says no at the desk: the seat goes to Marco at once.
        await pilot.click("#set-declined")
        await settle(pilot)
        assert (status_of(anna), status_of(marco)) == ("declined", "offered")
        text = screen_text(app)
        assert "rinuncia" in text and "offerta in corso" in text


def test_cli_expire_offers_for_a_timer(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    line = make_list("percorso-nascita", "Percorso nascita")
    first, second = add_entry(line, name="A"), add_entry(line, name="B")
    waitlists.offer_next(line.id, kiosk_id=KIOSK, now=utcnow() - dt.timedelta(hours=49))
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    settings = Settings(database_url=db, kiosk_id=KIOSK)
    out = io.StringIO()
    args = parser.parse_args(["admin", "expire-offers", "--no-auto"])
    args.lang = "en"  # what `kiosk --lang en` sets
    assert cli_commands.dispatch(args, settings, stdout=out) == 0
    assert out.getvalue() == "1 seat offer expired, 0 seats offered to the next in line.\n"
    assert (status_of(first), status_of(second)) == ("offer_expired", "waiting")
    out = io.StringIO()
    args = parser.parse_args(["admin", "status"])
    args.lang = "en"
    cli_commands.dispatch(args, settings, stdout=out)
    assert "seat offers open: 0" in out.getvalue()
    assert "printer: none (KIOSK_PRINTER)" in out.getvalue()


def test_status_flags_offers_nobody_expires_and_a_missing_printer(db: str, tmp_path: Path) -> None:
    line = make_list("percorso-nascita", "Percorso nascita")
    add_entry(line, name="A")
    waitlists.offer_next(line.id, kiosk_id=KIOSK, now=utcnow() - dt.timedelta(hours=50))
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    settings = Settings(database_url=db, kiosk_id=KIOSK, printer=f"file:{tmp_path}/gone/lp0")
    out = io.StringIO()
    args = parser.parse_args(["admin", "status"])
    args.lang = "en"
    assert cli_commands.dispatch(args, settings, stdout=out) == 1
    report = out.getvalue()
    assert "PROBLEM: 1 seat offer past its time is still open" in report
    assert f"PROBLEM: the ticket printer file:{tmp_path}/gone/lp0 is missing" in report


async def test_the_kiosk_expires_offers_by_itself(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    anna = add_person("percorso-nascita", name="Anna Bianchi", phone="3331112222")
    marco = add_person("percorso-nascita", name="Marco Rossi", phone="3334445555")
    waitlists.offer_next(
        waitlist_of("percorso-nascita").id,
        kiosk_id=KIOSK,
        now=utcnow() - dt.timedelta(hours=49),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        app.expire_offers()  # what the minute timer calls
        await settle(pilot)
    assert (status_of(anna), status_of(marco)) == ("offer_expired", "offered")


async def test_status_screen_shows_the_printer(sqlite_url: str, tmp_path: Path) -> None:
    from kiosk.screens.staff.admin_status import AdminStatusScreen

    paper = tmp_path / "lp0"
    paper.touch()
    app = admin_app(sqlite_url, tmp_path, printer=f"file:{paper}")
    async with app.run_test(size=(137, 36)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-status")
        assert isinstance(app.screen, AdminStatusScreen)
        text = screen_text(app)
        assert f"Stampante dei biglietti: file:{paper}: collegata" in text


def test_ticket_words_come_from_the_office_and_the_visitors_language(
    db: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.sync import sync_directory

    sync_directory(content_dir)  # today: the sources were read before it
    freeze_clock(monkeypatch)
    text = ticket_text(lang="en", code="ACD479", service="Birth", position=3, qr_data="CPF ACD479")
    assert text.centre == "Information desk of the Family Centre"  # office.yaml, in English
    assert text.date == "Monday, 23 November 2026"  # as on the screens: CLDR en_GB
    assert text.position == "You are number 3 on the list"
    assert text.contact.startswith("Please ask the staff at the desk.")
    italian = ticket_text(lang="it", code="ACD479", service="Nascita", position=None, qr_data="x")
    assert (italian.date, italian.position) == ("lunedì 23 novembre 2026", "")


def test_offer_hours_come_from_the_service_file(db: str, content_dir: Path) -> None:
    from kiosk.contentfiles.loader import load_content
    from kiosk.sync import sync_directory

    path = content_dir / "services" / "percorso-nascita.md"
    original = path.read_text(encoding="utf-8")
    sync_directory(content_dir)
    assert waitlist_of("percorso-nascita").offer_hours == 48  # not written: the default
    path.write_text(
        original.replace(
            "  retention_days: 180\n", "  retention_days: 180\n  offer_hours: 12\n", 1
        ),
        encoding="utf-8",
    )
    sync_directory(content_dir)
    assert waitlist_of("percorso-nascita").offer_hours == 12
    path.write_text(
        original.replace("  retention_days: 180\n", "  retention_days: 180\n  offer_hours: 0\n", 1),
        encoding="utf-8",
    )
    problems = [str(p) for p in load_content(content_dir).problems]
    assert any("percorso-nascita.md" in p and "offer_hours" in p for p in problems), problems
