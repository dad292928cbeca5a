"""Interface translations through standard gettext (Italian is the source language).

Each part of the UI has its own domain (`DOMAINS`): templates `locales/<domain>.pot`,
catalogues `locales/<lang>/LC_MESSAGES/<domain>.po`, compiled to `.mo` at build time
(hatch_build.py). At run time the `.mo` of every domain of a language are chained into one
`gettext.GNUTranslations`; an untranslated text falls back to the Italian msgid. A `.mo` that
is missing or older than its `.po` (a developer just edited it) is compiled in memory from the
`.po`, so a checkout never shows stale text.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "it"
DOMAINS = ("shell", "visitor", "waitlist", "messages", "admin", "cli")
"""Catalogue domains, first match wins when two domains share a msgid."""
VISITOR_DOMAINS = ("shell", "visitor", "waitlist", "messages")
"""Domains a visitor reads: translated into every visitor language (admin is it/en only)."""


def catalogue_path(lang: str, domain: str, suffix: str = ".po") -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}{suffix}"


def compile_po(po: Path) -> bytes:
    """The `.mo` bytes of a `.po` file (fuzzy and untranslated entries left out)."""
    # Babel only here: installed catalogues are compiled already, and the kiosk starts faster.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalogue = read_po(source, locale=po.parent.parent.name, domain=po.stem)
    out = io.BytesIO()
    write_mo(out, catalogue, use_fuzzy=False)
    return out.getvalue()


def load_domain(lang: str, domain: str) -> gettext.GNUTranslations | None:
    """The compiled catalogue of one domain; None when the language has no such file."""
    po, mo = catalogue_path(lang, domain), catalogue_path(lang, domain, ".mo")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if po.is_file():
        return gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    return None


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Every domain of `lang` chained into one object; Italian msgids when nothing matches."""
    chain: gettext.NullTranslations = gettext.NullTranslations()
    if lang == SOURCE_LANGUAGE:
        return chain
    loaded = [t for t in (load_domain(lang, d) for d in DOMAINS) if t is not None]
    if not loaded:
        return chain
    first = loaded[0]
    for other in loaded[1:]:
        first.add_fallback(other)
    return first


def translate(lang: str, message: str) -> str:
    """`message` (Italian) in `lang`; the Italian text when no translation exists."""
    return translations(lang).gettext(message)


def translate_plural(lang: str, singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` (Italian msgids) for `count` under the Plural-Forms
    of `lang` (ngettext); the caller formats the `{count}` it contains."""
    return translations(lang).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a msgid reached only through a variable so `pybabel extract` keeps it."""
    return message


@cache
def catalog(lang: str) -> dict[str, str]:
    """Translated, non-fuzzy messages of every domain of `lang` (msgid -> msgstr; for a
    plural entry the singular msgid -> first form). Empty for Italian."""
    from babel.messages.pofile import read_po

    merged: dict[str, str] = {}
    for domain in reversed(DOMAINS):  # earlier domains win, as at run time
        po = catalogue_path(lang, domain)
        if not po.is_file():
            continue
        with po.open("rb") as source:
            for message in read_po(source, locale=lang):
                if not message.id or message.fuzzy:
                    continue
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                string = message.string
                form = string if isinstance(string, str) else (string[0] if string else "")
                if form:
                    merged[msgid] = form
    return merged


def available_languages() -> list[str]:
    """Italian, then every language with a catalogue folder."""
    found = {p.name for p in LOCALES_DIR.iterdir() if (p / "LC_MESSAGES").is_dir()}
    return [SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE})]
