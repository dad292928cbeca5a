"""Upkeep of the gettext catalogues and their CI check (developers' tool, run from a checkout).

    python -m kiosk.i18n_check            # CI: fail on a stale .pot or an incomplete catalogue
    python -m kiosk.i18n_check extract    # re-extract the four templates kiosk/locales/*.pot
    python -m kiosk.i18n_check update     # extract, then `pybabel update` every catalogue
    python -m kiosk.i18n_check init LANG  # new visitor language: shell, visitor, waitlist .po
    python -m kiosk.i18n_check compile    # .po -> .mo (the build does it too: hatch_build.py)

Each subcommand runs the plain `pybabel` command it prints, so the README's commands and this
tool never disagree. Which source file belongs to which domain: babel-mappings/<domain>.cfg.
"""

from __future__ import annotations

import contextlib
import string
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from kiosk.config import STAFF_LANGUAGES, VISITOR_LANGUAGES
from kiosk.i18n import DOMAINS, LOCALES_DIR, SOURCE_LANGUAGE, VISITOR_DOMAINS

ROOT = Path(__file__).resolve().parent.parent
MAPPINGS = Path("babel-mappings")
LOCALES = Path("kiosk") / "locales"
KEYWORDS = ("translate:2", "translate_plural:2,3")
"""Besides Babel's defaults (`_`, `gettext`, `ngettext`, `N_`, ...)."""

PLURAL_COUNTS = {"fr": (2, 3)}
"""Plural form counts accepted besides Babel's (CLDR): French may keep gettext's classic
`nplurals=2; plural=(n > 1);` or CLDR's three forms (the third for millions)."""

REQUIRED_LANGUAGES: tuple[str, ...] = ("en", "fr", "ro", "sq", "uk")
"""Languages whose catalogues must exist and be complete: every visitor language but Italian
(the source), so a missing or unfinished catalogue fails CI."""


def extract_command(domain: str, output: Path) -> list[str]:
    """`pybabel extract` of one domain (run from the repository root)."""
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    return [
        "pybabel",
        "-q",
        "extract",
        "-F",
        str(MAPPINGS / f"{domain}.cfg"),
        *keywords,
        "-c",
        "TRANSLATORS:",
        "--add-location=file",
        "--project=sportello-cpf-kiosk",
        "--copyright-holder=Centro per le Famiglie della Piana di Lucca",
        "-o",
        str(output),
        "kiosk",
    ]


def pybabel(args: list[str]) -> None:
    """Run one `pybabel` command line in-process, from the repository root."""
    with contextlib.chdir(ROOT):
        if CommandLineInterface().run(args):  # type: ignore[no-untyped-call]
            raise SystemExit(f"failed: {' '.join(args)}")


def load(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=None if path.suffix == ".pot" else path.parent.parent.name)


def ids(catalogue: Catalog) -> set[str | tuple[str, ...]]:
    """The msgids of a catalogue, a plural entry as (singular, plural)."""
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalogue if m.id}


def fields(text: str) -> set[str]:
    """The `{name}` placeholders of a str.format template; ValueError when it is malformed."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def stale_templates() -> list[str]:
    """Domains whose committed .pot differs from a fresh extraction of the code."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for domain in DOMAINS:
            fresh = Path(tmp) / f"{domain}.pot"
            pybabel(extract_command(domain, fresh))
            committed = LOCALES_DIR / f"{domain}.pot"
            if not committed.is_file():
                problems.append(f"{domain}.pot: missing (python -m kiosk.i18n_check extract)")
                continue
            new, old = ids(load(fresh)), ids(load(committed))
            if new != old:
                added, gone = len(new - old), len(old - new)
                problems.append(
                    f"{domain}.pot: stale, {added} new and {gone} removed msgid "
                    "(python -m kiosk.i18n_check update)"
                )
    return problems


def message_problems(message: Message) -> Iterator[str]:
    """Why one catalogue entry would show Italian or break at run time."""
    sources = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    string = message.string
    forms = (string or "",) if string is None or isinstance(string, str) else tuple(string)
    if message.fuzzy:
        yield "fuzzy"
    if not all(forms):
        yield "untranslated"
        return
    try:
        wanted = set().union(*(fields(s) for s in sources))
        for form in forms:
            got = fields(form)
            if got - wanted:
                yield f"unknown placeholder {sorted(got - wanted)}"
            elif len(sources) == 1 and got != wanted:
                yield f"placeholder lost {sorted(wanted - got)}"
    except ValueError as error:
        yield f"broken braces ({error})"


def catalogue_problems(lang: str, domain: str) -> list[str]:
    """Untranslated, fuzzy, broken or out-of-date entries of one catalogue."""
    name = f"{lang}/LC_MESSAGES/{domain}.po"
    template = ids(load(LOCALES_DIR / f"{domain}.pot"))
    catalogue = load(LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po")
    problems = []
    wanted_plurals = PLURAL_COUNTS.get(lang, (get_plural(lang).num_plurals,))
    if catalogue.num_plurals not in wanted_plurals:
        problems.append(
            f"{name}: Plural-Forms has {catalogue.num_plurals} forms, "
            f"not {' or '.join(map(str, wanted_plurals))}"
        )
    present = ids(catalogue)
    update = "(python -m kiosk.i18n_check update)"
    problems.extend(f"{name}: missing {m!r} {update}" for m in sorted(template - present, key=str))
    problems.extend(
        f"{name}: not in {domain}.pot {m!r} {update}" for m in sorted(present - template, key=str)
    )
    for message in catalogue:
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        if key and key in template:
            problems.extend(f"{name}: {why}: {message.id!r}" for why in message_problems(message))
    return problems


def languages_to_check() -> list[str]:
    """The required languages, and every other visitor language with a catalogue on disk."""
    on_disk = {p.parent.parent.name for p in LOCALES_DIR.glob("*/LC_MESSAGES/*.po")}
    return [
        lang
        for lang in VISITOR_LANGUAGES
        if lang != SOURCE_LANGUAGE and (lang in REQUIRED_LANGUAGES or lang in on_disk)
    ]


def domains_of(lang: str) -> tuple[str, ...]:
    """Visitor languages carry the visitor-facing domains; staff languages the admin one too."""
    return (*VISITOR_DOMAINS, "admin", "cli") if lang in STAFF_LANGUAGES else VISITOR_DOMAINS


def check() -> list[str]:
    """Everything that should fail CI, one line each."""
    problems = stale_templates()
    unknown = {p.name for p in LOCALES_DIR.iterdir() if p.is_dir()} - set(VISITOR_LANGUAGES)
    problems.extend(f"locales/{lang}: not a language of VISITOR_LANGUAGES" for lang in unknown)
    for lang in languages_to_check():
        for domain in domains_of(lang):
            if not (LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po").is_file():
                problems.append(
                    f"{lang}/LC_MESSAGES/{domain}.po: missing "
                    f"(python -m kiosk.i18n_check init {lang})"
                )
            else:
                problems.extend(catalogue_problems(lang, domain))
    return problems


def extract() -> None:
    for domain in DOMAINS:
        pybabel(extract_command(domain, LOCALES / f"{domain}.pot"))


def update() -> None:
    extract()
    for domain in DOMAINS:
        if any(LOCALES_DIR.glob(f"*/LC_MESSAGES/{domain}.po")):
            pot = str(LOCALES / f"{domain}.pot")
            pybabel(["pybabel", "-q", "update", "-i", pot, "-d", str(LOCALES), "-D", domain])


def init(lang: str) -> None:
    if lang not in VISITOR_LANGUAGES or lang == SOURCE_LANGUAGE:
        raise SystemExit(f"{lang}: not a translated language of VISITOR_LANGUAGES")
    for domain in domains_of(lang):
        if (LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po").is_file():
            continue
        pot = str(LOCALES / f"{domain}.pot")
        pybabel(["pybabel", "-q", "init", "-i", pot, "-d", str(LOCALES), "-D", domain, "-l", lang])


def compile_all() -> None:
    for domain in DOMAINS:
        if any(LOCALES_DIR.glob(f"*/LC_MESSAGES/{domain}.po")):
            pybabel(["pybabel", "-q", "compile", "-d", str(LOCALES), "-D", domain])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "check"
    if command == "check":
        problems = check()
        for line in problems:
            print(line)
        print(f"i18n: {len(problems)} problems" if problems else "i18n: catalogues complete")
        return 1 if problems else 0
    if command == "init" and len(args) == 2:
        init(args[1])
    elif command in ("extract", "update", "compile") and len(args) == 1:
        {"extract": extract, "update": update, "compile": compile_all}[command]()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
