"""Gettext through Babel: committed templates match the code, catalogues are complete, plurals
follow each language's Plural-Forms, a stale .mo never shows old text."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from kiosk import i18n, i18n_check
from kiosk.config import VISITOR_LANGUAGES
from kiosk.i18n import N_, available_languages, catalog, translate, translate_plural
from kiosk.i18n_check import REQUIRED_LANGUAGES, check, message_problems, stale_templates


def test_the_committed_templates_match_the_code() -> None:
    assert stale_templates() == []


def test_every_required_catalogue_is_complete() -> None:
    """Untranslated, fuzzy or broken messages and missing catalogues fail here (and in CI)."""
    assert {"it", *REQUIRED_LANGUAGES} == set(VISITOR_LANGUAGES)  # every visitor language
    assert check() == []


def test_a_new_text_in_the_code_makes_its_template_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(i18n_check.ROOT / "babel-mappings", root / "babel-mappings")
    shutil.copytree(
        i18n_check.ROOT / "kiosk",
        root / "kiosk",
        ignore=shutil.ignore_patterns("content", "__pycache__", "*.mo"),
    )
    office = root / "kiosk" / "screens" / "visitor" / "office.py"
    office.write_text(office.read_text() + '\n\nNEW = N_("Un testo nuovo")\n')
    monkeypatch.setattr(i18n_check, "ROOT", root)
    monkeypatch.setattr(i18n_check, "LOCALES_DIR", root / "kiosk" / "locales")
    assert stale_templates() == [
        "visitor.pot: stale, 1 new and 0 removed msgid (python -m kiosk.i18n_check update)"
    ]


def test_the_check_names_what_would_show_italian_or_crash() -> None:
    assert list(message_problems(Message("Casa", "House"))) == []
    assert list(message_problems(Message("Casa", ""))) == ["untranslated"]
    assert list(message_problems(Message("Casa", "House", flags=["fuzzy"]))) == ["fuzzy"]
    assert list(message_problems(Message("{n} anni", "{years} years"))) == [
        "unknown placeholder ['years']"
    ]
    assert list(message_problems(Message("{n} anni", "years"))) == ["placeholder lost ['n']"]
    assert "broken braces" in next(message_problems(Message("{n} anni", "{n years")))
    plural = Message(("{count} servizio", "{count} servizi"), ("{count} service", ""))
    assert list(message_problems(plural)) == ["untranslated"]


def test_english_texts_and_italian_source() -> None:
    assert translate("en", "Per chi?") == "Who is it for?"
    assert translate("it", "Per chi?") == "Per chi?"
    assert translate("en", "Un testo che nessuno ha tradotto") == "Un testo che nessuno ha tradotto"
    assert N_("Comune") == "Comune" and translate("en", N_("Comune")) == "Municipality"
    assert catalog("en")["Per chi?"] == "Who is it for?"
    assert available_languages()[:2] == ["it", "en"]


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("it", 1, "{count} servizio"),
        ("it", 0, "{count} servizi"),
        ("it", 21, "{count} servizi"),
        ("en", 1, "{count} service"),
        ("en", 2, "{count} services"),
        ("en", 0, "{count} services"),
    ],
)
def test_plural_forms_follow_the_language(lang: str, count: int, expected: str) -> None:
    assert translate_plural(lang, "{count} servizio", "{count} servizi", count) == expected


def write_catalogue(folder: Path, lang: str, domain: str, messages: dict[object, object]) -> Path:
    """A .po of `lang` with the Plural-Forms Babel knows for it."""
    catalogue = Catalog(locale=lang, domain=domain)
    for msgid, msgstr in messages.items():
        catalogue.add(msgid, msgstr)  # type: ignore[arg-type]
    po = folder / lang / "LC_MESSAGES" / f"{domain}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as target:
        write_po(target, catalogue)
    return po


@pytest.fixture
def locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.translations.cache_clear()
    yield tmp_path
    i18n.translations.cache_clear()


SERVICES = ("{count} servizio", "{count} servizi")


@pytest.mark.parametrize(
    ("count", "form"), [(1, "послуга"), (2, "послуги"), (5, "послуг"), (21, "послуга")]
)
def test_ukrainian_plurals_have_three_forms(locales: Path, count: int, form: str) -> None:
    forms = ("{count} послуга", "{count} послуги", "{count} послуг")  # test data, not shipped
    write_catalogue(locales, "uk", "visitor", {SERVICES: forms})
    assert translate_plural("uk", *SERVICES, count) == "{count} " + form


@pytest.mark.parametrize(("count", "form"), [(1, "serviciu"), (2, "servicii"), (21, "de servicii")])
def test_romanian_plurals_have_three_forms(locales: Path, count: int, form: str) -> None:
    forms = ("{count} serviciu", "{count} servicii", "{count} de servicii")  # test data
    write_catalogue(locales, "ro", "visitor", {SERVICES: forms})
    assert translate_plural("ro", *SERVICES, count) == "{count} " + form


def test_domains_of_a_language_are_merged_and_fuzzy_is_left_out(locales: Path) -> None:
    write_catalogue(locales, "fr", "shell", {"Continua": "Continuer"})
    po = write_catalogue(locales, "fr", "visitor", {"Per chi?": "Pour qui ?", "Dove": "Où"})
    po.write_text(po.read_text().replace('msgid "Dove"', '#, fuzzy\nmsgid "Dove"'))
    assert translate("fr", "Continua") == "Continuer"
    assert translate("fr", "Per chi?") == "Pour qui ?"
    assert translate("fr", "Dove") == "Dove"  # fuzzy: the Italian source, not a guess
    assert translate("ro", "Per chi?") == "Per chi?"  # no catalogue at all


def test_a_mo_older_than_its_po_is_not_used(locales: Path) -> None:
    po = write_catalogue(locales, "fr", "visitor", {"Per chi?": "Pour qui ?"})
    old = Catalog(locale="fr", domain="visitor")
    old.add("Per chi?", "Ancien texte")
    mo = po.with_suffix(".mo")
    with mo.open("wb") as target:
        write_mo(target, old)
    os.utime(mo, (po.stat().st_mtime - 60, po.stat().st_mtime - 60))
    assert translate("fr", "Per chi?") == "Pour qui ?"  # the .po was edited after the build

    os.utime(mo, (po.stat().st_mtime + 60, po.stat().st_mtime + 60))
    i18n.translations.cache_clear()
    assert translate("fr", "Per chi?") == "Ancien texte"  # a fresh .mo is what ships


def test_a_required_language_without_catalogues_fails_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A language required but without catalogues (e.g. a new one added to the list)."""
    monkeypatch.setattr(i18n_check, "LOCALES_DIR", tmp_path)
    monkeypatch.setattr(i18n_check, "stale_templates", list)
    monkeypatch.setattr(i18n_check, "REQUIRED_LANGUAGES", ("en", "uk"))
    assert i18n_check.languages_to_check() == ["en", "uk"]
    problems = check()
    assert "uk/LC_MESSAGES/visitor.po: missing (python -m kiosk.i18n_check init uk)" in problems
    assert "en/LC_MESSAGES/admin.po: missing (python -m kiosk.i18n_check init en)" in problems
    assert not any(p.startswith("uk/LC_MESSAGES/admin.po") for p in problems)  # staff: it/en


def test_wrong_plural_count_and_entries_missing_from_the_template_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n_check, "LOCALES_DIR", tmp_path)
    template = Catalog(domain="visitor")
    template.add("Per chi?")
    template.add(SERVICES)
    with (tmp_path / "visitor.pot").open("wb") as target:
        write_po(target, template)
    po = tmp_path / "uk" / "LC_MESSAGES" / "visitor.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: uk\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Per chi?"\nmsgstr "Для кого?"\n\n'
        'msgid "{count} servizio"\nmsgid_plural "{count} servizi"\n'
        'msgstr[0] "{count} послуга"\nmsgstr[1] "{count} послуги"\n\n'
        'msgid "Vecchio testo"\nmsgstr "Старий текст"\n',
        encoding="utf-8",
    )
    assert i18n_check.catalogue_problems("uk", "visitor") == [
        "uk/LC_MESSAGES/visitor.po: Plural-Forms has 2 forms, not 3",
        "uk/LC_MESSAGES/visitor.po: not in visitor.pot 'Vecchio testo' "
        "(python -m kiosk.i18n_check update)",
    ]
