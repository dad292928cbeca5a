"""The letters of the on-screen keyboard for each visitor language, and the one to switch to.

One layout per language, three rows of keys (at most 13 a row, so a key is still a finger wide
on an 80-column panel). Letters are never translated: the key that switches layouts shows the
first letters of the other alphabet ("АБВ", "ABC"), as a phone does.

- Italian: QWERTY with è é ò à ù ì.
- English: plain QWERTY.
- French: AZERTY with é è ê à ù œ ç ë ï î ô (â, û, ÿ are left out for room: search ignores
  accents, and "oe" finds "œ").
- Romanian: QWERTY with ă î ș ț â (ș and ț with the comma below, as Romanian writes them).
- Albanian: QWERTY with ç and ë where the Albanian keyboard has them.
- Ukrainian: ЙЦУКЕН with і ї є ґ and the apostrophe of words like "сім'я".

Every Latin layout switches to the Ukrainian one (a Ukrainian name can be typed whatever the
screen's language); the Ukrainian layout switches to the Italian one (the centre's language).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyLayout:
    """Character rows, one key per character (lower case), and the layout's short name."""

    name: str  # shown on the key that switches to this layout: "ABC", "АБВ"
    rows: tuple[str, ...]


ITALIAN = KeyLayout("ABC", ("qwertyuiopèé", "asdfghjklòàù", "zxcvbnm,.'-ì"))
ENGLISH = KeyLayout("ABC", ("qwertyuiop", "asdfghjkl'", "zxcvbnm,.-"))
FRENCH = KeyLayout("ABC", ("azertyuiopéèê", "qsdfghjklmàùœ", "wxcvbnçëïîô'-"))
ROMANIAN = KeyLayout("ABC", ("qwertyuiopăî", "asdfghjklșțâ", "zxcvbnm,.'-"))
ALBANIAN = KeyLayout("ABC", ("qwertyuiopç", "asdfghjklë", "zxcvbnm,.'-"))
UKRAINIAN = KeyLayout("АБВ", ("йцукенгшщзхї", "фівапролджєґ", "ячсмитьбю'.-"))

LAYOUTS: dict[str, KeyLayout] = {
    "it": ITALIAN,
    "en": ENGLISH,
    "fr": FRENCH,
    "ro": ROMANIAN,
    "sq": ALBANIAN,
    "uk": UKRAINIAN,
}


def layouts_for(language: str) -> tuple[KeyLayout, KeyLayout]:
    """The layout of `language` (Italian for a language without one), then the other script's."""
    own = LAYOUTS.get(language, ITALIAN)
    return (own, ITALIAN if own is UKRAINIAN else UKRAINIAN)
