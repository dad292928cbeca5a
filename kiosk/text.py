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


# Marks are dropped where they are optional accents or vowel points: on Latin and Greek letters
# ("scoala" finds "școală", "Αθηνα" finds "Αθήνα"), Arabic and Hebrew. Cyrillic keeps them: й, ї,
# ё are letters of their own in Ukrainian ("йти" is not "ити"); only a stress accent goes.
# Other scripts (Devanagari, Thai…) keep their vowel signs, which are part of the word.
# (A pattern that begins with the marks themselves: the regex engine skips to them quickly.)
_ACCENTS = re.compile("[\u0300-\u036f\u1dc0-\u1dff]+")
_STRESS_ACCENTS = re.compile("[\u0300\u0301]")  # grave, acute: stress marks in teaching texts
_POINTS = re.compile(
    "[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a"
    "\u0640\u064b-\u065f\u0670\u06d6-\u06ed]"
)  # Hebrew, Arabic; tatweel
# A dot between two letters or digits is punctuation inside a word: "p.i.p.p.i." is "pippi".
_INNER_DOT = re.compile(r"\.(?<=[^\W_]\.)(?=[^\W_])")
# An apostrophe inside a Cyrillic word is part of it ("сім'я"), however it was typed.
_CYRILLIC_APOSTROPHE = re.compile("['\u2019\u02bc](?<=[\u0400-\u052f].)(?=[\u0400-\u052f])")
# Latin letters with no decomposition: what a visitor types for them on any keyboard.
_LATIN_LETTERS = {"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "ŀ": "l"}


class _WordChars(dict[int, str]):
    """str.translate table, filled as characters are met: letters, digits and marks stay,
    everything else becomes a space; the Latin letters above are spelt out."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _LATIN_LETTERS:
            value = _LATIN_LETTERS[char]
        elif unicodedata.category(char)[0] in "LNM" and char not in "\u02bc":
            value = char
        else:
            value = " "
        if len(self) < 65536:  # the characters of a kiosk's texts; never unbounded
            self[code] = value
        return value


_WORD_CHARS = _WordChars()


def _accents(match: re.Match[str]) -> str:
    """A run of marks: dropped, or after a Cyrillic letter only its stress accents dropped."""
    start = match.start()
    if start and "\u0400" <= match.string[start - 1] <= "\u052f":
        return _STRESS_ACCENTS.sub("", match.group())
    return ""


def search_fold(text: str) -> str:
    """`text` as free-text search compares it: its words, normalised, one space apart.

    NFKC (full-width letters, ligatures), case folded ("ШКОЛА" is "школа"), accents dropped on
    Latin and Greek letters ("școală" is "scoala", "ë" is "e", "ç" is "c") and vowel points on
    Arabic and Hebrew ones, Cyrillic letters kept as they are ("й", "ї" stay), every other
    script kept too (a Chinese phrase is one word). Punctuation separates words, except a dot
    between two letters or digits ("P.I.P.P.I." is "pippi") and an apostrophe inside a
    Cyrillic word ("сім'я" is "сімя"). Both the indexed texts (kiosk.sync: the same text goes
    to SQLite's FTS5 table and to PostgreSQL's tsvector) and what the visitor types pass here.
    """
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    folded = _POINTS.sub("", _ACCENTS.sub(_accents, folded))
    folded = unicodedata.normalize("NFC", folded)
    folded = _CYRILLIC_APOSTROPHE.sub("", _INNER_DOT.sub("", folded))
    return " ".join(folded.translate(_WORD_CHARS).split())


@lru_cache(maxsize=1024)
def _script(char: str) -> str:
    """The first word of the character's Unicode name ("LATIN", "CYRILLIC", "CJK"…)."""
    return unicodedata.name(char, "").split(" ", 1)[0]


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
