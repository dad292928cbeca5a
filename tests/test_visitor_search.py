"""Search: on-screen and physical keyboards, accents ignored, typed text never stored."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from kiosk.app import KioskApp
from kiosk.models import UsageEvent, close_database
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.screens.visitor.search import RESULTS_SHOWN, SearchScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.widgets.keyboard import OnScreenKeyboard
from kiosk.widgets.tiles import Tile
from tests.support.pilot import make_test_app, visible_text
from tests.support.visitor import choose_language, settle, tap, usage_rows, write_service


def results(app: KioskApp) -> list[str]:
    return [str(t.value) for t in app.screen.query("#search-results Tile").results(Tile)]


def typed(app: KioskApp) -> str:
    return app.screen.query_one("#search-input", Input).value


async def type_on_screen(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tap the keys of the on-screen keyboard, one by one."""
    for char in text:
        await tap(pilot, "#key-space" if char == " " else "#" + OnScreenKeyboard.key_id(char))


def caffe_content(content_dir: Path) -> Path:
    write_service(
        content_dir,
        "caffe-dei-genitori",
        'name: "Caffè dei genitori"\nsummary: "Un caffè tra genitori"\n'
        "needs: [gioco-tempo-libero]\nmin_age: 3\nmax_age: 10\n",
    )
    return content_dir


async def test_on_screen_keyboard_finds_caffe_without_accents(
    sqlite_url: str, content_dir: Path
) -> None:
    app = make_test_app(sqlite_url, caffe_content(content_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-search")
        assert isinstance(app.screen, SearchScreen)
        assert "Scrivi una parola" in visible_text(app)
        await type_on_screen(pilot, "caff")
        assert typed(app) == "caff"
        assert "caffe-dei-genitori" in results(app)  # results while typing, prefix match
        await type_on_screen(pilot, "e")
        assert typed(app) == "caffe"
        assert results(app)[0] == "caffe-dei-genitori"
        # Backspace, the accented key, space and shift all type.
        await tap(pilot, "#key-backspace")
        await type_on_screen(pilot, "è ")
        await tap(pilot, "#key-shift")
        await type_on_screen(pilot, "g")
        assert typed(app) == "caffè G"
        assert results(app) == ["caffe-dei-genitori"]
        assert "1 servizio" in visible_text(app)


async def test_physical_keyboard_types_too(sqlite_url: str, content_dir: Path) -> None:
    app = make_test_app(sqlite_url, caffe_content(content_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await pilot.press(*"CAFFE")
        await settle(pilot)
        assert typed(app) == "CAFFE"
        assert results(app)[0] == "caffe-dei-genitori"
        await pilot.press("enter")  # "show me the results": the keyboard makes room
        await settle(pilot)
        assert not app.screen.query_one("#search-keyboard").display
        await tap(pilot, "#show-keyboard")
        assert app.screen.query_one("#search-keyboard").display


async def test_enter_key_and_a_result_open_the_service(sqlite_url: str, content_dir: Path) -> None:
    app = make_test_app(sqlite_url, caffe_content(content_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await type_on_screen(pilot, "caffe")
        await tap(pilot, "#key-enter")
        assert not app.screen.query_one("#search-keyboard").display
        await tap(pilot, "#search-results Tile")
        assert isinstance(app.screen, ServiceDetailScreen)
        assert app.screen.slug == "caffe-dei-genitori"
        await tap(pilot, "#nav-back")
        assert isinstance(app.screen, SearchScreen) and typed(app) == "caffe"
        await tap(pilot, "#nav-home")
        assert isinstance(app.screen, AttractScreen)
        searches = [row for row in usage_rows() if row[0] == "search"]
        assert searches == [("search", "results:1+", "it", "cpf-lucca")]  # once, not per key


async def test_no_result_points_to_the_desk(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await type_on_screen(pilot, "zq")
        assert results(app) == []
        assert "Nessun servizio trovato" in visible_text(app)
        await tap(pilot, "#search-office")
        assert isinstance(app.screen, OfficeScreen)


async def test_typed_text_is_stored_nowhere(sqlite_url: str, tmp_path: Path) -> None:
    secret = "zqwxvk"
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await type_on_screen(pilot, secret[:3])
        await pilot.press(*secret[3:])
        await settle(pilot)
        assert typed(app) == secret
        await tap(pilot, "#nav-back")  # leaving counts the search
        await settle(pilot)
    assert usage_rows() == [("search", "results:0", "it", "cpf-lucca")]
    for row in UsageEvent.select():
        for field in ("kiosk_id", "kind", "key", "lang"):
            assert secret not in str(getattr(row, field)).casefold()
    close_database()
    for db_file in tmp_path.glob("kiosk.db*"):  # the database, its WAL and journal
        assert secret.encode() not in db_file.read_bytes().lower()


async def test_language_switch_keeps_what_was_typed(sqlite_url: str, content_dir: Path) -> None:
    app = make_test_app(sqlite_url, caffe_content(content_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await type_on_screen(pilot, "caffe")
        await choose_language(pilot, "en")
        assert app.language == "en"
        assert typed(app) == "caffe"
        assert results(app)[0] == "caffe-dei-genitori"
        assert app.screen.query_one("#search-input", Input).placeholder.startswith("Type here")
        assert "Space" in visible_text(app) and "1 service" in visible_text(app)
        await pilot.press("s")  # the physical keyboard still types into the field
        await settle(pilot)
        assert typed(app) == "caffes"


async def test_many_matches_show_one_page_and_how_many_more(
    sqlite_url: str, content_dir: Path
) -> None:
    for i in range(30):
        write_service(
            content_dir,
            f"girotondo-{i:02d}",
            f'name: "Girotondo {i:02d}"\nsummary: "Si gioca insieme"\n'
            "needs: [gioco-tempo-libero]\n",
        )
    app = make_test_app(sqlite_url, content_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen())
        await settle(pilot)
        await pilot.press(*"girotondo")
        await settle(pilot)
        assert len(results(app)) == RESULTS_SHOWN < 30
        count = str(app.screen.query_one("#search-count", Static).render())
        assert "30 servizi" in count
        assert f"altri {30 - RESULTS_SHOWN} risultati" in count
