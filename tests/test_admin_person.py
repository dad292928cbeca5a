"""GDPR screen: every entry of one contact, export to a private file, erase after confirming."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from textual.widgets import DataTable, Input

from kiosk.models import AuditLog, WaitlistEntry
from kiosk.screens.staff.admin_confirm import AdminConfirmScreen
from kiosk.screens.staff.admin_person import AdminPersonScreen
from tests.support.admin import (
    add_person,
    admin_app,
    cheap_scrypt,
    open_tile,
    screen_text,
    settle,
    tap_again,
    unlock,
)
from tests.support.pilot import visible_text

__all__ = ["cheap_scrypt"]

ANNA = {"name": "Anna Bianchi", "phone": "+39 333 111 2222", "email": "anna@example.it"}


def seed() -> None:
    add_person("percorso-nascita", **ANNA)
    add_person("laboratori-per-famiglie", name="Anna B.", phone="333-111-2222")
    add_person("mediazione-familiare", name="Anna", email="ANNA@example.it")
    add_person("percorso-nascita", name="Marco Rossi", phone="0583 123456")


async def find(pilot, contact: str) -> AdminPersonScreen:  # type: ignore[no-untyped-def]
    await unlock(pilot)
    await open_tile(pilot, "#admin-person")
    screen = pilot.app.screen
    assert isinstance(screen, AdminPersonScreen)
    screen.query_one("#query", Input).value = contact
    await pilot.click("#keyboard-box #key-enter")
    await settle(pilot)
    return screen


async def test_find_every_entry_of_a_phone_number(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    seed()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await find(pilot, "3331112222")
        assert screen.query_one("#entries", DataTable).row_count == 2
        text = screen_text(app)
        assert "Percorso nascita" in text and "Laboratori per famiglie" in text
        assert "Marco" not in text and "Mediazione" not in text


async def test_not_a_contact_says_what_to_write(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    seed()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await find(pilot, "Anna")
        assert "Scrivi un numero di telefono o un indirizzo e-mail." in visible_text(app)
        assert not screen.query_one("#person-actions").display


async def test_export_writes_the_persons_data_to_a_private_file(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path)
    seed()
    async with app.run_test(size=(80, 24)) as pilot:
        await find(pilot, "anna@example.it")
        await pilot.click("#person-export")
        await settle(pilot)
        (path,) = (tmp_path / "exports").iterdir()
        assert str(path) in visible_text(app).replace("\n", "")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.name.startswith("gdpr-export-") and "anna" not in path.name
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))  # Italian spreadsheet CSV
    assert {r["Lista d'attesa"] for r in rows} == {"Percorso nascita", "Mediazione familiare"}
    assert {r["E-mail"].lower() for r in rows} == {"anna@example.it"}
    audit = AuditLog.get(AuditLog.action == "gdpr_export")
    assert audit.detail == "entries=2 format=csv" and "anna" not in audit.target


async def test_erase_asks_first_and_cancel_keeps_everything(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path)
    seed()
    async with app.run_test(size=(80, 24)) as pilot:
        await find(pilot, "+39 333 111 2222")
        await pilot.click("#person-erase")
        await settle(pilot)
        assert isinstance(app.screen, AdminConfirmScreen)
        assert "Cancellare per sempre 2 iscrizioni" in visible_text(app)
        await pilot.click("#confirm-no")
        await settle(pilot)
        assert WaitlistEntry.select().count() == 4
        await tap_again(pilot, "#person-erase")
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert isinstance(app.screen, AdminPersonScreen)
        assert "Cancellate 2 iscrizioni." in visible_text(app)
        assert app.screen.query_one("#entries", DataTable).row_count == 0
    assert WaitlistEntry.select().count() == 2
    assert not WaitlistEntry.select().where(WaitlistEntry.phone.contains("111")).exists()
    audit = AuditLog.get(AuditLog.action == "gdpr_erase")
    assert audit.detail == "entries=2" and audit.target == "person"
