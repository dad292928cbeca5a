"""Text helpers shared by the services layer: accent folding and cleaning of untrusted input."""

from __future__ import annotations

import re
import unicodedata

# Bidi controls, zero-width characters and other format characters that can reorder or hide text.
_FORMAT_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}
_ANSI_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Caffè' -> 'caffe' (what free-text search compares)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_tokens(text: str) -> list[str]:
    """The words of a search, folded, letters and digits only."""
    return [t for t in re.split(r"[^0-9a-z]+", fold(text)) if t]


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
