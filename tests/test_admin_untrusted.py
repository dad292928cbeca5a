"""What visitors typed is shown literally on every staff view and never acts when tapped."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from kiosk.screens.staff.admin_base import shown
from kiosk.screens.staff.admin_entries import AdminEntriesScreen
from kiosk.screens.staff.admin_entry import AdminEntryScreen
from kiosk.screens.staff.admin_waitlist import AdminWaitlistScreen
from tests.support.admin import (
    UNTRUSTED,
    add_person,
    admin_app,
    cheap_scrypt,
    open_tile,
    screen_text,
    settle,
    unlock,
    waitlist_of,
)

__all__ = ["cheap_scrypt"]

PHONE = "333 999 8888"
SIZES = [(80, 24), (200, 60)]


def seed() -> dict[int, str]:
    """One entry per untrusted text (as name and note); entry id -> the text."""
    made = {}
    for text in UNTRUSTED.values():
        entry = add_person("percorso-nascita", name=text, note=text, phone=PHONE)
        made[entry.id] = text
    return made


def test_shown_makes_invisible_and_control_characters_visible() -> None:
    assert shown("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"
    assert shown("\x1b[31mred") == "<U+001B>[31mred"
    assert shown("abc\u202edef") == "abc<U+202E>def"
    assert shown("Ann\u200ba") == "Ann<U+200B>a"
    assert shown("L" * 100, 10) == "L" * 9 + "…"


async def tap_every_row(pilot, screen: AdminEntriesScreen, made: dict[int, str]) -> None:  # type: ignore[no-untyped-def]
    """Tap each row on its name: the row is selected, nothing else happens, the app runs on."""
    table = screen.query_one("#entries", DataTable)
    assert table.row_count == len(made)
    columns = list(table.columns.values())
    name_index = [c.label.plain for c in columns].index("Nome")
    name_x = sum(c.get_render_width(table) for c in columns[:name_index]) + 2
    keys = list(table.rows)
    for index, row_key in enumerate(keys):
        above = sum(table.rows[k].height for k in keys[:index])
        table.scroll_to(x=0, y=above, animate=False)
        await pilot.pause()
        y = table.header_height + above - round(table.scroll_y) + table.rows[row_key].height // 2
        await pilot.click(table, offset=(name_x - round(table.scroll_x), y))
        await settle(pilot)
        assert pilot.app.is_running and pilot.app.return_code is None
        assert pilot.app.screen is screen
        assert screen.selected is not None and str(screen.selected.id) == row_key.value


def assert_literal(app, texts) -> None:  # type: ignore[no-untyped-def]
    text = screen_text(app)
    assert "[@click=app.quit]x[/]" in text
    assert "Mario [/]" in text
    assert "<U+001B>[31mred" in text and "\x1b" not in text
    assert "Ann<U+200B>a" in text
    assert "abc<U+202E>def" in text and "\u202e" not in text
    assert "Giulia" in text
    assert "LLLLLLLLLL" in text


@pytest.mark.parametrize("size", SIZES)
async def test_waitlist_and_entry_views(sqlite_url: str, tmp_path: Path, size) -> None:  # type: ignore[no-untyped-def]
    app = admin_app(sqlite_url, tmp_path)
    made = seed()
    async with app.run_test(size=size) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-waitlists")
        app.push_screen(AdminWaitlistScreen(waitlist_of("percorso-nascita").id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AdminWaitlistScreen)
        if size[0] >= 200:
            assert_literal(app, made)
        await tap_every_row(pilot, screen, made)
        for entry_id, text in made.items():
            app.push_screen(AdminEntryScreen(entry_id))
            await settle(pilot)
            detail = app.screen.query_one("#entry-detail", Static)
            rendered = str(detail.render())
            assert rendered.count(shown(text)) == 2  # name and note, in full
            await pilot.click("#entry-detail", offset=(10, 5))
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, AdminEntryScreen)
            app.pop_screen()
            await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tile", ["#admin-search", "#admin-person"])
async def test_search_and_person_views(sqlite_url: str, tmp_path: Path, size, tile: str) -> None:  # type: ignore[no-untyped-def]
    app = admin_app(sqlite_url, tmp_path)
    made = seed()
    async with app.run_test(size=size) as pilot:
        await unlock(pilot)
        await open_tile(pilot, tile)
        screen = app.screen
        assert isinstance(screen, AdminEntriesScreen)
        screen.query_one("#query", Input).value = PHONE
        await pilot.click("#run-search")
        await settle(pilot)
        if size[0] >= 200:
            assert_literal(app, made)
        await tap_every_row(pilot, screen, made)
