"""Every visitor screen at the lobby's real panel sizes: what matters is on screen, unscrolled.

foot at size=18 gives 57×16 (800×480), 91×23 (1280×720) and about 137×36 (1920×1080); 80×24 and
200×60 are the classic terminals. For each screen and size, the widgets a visitor needs there
must lie entirely inside the terminal, not clipped by a scrolling container and not under an
on-screen keyboard: a geometry check on the compositor's regions, not a screenshot diff.

At 57×16 not everything fits: a screen may keep part of its essentials below, as long as a big
"more" control is on screen and reaches them.

Each case saves an SVG screenshot in its tmp dir, to look at.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from kiosk import waitlist
from kiosk.app import KioskApp
from kiosk.screens.visitor.age_choice import AgeChoiceScreen
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.events import EventsScreen
from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.screens.visitor.search import SearchScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.screens.waitlist.ticket_check import TicketCheckScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from kiosk.waitlist_codes import JoinForm
from kiosk.widgets.block_title import block_lines
from kiosk.widgets.qr_code import QRCode
from tests.support.clock import freeze_clock
from tests.support.pilot import make_test_app
from tests.support.visitor import PUBLIC_URL, settle
from tests.support.waitlist_ui import type_keys

TINY = (57, 16)
SIZES = [TINY, (80, 24), (91, 23), (137, 36), (200, 60)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]
BIRTH = "percorso-nascita"  # open list: name, contact, note

Essentials = list[tuple[str, Widget]]


def one(app: KioskApp, selector: str) -> tuple[str, Widget]:
    return selector, app.screen.query_one(selector)


def each(app: KioskApp, selector: str) -> Essentials:
    found = [(f"{selector}[{i}]", w) for i, w in enumerate(app.screen.query(selector))]
    assert found, f"no {selector} on {type(app.screen).__name__}"
    return found


def keyboard(app: KioskApp) -> list[Widget]:
    """The on-screen keys currently shown (they cover whatever lies under them)."""
    return [
        w
        for w in app.screen.query("#join-keys, #ticket-keys, #search-keyboard")
        if w.display and all(node.display for node in w.ancestors_with_self)
    ]


def problems(app: KioskApp, essentials: Essentials) -> list[str]:
    """What of `essentials` a visitor cannot see whole, right now, without scrolling."""
    screen = app.screen
    width, height = app.size
    terminal = Region(0, 0, width, height)
    keys = [screen.find_widget(k).region for k in keyboard(app)]
    found = []
    for name, widget in essentials:
        if not all(node.display and node.visible for node in widget.ancestors_with_self):
            found.append(f"{name} is hidden")
            continue
        try:
            geometry = screen.find_widget(widget)
        except NoWidget:
            found.append(f"{name} is scrolled out of sight")
            continue
        region = geometry.region
        if not region.area:
            found.append(f"{name} has no room ({region})")
        elif not terminal.contains_region(region):
            found.append(f"{name} {region} runs off the {width}×{height} terminal")
        elif geometry.visible_region != region:
            found.append(f"{name} {region} is clipped to {geometry.visible_region}")
        elif any(region.overlaps(cover) for cover in keys):
            found.append(f"{name} {region} lies under the on-screen keyboard")
    return found


async def assert_in_view(pilot: Pilot[None], essentials: Essentials) -> None:
    """Every essential whole on screen; at 57×16 a big 'more' control may reach the rest."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    missing = problems(app, essentials)
    if not missing:
        return
    assert app.size == TINY, "\n".join(missing)
    # At 57×16: a big "more" button, on screen, brings each of them into view.
    more = app.screen.query(".more-below")
    assert more, "at 57×16 what does not fit needs a 'more' control:\n" + "\n".join(missing)
    button = more.first()
    assert not problems(app, [("more", button)]), "the 'more' control is not on screen"
    assert button.region.height >= 3, "the 'more' control is too small to tap"
    for name, widget in essentials:
        for _ in range(10):
            if not problems(app, [(name, widget)]):
                break
            assert not problems(app, [("more", button)]), f"no way to reach {name}"
            assert await pilot.click(button)
            await settle(pilot)
        assert not problems(app, [(name, widget)]), f"{name}: {problems(app, [(name, widget)])}"


# --- the screens, as a visitor reaches them -----------------------------------------------------


async def attract(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    languages = each(app, "#attract-languages Button.language")
    assert [w.name for _, w in languages] == list(app.settings.languages)
    tiles = each(app, "#attract-tiles Button")
    return [one(app, "#attract-title"), *languages, one(app, "#contrast"), *tiles]


async def needs(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(NeedChoiceScreen())
    await settle(pilot)
    return each(app, ".need-tile")


async def ages(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(AgeChoiceScreen())
    await settle(pilot)
    return each(app, ".age-tile")


async def browse(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(BrowseScreen(need="sostegno-genitori"))
    await settle(pilot)
    cards = each(app, ".service-card")
    assert len(cards) >= 2
    return [one(app, "#browse-filters"), *cards[:2]]


async def service(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(ServiceDetailScreen(BIRTH))
    await settle(pilot)
    qr = app.screen.query_one("#detail-qr", QRCode)
    names = ["#detail-name", "#detail-summary", "#join-waitlist"]
    if app.size != TINY:  # 13 rows under the bar hold no QR symbol: the link shows instead
        assert qr.showing_symbol, "the QR symbol does not fit: only the link shows"
    return [one(app, n) for n in names] + [("#detail-qr", qr)]


async def search(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(SearchScreen())
    await settle(pilot)
    await type_keys(pilot, "#search-keyboard OnScreenKeyboard", "nascita")
    await settle(pilot)
    assert app.screen.query_one("#search-input", Input).value == "nascita"
    assert keyboard(app), "typing closed the keyboard"
    found = [one(app, "#search-input")]
    if app.size != TINY:  # there, the input above the keys is what must be seen
        found.append(each(app, ".service-card")[0])
    return found


async def join_form(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(WaitlistJoinScreen(BIRTH))
    await settle(pilot)
    await type_keys(pilot, "#keys-text", "Anna")
    await pilot.click("#keys-text #key-enter")  # on to the phone number: the keypad opens
    await settle(pilot)
    await type_keys(pilot, "#keys-phone", "12")
    await pilot.click("#join-submit")  # a wrong number: its error shows under the field
    await settle(pilot)
    assert app.screen.focused is app.screen.query_one("#field-phone")
    assert keyboard(app), "the keypad closed"
    return [one(app, n) for n in ("#field-phone", "#error-phone", "#join-submit")]


async def confirmation(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    result = waitlist.join_waitlist(BIRTH, JoinForm(name="Anna", phone="3331234567"), kiosk_id="t")
    app.push_screen(WaitlistConfirmScreen(result, PUBLIC_URL + BIRTH))
    await settle(pilot)
    app.screen.set_focus(None)
    names = ["#confirm-code", "#confirm-position", "#confirm-done"]
    if app.size == TINY:  # no symbol fits in 16 rows: the code is what the visitor keeps
        return [one(app, n) for n in names]
    qr = app.screen.query_one("#confirm-qr", QRCode)
    assert qr.showing_symbol, "the QR symbol does not fit: only the code shows"
    return [one(app, n) for n in names] + [("#confirm-qr", qr)]


async def ticket(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    result = waitlist.join_waitlist(BIRTH, JoinForm(name="Anna", phone="3331234567"), kiosk_id="t")
    app.push_screen(TicketCheckScreen())
    await settle(pilot)
    await type_keys(pilot, "#ticket-keypad", result.code)
    await pilot.click("#ticket-submit")
    await settle(pilot)
    names = ["#ticket-found-code", "#ticket-status", "#ticket-position", "#ticket-cancel"]
    return [one(app, n) for n in names]


async def office(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(OfficeScreen())
    await settle(pilot)
    return [one(app, "#office-name"), one(app, "#office-status")]


async def events(pilot: Pilot[None]) -> Essentials:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(EventsScreen())
    await settle(pilot)
    return [one(app, "#events-empty")]  # no events are bundled: what to do instead


async def picker(pilot: Pilot[None]) -> Essentials:
    """The language picker, opened from the nav of a screen full of tiles."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(NeedChoiceScreen())
    await settle(pilot)
    await pilot.click("#nav-language")
    await settle(pilot)
    languages = each(app, "#picker-languages Button.language")
    assert [w.name for _, w in languages] == list(app.settings.languages)
    return [one(app, "#picker-title"), *languages, one(app, "#picker-close")]


SCREENS: dict[str, Callable[[Pilot[None]], Awaitable[Essentials]]] = {
    "attract": attract,
    "picker": picker,
    "needs": needs,
    "ages": ages,
    "browse": browse,
    "service": service,
    "search": search,
    "join": join_form,
    "confirmation": confirmation,
    "ticket": ticket,
    "office": office,
    "events": events,
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(SCREENS))
async def test_essentials_are_on_screen_without_scrolling(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    size: tuple[int, int],
) -> None:
    freeze_clock(monkeypatch)  # a Monday morning in late November
    app = make_test_app(sqlite_url, public_url=PUBLIC_URL)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        essentials = await SCREENS[name](pilot)
        await settle(pilot)
        app.save_screenshot(filename=f"{name}-{size[0]}x{size[1]}.svg", path=str(tmp_path))
        await assert_in_view(pilot, essentials)


# --- large panels: a title to read from a couple of metres ---------------------------------------


@pytest.mark.parametrize(
    "size", [(80, 24), (137, 36), (200, 60)], ids=["80x24", "137x36", "200x60"]
)
async def test_attract_title_is_in_block_letters_on_large_panels(
    sqlite_url: str, size: tuple[int, int]
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        title = app.screen.query_one("#attract-title")
        # What the compositor draws in the title's rows.
        strips = app.screen._compositor.render_strips()[title.region.y : title.region.bottom]
        lines = [strip.text for strip in strips]
        if size[1] < 32:  # a low panel keeps its rows for the tiles
            assert title.content_region.height == 1
            assert "Centro per le Famiglie" in "\n".join(lines)
        else:
            assert title.content_region.height >= 5, (
                "letters 5 rows high (≈4 cm on a 24-inch panel)"
            )
            assert "Centro per le Famiglie" not in "\n".join(lines)
            assert sum(line.count("█") for line in lines) > 100
            assert not problems(app, [("title", title)])


def test_block_letters_wrap_between_words_and_fall_back_to_text() -> None:
    one_line = block_lines("Centro per le Famiglie", 137)
    assert one_line is not None and len(one_line) == 5
    assert all(len(row) == len(one_line[0]) <= 137 for row in one_line)
    two_lines = block_lines("Centro per le Famiglie", 90)  # 15 letters a line
    assert two_lines is not None and len(two_lines) == 5 + 1 + 5
    assert block_lines("Famiglie", 20) is None  # a word longer than the width
    assert block_lines("Centro 家庭", 137) is None  # no block letter for it: plain text
    assert block_lines("Perché", 137) == block_lines("PERCHE", 137)
