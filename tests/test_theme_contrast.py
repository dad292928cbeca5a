"""The kiosk theme: contrast of every colour pair the screens use, and the high-contrast mode."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.widgets import Button, Input

from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.theme import EDGE_PAIRS, HIGH_CONTRAST, LOBBY, TEXT_PAIRS
from tests.support.pilot import FakeClock, make_test_app
from tests.support.waitlist_ui import settle, tap


def luminance(colour: Color) -> float:
    """WCAG 2.2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in (colour.r, colour.g, colour.b))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: Color, b: Color) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_ratio_formula_matches_known_values() -> None:
    assert ratio(Color.parse("#000000"), Color.parse("#FFFFFF")) == pytest.approx(21)
    assert ratio(Color.parse("#767676"), Color.parse("#FFFFFF")) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("theme", "text_ratio"), [(LOBBY, 4.5), (HIGH_CONTRAST, 7.0)])
async def test_every_pair_the_screens_use_has_enough_contrast(
    sqlite_url: str, theme: str, text_ratio: float
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.pause()
        colours = {
            name: Color.parse(value)
            for name, value in app.theme_variables.items()
            if name in {n for pair in TEXT_PAIRS + EDGE_PAIRS for n in pair}
        }
        low = [
            (fg, bg, round(ratio(colours[fg], colours[bg]), 2))
            for pairs, needed in ((TEXT_PAIRS, text_ratio), (EDGE_PAIRS, 3.0))
            for fg, bg in pairs
            if ratio(colours[fg], colours[bg]) < needed
        ]
        assert not low
        # The pairs checked are the ones drawn: a tile, a key colour, the screen, a text field.
        tile = app.screen.query_one("#tile-needs", Button)
        assert tile.styles.background == colours["kiosk-control"]
        assert tile.styles.color == colours["kiosk-control-text"]
        assert app.screen.styles.background == colours["background"]
        app.push_screen(NeedChoiceScreen())
        await settle(pilot)
        assert app.screen.query_one("#nav").styles.background == colours["panel"]


async def test_high_contrast_is_one_tap_from_attract_and_nav_and_ends_with_the_visit(
    sqlite_url: str,
) -> None:
    clock = FakeClock()
    app = make_test_app(sqlite_url, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == LOBBY
        await tap(pilot, "#contrast")
        assert app.theme == HIGH_CONTRAST
        assert app.screen.query_one("#tile-needs", Button).styles.background == Color.parse(
            "#FFFFFF"
        )
        await tap(pilot, "#tile-needs")
        assert app.theme == HIGH_CONTRAST  # it lasts through the visit
        await tap(pilot, "#nav-contrast")
        assert app.theme == LOBBY
        await tap(pilot, "#nav-contrast")
        assert app.theme == HIGH_CONTRAST
        # The visit ends (idle reset): the next visitor gets the usual theme.
        clock.advance(app.settings.idle_timeout + 1)
        app.check_visitor_idle()
        await pilot.pause()
        for _ in range(app.settings.still_there_seconds):
            app.screen.tick()  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(app.screen, AttractScreen) and app.theme == LOBBY


async def test_a_chosen_filter_is_marked_without_colour(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(137, 36)) as pilot:
        from kiosk.screens.visitor.browse import BrowseScreen

        app.push_screen(BrowseScreen(need="nascita", age_group=None))
        await settle(pilot)
        chosen = [
            b for b in app.screen.query(".need-chip").results(Button) if b.has_class("-chosen")
        ]
        assert [str(b.label) for b in chosen] and all(str(b.label).startswith("✓ ") for b in chosen)
        others = [b for b in app.screen.query(".need-chip").results(Button) if b not in chosen]
        assert others and not any("✓" in str(b.label) for b in others)


async def test_focused_field_shows_a_frame_that_contrasts(sqlite_url: str) -> None:
    from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen

    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(WaitlistJoinScreen("percorso-nascita"))
        await settle(pilot)
        field = app.screen.query_one("#field-name", Input)
        assert app.screen.focused is field
        focus = Color.parse(app.theme_variables["kiosk-focus"])
        assert field.styles.border_top[1] == focus
        assert field.styles.background == Color.parse(app.theme_variables["kiosk-input"])


@pytest.mark.parametrize("mode", ["text", "none"])
async def test_need_tiles_without_an_emoji_font(sqlite_url: str, mode: str) -> None:
    app = make_test_app(sqlite_url, pictograms=mode)
    async with app.run_test(size=(137, 36)) as pilot:
        app.push_screen(NeedChoiceScreen())
        await settle(pilot)
        labels = [str(tile.label) for tile in app.screen.query(".need-tile").results(Button)]
        assert len(labels) == 8
        # Nothing outside the fonts every terminal has: no empty boxes.
        assert all(ord(char) <= 0xFFFF for text in labels for char in text)
        if mode == "text":
            assert labels[0].startswith("ℹ  ")
        else:
            assert not any(text[0] in "ℹ♡⚖♥☺✎⌂⇄" for text in labels)


async def test_need_tiles_show_emoji_by_default(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(137, 36)) as pilot:
        app.push_screen(NeedChoiceScreen())
        await settle(pilot)
        first = app.screen.query(".need-tile").results(Button).__next__()
        assert str(first.label).startswith("💬  ")


def test_pictogram_setting_is_checked() -> None:
    from kiosk.config import ConfigError, load_settings

    assert load_settings({"KIOSK_PICTOGRAMS": "Text"}).pictograms == "text"
    with pytest.raises(ConfigError, match="KIOSK_PICTOGRAMS='boxes': scegli uno tra emoji"):
        load_settings({"KIOSK_PICTOGRAMS": "boxes"})


@pytest.mark.parametrize(("size", "shown"), [((57, 16), "◐"), ((80, 24), "◐ Contrasto")])
async def test_the_nav_bar_keeps_every_button_on_screen(
    sqlite_url: str, size: tuple[int, int], shown: str
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=size) as pilot:
        app.push_screen(NeedChoiceScreen())
        await settle(pilot)
        for button in app.screen.query("#nav Button").results(Button):
            assert button.region.right <= size[0], f"{button.id} is cut off"
        assert str(app.screen.query_one("#nav-contrast", Button).label) == shown
