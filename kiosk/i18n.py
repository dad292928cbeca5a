"""Interface translations from gettext .po catalogues (Italian is the source language)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "it"


def parse_po(text: str) -> dict[str, str]:
    """Translated, non-fuzzy entries of a .po file (msgid -> msgstr); plural forms not used."""
    catalog: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    target: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        key, value = "".join(msgid), "".join(msgstr)
        if key and value and not fuzzy:
            catalog[key] = value

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            if msgid or msgstr:
                flush()
                fuzzy = fuzzy and not msgstr
            msgid, msgstr, target = [], [], None
            msgid.append(ast.literal_eval(line[6:]))
            target = msgid
        elif line.startswith("msgstr "):
            msgstr.append(ast.literal_eval(line[7:]))
            target = msgstr
        elif line.startswith('"') and target is not None:
            target.append(ast.literal_eval(line))
        elif not line:
            if msgid or msgstr:
                flush()
            msgid, msgstr, target, fuzzy = [], [], None, False
    if msgid or msgstr:
        flush()
    return catalog


@cache
def catalog(lang: str) -> dict[str, str]:
    """All .po files of one language merged (each part of the UI keeps its own file)."""
    merged: dict[str, str] = {}
    folder = LOCALES_DIR / lang / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po")):
        merged.update(parse_po(po.read_text(encoding="utf-8")))
    return merged


def translate(lang: str, message: str) -> str:
    """`message` (Italian) in `lang`; the Italian text when no translation exists."""
    if lang == SOURCE_LANGUAGE:
        return message
    return catalog(lang).get(message, message)


def translate_plural(lang: str, singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` (Italian msgids) for `count`; the caller formats it.

    Placeholder API until the Babel/gettext runtime lands (issue 11): callers format the result.
    """
    if lang == SOURCE_LANGUAGE:
        return singular if count == 1 else plural
    table = catalog(lang)
    chosen = singular if count == 1 else plural
    return table.get(chosen, chosen)


def N_(message: str) -> str:
    """Mark a msgid reached only through a variable so `pybabel extract` keeps it."""
    return message


def available_languages() -> list[str]:
    found = {p.name for p in LOCALES_DIR.iterdir() if (p / "LC_MESSAGES").is_dir()}
    return [SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE})]
