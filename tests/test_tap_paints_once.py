"""A tap paints the next page once, finished; a slow database still gets the page on screen.

The kiosk loads a tapped page's data before showing it (kiosk.app PRELOAD_WAIT): the visitor
sees the finished page, not "Un momento…" and then the page again. When the database is slow
the page shows after the wait with "Un momento…", and fills in when the answer comes. Back
before the page shows stays where the visitor is; a double tap opens the page once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Button

from kiosk import app as app_module
from kiosk import catalogue, textual_patches
from kiosk.app import KioskApp
from kiosk.messages import ContrastToggled, GoBack, OpenBrowse, OpenService
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from tests.support.pilot import make_test_app, settle_until, visible_text
from tests.support.visitor import settle

SLUG = "percorso-nascita"


def watch_frames(app: KioskApp) -> list[tuple[type, bool]]:
    """Per frame drawn: the screen on top, and whether it showed the loading line."""
    frames: list[tuple[type, bool]] = []
    draw = app._display

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            frames.append((type(screen), bool(screen.query(".loading"))))
        draw(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    return frames


@pytest.fixture
def slow_service_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The service page's query waits until the test sets the returned event."""
    answer = threading.Event()
    real = catalogue.service_detail

    def slow(*args: Any, **kwargs: Any) -> Any:
        assert answer.wait(30), "the test never let the database answer"
        return real(*args, **kwargs)

    monkeypatch.setattr(catalogue, "service_detail", slow)
    yield answer
    answer.set()  # a test that failed early must not leave a worker thread waiting


async def pause_until(pilot: Any, done: Callable[[], bool], rounds: int = 200) -> None:
    """Rounds of message processing until `done()`; unlike settle_until it does not wait for
    the workers, one of which is held by the slow database on purpose."""
    for _ in range(rounds):
        if done():
            return
        await pilot.pause()
    raise AssertionError("the screen never got there")


def on_top(app: KioskApp, kind: type) -> Callable[[], bool]:
    return lambda: isinstance(app.screen, kind)


async def open_page(pilot: Any, message: Any, kind: type) -> Any:
    """Tap-as-message `message`, then settle once a `kind` screen is on top; that screen."""
    app = pilot.app
    app.post_message(message)
    await settle_until(pilot, on_top(app, kind))
    await settle(pilot)
    return app.screen


async def test_a_tapped_page_is_painted_finished_never_loading_first(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(137, 36)) as pilot:
        frames = watch_frames(app)
        await open_page(pilot, OpenBrowse(need="nascita"), BrowseScreen)
        await open_page(pilot, OpenService(SLUG), ServiceDetailScreen)
        assert "Percorso nascita" in visible_text(app)
        pages = [f for f in frames if f[0] in (BrowseScreen, ServiceDetailScreen)]
        assert {kind for kind, _ in pages} == {BrowseScreen, ServiceDetailScreen}
        assert not [f for f in pages if f[1]], "a page was painted with 'Un momento…' first"


async def test_a_slow_database_still_gets_the_page_up_then_fills_it(
    sqlite_url: str, slow_service_page: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "PRELOAD_WAIT", 0.05)
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(91, 23)) as pilot:
        app.post_message(OpenService(SLUG))
        await pause_until(pilot, on_top(app, ServiceDetailScreen))
        page = app.screen
        assert isinstance(page, ServiceDetailScreen)
        assert page.detail is None
        assert "Un momento…" in visible_text(app)  # the tap was answered, the data is coming
        slow_service_page.set()
        await settle_until(pilot, lambda: page.detail is not None)
        await settle(pilot)
        assert app.screen is page
        assert "Percorso nascita" in visible_text(app)
        assert "Un momento…" not in visible_text(app)


async def test_back_before_the_page_shows_stays_on_this_screen(
    sqlite_url: str, slow_service_page: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "PRELOAD_WAIT", 30)  # the page cannot show by itself
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(91, 23)) as pilot:
        app.post_message(OpenBrowse(need="nascita"))
        await pause_until(pilot, on_top(app, BrowseScreen))
        browse, depth = app.screen, len(app.screen_stack)
        app.post_message(OpenService(SLUG))
        await pilot.pause()
        app.post_message(GoBack())  # the visitor changed their mind while it loaded
        await pilot.pause()
        slow_service_page.set()
        await settle(pilot)
        assert app.screen is browse
        assert len(app.screen_stack) == depth
        # the next tap works as usual
        app.post_message(OpenService(SLUG))
        await settle_until(pilot, on_top(app, ServiceDetailScreen))
        assert len(app.screen_stack) == depth + 1


async def test_a_double_tap_opens_the_page_once(
    sqlite_url: str, slow_service_page: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "PRELOAD_WAIT", 30)
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(91, 23)) as pilot:
        depth = len(app.screen_stack)
        app.post_message(OpenService(SLUG))
        app.post_message(OpenService(SLUG))
        await pilot.pause()
        slow_service_page.set()
        await settle_until(pilot, on_top(app, ServiceDetailScreen))
        await settle(pilot)
        assert len(app.screen_stack) == depth + 1
        assert sum(isinstance(s, ServiceDetailScreen) for s in app.screen_stack) == 1


class ChipApp(App[None]):
    CSS = """
    Button { background: blue; }
    Button.-chosen { background: red; }
    """

    def compose(self) -> ComposeResult:
        chosen = Button("scelto", id="chosen")
        chosen.set_class(True, "-chosen")  # before it is mounted, as mark_chosen does
        yield chosen
        yield Button("altro", id="other")


async def test_classes_set_before_mounting_are_styled_and_later_changes_restyle() -> None:
    textual_patches.apply()
    app = ChipApp()
    async with app.run_test(size=(40, 10)) as pilot:
        chosen, other = app.query_one("#chosen", Button), app.query_one("#other", Button)
        red, blue = chosen.styles.background, other.styles.background
        assert (red.rgb, blue.rgb) == ((255, 0, 0), (0, 0, 255))
        chosen.set_class(False, "-chosen")
        other.set_class(True, "-chosen")
        await pilot.pause()
        assert (chosen.styles.background.rgb, other.styles.background.rgb) == (
            (0, 0, 255),
            (255, 0, 0),
        )


async def test_a_real_resize_still_lays_the_page_out_again(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(137, 36)) as pilot:
        await open_page(pilot, OpenBrowse(need="nascita"), BrowseScreen)
        screen = app.screen
        assert screen.has_class("-wide") and screen.has_class("-tall")
        wide = screen.query_one("#browse-cards").size.width
        await pilot.resize_terminal(57, 16)
        await settle(pilot)
        assert screen.has_class("-narrow") and screen.has_class("-tiny")
        assert not screen.has_class("-wide")
        assert screen.query_one("#browse-cards").size.width < min(wide, 57)


async def test_back_after_a_resize_shows_the_screen_beneath_at_the_new_size(
    sqlite_url: str,
) -> None:
    """Screens under the one shown are not laid out again when a page opens at the same
    size; after a real resize they are, and Back shows them fitting the new panel."""
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(137, 36)) as pilot:
        await open_page(pilot, OpenBrowse(need="nascita"), BrowseScreen)
        browse = app.screen
        await open_page(pilot, OpenService(SLUG), ServiceDetailScreen)
        await pilot.resize_terminal(57, 16)
        await settle(pilot)
        app.post_message(GoBack())
        await settle_until(pilot, lambda: app.screen is browse)
        await settle(pilot)
        assert browse.has_class("-narrow") and browse.has_class("-tiny")
        cards = browse.query_one("#browse-cards")
        assert 0 < cards.size.width < 57
        assert cards.region.right <= 57


async def test_the_whole_first_page_and_the_filters_follow_the_first_frame(
    sqlite_url: str,
) -> None:
    """The cards out of view and the filter chips come after the first frame, all of them."""
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(57, 16)) as pilot:
        await open_page(pilot, OpenBrowse(), BrowseScreen)
        browse = app.screen
        assert isinstance(browse, BrowseScreen) and browse.data is not None
        cards = [str(t.value) for t in browse.query("#browse-cards Tile.service-card")]
        assert cards == [c.slug for c in browse.data.cards]
        assert len(cards) > 3  # more than a 57×16 panel shows at once
        needs = {str(c.name) for c in browse.query(".need-chip").results(Button)}
        assert needs == {n.slug for n in browse.data.needs}
        assert browse.query("#comune-filter") and browse.query("#age-filter")
        # a filter tap right away builds the chips for the new choice once
        app.post_message(OpenBrowse(need="nascita"))
        await settle_until(pilot, lambda: app.screen is not browse)
        await settle(pilot)
        assert len(app.screen.query("#need-filter")) == 1
        chosen = [
            c for c in app.screen.query(".need-chip").results(Button) if c.has_class("-chosen")
        ]
        assert [c.name for c in chosen] == ["nascita"]


async def test_the_contrast_switched_on_a_page_shows_on_the_page_beneath_after_back(
    sqlite_url: str,
) -> None:
    """A screen shown again is not restyled when its styles are current; a theme change
    while it waited beneath is applied to it (Back shows the cards in high contrast)."""
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(91, 23)) as pilot:
        await open_page(pilot, OpenBrowse(need="nascita"), BrowseScreen)
        browse = app.screen
        card = browse.query("Tile.service-card").first()
        lobby = card.styles.background
        await open_page(pilot, OpenService(SLUG), ServiceDetailScreen)
        app.post_message(ContrastToggled())
        await settle(pilot)
        app.post_message(GoBack())
        await settle_until(pilot, lambda: app.screen is browse)
        await settle(pilot)
        contrast = card.styles.background
        assert contrast != lobby
        app.post_message(ContrastToggled())
        await settle(pilot)
        assert card.styles.background == lobby


@pytest.mark.parametrize("width", [108, 112, 114])
async def test_cards_take_the_columns_of_the_width_they_get(sqlite_url: str, width: int) -> None:
    """Near a breakpoint the list's scrollbar narrows the cards' grid after its first
    layout: the columns follow (two cards side by side only when both fit whole)."""
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(width, 30)) as pilot:
        await open_page(pilot, OpenBrowse(), BrowseScreen)
        grid = app.screen.query_one("#browse-cards")
        tiles = list(grid.query("Tile.service-card"))
        columns = len({t.region.x for t in tiles})
        expected = grid.columns_for(grid.size.width)  # type: ignore[attr-defined]
        assert columns == expected
        assert all(t.region.right <= grid.region.right for t in tiles)


@pytest.mark.parametrize("chip", ["#browse-pick-need", "#browse-pick-age", "#pick-comune"])
async def test_a_filter_tapped_before_its_chips_came_builds_and_shows_them(
    sqlite_url: str, chip: str
) -> None:
    """'+ Di cosa hai bisogno?' tapped before the chips under the cards were built (a quick
    finger, a busy kiosk): the chips are built then and brought into view; nothing breaks."""
    app = make_test_app(sqlite_url, comune="")  # no comune of its own: '+ Il mio comune'
    async with app.run_test(size=(57, 16)) as pilot:
        await open_page(pilot, OpenBrowse(), BrowseScreen)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        # the page as it is between its first frame and the chips' arrival
        await browse.query("#need-filter, #age-filter, #comune-filter").remove()
        await pilot.click(chip)
        await settle(pilot)
        assert app.screen is browse
        group = {
            "#browse-pick-need": "#need-filter",
            "#browse-pick-age": "#age-filter",
            "#pick-comune": "#comune-filter",
        }[chip]
        assert len(browse.query(group)) == 1
        assert len(browse.query(".need-chip")) == len(browse.data.needs)  # type: ignore[union-attr]
        body = browse.query_one("#browse-body")
        top = browse.query_one(group).region
        assert body.scroll_y > 0 and body.region.contains(top.x, top.y)
