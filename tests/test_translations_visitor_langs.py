"""Each visitor language with catalogues translates every English visitor msgid intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kiosk.config import VISITOR_LANGUAGES
from kiosk.i18n import LOCALES_DIR

VISITOR_DOMAINS = ("shell", "visitor", "waitlist")  # admin.po is staff-only (Italian/English)
REFERENCE = "en"
# What a translator must carry over untouched: {name} fields, %-formats, markup tags, newlines.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([a-z_]+\))?[sd]|\[/?[a-z]+\]|\n")
TRANSLATED = [
    lang
    for lang in VISITOR_LANGUAGES
    if lang not in ("it", REFERENCE) and (LOCALES_DIR / lang / "LC_MESSAGES").is_dir()
]


def load(lang: str, domain: str) -> Catalog:
    path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    with Path(path).open("rb") as handle:
        return read_po(handle)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems(reference: Catalog, translation: Catalog) -> list[str]:
    """Each reference msgid missing, untranslated, fuzzy or with other placeholders."""
    found = []
    for ref in reference:
        if not ref.id:
            continue  # the header
        message = translation.get(ref.id)
        if message is None:
            found.append(f"missing: {ref.id!r}")
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms):
            found.append(f"untranslated or fuzzy: {ref.id!r}")
            continue
        # A plural entry's forms all carry the plural msgid's placeholders (e.g. {count}).
        source = ref.id[-1] if isinstance(ref.id, tuple) else ref.id
        for form in forms:
            if placeholders(form) != placeholders(source):
                found.append(f"placeholders differ: {source!r} -> {form!r}")
    return found


def test_the_visitor_languages_beyond_english_have_catalogues() -> None:
    assert {"fr", "ro"} <= set(TRANSLATED)


@pytest.mark.parametrize("domain", VISITOR_DOMAINS)
@pytest.mark.parametrize("lang", TRANSLATED)
def test_visitor_catalogue_translates_every_english_message(lang: str, domain: str) -> None:
    translation = load(lang, domain)
    assert translation.locale is not None and translation.locale.language == lang
    assert problems(load(REFERENCE, domain), translation) == []


def test_problems_are_reported() -> None:
    reference, translation = Catalog(locale="en"), Catalog(locale="fr")
    reference.add("Ciao {name}", "Hello {name}")
    reference.add("Fine", "Done")
    reference.add("Chiudi", "Close")
    translation.add("Ciao {name}", "Bonjour {nom}")
    translation.add("Fine", "", flags=("fuzzy",))
    assert problems(reference, translation) == [
        "placeholders differ: 'Ciao {name}' -> 'Bonjour {nom}'",
        "untranslated or fuzzy: 'Fine'",
        "missing: 'Chiudi'",
    ]
