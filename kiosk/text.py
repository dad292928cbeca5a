"""Text helpers shared by the services layer: accent folding and cleaning of untrusted input."""

from __future__ import annotations

import re
import unicodedata

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


# A dot between two letters or digits is punctuation inside a word: "p.i.p.p.i." is "pippi".
_INNER_DOT = re.compile(r"(?<=[0-9a-z])\.(?=[0-9a-z])")


def search_fold(text: str) -> str:
    """`text` as free-text search compares it: folded, dotted acronyms joined.

    Both the indexed texts (kiosk.sync) and what the visitor types pass here, so that
    "P.I.P.P.I." in a service file and "pippi" typed at the kiosk meet.
    """
    return _INNER_DOT.sub("", fold(text))


def search_tokens(text: str) -> list[str]:
    """The words of a search: folded, letters and digits only, never a single letter.

    A lone letter would be a prefix query matching almost every text (it was how "p.i.p.p.i."
    found every service); a lone digit stays, as in "0 3".
    """
    return [
        t for t in re.split(r"[^0-9a-z]+", search_fold(text)) if t and (len(t) > 1 or t.isdigit())
    ]


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
