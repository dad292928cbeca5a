"""Keyboard layouts: one per visitor language, one key to switch alphabet, big keys that fit."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import Input

from kiosk.config import VISITOR_LANGUAGES
from kiosk.widgets._keys import KeyButton
from kiosk.widgets.keyboard import OnScreenKeyboard
from kiosk.widgets.layouts import LAYOUTS, layouts_for

key = OnScreenKeyboard.key_id


class LayoutApp(App[None]):
    """A name field (capital at each word) and a keyboard in one language."""

    def __init__(self, language: str, *, compact: bool = False) -> None:
        super().__init__()
        self.language = language
        self.compact = compact

    def compose(self) -> ComposeResult:
        yield Input(id="name", classes="capitalise")
        yield OnScreenKeyboard(
            target_id="name",
            layouts=layouts_for(self.language),
            enter=True,
            compact=self.compact,
            shift_label="⇧ Maiusc",
            space_label="Spazio",
            enter_label="Avanti ›",
        )


def chars(keyboard: OnScreenKeyboard) -> str:
    return "".join(k.value for k in keyboard.query(".char").results(KeyButton) if k.value != " ")


def test_each_visitor_language_has_its_letters() -> None:
    assert set(LAYOUTS) == set(VISITOR_LANGUAGES)
    letters = {lang: "".join(layout.rows) for lang, layout in LAYOUTS.items()}
    assert set("ăâîșț") <= set(letters["ro"])
    assert set("ëç") <= set(letters["sq"])
    assert set("éèêàçùœ") <= set(letters["fr"])
    assert set("йцукенгшщзхїфівапролджєґячсмитьбю'") == set(letters["uk"]) - set(".-")
    assert set(letters["en"]) <= set("abcdefghijklmnopqrstuvwxyz',.-")
    for lang, text in letters.items():
        assert len(text) == len(set(text)), f"a key twice in {lang}"


@pytest.mark.parametrize("language", VISITOR_LANGUAGES)
@pytest.mark.parametrize(("size", "compact"), [((80, 24), False), ((57, 16), True)])
async def test_keys_are_finger_sized_and_no_label_is_cut(
    language: str, size: tuple[int, int], compact: bool
) -> None:
    app = LayoutApp(language, compact=compact)
    async with app.run_test(size=size) as pilot:
        keyboard = app.query_one(OnScreenKeyboard)
        for _ in range(2):  # the visitor's layout, then the other alphabet
            await pilot.pause()
            assert keyboard.outer_size.height == (7 if compact else 12)
            for button in keyboard.query(KeyButton):
                region = button.region
                assert region.right <= size[0] and region.bottom <= size[1], button.id
                assert button.outer_size.height == (1 if compact else 3)
                if button.has_class("char") and button.id != "key-space":
                    assert region.width >= (4 if compact else 6), (button.id, region)
                text = str(button.label)
                assert button.content_region.width >= cell_len(text), (text, region)
            await pilot.click("#key-layout")


async def test_one_key_switches_between_cyrillic_and_latin() -> None:
    app = LayoutApp("uk")
    async with app.run_test(size=(80, 24)) as pilot:
        keyboard = app.query_one(OnScreenKeyboard)
        await pilot.pause()
        assert "йцукенгшщзхї" in chars(keyboard)
        assert str(app.query_one("#key-layout", KeyButton).label) == "ABC"
        await pilot.click("#key-layout")
        await pilot.pause()
        assert chars(keyboard).startswith("qwertyuiop")
        assert str(app.query_one("#key-layout", KeyButton).label) == "АБВ"
        await pilot.click("#key-layout")
        await pilot.pause()
        assert chars(keyboard).startswith("йцукенгшщзхї")


async def test_a_latin_language_switches_to_cyrillic_and_back() -> None:
    app = LayoutApp("ro")
    async with app.run_test(size=(80, 24)) as pilot:
        keyboard = app.query_one(OnScreenKeyboard)
        await pilot.pause()
        assert "ș" in chars(keyboard)
        assert str(app.query_one("#key-layout", KeyButton).label) == "АБВ"
        await pilot.click("#key-layout")
        await pilot.pause()
        assert "й" in chars(keyboard)
        await pilot.click("#key-layout")
        await pilot.pause()
        assert "ș" in chars(keyboard)


async def test_cyrillic_name_gets_its_capitals_and_switching_keeps_them() -> None:
    app = LayoutApp("uk")
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#name", Input)
        field.focus()
        await pilot.pause()
        assert str(app.query_one(f"#{key('ї')}", KeyButton).label) == "Ї"  # capital shown
        for char in "олена":
            await pilot.click(f"#{key(char)}")
        await pilot.click("#key-space")
        for char in "дар'я":
            await pilot.click(f"#{key(char)}")
        await pilot.click("#key-space")
        await pilot.pause()
        # A word started: capital again, also after switching to Latin letters.
        await pilot.click("#key-layout")
        await pilot.pause()
        assert str(app.query_one(f"#{key('m')}", KeyButton).label) == "M"
        for char in "mia":
            await pilot.click(f"#{key(char)}")
        await pilot.pause()
        assert field.value == "Олена Дар'я Mia"
        assert app.focused is field


@pytest.mark.parametrize(("language", "word"), [("ro", "ȘCOALĂ"), ("sq", "ËNDËRR"), ("fr", "ŒUF")])
async def test_shift_gives_the_capital_of_every_accented_letter(language: str, word: str) -> None:
    app = LayoutApp(language)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#name", Input).remove_class("capitalise")
        for char in word:
            await pilot.click("#key-shift")
            await pilot.click(f"#{key(char.lower())}")
        await pilot.pause()
        assert app.query_one("#name", Input).value == word
