"""Suggestions for hints: the closest known word, a slug made from a text."""

from __future__ import annotations

import difflib
import re
import unicodedata

from kiosk.cli_text import _


def closest(
    word: str, options: tuple[str, ...] | list[str] | set[str] | frozenset[str]
) -> str | None:
    """The closest option to `word` (case-insensitive), or None."""
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(
    word: str, options: tuple[str, ...] | list[str] | set[str] | frozenset[str]
) -> str:
    best = closest(word, options)
    return _("intendevi `{best}`?", best=best) if best else ""


def slugify(text: str) -> str:
    """A slug suggestion: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "nome-del-file"
