"""Every visitor screen: Back and Home, touch-sized targets, nothing cut off, all in English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Button, Input

from kiosk.i18n import VISITOR_DOMAINS, catalog
from kiosk.screens import base
from kiosk.screens.visitor import service_detail
from kiosk.screens.visitor.age_choice import AgeChoiceScreen
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.event_detail import EventDetailScreen
from kiosk.screens.visitor.events import EventsScreen
from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.screens.visitor.search import SearchScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from tests.support.catalogues import template_messages
from tests.support.clock import freeze_clock
from tests.support.pilot import make_test_app
from tests.support.visitor import PUBLIC_URL, settle, tap, write_event

SCREENS: dict[str, Callable[[], Screen[None]]] = {
    "needs": NeedChoiceScreen,
    "ages": AgeChoiceScreen,
    "browse": lambda: BrowseScreen(need="sostegno-genitori"),
    "browse-both": lambda: BrowseScreen(need="sostegno-genitori", age_group="over-65"),
    "browse-empty": lambda: BrowseScreen(need="nascita", age_group="over-65"),
    "search": SearchScreen,
    "service": lambda: ServiceDetailScreen("percorso-nascita"),
    "service-missing": lambda: ServiceDetailScreen("non-esiste"),
    "events": EventsScreen,
    "event": lambda: EventDetailScreen("festa"),
    "event-link": lambda: EventDetailScreen("con-link"),
    "office": OfficeScreen,
}


@pytest.fixture
def rich_content(content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Bundled content plus events and office hours, at a fixed time."""
    freeze_clock(monkeypatch, dt.datetime(2026, 11, 23, 19, 0))
    write_event(
        content_dir,
        "festa",
        'title: "Festa"\nstarts_at: "2026-12-05 16:30"\nplace: "Sala"\nsummary: "Giochi"\n'
        "min_age: 3\nmax_age: 10\nwaitlist:\n  open: true\n  retention_days: 30\n",
    )
    write_event(
        content_dir,
        "con-link",
        'title: "Incontro"\nstarts_at: "2026-12-06 10:00"\nplace: "Sala"\nsummary: "x"\n'
        'url: "https://example.org/incontro"\n',
    )
    office = content_dir / "office.yaml"
    office.write_text(
        office.read_text(encoding="utf-8") + '\nhours:\n  lun: ["09:00-13:00"]\n',
        encoding="utf-8",
    )
    return content_dir


async def open_screen(app, pilot, name: str) -> Screen[None]:  # type: ignore[no-untyped-def]
    screen = SCREENS[name]()
    app.push_screen(screen)
    await settle(pilot)
    if name == "search":
        app.screen.query_one("#search-input", Input).value = "famiglie"
        await settle(pilot)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@pytest.mark.parametrize("name", list(SCREENS))
async def test_touch_sized_nothing_cut_off_back_and_home(
    sqlite_url: str, rich_content: Path, name: str, size: tuple[int, int]
) -> None:
    app = make_test_app(sqlite_url, rich_content, public_url=PUBLIC_URL)
    async with app.run_test(size=size) as pilot:
        first = app.screen
        screen = await open_screen(app, pilot, name)
        width = size[0]
        for widget in screen.query("*"):
            if not widget.display or not widget.region:
                continue
            assert widget.region.right <= width, f"{widget} is cut off on the right"
            if isinstance(widget, Button):
                assert widget.outer_size.height >= 3, f"{widget} is too small to tap"
            if widget.is_scrollable and not isinstance(widget, Input):
                assert widget.max_scroll_x == 0, f"{widget} scrolls sideways"
        await tap(pilot, "#nav-back")
        assert app.screen is first
        app.push_screen(SCREENS[name]())
        await settle(pilot)
        await tap(pilot, "#nav-home")
        assert isinstance(app.screen, AttractScreen) and len(app.screen_stack) == 2


@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_text_has_an_english_translation(
    sqlite_url: str, rich_content: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = base.translate

    def recording(lang: str, message: str) -> str:
        asked.append(message)
        return real(lang, message)

    monkeypatch.setattr(base, "translate", recording)
    app = make_test_app(sqlite_url, rich_content, public_url=PUBLIC_URL, language="en")
    async with app.run_test(size=(200, 60)) as pilot:
        await open_screen(app, pilot, name)
    english = catalog("en")
    missing = sorted({m for m in asked if m not in english})
    assert not missing, f"no English for: {missing}"
    assert asked
    templates = set().union(*(template_messages(d) for d in VISITOR_DOMAINS))
    unextracted = sorted({m for m in asked if m not in templates})
    assert not unextracted, f"not in any visitor-facing .pot (mark with N_): {unextracted}"


def test_texts_reached_through_variables_are_in_the_template() -> None:
    """Provider kinds are looked up by code: only their N_() markers keep them in visitor.pot."""
    template = template_messages("visitor")
    kinds = set(service_detail.PROVIDER_KINDS.values())
    assert kinds <= template
    assert all(catalog("en").get(kind) for kind in kinds)
