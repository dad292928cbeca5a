"""The language picker: autonyms, a tap changes every text, the visit's end restores the default."""

from __future__ import annotations

from textual.widgets import Button

from kiosk.config import AUTONYMS, VISITOR_LANGUAGES
from kiosk.i18n import translate
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.language_picker import LanguagePickerScreen
from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.screens.visitor.still_there import StillThereScreen
from tests.support.pilot import FakeClock, make_test_app, visible_text
from tests.support.visitor import choose_language, settle, tap

NEEDS_TITLE = "Di cosa hai bisogno?"


def labels(app, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(b.label) for b in app.screen.query(selector).results(Button)]


async def test_attract_and_picker_name_each_language_in_its_own_script(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        autonyms = [AUTONYMS[code] for code in VISITOR_LANGUAGES]
        assert autonyms == ["Italiano", "English", "Français", "Română", "Shqip", "Українська"]
        assert labels(app, "#attract-languages .language") == autonyms
        app.push_screen(NeedChoiceScreen())
        await settle(pilot)
        assert labels(app, "#nav-language") == ["Italiano ▾"]
        await tap(pilot, "#nav-language")
        assert isinstance(app.screen, LanguagePickerScreen)
        # The current language is marked by a ✓ as well as its colour.
        assert labels(app, "#picker-languages .language") == ["✓ Italiano", *autonyms[1:]]
        assert app.screen.query_one("#pick-it").has_class("-chosen")
        await tap(pilot, "#picker-close")  # closing chooses nothing
        assert isinstance(app.screen, NeedChoiceScreen)
        assert app.language == "it" and NEEDS_TITLE in visible_text(app)


async def test_a_pick_changes_every_text_then_the_idle_reset_restores_italian(
    sqlite_url: str,
) -> None:
    clock = FakeClock()
    app = make_test_app(sqlite_url, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await tap(pilot, "#tile-needs")
        assert isinstance(app.screen, NeedChoiceScreen)
        await choose_language(pilot, "uk")
        ukrainian = translate("uk", NEEDS_TITLE)
        assert ukrainian != NEEDS_TITLE  # the catalogue has it
        text = visible_text(app)
        assert ukrainian in text and NEEDS_TITLE not in text
        assert translate("uk", "⌂ Home") in text and "Українська ▾" in text
        # The choice lasts through the visit: back on the attract screen, still Ukrainian.
        await tap(pilot, "#nav-home")
        assert isinstance(app.screen, AttractScreen)
        assert translate("uk", "Cerca") in visible_text(app)
        first = app.screen
        clock.advance(app.settings.idle_timeout + 1)
        app.check_visitor_idle()
        await settle(pilot)
        assert isinstance(app.screen, StillThereScreen)
        for _ in range(60):  # the countdown runs out, ticked by hand
            if not isinstance(app.screen, StillThereScreen):
                break
            app.screen.tick()
            await pilot.pause()
        await settle(pilot)
        assert isinstance(app.screen, AttractScreen) and app.screen is not first
        assert app.language == "it"
        assert NEEDS_TITLE in visible_text(app)


async def test_fine_ends_the_choice_too(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await tap(pilot, "#lang-sq")
        assert app.language == "sq"
        assert translate("sq", NEEDS_TITLE) in visible_text(app)
        app.start_visit()  # what "Fine" and logout ask for (NewVisit)
        await settle(pilot)
        assert app.language == "it" and NEEDS_TITLE in visible_text(app)


async def test_only_the_offered_languages_and_none_when_there_is_one(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url, languages=("it", "uk"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert labels(app, "#attract-languages .language") == ["Italiano", "Українська"]
        app.push_screen(NeedChoiceScreen())
        await settle(pilot)
        await tap(pilot, "#nav-language")  # two languages: the same picker, consistent
        assert labels(app, "#picker-languages .language") == ["✓ Italiano", "Українська"]
        await tap(pilot, "#pick-uk")
        assert app.language == "uk"
        app.set_language("fr")  # not offered here: nothing changes
        assert app.language == "uk"
    app = make_test_app(sqlite_url, languages=("it",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query(".language")
        assert app.screen.query("#contrast")  # high contrast stays
        app.push_screen(NeedChoiceScreen())
        await settle(pilot)
        assert not app.screen.query("#nav-language")


async def test_a_double_tap_in_the_picker_closes_only_the_picker(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(NeedChoiceScreen())
        await settle(pilot)
        await tap(pilot, "#nav-language")
        button = app.screen.query_one("#pick-en", Button)
        button.press()
        button.press()  # the second tap arrives before the picker has gone
        await settle(pilot)
        assert isinstance(app.screen, NeedChoiceScreen)  # still on the page the visitor was on
        assert len(app.screen_stack) == 3 and app.language == "en"
