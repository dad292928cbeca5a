"""Typing in the visitor's alphabet, on SQLite and PostgreSQL: a Ukrainian word tapped on the
Ukrainian keys finds the service, a Romanian one typed without diacritics too, and a name in
Cyrillic goes through the join form to the staff screens' data and the CSV export intact."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import Input

from kiosk.screens.staff.admin_search import AdminSearchScreen
from kiosk.screens.visitor.search import SearchScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.staff import waitlists as staff
from kiosk.staff.exports import export_waitlist
from kiosk.widgets.keyboard import OnScreenKeyboard
from kiosk.widgets.tiles import Tile
from tests.support.admin import add_person, admin_app, open_tile, screen_text, unlock
from tests.support.admin import settle as staff_settle
from tests.support.pilot import make_test_app, visible_text
from tests.support.scripts import LANGUAGE_CLASS, write_language_class
from tests.support.visitor import choose_language, settle, tap
from tests.support.waitlist_ui import BIRTH, entries, fill, open_form, type_keys

key = OnScreenKeyboard.key_id


def results(screen: SearchScreen) -> list[str]:
    return [str(t.value) for t in screen.query("#search-results Tile").results(Tile)]


async def test_ukrainian_word_tapped_on_the_ukrainian_keys_finds_the_service(
    db_url: str, content_dir: Path
) -> None:
    app = make_test_app(db_url, write_language_class(content_dir), language="uk")
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-search")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query(f"#search-keyboard #{key('ш')}")  # ЙЦУКЕН by itself
        assert not screen.query(f"#search-keyboard #{key('q')}")
        await tap(pilot, "#search-keyboard #key-shift")
        for char in "школа":
            await tap(pilot, f"#search-keyboard #{key(char)}")
        assert screen.query_one("#search-input", Input).value == "Школа"
        assert LANGUAGE_CLASS in results(screen)


async def test_romanian_word_typed_without_diacritics_finds_the_service(
    db_url: str, content_dir: Path
) -> None:
    app = make_test_app(db_url, write_language_class(content_dir), language="ro")
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-search")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query(f"#search-keyboard #{key('ș')}")  # the Romanian keys
        for char in "scoala":
            await tap(pilot, f"#search-keyboard #{key(char)}")
        assert LANGUAGE_CLASS in results(screen)


async def test_cyrillic_name_is_stored_shown_to_staff_and_exported_intact(
    db_url: str, tmp_path: Path
) -> None:
    name = "Олена Дар'я Ковальчук"
    app = make_test_app(db_url, language="uk")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(pilot, BIRTH)
        assert screen.query(f"#keys-text #{key('ї')}")
        await type_keys(pilot, "#keys-text", name)  # capitals come by themselves
        assert screen.query_one("#field-name", Input).value == name
        fill(app, phone="333 123 4567")
        await tap(pilot, "#join-submit")
        await settle(pilot)
        assert isinstance(app.screen, WaitlistConfirmScreen)
    [entry] = entries(BIRTH)
    assert entry.name == name
    # The staff screens read the list and search it through the services layer.
    summary = staff.find_waitlist(BIRTH)
    assert summary is not None
    assert [e.name for e in staff.list_entries(summary.id)] == [name]
    assert [e.name for e in staff.search_entries("КОВАЛЬЧУК")] == [name]
    assert [e.name for e in staff.search_entries("дар'я")] == [name]
    export = export_waitlist(BIRTH, tmp_path / "out", kiosk_id="test")
    with open(export.path, encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    assert name in text
    rows = list(csv.reader(text.splitlines(), dialect=csv.Sniffer().sniff(text[:200])))
    assert any(name in row for row in rows[1:])


async def test_the_keys_follow_the_language_chosen_and_keep_what_was_typed(
    sqlite_url: str,
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-search")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query(f"#search-keyboard #{key('è')}")  # Italian keys
        for char in "nas":
            await tap(pilot, f"#search-keyboard #{key(char)}")
        await choose_language(pilot, "en")  # to English: plain QWERTY
        await settle(pilot)
        assert app.language == "en"
        assert not screen.query(f"#search-keyboard #{key('è')}")
        assert screen.query(f"#search-keyboard #{key('q')}")
        await tap(pilot, f"#search-keyboard #{key('c')}")
        assert screen.query_one("#search-input", Input).value == "nasc"


async def test_staff_find_a_cyrillic_name_with_the_cyrillic_keys(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path)
    add_person(BIRTH, name="Олена Ковальчук", phone="+39 333 111 2222")
    add_person(BIRTH, name="Anna Bianchi", phone="+39 333 444 5555")
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-search")
        assert isinstance(app.screen, AdminSearchScreen)
        await pilot.click("#keyboard-box #key-layout")  # "АБВ"
        await pilot.pause()
        for char in "олена":
            await pilot.click(f"#keyboard-box #{key(char)}")
        await pilot.click("#keyboard-box #key-enter")
        await staff_settle(pilot)
        assert app.screen.query_one("#query", Input).value == "олена"
        assert "Trovate: 1" in visible_text(app)
        text = screen_text(app)
        assert "Олена Ковальчук" in text and "Anna" not in text
