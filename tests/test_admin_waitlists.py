"""Staff waitlist screens: counts, status buttons with audit, offering a place, search, exports."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

from textual.widgets import Button, DataTable, Input

from kiosk.models import AuditLog, WaitlistEntry
from kiosk.screens.staff.admin_entry import AdminEntryScreen
from kiosk.screens.staff.admin_search import AdminSearchScreen
from kiosk.screens.staff.admin_waitlist import AdminWaitlistScreen
from kiosk.screens.staff.admin_waitlists import AdminWaitlistsScreen
from tests.support.admin import (
    add_person,
    admin_app,
    cheap_scrypt,
    open_tile,
    screen_text,
    settle,
    tap_again,
    unlock,
    waitlist_of,
)
from tests.support.pilot import settle_until, visible_text

__all__ = ["cheap_scrypt"]

ANNA = {"name": "Anna Bianchi", "phone": "+39 333 111 2222", "note": "allergia gatti"}
MARCO = {"name": "Marco Rossi", "email": "marco@example.it"}
SECRET = {"name": "Nome Riservato", "phone": "347 555 6666", "note": "nota riservata"}
PERSONAL = ["Anna", "Bianchi", "333 111", "3331112222", "allergia", "Marco", "marco@"]


def status_of(entry: WaitlistEntry) -> str:
    return WaitlistEntry.get_by_id(entry.id).status


async def open_list(pilot, slug: str) -> AdminWaitlistScreen:  # type: ignore[no-untyped-def]
    await unlock(pilot)
    await open_tile(pilot, "#admin-waitlists")
    pilot.app.push_screen(AdminWaitlistScreen(waitlist_of(slug).id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AdminWaitlistScreen)
    return screen


async def test_overview_shows_every_list_with_counts(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    add_person("percorso-nascita", **ANNA)
    add_person("percorso-nascita", status="enrolled", **MARCO)
    async with app.run_test(size=(200, 60)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-waitlists")
        assert isinstance(app.screen, AdminWaitlistsScreen)
        text = visible_text(app)
        assert "Percorso nascita" in text and "1 in attesa · 1 iscritto" in text
        assert "Mediazione familiare" in text and "riservata: solo codice" in text
        tiles = [t for t in app.screen.query("#admin-lists .list") if "Percorso" in str(t.label)]
        await pilot.click(tiles[0])
        await settle(pilot)
        assert isinstance(app.screen, AdminWaitlistScreen)
        await settle_until(pilot, lambda: "Anna Bianchi" in screen_text(app))  # its own load
        assert "Anna Bianchi" in screen_text(app)


async def test_a_table_painted_right_after_it_is_filled_shows_whole_cells(
    sqlite_url: str, tmp_path: Path
) -> None:
    """The table may be painted before it has measured its new rows (a busy kiosk): the
    columns are as wide as their cells from the start, and stay so (no name cut in two)."""
    app = admin_app(sqlite_url, tmp_path)
    add_person("percorso-nascita", **ANNA)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_list(pilot, "percorso-nascita")
        assert "Anna Bianchi" in screen_text(app)
        entry = next(iter(screen.entries.values()))
        longer = replace(entry, name="Annamaria Bianchi Lucchesi")
        screen.fill_table([longer])
        assert "Annamaria Bianchi Lucchesi" in screen_text(app)  # painted at once
        await settle(pilot)
        assert "Annamaria Bianchi Lucchesi" in screen_text(app)  # and after it measured


async def test_status_buttons_change_the_entry_and_audit_without_personal_data(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path)
    anna = add_person("percorso-nascita", **ANNA)
    marco = add_person("percorso-nascita", **MARCO)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_list(pilot, "percorso-nascita")
        table = screen.query_one("#entries", DataTable)
        assert table.row_count == 2 and screen.selected and screen.selected.id == anna.id
        # Undoing to 'waiting' is offered on the entry page only.
        assert not screen.query("#set-waiting")
        await pilot.click("#set-contacted")
        await settle(pilot)
        assert status_of(anna) == "contacted"
        assert "ora contattato" in " ".join(str(n.message) for n in app._notifications)
        table.move_cursor(row=1)
        await settle(pilot)
        assert screen.selected and screen.selected.id == marco.id
        await pilot.click("#set-no_show")
        await settle(pilot)
        assert status_of(marco) == "no_show"
        assert screen.query_one("#set-enrolled", Button).disabled  # no_show -> enrolled: no
        await pilot.click("#set-removed")
        await settle(pilot)
        assert status_of(marco) == "removed"
    rows = list(AuditLog.select().where(AuditLog.action == "waitlist_status"))
    assert [r.detail for r in rows] == [
        "status waiting->contacted",
        "status waiting->no_show",
        "status no_show->removed",
    ]
    assert {r.actor for r in rows} == {"staff@cpf-test"}
    everything = " ".join(f"{r.target} {r.detail} {r.actor}" for r in AuditLog.select())
    assert not any(p in everything for p in PERSONAL)


async def test_entry_page_shows_everything_and_can_undo(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    anna = add_person("percorso-nascita", status="no_show", party_size=3, child_age=2, **ANNA)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, "percorso-nascita")
        await pilot.click("#entry-details")
        await settle(pilot)
        assert isinstance(app.screen, AdminEntryScreen)
        text = visible_text(app)
        for part in ("Anna Bianchi", "+39 333 111 2222", "allergia gatti", "Persone: 3"):
            assert part in text
        await pilot.click("#set-waiting")
        await settle(pilot)
        assert status_of(anna) == "waiting"
        await pilot.click("#admin-back")
        await settle(pilot)
        assert "in attesa" in screen_text(app)  # the list shows the change on return


async def test_offer_next_offers_the_seat_to_the_first_in_line(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path)
    first = add_person("percorso-nascita", **ANNA)
    second = add_person("percorso-nascita", **MARCO)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(pilot, "percorso-nascita")
        await pilot.click("#offer-next")
        await settle(pilot)
        assert status_of(first) == "offered" and status_of(second) == "waiting"
        assert WaitlistEntry.get_by_id(first.id).offered_at is not None
        assert screen.selected and screen.selected.id == first.id
        await tap_again(pilot, "#offer-next")
        assert status_of(second) == "offered"
        await tap_again(pilot, "#offer-next")
        notes = [str(n.message) for n in app._notifications]
        assert any("Nessuno in attesa" in n for n in notes)
    offers = AuditLog.select().where(AuditLog.action == "waitlist_offer").count()
    assert offers == 2


async def test_sensitive_lists_show_code_and_contact_only(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    entry = add_person("mediazione-familiare", **SECRET)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_list(pilot, "mediazione-familiare")
        text = screen_text(app)
        assert entry.code in text and "347 555 6666" in text
        assert "Nome Riservato" not in text and "nota riservata" not in text
        await pilot.click("#entry-details")
        await settle(pilot)
        text = screen_text(app)
        assert entry.code in text and "347 555 6666" in text
        assert "Nome Riservato" not in text and "nota riservata" not in text


async def test_search_by_code_or_contact_with_the_keyboard(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    anna = add_person("percorso-nascita", **ANNA)
    add_person("laboratori-per-famiglie", **ANNA)
    add_person("percorso-nascita", **MARCO)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-search")
        assert isinstance(app.screen, AdminSearchScreen)
        for char in anna.code.lower():
            await pilot.click(f"#keyboard-box #key-{char}")
        assert app.screen.query_one("#query", Input).value == anna.code.lower()
        await pilot.click("#keyboard-box #key-enter")
        await settle(pilot)
        assert "Trovate: 1" in visible_text(app)
        assert app.screen.selected and app.screen.selected.id == anna.id
        await pilot.click("#set-called")
        await settle(pilot)
        assert status_of(anna) == "called"
        await pilot.click("#toggle-keyboard")
        app.screen.query_one("#query", Input).value = ""
        for char in "3331112222":
            await pilot.click(f"#keyboard-box #key-{char}")
        await pilot.click("#keyboard-box #key-enter")
        await settle(pilot)
        assert "Trovate: 2" in visible_text(app)
        assert "Marco" not in screen_text(app)


async def test_exports_write_private_files_without_personal_names(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path)
    add_person("percorso-nascita", **ANNA)
    add_person("mediazione-familiare", **SECRET)
    exports = tmp_path / "exports"
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_list(pilot, "percorso-nascita")
        await pilot.click("#export-list")
        await settle(pilot)
        written = sorted(exports.iterdir())
        assert len(written) == 1
        assert str(written[0]) in visible_text(app).replace("\n", "")
        await pilot.click("#admin-back")
        await settle(pilot)
        await pilot.click("#export-all")
        await settle(pilot)
        del screen
    files = sorted(exports.iterdir())
    assert len(files) == 2
    for path in files:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert path.name.startswith("waitlist-") and "anna" not in path.name.lower()
    everything = "".join(p.read_text(encoding="utf-8-sig") for p in files)
    assert "Anna Bianchi" in everything and "347 555 6666" in everything
    assert stat.S_IMODE(os.stat(exports).st_mode) == 0o700
