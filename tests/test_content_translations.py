"""Content in every visitor language: translations marked for a native speaker's review, the
checker's answers about the mark, the staff list of what awaits review, Italian fallback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kiosk import catalogue
from kiosk.cli_text import render
from kiosk.config import BUNDLED_CONTENT_DIR, VISITOR_LANGUAGES, Settings
from kiosk.contentfiles.bundle import ContentBundle
from kiosk.contentfiles.loader import load_content
from kiosk.staff import cli_commands, content
from kiosk.sync import sync_directory
from tests.test_content_check import (
    AGE_GROUPS,
    NEEDS,
    OFFICE,
    SERVICE,
    edit,
    line_of,
    make_content,
    only_problem,
)

SERVICE_FR = """\
---
name: "Parcours naissance"
summary: "Rencontres pour les futurs parents"
translation_review: true
---
Le parcours accompagne les futurs parents.
"""

EVENT_RO = """\
---
title: "Întâlnire pentru părinți noi"
translation_review: true
---
"""

SERVICE_UK = """\
---
name: "Шлях народження"
translation_review: true
---
"""

NEEDS_REVIEWED = "translation_review: [fr, uk]\n" + edit(
    NEEDS, '"Birth and new parents"}', '"Birth and new parents", fr: "Naissance"}'
)
OFFICE_REVIEWED = edit(
    OFFICE,
    'location: "San Concordio, Lucca"',
    'location: {it: "San Concordio, Lucca", fr: "San Concordio, Lucca (quartier)"}\n'
    "translation_review: [fr, ro]",
)


LABELS = ("name", "description")
OFFICE_TEXTS = ("name", "location", "note", "contacts")


def reviewed_content(tmp_path: Path) -> Path:
    return make_content(
        tmp_path,
        {
            "needs.yaml": NEEDS_REVIEWED,
            "office.yaml": OFFICE_REVIEWED,
            "services/percorso-nascita.fr.md": SERVICE_FR,
            "services/percorso-nascita.uk.md": SERVICE_UK,
            "events/incontro-neogenitori.ro.md": EVENT_RO,
        },
    )


def en(text: str) -> str:
    """A checker message as an English-speaking volunteer reads it (`--lang en`)."""
    return render(text, "en")


# --- the checker ----------------------------------------------------------------------------


def test_marked_translations_are_accepted_and_kept_per_language(tmp_path: Path) -> None:
    bundle = load_content(reviewed_content(tmp_path))
    assert bundle.problems == ()
    (service,) = bundle.services
    assert service.translation_review == ("fr", "uk")  # en has no mark: not listed
    assert service.texts["fr"]["name"] == "Parcours naissance"
    assert "translation_review" not in service.texts["fr"]  # a mark, not a text
    (event,) = bundle.events
    assert event.translation_review == ("ro",)
    assert [n.translation_review for n in bundle.needs] == [("fr", "uk"), ("fr", "uk")]
    assert bundle.age_groups[0].translation_review == ()
    office = bundle.office
    assert office is not None
    assert office.translation_review == ("fr", "ro")
    assert office.location == {
        "it": "San Concordio, Lucca",
        "fr": "San Concordio, Lucca (quartier)",
    }


def test_a_plain_office_location_is_the_italian_text(tmp_path: Path) -> None:
    office = load_content(make_content(tmp_path)).office
    assert office is not None and office.location == {"it": "San Concordio, Lucca"}


def test_a_cleared_mark_is_not_listed(tmp_path: Path) -> None:
    cleared = SERVICE_FR.replace("translation_review: true", "translation_review: false")
    bundle = load_content(make_content(tmp_path, {"services/percorso-nascita.fr.md": cleared}))
    assert bundle.problems == ()
    assert bundle.services[0].translation_review == ()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("translation_review: yes", '`translation_review`: "yes" is not accepted for a yes/no'),
        ("translation_review: [fr]", "`translation_review` must be true or false, not a list"),
        ("translation_review: si", '`translation_review`: "si" is not accepted for a yes/no'),
    ],
)
def test_a_translation_mark_must_be_true_or_false(
    tmp_path: Path, written: str, message: str
) -> None:
    text = SERVICE_FR.replace("translation_review: true", written)
    root = make_content(tmp_path, {"services/percorso-nascita.fr.md": text})
    problem = only_problem(load_content(root))
    assert problem.path == str(root / "services/percorso-nascita.fr.md")
    assert problem.line == line_of(text, "translation_review")
    assert message in en(problem.message)
    assert str(problem).startswith(f"{problem.path}:{problem.line}: ")


def test_the_mark_belongs_in_the_translation_not_the_italian_file(tmp_path: Path) -> None:
    text = edit(SERVICE, "needs_review: false", "needs_review: false\ntranslation_review: true")
    root = make_content(tmp_path, {"services/percorso-nascita.md": text})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(text, "translation_review")
    assert "belongs in a translation file" in en(problem.message)
    assert "<slug>.<language>.md" in en(problem.hint)


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("translation_review: [fr, xx]", "unknown language `xx`", "use one of: en fr"),
        ("translation_review: [fr, sqi]", "unknown language `sqi`", "did you mean `sq`?"),
        ("translation_review: [it]", "it is the original language", "remove it"),
        ("translation_review: fr", "must be a list in [brackets]", "[fr]"),
        ("translation_review: [fr, fr]", "fr is listed twice", "keep it once"),
        ("translation_reviw: [fr]", "unknown field `translation_reviw`", "`translation_review`"),
    ],
)
def test_the_review_list_of_a_yaml_file_names_known_languages(
    tmp_path: Path, written: str, message: str, hint: str
) -> None:
    for rel, original in (("needs.yaml", NEEDS), ("age_groups.yaml", AGE_GROUPS)):
        text = f"# commento\n{written}\n{original}"
        root = make_content(tmp_path / rel, {rel: text})
        problem = only_problem(load_content(root))
        assert (problem.path, problem.line) == (str(root / rel), 2)
        assert message in en(problem.message) and hint in en(problem.hint)


def test_the_office_review_list_is_checked_too(tmp_path: Path) -> None:
    text = edit(OFFICE_REVIEWED, "[fr, ro]", "[fr, zz]")
    root = make_content(tmp_path, {"office.yaml": text})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(text, "translation_review")
    assert "unknown language `zz`" in en(problem.message)


def test_an_office_location_needs_its_italian_text(tmp_path: Path) -> None:
    text = edit(OFFICE, 'location: "San Concordio, Lucca"', 'location: {fr: "San Concordio"}')
    root = make_content(tmp_path, {"office.yaml": text})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(text, "location")
    assert "`location` has no Italian text" in en(problem.message)


# --- stored by sync, listed for staff (SQLite and PostgreSQL) --------------------------------


def test_staff_review_lists_each_translation_awaiting_review(db: str, tmp_path: Path) -> None:
    root = reviewed_content(tmp_path)
    sync_directory(root)
    found = {(r.kind, r.source_path): r for r in content.translations_awaiting_review()}
    assert set(found) == {
        ("office", "office.yaml"),
        ("needs", "needs.yaml"),
        ("service", "services/percorso-nascita.md"),
        ("event", "events/incontro-neogenitori.md"),
    }
    event = found["event", "events/incontro-neogenitori.md"]
    assert event.name == "Incontro per neogenitori" and event.langs == ("ro",)
    assert event.files == ("events/incontro-neogenitori.ro.md",)
    service = found["service", "services/percorso-nascita.md"]
    assert service.name == "Percorso nascita" and service.langs == ("fr", "uk")
    assert service.files == (
        "services/percorso-nascita.fr.md",
        "services/percorso-nascita.uk.md",
    )
    assert found["needs", "needs.yaml"].langs == ("fr", "uk")
    assert found["office", "office.yaml"].langs == ("fr", "ro")

    # A native speaker checks the French text and removes the line: only Ukrainian is left.
    path = root / "services" / "percorso-nascita.fr.md"
    path.write_text(SERVICE_FR.replace("translation_review: true\n", ""), encoding="utf-8")
    (root / "needs.yaml").write_text(NEEDS_REVIEWED.replace("[fr, uk]", "[uk]"), encoding="utf-8")
    report = sync_directory(root)
    assert "service:percorso-nascita" in report.updated
    found = {(r.kind, r.source_path): r for r in content.translations_awaiting_review()}
    assert found["service", "services/percorso-nascita.md"].langs == ("uk",)
    assert found["needs", "needs.yaml"].langs == ("uk",)


def test_cli_review_names_the_translation_files(db: str, tmp_path: Path) -> None:
    sync_directory(reviewed_content(tmp_path))
    out = io.StringIO()
    assert cli_commands.cmd_review(Settings(database_url=db), 12, out, lang="en") == 0
    text = out.getvalue()
    assert "services/percorso-nascita.md: translation to review: fr uk" in text
    assert "files: services/percorso-nascita.fr.md, services/percorso-nascita.uk.md" in text
    assert "office.yaml: translation to review: fr ro" in text
    assert "needs.yaml: translation to review: fr uk" in text
    assert "events/incontro-neogenitori.md: translation to review: ro" in text
    assert "4 records with translations awaiting a native speaker's review." in text


def test_an_unmarked_folder_lists_no_translation(db: str, tmp_path: Path) -> None:
    sync_directory(make_content(tmp_path))  # an English translation without the mark
    assert content.translations_awaiting_review() == []


# --- the services layer shows each language, Italian field by field --------------------------


def test_french_and_ukrainian_texts_with_italian_fallback_per_field(
    db: str, tmp_path: Path
) -> None:
    sync_directory(reviewed_content(tmp_path))
    french = catalogue.service_detail("percorso-nascita", "fr")
    assert french is not None
    assert french.name == "Parcours naissance"
    assert french.summary == "Rencontres pour les futurs parents"
    assert french.description == "Le parcours accompagne les futurs parents."
    assert french.fees == "gratuito"  # not translated: the Italian text
    ukrainian = catalogue.service_detail("percorso-nascita", "uk")
    assert ukrainian is not None
    assert ukrainian.name == "Шлях народження"
    assert ukrainian.summary == "Incontri per chi aspetta un bambino"  # Italian fallback
    assert ukrainian.description.startswith("Il percorso accompagna")
    english = catalogue.service_detail("percorso-nascita", "en")
    assert english is not None and english.name == "Birth pathway"

    needs = {n.slug: n.name for n in catalogue.list_needs("fr")}
    assert needs["nascita"] == "Naissance"
    assert needs["scuola"] == "Scuola e studio"  # no French name: Italian
    office_fr, office_uk = catalogue.office_info("fr"), catalogue.office_info("uk")
    assert office_fr is not None and office_uk is not None
    assert office_fr.location == "San Concordio, Lucca (quartier)"
    assert office_uk.location == "San Concordio, Lucca"


# --- the bundled content ----------------------------------------------------------------------


def test_bundled_needs_age_groups_and_office_speak_every_visitor_language() -> None:
    bundle = load_content(BUNDLED_CONTENT_DIR)
    assert bundle.problems == ()
    assert bundle.office is not None
    texts: list[tuple[str, dict[str, str]]] = [
        *((f"need {n.slug} {f}", getattr(n, f)) for n in bundle.needs for f in LABELS),
        *((f"age group {g.slug}", g.name) for g in bundle.age_groups),
        *((f"office {f}", getattr(bundle.office, f)) for f in OFFICE_TEXTS),
    ]
    missing = [
        f"{what}: {lang}"
        for what, text in texts
        if text.get("it")
        for lang in VISITOR_LANGUAGES
        if not text.get(lang, "").strip()
    ]
    assert missing == []


def test_bundled_services_have_french_and_romanian_like_english() -> None:
    bundle = load_content(BUNDLED_CONTENT_DIR)
    assert len(bundle.services) >= 16
    for service in bundle.services:
        english = set(service.texts["en"])
        for lang in ("fr", "ro"):
            assert set(service.texts.get(lang, {})) == english, (service.slug, lang)


def test_bundled_translations_awaiting_review_are_all_listed(db: str) -> None:
    bundle = load_content(BUNDLED_CONTENT_DIR)
    sync_directory(BUNDLED_CONTENT_DIR)
    listed = {(r.kind, r.slug): r.langs for r in content.translations_awaiting_review()}
    marked = {("service", s.slug): s.translation_review for s in bundle.services}
    assert office_reviews(bundle) <= set(listed.items())
    assert {k: v for k, v in listed.items() if k[0] == "service"} == {
        k: v for k, v in marked.items() if v
    }


def office_reviews(bundle: ContentBundle) -> set[tuple[tuple[str, str], tuple[str, ...]]]:
    """What the YAML files mark, as the staff list names it."""
    found = set()
    if bundle.office is not None and bundle.office.translation_review:
        found.add((("office", "office"), tuple(sorted(bundle.office.translation_review))))
    for kind, items in (("needs", bundle.needs), ("age_groups", bundle.age_groups)):
        if items and items[0].translation_review:
            found.add(((kind, kind), tuple(sorted(items[0].translation_review))))
    return found
