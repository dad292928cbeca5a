"""Text helpers shared by the services layer: accent folding and cleaning of untrusted input."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Bidi controls, zero-width characters and other format characters that can reorder or hide text.
_FORMAT_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}
# C0 controls but tab and newline, DEL, and C1 controls (0x80-0x9f: 0x9b is a one-byte CSI).
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def printable(text: str) -> str:
    """`text` without terminal control characters, whatever its source: what may be shown.

    ESC, BEL, carriage return, DEL and the C1 controls go (a volunteer's YAML escape such as
    `"\\e]52;c;…\\a"` would otherwise write the clipboard, the window title or switch the
    mouse off); tab and newline stay. A whole escape sequence goes when it is recognisable.
    Every text the screens show passes here (kiosk.screens.base.label and friends).
    """
    if not _TERMINAL_CONTROLS.search(text):
        return text
    text = _ANSI_ESCAPE.sub("", text.replace("\r\n", "\n"))
    return _TERMINAL_CONTROLS.sub("", text)


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Caffè' -> 'caffe' (what free-text search compares)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Scripts whose marks are optional accents or vowel points: a word is found with or without
# them ("scoala" finds "școală", "Αθηνα" finds "Αθήνα"). Everywhere else marks are part of the
# letter: Cyrillic keeps й, ї, ё (distinct letters in Ukrainian: "йти" is not "ити") and only
# loses a stress accent; Devanagari, Thai and the like keep their vowel signs.
_MARKS_DROPPED = ("LATIN", "GREEK", "ARABIC", "HEBREW")
_STRESS_ACCENTS = {"\u0300", "\u0301"}  # grave, acute: stress marks in Cyrillic teaching texts
# Latin letters with no decomposition: what a visitor types for them on any keyboard.
_LATIN_LETTERS = str.maketrans(
    {"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "ŀ": "l", "ð": "d"}
)
_APOSTROPHES = {"'", "\u2019", "\u02bc"}  # ', ’ and ʼ: inside a Ukrainian word, part of it
_TATWEEL = "\u0640"  # Arabic elongation: decoration, not a letter


@lru_cache(maxsize=8192)
def _script(char: str) -> str:
    """The first word of the character's Unicode name ("LATIN", "CYRILLIC", "CJK"…)."""
    return unicodedata.name(char, "").split(" ", 1)[0]


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM" and char != _TATWEEL and char not in _APOSTROPHES


def search_fold(text: str) -> str:
    """`text` as free-text search compares it: its words, normalised, one space apart.

    NFKC (full-width letters, ligatures), case folded ("ШКОЛА" is "школа"), marks dropped on
    Latin, Greek, Arabic and Hebrew letters ("școală" is "scoala", "ë" is "e", "ç" is "c"),
    kept on Cyrillic ones ("й", "ї" stay), every other script kept as it is (a Chinese phrase
    is one word). Punctuation separates words, except a dot between two letters or digits
    ("P.I.P.P.I." is "pippi") and an apostrophe inside a Cyrillic word ("сім'я" is "сімя",
    however the apostrophe was typed). Both the indexed texts (kiosk.sync: the same text goes
    to SQLite's FTS5 table and to PostgreSQL's tsvector) and what the visitor types pass here.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    out: list[str] = []
    base = ""  # script of the last letter, "" after a separator
    last = len(decomposed) - 1
    for i, char in enumerate(decomposed):
        if unicodedata.combining(char) or unicodedata.category(char)[0] == "M":
            if base in _MARKS_DROPPED or (base == "CYRILLIC" and char in _STRESS_ACCENTS):
                continue
            if base:
                out.append(char)
            continue
        if _is_word_char(char):
            out.append(char)
            base = _script(char)
            continue
        following = decomposed[i + 1] if i < last else ""
        if base and following and _is_word_char(following):
            if char == ".":
                continue  # an acronym's dot
            if char in _APOSTROPHES and base == "CYRILLIC" and _script(following) == "CYRILLIC":
                continue
        if char != _TATWEEL:
            out.append(" ")
            base = ""
    words = unicodedata.normalize("NFC", "".join(out)).translate(_LATIN_LETTERS)
    return " ".join(words.split())


def _is_ideograph(word: str) -> bool:
    return len(word) == 1 and _script(word) == "CJK"


def search_tokens(text: str) -> list[str]:
    """The words of a search (see search_fold), never a single letter.

    A lone letter would be a prefix query matching almost every text (it was how "p.i.p.p.i."
    found every service); a lone digit stays, as in "0 3", and so does a lone Chinese or
    Japanese character, which is a word.
    """
    return [t for t in search_fold(text).split() if len(t) > 1 or t.isdigit() or _is_ideograph(t)]


def clean_input(text: str, max_length: int) -> str:
    """Normalise visitor input: NFC, no control/bidi/zero-width characters, one line, capped."""
    text = _ANSI_ESCAPE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        " " if ch in "\t\n\r\u2028\u2029" else ch
        for ch in text
        if ch in "\t\n\r\u2028\u2029" or unicodedata.category(ch) not in _FORMAT_CATEGORIES
    )
    text = re.sub(r" {2,}", " ", text).strip()
    return text[:max_length]
