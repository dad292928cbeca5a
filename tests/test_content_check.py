"""The strict content checker: one test per trap, each on a small content folder in tmp_path."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest

from kiosk.cli_text import render
from kiosk.config import BUNDLED_CONTENT_DIR
from kiosk.contentfiles import front_matter, strict_yaml
from kiosk.contentfiles.bundle import SERVICE_TEXT_FIELDS, ContentBundle
from kiosk.contentfiles.files import MAX_FILE_BYTES
from kiosk.contentfiles.loader import load_content
from kiosk.contentfiles.problems import Problem, Reporter
from kiosk.contentfiles.readers import read_time
from kiosk.contentfiles.schema import WaitlistSettings
from kiosk.contentfiles.strict_yaml import parse_yaml, yaml11_reading

NEEDS = """\
needs:
  - slug: nascita
    name: {it: "Nascita e neogenitori", en: "Birth and new parents"}
    icon: "🍼"
  - slug: scuola
    name: {it: "Scuola e studio"}
    description: {it: "Compiti, BES, DSA"}
"""

AGE_GROUPS = """\
age_groups:
  - slug: attesa
    name: {it: "In attesa di un figlio", en: "Expecting a baby"}
    expecting: true
  - slug: 0-3
    name: {it: "Bambini 0-3 anni"}
    min_age: 0
    max_age: 2.99
"""

OFFICE = """\
name: {it: "Sportello del Centro per le Famiglie", en: "Family Centre desk"}
location: "San Concordio, Lucca"
comune: Lucca
hours:
  lun: ["09:00-13:00", "15:00-18:00"]
  gio: ["09:00-13:00"]
closed: ["2026-12-25", 2026-12-26]
note: {it: "Chiedi allo sportello."}
needs_review: true
review_note: "Verificare gli orari"
assured_date: 2026-11-21
assured_by: "Segreteria del Centro"
"""

SERVICE = """\
---
slug: percorso-nascita
name: Percorso nascita
summary: "Incontri per chi aspetta un bambino"
needs: [nascita]
age_groups: [attesa]
min_age: 0
max_age: 1.5
fees: "gratuito"
contacts: "0583 123456"
required_documents: ["documento d'identità", "tessera sanitaria"]
comune: Lucca
url: "https://www.comune.lucca.it/"
provider: {name: "Comune di Lucca", kind: comune}
assured_date: 2026-11-21
assured_by: "Segreteria del Centro"
needs_review: false
visible_from: 2026-01-01
waitlist:
  open: true
  capacity: 20
  fields: [name, contact, child_age]
  retention_days: 180
---
Il percorso accompagna i futuri genitori.

[Dettagli](https://www.comune.lucca.it/) e [la guida](../LEGGIMI.md).
"""

SERVICE_EN = """\
---
name: Birth pathway
summary: "Meetings for parents-to-be"
---
The pathway accompanies parents-to-be.
"""

EVENT = """\
---
slug: incontro-neogenitori
title: "Incontro per neogenitori"
starts_at: "2026-12-05 16:30"
ends_at: "2026-12-05 18:00"
place: "Biblioteca di San Concordio"
summary: "Due ore di chiacchiere e consigli"
service: percorso-nascita
age_groups: [0-3]
assured_date: 2026-11-21
assured_by: "Segreteria del Centro"
waitlist: {open: true, retention_days: 30, sensitive: true}
---
"""

MINIMAL = {
    "needs.yaml": NEEDS,
    "age_groups.yaml": AGE_GROUPS,
    "office.yaml": OFFICE,
    "LEGGIMI.md": "Guida per i volontari: [x](file:///ignored)\n",
    "services/percorso-nascita.md": SERVICE,
    "services/percorso-nascita.en.md": SERVICE_EN,
    "services/_bozza.md": "not even front matter",
    "events/incontro-neogenitori.md": EVENT,
}


def make_content(tmp_path: Path, changes: dict[str, str | None] | None = None) -> Path:
    """The minimal valid folder, with `changes` (relative path -> text, or None to leave out)."""
    root = tmp_path / "content"
    files: dict[str, str | None] = {**MINIMAL, **(changes or {})}
    for rel, text in files.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the `occurrence`-th line containing `needle`."""
    found = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    return found[occurrence - 1]


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def only_problem(bundle: ContentBundle) -> Problem:
    assert len(bundle.problems) == 1, "\n".join(map(str, bundle.problems))
    return bundle.problems[0]


def problem_at(bundle: ContentBundle, root: Path, rel: str, line: int) -> Problem:
    path = str(root / rel)
    found = [p for p in bundle.problems if p.path == path and p.line == line]
    assert found, f"no problem at {rel}:{line}; got:\n" + "\n".join(map(str, bundle.problems))
    return found[0]


# --- the valid minimal set ------------------------------------------------------------


def test_minimal_set_is_valid_and_builds_the_dataclasses(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    bundle = load_content(root)
    assert bundle.problems == ()
    assert bundle.ok

    assert [n.slug for n in bundle.needs] == ["nascita", "scuola"]
    assert bundle.needs[0].position == 0 and bundle.needs[1].position == 1
    assert bundle.needs[0].name == {"it": "Nascita e neogenitori", "en": "Birth and new parents"}
    assert bundle.needs[0].icon == "🍼"
    assert bundle.needs[1].description == {"it": "Compiti, BES, DSA"}

    attesa, infants = bundle.age_groups
    assert attesa.expecting and attesa.min_age is None
    assert infants.min_age == 0.0 and isinstance(infants.min_age, float)
    assert infants.max_age == 2.99 and not infants.expecting

    (service,) = bundle.services
    assert service.slug == "percorso-nascita"
    assert service.source_path == "services/percorso-nascita.md"
    assert service.needs == ("nascita",) and service.age_groups == ("attesa",)
    assert service.min_age == 0.0 and service.max_age == 1.5
    assert service.assured_date == dt.date(2026, 11, 21)
    assert service.visible_from == dt.date(2026, 1, 1) and service.visible_until is None
    assert service.provider_name == "Comune di Lucca" and service.provider_kind == "comune"
    assert service.url == "https://www.comune.lucca.it/" and service.comune == ("Lucca",)
    assert service.needs_review is False
    assert service.waitlist == WaitlistSettings(
        open=True, retention_days=180, capacity=20, fields=("name", "contact", "child_age")
    )
    italian = service.texts["it"]
    assert set(italian) == set(SERVICE_TEXT_FIELDS)
    assert italian["contacts"] == "0583 123456"
    assert italian["required_documents"] == "documento d'identità\ntessera sanitaria"
    assert italian["eligibility"] == ""
    assert italian["description"].startswith("Il percorso accompagna")
    assert italian["description"].endswith("(../LEGGIMI.md).")
    assert service.texts["en"] == {
        "name": "Birth pathway",
        "summary": "Meetings for parents-to-be",
        "description": "The pathway accompanies parents-to-be.",
    }

    (event,) = bundle.events
    assert event.starts_at == dt.datetime(2026, 12, 5, 16, 30)
    assert event.ends_at == dt.datetime(2026, 12, 5, 18, 0)
    assert event.service == "percorso-nascita" and event.age_groups == ("0-3",)
    assert event.texts["it"]["title"] == "Incontro per neogenitori"
    assert event.texts["it"]["description"] == ""
    assert event.waitlist == WaitlistSettings(
        open=True, retention_days=30, fields=(), sensitive=True
    )

    office = bundle.office
    assert office is not None
    assert office.hours == {0: (("09:00", "13:00"), ("15:00", "18:00")), 3: (("09:00", "13:00"),)}
    assert office.closed == (dt.date(2026, 12, 25), dt.date(2026, 12, 26))
    assert office.contacts == {"it": ""} and office.note == {"it": "Chiedi allo sportello."}
    assert office.needs_review and office.assured_by == "Segreteria del Centro"

    assert len(bundle.version) == 12 and int(bundle.version, 16) >= 0
    assert load_content(root).version == bundle.version
    (root / "needs.yaml").write_text(NEEDS + "\n", encoding="utf-8")
    assert load_content(root).version != bundle.version


def test_missing_folder_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    bundle = load_content(tmp_path / "nowhere")
    assert not bundle.ok
    assert "non esiste" in only_problem(bundle).message


# --- YAML 1.1 traps --------------------------------------------------------------------


def test_time_written_9_30_is_read_as_570(tmp_path: Path) -> None:
    event = edit(EVENT, 'starts_at: "2026-12-05 16:30"', "starts_at: 9:30")
    root = make_content(tmp_path, {"events/incontro-neogenitori.md": event})
    problem = only_problem(load_content(root))
    assert problem.path == str(root / "events/incontro-neogenitori.md")
    assert problem.line == line_of(event, "starts_at") == 4
    assert "il numero 570" in problem.message
    assert problem.hint == 'scrivilo tra virgolette — starts_at: "YYYY-MM-DD 09:30"'


def test_time_in_office_hours_must_be_a_quoted_range(tmp_path: Path) -> None:
    office = edit(OFFICE, 'gio: ["09:00-13:00"]', "gio: 9:30")
    root = make_content(tmp_path, {"office.yaml": office})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(office, "gio:")
    assert "il numero 570" in problem.message
    assert problem.hint == 'scrivilo tra virgolette — gio: "09:30-HH:MM"'


def test_plain_time_reader_reports_570_and_accepts_quoted(tmp_path: Path) -> None:
    rep = Reporter("x.yaml")
    node = parse_yaml('at: 9:30\nok: "09:30"\n', rep)
    assert node is not None and not isinstance(node, list)
    from kiosk.contentfiles.strict_yaml import Map

    assert isinstance(node, Map)
    assert read_time(node.entries["ok"].value, "ok", rep) == "09:30"
    assert read_time(node.entries["at"].value, "at", rep) is None
    (problem,) = rep.problems
    assert problem.line == 1 and "570" in problem.message and 'at: "09:30"' in problem.hint


def test_leading_zero_phone_number(tmp_path: Path) -> None:
    service = edit(SERVICE, 'contacts: "0583 123456"', "contacts: 0583123456")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "contacts:") == 10
    assert "lo 0 iniziale si perde" in problem.message
    assert 'contacts: "0583123456"' in problem.hint


def test_octal_looking_phone_number(tmp_path: Path) -> None:
    service = edit(SERVICE, 'contacts: "0583 123456"', "contacts: 0573123456")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 10
    assert "numero ottale 99395374" in problem.message
    assert 'contacts: "0573123456"' in problem.hint


@pytest.mark.parametrize(("word", "fixed"), [("no", "false"), ("yes", "true"), ("off", "false")])
def test_yes_no_where_a_boolean_is_expected(tmp_path: Path, word: str, fixed: str) -> None:
    service = edit(SERVICE, "needs_review: false", f"needs_review: {word}")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "needs_review") == 17
    assert "scrivi true oppure false" in problem.hint
    assert f"needs_review: {fixed}" in problem.hint


def test_yes_in_a_nested_waitlist_flag(tmp_path: Path) -> None:
    service = edit(SERVICE, "  open: true", "  open: yes")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "open:") == 20
    assert "open: true" in problem.hint and "true oppure false" in problem.hint


def test_bare_no_where_text_is_expected(tmp_path: Path) -> None:
    service = edit(SERVICE, 'fees: "gratuito"', "fees: no")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "fees:") == 9
    assert "valore logico false" in problem.message
    assert 'fees: "no"' in problem.hint


def test_null_where_text_is_expected(tmp_path: Path) -> None:
    service = edit(SERVICE, 'fees: "gratuito"', "fees: ~")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 9 and "null" in problem.message and 'fees: "~"' in problem.hint


def test_leading_zero_number_where_a_number_is_expected(tmp_path: Path) -> None:
    ages = edit(AGE_GROUPS, "max_age: 2.99", "max_age: 03")
    root = make_content(tmp_path, {"age_groups.yaml": ages})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(ages, "max_age") == 8
    assert "comincia con uno zero" in problem.message and problem.hint == "scrivi: max_age: 3"


def test_decimal_comma_in_an_age(tmp_path: Path) -> None:
    ages = edit(AGE_GROUPS, "max_age: 2.99", "max_age: 2,99")
    root = make_content(tmp_path, {"age_groups.yaml": ages})
    problem = only_problem(load_content(root))
    assert problem.line == 8 and problem.hint == "scrivi: max_age: 2.99"


def test_plain_and_quoted_dates_are_accepted_other_forms_are_not(tmp_path: Path) -> None:
    service = edit(SERVICE, "visible_from: 2026-01-01", 'visible_from: "2026-01-01"')
    service = edit(service, "assured_date: 2026-11-21", "assured_date: 21/11/2026")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "assured_date") == 15
    assert problem.hint == "scrivi: assured_date: 2026-11-21"


def test_yaml11_readings() -> None:
    assert yaml11_reading("9:30") == "il numero 570"
    assert yaml11_reading("09:30") is None
    assert yaml11_reading("y") == "il valore logico true (vero)"
    assert yaml11_reading("Lucca") is None
    assert yaml11_reading("0-3") is None
    assert yaml11_reading("2026-11-21") == "una data"


# --- structure traps -------------------------------------------------------------------


def test_duplicate_keys(tmp_path: Path) -> None:
    service = edit(SERVICE, "fees:", 'summary: "di nuovo"\nfees:')
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "summary", occurrence=2) == 9
    assert "campo `summary` ripetuto" in problem.message and "riga 4" in problem.message
    assert "tieni una sola riga `summary:`" in problem.hint


def test_unknown_field_suggests_the_closest(tmp_path: Path) -> None:
    service = edit(SERVICE, "summary:", "summmary:")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    bundle = load_content(root)
    typo = problem_at(bundle, root, "services/percorso-nascita.md", 4)
    assert "campo sconosciuto `summmary`" in typo.message
    assert typo.hint == "intendevi `summary`?"
    missing = problem_at(bundle, root, "services/percorso-nascita.md", 2)
    assert "manca il campo obbligatorio `summary`" in missing.message
    assert len(bundle.problems) == 2


def test_unknown_need_and_age_group_references(tmp_path: Path) -> None:
    service = edit(SERVICE, "needs: [nascita]", "needs: [nascitaa]")
    service = edit(service, "age_groups: [attesa]", "age_groups: [attessa]")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    bundle = load_content(root)
    rel = "services/percorso-nascita.md"
    need = problem_at(bundle, root, rel, line_of(service, "needs:"))
    assert "`nascitaa` non è in needs.yaml (bisogno)" in need.message
    assert need.hint == "intendevi `nascita`?"
    group = problem_at(bundle, root, rel, line_of(service, "age_groups:"))
    assert "`attessa` non è in age_groups.yaml (fascia d'età)" in group.message
    assert group.hint == "intendevi `attesa`?"
    assert len(bundle.problems) == 2
    assert bundle.services == ()


def test_unknown_service_referenced_by_an_event(tmp_path: Path) -> None:
    event = edit(EVENT, "service: percorso-nascita", "service: percorso-nasita")
    root = make_content(tmp_path, {"events/incontro-neogenitori.md": event})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(event, "service:") == 8
    assert problem.hint == "intendevi `percorso-nascita`?"


def test_duplicate_slug_in_needs(tmp_path: Path) -> None:
    needs = NEEDS + '  - slug: nascita\n    name: {it: "Ancora"}\n'
    root = make_content(tmp_path, {"needs.yaml": needs})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(needs, "slug: nascita", occurrence=2) == 8
    assert "slug `nascita` ripetuto" in problem.message and "riga 2" in problem.message


def test_slug_must_equal_the_file_name(tmp_path: Path) -> None:
    service = edit(SERVICE, "slug: percorso-nascita", "slug: percorso-nascite")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 2
    assert "non corrisponde al nome del file" in problem.message
    assert "slug: percorso-nascita" in problem.hint


def test_missing_required_field(tmp_path: Path) -> None:
    service = edit(SERVICE, 'assured_by: "Segreteria del Centro"\n', "")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 2  # first line of the fields block
    assert "manca il campo obbligatorio `assured_by`" in problem.message
    assert problem.hint.startswith("aggiungi: assured_by:")


def test_missing_description_body(tmp_path: Path) -> None:
    service = SERVICE.split("---\n")[1]
    text = f"---\n{service}---\n\n"
    root = make_content(tmp_path, {"services/percorso-nascita.md": text})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(text, "---", occurrence=2) == 24
    assert "manca la descrizione" in problem.message


def test_wrong_comune_suggests_the_closest(tmp_path: Path) -> None:
    office = edit(OFFICE, "comune: Lucca", "comune: Capannnori")
    root = make_content(tmp_path, {"office.yaml": office})
    problem = only_problem(load_content(root))
    assert problem.line == 3 and problem.hint == "scrivi: comune: Capannori"


def test_url_must_be_http(tmp_path: Path) -> None:
    service = edit(SERVICE, 'url: "https://www.comune.lucca.it/"', 'url: "ftp://example.it/x"')
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "url:") == 13
    assert "https://" in problem.message


def test_age_group_is_expecting_or_a_range(tmp_path: Path) -> None:
    ages = edit(AGE_GROUPS, "    expecting: true\n", "    expecting: true\n    min_age: 0\n")
    root = make_content(tmp_path, {"age_groups.yaml": ages})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(ages, "expecting") == 4
    assert "non entrambi" in problem.message


def test_sensitive_waitlist_never_asks_the_name(tmp_path: Path) -> None:
    event = edit(EVENT, "sensitive: true}", "sensitive: true, fields: [name]}")
    root = make_content(tmp_path, {"events/incontro-neogenitori.md": event})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(event, "waitlist") == 12
    assert problem.hint == "togli name da fields"


def test_oversize_file(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    path = root / "services/percorso-nascita.md"
    path.write_text(SERVICE + "x" * (MAX_FILE_BYTES + 1), encoding="utf-8")
    bundle = load_content(root)
    problem = problem_at(bundle, root, "services/percorso-nascita.md", 1)
    assert "64 KiB" in problem.message and "accorcialo" in problem.hint
    # the English file has no Italian service any more to attach to, but nothing raises
    assert bundle.services == ()


def test_not_utf8_and_binary_files(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    (root / "needs.yaml").write_bytes(NEEDS.encode("utf-8") + b"  # caf\xe9\n")
    (root / "events/incontro-neogenitori.md").write_bytes(b"---\x00\x01")
    bundle = load_content(root)
    encoding = problem_at(bundle, root, "needs.yaml", 8)
    assert "non è testo UTF-8" in encoding.message and "UTF-8" in encoding.hint
    binary = problem_at(bundle, root, "events/incontro-neogenitori.md", 1)
    assert "binari" in binary.message


# --- links and symlinks --------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "[password](../../etc/passwd)",
        "![image](../../../etc/passwd)",
        "[x](file:///etc/passwd)",
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](/etc/passwd)",
        "<file:///etc/passwd>",
        '[x]: <../../../secret.txt> "title"',
    ],
)
def test_links_that_leave_the_content_folder(tmp_path: Path, link: str) -> None:
    service = SERVICE + f"\nAltro testo.\n{link}\n"
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, link.split("]")[0] if "]" in link else link) == 30
    assert "non è ammesso" in problem.message or "esce dalla cartella" in problem.message
    assert "https://" in problem.hint and "cartella dei contenuti" in problem.hint


def test_allowed_links(tmp_path: Path) -> None:
    body = (
        "[a](https://example.it) [b](mailto:cpf@example.it) [c](tel:+390583000000)"
        " [d](#sopra) [e](percorso-nascita.en.md) ![f](../LEGGIMI.md)\n"
    )
    root = make_content(tmp_path, {"services/percorso-nascita.md": SERVICE + body})
    assert load_content(root).problems == ()


def test_symlinked_content_file_leaving_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(SERVICE.replace("percorso-nascita", "fuori"), encoding="utf-8")
    root = make_content(tmp_path)
    os.symlink(outside, root / "services/fuori.md")
    bundle = load_content(root)
    problem = only_problem(bundle)
    assert problem.path == str(root / "services/fuori.md") and problem.line == 1
    assert "fuori dalla cartella dei contenuti" in problem.message
    assert "file vero" in problem.hint
    assert [s.slug for s in bundle.services] == ["percorso-nascita"]


def test_link_through_a_symlink_leaving_the_folder(tmp_path: Path) -> None:
    (tmp_path / "secret").mkdir()
    root = make_content(tmp_path)
    os.symlink(tmp_path / "secret", root / "docs")
    service = SERVICE + "[segreto](../docs/passwords.txt)\n"
    (root / "services/percorso-nascita.md").write_text(service, encoding="utf-8")
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "segreto") == 28
    assert "esce dalla cartella dei contenuti" in problem.message


# --- refused YAML ------------------------------------------------------------------------


def test_unsafe_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    service = edit(
        SERVICE, 'fees: "gratuito"', f'fees: !!python/object/apply:os.system ["touch {marker}"]'
    )
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 9
    assert "tag YAML non sicuro `!!python/object/apply:os.system`" in problem.message
    assert "togli il tag" in problem.hint
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!binary", "!custom", "!!str"])
def test_any_explicit_tag_is_refused(tmp_path: Path, tag: str) -> None:
    service = edit(SERVICE, 'fees: "gratuito"', f"fees: {tag} aGVsbG8=")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 9 and "tag YAML non sicuro" in problem.message


def test_anchor_and_alias_are_refused(tmp_path: Path) -> None:
    service = edit(SERVICE, 'fees: "gratuito"', 'fees: &costo "gratuito"\nschedule: *costo')
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    bundle = load_content(root)
    anchor = problem_at(bundle, root, "services/percorso-nascita.md", 9)
    assert "ancora `&costo`" in anchor.message
    alias = problem_at(bundle, root, "services/percorso-nascita.md", 10)
    assert "alias `*costo`" in alias.message and "per intero" in alias.hint
    assert len(bundle.problems) == 2


def test_yaml_syntax_error_has_line_and_hint(tmp_path: Path) -> None:
    service = edit(SERVICE, "name: Percorso nascita", "name: Percorso: nascita")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 3
    assert problem.message.startswith("errore di sintassi YAML")
    assert "virgolette" in problem.hint


def test_unclosed_quote_points_at_its_start(tmp_path: Path) -> None:
    office = edit(
        OFFICE, 'review_note: "Verificare gli orari"', 'review_note: "Verificare gli orari'
    )
    root = make_content(tmp_path, {"office.yaml": office})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(office, "review_note") == 10
    assert "virgoletta non è chiusa" in problem.hint


def test_broken_needs_file_does_not_cascade(tmp_path: Path) -> None:
    needs = edit(NEEDS, '{it: "Scuola e studio"}', '{it: "Scuola e studio"')
    root = make_content(tmp_path, {"needs.yaml": needs})
    problem = only_problem(load_content(root))
    assert problem.path == str(root / "needs.yaml") and problem.line == 7
    assert "non è chius" in problem.hint


def test_tab_indentation(tmp_path: Path) -> None:
    office = edit(OFFICE, '  gio: ["09:00-13:00"]', '\tgio: ["09:00-13:00"]')
    root = make_content(tmp_path, {"office.yaml": office})
    problem = only_problem(load_content(root))
    assert problem.line == 6 and "non i tab" in problem.hint


def test_front_matter_not_closed(tmp_path: Path) -> None:
    root = make_content(
        tmp_path, {"services/percorso-nascita.md": SERVICE.replace("---\nIl", "Il")}
    )
    bundle = load_content(root)
    problem = problem_at(bundle, root, "services/percorso-nascita.md", 1)
    assert "non è chiuso" in problem.message and "---" in problem.hint


# --- translations ------------------------------------------------------------------------


def test_translation_field_that_belongs_in_the_italian_file(tmp_path: Path) -> None:
    english = edit(SERVICE_EN, "name: Birth pathway", "name: Birth pathway\nneeds: [nascita]")
    root = make_content(tmp_path, {"services/percorso-nascita.en.md": english})
    problem = only_problem(load_content(root))
    assert problem.path == str(root / "services/percorso-nascita.en.md")
    assert problem.line == 3
    assert "questo campo va nel file italiano" in problem.message
    assert "services/percorso-nascita.md" in problem.hint


def test_translation_typo_and_review_note(tmp_path: Path) -> None:
    english = edit(SERVICE_EN, "summary:", "summay:")
    english = edit(english, "---\nThe", 'review_note: "x"\n---\nThe')
    root = make_content(tmp_path, {"services/percorso-nascita.en.md": english})
    bundle = load_content(root)
    rel = "services/percorso-nascita.en.md"
    assert problem_at(bundle, root, rel, 3).hint == "intendevi `summary`?"
    note = problem_at(bundle, root, rel, 4)
    assert "va nel file italiano" in note.message
    assert len(bundle.problems) == 2


def test_translation_slug_must_match(tmp_path: Path) -> None:
    english = edit(SERVICE_EN, "---\nname", "---\nslug: birth\nname")
    root = make_content(tmp_path, {"services/percorso-nascita.en.md": english})
    problem = only_problem(load_content(root))
    assert problem.line == 2 and "scrivi: slug: percorso-nascita" in problem.hint


def test_translation_without_italian_file(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    (root / "services/adozioni.en.md").write_text(SERVICE_EN, encoding="utf-8")
    problem = only_problem(load_content(root))
    assert problem.path == str(root / "services/adozioni.en.md") and problem.line == 1
    assert "senza il file italiano services/adozioni.md" in problem.message


def test_unknown_language_suffix(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    (root / "services/percorso-nascita.eng.md").write_text(SERVICE_EN, encoding="utf-8")
    problem = only_problem(load_content(root))
    assert "lingua sconosciuta `eng`" in problem.message and problem.hint == "intendevi `en`?"


def test_event_translation_fields(tmp_path: Path) -> None:
    english = '---\ntitle: "Meeting for new parents"\nstarts_at: "2026-12-06 10:00"\n---\nHi.\n'
    root = make_content(tmp_path)
    (root / "events/incontro-neogenitori.en.md").write_text(english, encoding="utf-8")
    bundle = load_content(root)
    problem = only_problem(bundle)
    assert problem.line == 3 and "va nel file italiano" in problem.message
    english = '---\ntitle: "Meeting for new parents"\n---\nHi.\n'
    (root / "events/incontro-neogenitori.en.md").write_text(english, encoding="utf-8")
    (event,) = load_content(root).events
    assert event.texts["en"] == {"title": "Meeting for new parents", "description": "Hi."}


def test_symlinked_folder_leaving_the_content_folder(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "incontro-neogenitori.md").write_text(EVENT, encoding="utf-8")
    root = make_content(tmp_path, {"events/incontro-neogenitori.md": None})
    os.symlink(outside, root / "events")
    bundle = load_content(root)
    problem = only_problem(bundle)
    assert problem.path == str(root / "events") and "fuori dalla cartella" in problem.message
    assert bundle.events == ()


def test_typographic_quotes_from_a_word_processor(tmp_path: Path) -> None:
    service = edit(SERVICE, 'fees: "gratuito"', "fees: “gratuito”")
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 9 and "virgolette tipografiche" in problem.message
    assert problem.hint == 'usa le virgolette dritte — fees: "gratuito"'


# --- control characters (terminal escapes) -------------------------------------------------

_OSC52 = r"\e]52;c;SGVsbG8=\a"  # YAML double-quoted escapes: write the clipboard
_TITLE = r"\e]2;pwned\a"  # set the window title
_MOUSE_OFF = r"\e[?1000l"  # switch mouse (touch) reporting off


@pytest.mark.parametrize(
    ("rel", "old", "new", "field"),
    [
        (
            "services/percorso-nascita.md",
            "name: Percorso nascita",
            f'name: "Percorso{_OSC52} nascita"',
            "name",
        ),
        (
            "services/percorso-nascita.md",
            'summary: "Incontri per chi aspetta un bambino"',
            f'summary: "Incontri{_TITLE}"',
            "summary",
        ),
        ("services/percorso-nascita.md", 'fees: "gratuito"', f'fees: "{_MOUSE_OFF}"', "fees"),
        (
            "services/percorso-nascita.md",
            '"tessera sanitaria"]',
            f'"tessera{_MOUSE_OFF}"]',
            "required_documents",
        ),
        (
            "services/percorso-nascita.md",
            'provider: {name: "Comune di Lucca"',
            f'provider: {{name: "Comune{_TITLE}"',
            "name",
        ),
        (
            "services/percorso-nascita.md",
            'assured_by: "Segreteria del Centro"',
            r'assured_by: "Segreteria\u009b?1000l"',  # C1 CSI: the one-byte escape
            "assured_by",
        ),
        (
            "services/percorso-nascita.en.md",
            "name: Birth pathway",
            r'name: "Birth\x7fpathway"',
            "name",
        ),
        ("events/incontro-neogenitori.md", 'title: "Incontro', rf'title: "{_TITLE}', "title"),
        ("needs.yaml", '{it: "Scuola e studio"}', f'{{it: "Scuola{_OSC52}"}}', "name.it"),
        ("office.yaml", 'note: {it: "Chiedi', f'note: {{it: "{_MOUSE_OFF}Chiedi', "note.it"),
        ("office.yaml", "comune: Lucca", r'comune: "Lucca\r"', "comune"),
    ],
)
def test_control_characters_in_a_text_field_are_refused(
    tmp_path: Path, rel: str, old: str, new: str, field: str
) -> None:
    text = edit(MINIMAL[rel], old, new)
    root = make_content(tmp_path, {rel: text})
    bundle = load_content(root)
    problem = only_problem(bundle)
    assert problem.path == str(root / rel)
    assert problem.line == line_of(text, new)
    assert f"`{field}` contiene il carattere di controllo invisibile" in problem.message
    assert problem.hint.startswith("toglilo")
    assert not any(c in str(problem) for c in "\x1b\x07\x7f\x9b\r")
    assert not bundle.ok


def test_control_character_in_a_field_name_is_refused(tmp_path: Path) -> None:
    service = edit(SERVICE, 'fees: "gratuito"', r'"fees\e[?1000l": "gratuito"')
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 9
    assert "nome di un campo contiene il carattere di controllo invisibile ESC" in problem.message
    assert "\x1b" not in str(problem)


def test_control_character_in_the_markdown_body_is_refused(tmp_path: Path) -> None:
    service = SERVICE + "Riga normale.\n\tcodice con tab\nTitolo\x1b]2;pwned\x07 qui\n"
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "Titolo") == 30
    assert "il testo contiene il carattere di controllo invisibile ESC (U+001B)" in problem.message
    assert problem.hint.startswith("toglilo")
    assert "\x1b" not in str(problem) and "\x07" not in str(problem)


def test_control_character_in_a_translation_body_is_refused(tmp_path: Path) -> None:
    english = SERVICE_EN + "More\x9b?1000l\n"
    root = make_content(tmp_path, {"services/percorso-nascita.en.md": english})
    problem = only_problem(load_content(root))
    assert problem.line == 6 and "CSI (U+009B)" in problem.message


def test_newline_and_tab_where_text_may_span_lines_are_fine(tmp_path: Path) -> None:
    service = edit(SERVICE, 'fees: "gratuito"', r'fees: "gratuito\tsempre\nanche il sabato"')
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    bundle = load_content(root)
    assert bundle.problems == ()
    assert bundle.services[0].texts["it"]["fees"] == "gratuito\tsempre\nanche il sabato"


def test_a_tab_in_a_one_line_field_is_refused(tmp_path: Path) -> None:
    service = edit(SERVICE, "name: Percorso nascita", r'name: "Percorso\tnascita"')
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == 3 and "TAB (U+0009)" in problem.message
    assert problem.hint == "scrivi uno spazio al suo posto"


def test_a_file_name_with_escapes_is_printed_harmlessly(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    (root / "services" / "x\x1b]2;pwned\x07.txt").write_text("x", encoding="utf-8")
    (root / "services" / "y\x1b[?1000l.md").write_text(SERVICE, encoding="utf-8")
    bundle = load_content(root)
    assert bundle.problems
    for problem in bundle.problems:
        assert not any(c in str(problem) for c in "\x1b\x07"), str(problem)
    assert any("\\x1b" in str(p) for p in bundle.problems)


# --- only regular files, size checked before reading ---------------------------------------


def _load_in_time(root: Path) -> ContentBundle:
    """load_content in a thread: a hang fails the test instead of blocking the suite."""
    result: list[ContentBundle] = []
    worker = threading.Thread(target=lambda: result.append(load_content(root)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert result, "load_content did not return: it is blocked reading a file"
    return result[0]


def test_a_fifo_named_like_a_service_does_not_hang_the_check(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    os.mkfifo(root / "services" / "x.md")
    bundle = _load_in_time(root)
    problem = only_problem(bundle)
    assert problem.path == str(root / "services/x.md") and problem.line == 1
    assert problem.message == "non è un file normale (una pipe, un dispositivo o un socket)"
    assert problem.hint == "sostituiscilo con un file di testo o toglilo"
    assert [s.slug for s in bundle.services] == ["percorso-nascita"]


def test_a_fifo_in_place_of_a_translation(tmp_path: Path) -> None:
    root = make_content(tmp_path, {"services/percorso-nascita.en.md": None})
    os.mkfifo(root / "services" / "percorso-nascita.en.md")
    problem = only_problem(_load_in_time(root))
    assert problem.path == str(root / "services/percorso-nascita.en.md") and problem.line == 1
    assert problem.message == "non è un file normale (una pipe, un dispositivo o un socket)"


def test_a_fifo_in_place_of_needs_yaml(tmp_path: Path) -> None:
    root = make_content(tmp_path, {"needs.yaml": None})
    os.mkfifo(root / "needs.yaml")
    bundle = _load_in_time(root)
    assert "non è un file normale" in problem_at(bundle, root, "needs.yaml", 1).message


def test_oversize_file_is_refused_before_reading_it(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    big = root / "services" / "grande.md"
    with big.open("wb") as out:  # sparse: huge on paper, nothing on disk
        out.truncate(50 * 1024 * 1024 * 1024)
    bundle = load_content(root)
    problem = problem_at(bundle, root, "services/grande.md", 1)
    assert problem.message == f"file troppo grande: {50 * 1024**3} byte; il limite è 65536 (64 KiB)"
    assert problem.hint == "accorcialo o dividilo in più file"


# --- libyaml (C) and pure-Python parsing agree ---------------------------------------------

_TRICKY_YAML = [
    "a: 9:30\nb: 0573123456\nc: no\nd: ~\ne: 2026-11-21\nf: '2026-11-21'\ng: 1e3\nh: .inf\n",
    'name: {it: "x", en: y}\nlist: [a, "b", \'c\']\nempty:\nnested:\n  - k: v\n    j: [1, 2]\n',
    "text: |\n  riga uno\n  riga due\nfolded: >\n  uno\n  due\nplain: uno\n  due\n",
    'fees: &costo "gratuito"\nschedule: *costo\ntag: !!str x\nbin: !!binary aGVsbG8=\n',
    'dup: 1\ndup: 2\n"quoted key": v\n? complex\n: value\n',
    'esc: "\\e]52;c;SGk=\\a"\nnel: "a\\Nb"\nkey\\x1b: 1\n"k\\e": 2\n',
    "name: Percorso: nascita\n",
    'note: "non chiusa\nnext: 1\n',
    "a:\n\tb: 1\n",
    "- just\n- a list\n",
    "",
    "# only a comment\n",
    "a: b\n---\nc: d\n",
    "!!str key: {a: 1, a: 2}\nok: {b: 1, b: 2}\n",
    "m: !!map {a: 1, a: 2}\ns: !!seq [{c: 1, c: 2}, &x y]\n",
    "[a, b]: {d: 1, d: 2}\n{x: 1}: 2\ne: 1\ne: {f: 1, f: 2}\n",
    'list: &l [1, *l, {g: 1, g: 2}]\n"k\\e": {h: 1, h: 2}\n',
    "? [a]\n: b\nyes: 1\n9:30: x\n'':\n",
]


@pytest.mark.parametrize("text", _TRICKY_YAML)
def test_libyaml_and_pure_python_read_the_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert strict_yaml.FAST_LOADER is not None, "PyYAML without libyaml: the sync is slow"
    fast = Reporter("x.yaml")
    fast_node = parse_yaml(text, fast, line_offset=1)
    monkeypatch.setattr(strict_yaml, "FAST_LOADER", None)
    slow = Reporter("x.yaml")
    slow_node = parse_yaml(text, slow, line_offset=1)
    assert fast_node == slow_node
    assert fast.problems == slow.problems


def test_libyaml_and_pure_python_read_the_bundled_content_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundled = Path(strict_yaml.__file__).parent.parent / "content"
    front_matter.CHECKED_FILES.keep_only(set())  # parse for real, not from memory
    fast = load_content(bundled)
    monkeypatch.setattr(strict_yaml, "FAST_LOADER", None)
    front_matter.CHECKED_FILES.keep_only(set())
    assert load_content(bundled) == fast and fast.ok


# --- unchanged files are not parsed again ---------------------------------------------------


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = front_matter.parse_yaml

    def counting(text: str, rep: Reporter, line_offset: int = 0) -> object:
        parsed.append(rep.path)
        return real(text, rep, line_offset)

    monkeypatch.setattr(front_matter, "parse_yaml", counting)
    return parsed


def test_an_unchanged_file_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = edit(SERVICE_EN, "summary:", "summay:")
    root = make_content(tmp_path, {"services/percorso-nascita.en.md": broken})
    first = load_content(root)
    parsed = _count_parses(monkeypatch)
    again = load_content(root)
    assert parsed == []
    assert again == first and len(first.problems) == 1  # the same problem, from memory
    service = root / "services/percorso-nascita.md"
    service.write_text(edit(SERVICE, "slug: percorso-nascita", "slug: altro"), encoding="utf-8")
    changed = load_content(root)
    assert parsed == [str(service)]
    assert any("non corrisponde al nome del file" in p.message for p in changed.problems)
    assert load_content(root).problems == changed.problems  # a remembered file stays checked


def test_links_are_checked_again_even_when_the_file_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "secret").mkdir()
    root = make_content(tmp_path)
    (root / "docs").mkdir()
    service = SERVICE + "[guida](../docs/guida.txt)\n"
    (root / "services/percorso-nascita.md").write_text(service, encoding="utf-8")
    assert load_content(root).ok
    (root / "docs").rmdir()
    os.symlink(tmp_path / "secret", root / "docs")
    problem = only_problem(load_content(root))
    assert "esce dalla cartella dei contenuti" in problem.message


def test_memory_of_checked_files_is_bounded_and_forgets_removed_files(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    load_content(root)
    remembered = len(front_matter.CHECKED_FILES)
    assert 0 < remembered <= front_matter.CACHE_LIMIT
    (root / "services/percorso-nascita.en.md").unlink()
    load_content(root)
    assert len(front_matter.CHECKED_FILES) == remembered - 1


# --- ages that contradict each other: a warning, never a block -------------------------------

ADULT_GROUPS = (
    AGE_GROUPS
    + """\
  - slug: adulti
    name: {it: "Adulti"}
    min_age: 18
    max_age: 64.99
"""
)


def test_children_ages_with_an_adult_group_are_warned_about(tmp_path: Path) -> None:
    service = edit(SERVICE, "age_groups: [attesa]", "age_groups: [attesa, adulti]")
    root = make_content(
        tmp_path, {"age_groups.yaml": ADULT_GROUPS, "services/percorso-nascita.md": service}
    )
    bundle = load_content(root)
    assert bundle.ok and len(bundle.services) == 1  # still publishable
    (warning,) = bundle.warnings
    assert warning.path == str(root / "services/percorso-nascita.md")
    assert warning.line == line_of(service, "age_groups:")
    assert (
        "`adulti` (18–64.99) è fuori dalle età di questo servizio (min_age 0, max_age 1.5)"
        in str(warning)
    )
    assert "togli la fascia, o cambia min_age/max_age" in str(warning)


def test_ages_that_cover_every_group_are_not_warned_about(tmp_path: Path) -> None:
    service = edit(SERVICE, "age_groups: [attesa]", "age_groups: [attesa, 0-3, adulti]")
    service = edit(service, "max_age: 1.5", "max_age: 120")
    root = make_content(
        tmp_path, {"age_groups.yaml": ADULT_GROUPS, "services/percorso-nascita.md": service}
    )
    assert load_content(root).warnings == ()


# --- sources: where a record's facts come from ------------------------------------------------

SOURCED = """\
sources:
  - url: "https://www.comune.lucca.it/?p=93150"
    read: 2026-12-02
    about: "apertura del Centro a San Concordio"
  - {url: "https://comune.lucca.it/centro-affidi", read: 2026-12-01}
assured_date: 2026-11-21"""


def test_sources_are_read_into_the_service(tmp_path: Path) -> None:
    service = edit(SERVICE, "assured_date: 2026-11-21", SOURCED)
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    bundle = load_content(root)
    assert not bundle.problems, bundle.problems
    sources = bundle.services[0].sources
    assert [(s.url, s.read, s.about) for s in sources] == [
        (
            "https://www.comune.lucca.it/?p=93150",
            dt.date(2026, 12, 2),
            "apertura del Centro a San Concordio",
        ),
        ("https://comune.lucca.it/centro-affidi", dt.date(2026, 12, 1), ""),
    ]


def test_sources_on_office_and_event_are_accepted(tmp_path: Path) -> None:
    office = edit(OFFICE, "assured_date: 2026-11-21", SOURCED)
    event = edit(EVENT, "assured_date: 2026-11-21", SOURCED)
    root = make_content(tmp_path, {"office.yaml": office, "events/incontro-neogenitori.md": event})
    bundle = load_content(root)
    assert not bundle.problems, bundle.problems
    assert bundle.office is not None and len(bundle.office.sources) == 2
    assert bundle.events[0].sources[1].url == "https://comune.lucca.it/centro-affidi"


@pytest.mark.parametrize(
    ("entry", "needle", "words"),
    [
        ('{url: "www.comune.lucca.it/?p=93150", read: 2026-12-02}', "sources:", "https://"),
        ('{url: "file:///home/x.html", read: 2026-12-02}', "sources:", "https://"),
        ('{url: "https://www.comune.lucca.it/?p=93150"}', "sources:", "`read`"),
        ('{url: "https://www.comune.lucca.it/", read: "2 dicembre"}', "sources:", "read"),
        ("{read: 2026-12-02}", "sources:", "`url`"),
        ('"https://www.comune.lucca.it/?p=93150"', "sources:", "insieme di campi"),
        ('{url: "https://www.comune.lucca.it/", read: 2026-12-02, letto: si}', "sources:", "letto"),
    ],
)
def test_a_source_without_an_http_url_and_a_date_is_refused(
    tmp_path: Path, entry: str, needle: str, words: str
) -> None:
    service = edit(
        SERVICE, "assured_date: 2026-11-21", f"sources:\n  - {entry}\nassured_date: 2026-11-21"
    )
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    bundle = load_content(root)
    problem = only_problem(bundle)
    assert problem.line == line_of(service, needle) + 1  # the entry's own line
    assert words in problem.message + problem.hint
    assert problem.hint  # every problem says how to fix it


def test_sources_must_be_a_list(tmp_path: Path) -> None:
    service = edit(
        SERVICE,
        "assured_date: 2026-11-21",
        'sources: "https://www.comune.lucca.it/?p=93150"\nassured_date: 2026-11-21',
    )
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.line == line_of(service, "sources:")
    assert "elenco" in problem.message
    assert "read:" in problem.hint


def test_every_bundled_fact_is_sourced_or_flagged_for_review() -> None:
    """No unsourced fact is published unflagged: each record lists sources or asks for review."""
    bundle = load_content(BUNDLED_CONTENT_DIR)
    assert not bundle.problems, bundle.problems
    records = [*bundle.services, *bundle.events, *([bundle.office] if bundle.office else [])]
    assert bundle.office is not None and bundle.services
    unsourced = [r for r in records if not r.sources and not r.needs_review]
    assert unsourced == []
    for record in records:
        for source in record.sources:
            assert source.url.startswith(("https://", "http://")), source
            assert source.read <= dt.date.today(), source  # read in the past, not planned


def test_bundled_partner_services_cite_their_sources() -> None:
    """The connector's partners are entries of their own, each with the pages it comes from."""
    bundle = load_content(BUNDLED_CONTENT_DIR)
    by_slug = {s.slug: s for s in bundle.services}
    partners = [
        "centro-affidi",
        "consultorio-familiare",
        "serd",
        "centro-per-l-impiego",
        "biblioteca-agora-fuori-le-mura",
    ]
    for slug in partners:
        service = by_slug[slug]
        assert "servizi-territorio" in service.needs, slug
        assert service.sources and service.needs_review and service.review_note, slug
        assert "en" in service.texts, slug
    # the front office carries the Comune's public page about the centre: its QR is on show
    front = by_slug["sportello-informativo"]
    assert front.url == "https://www.comune.lucca.it/?p=93150"
    assert front.url in {s.url for s in front.sources}


# --- where a service is offered: the seven comuni ----------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("comune: Capannori", ("Capannori",)),
        ("comune: tutti", ("tutti",)),
        ("comune: [Porcari, Lucca]", ("Lucca", "Porcari")),  # in the order of the seven
        (
            "comune: [Lucca, Capannori, Altopascio, Porcari, Montecarlo, Pescaglia, "
            '"Villa Basilica"]',
            ("tutti",),
        ),
    ],
)
def test_comune_is_one_a_list_or_all_of_the_piana(
    tmp_path: Path, written: str, stored: tuple[str, ...]
) -> None:
    service = edit(SERVICE, "comune: Lucca", written)
    bundle = load_content(make_content(tmp_path, {"services/percorso-nascita.md": service}))
    assert not bundle.problems, bundle.problems
    assert bundle.services[0].comune == stored


@pytest.mark.parametrize(
    ("written", "words", "hint"),
    [
        ("comune: Capanori", "not one of", "write: comune: Capannori"),
        ("comune: tuti", "not one of", "write: comune: tutti"),
        ("comune: [Lucca, Pisa]", "'Pisa'", "use: Lucca"),
        ("comune: [Lucca, Lucca]", "listed twice", "keep it once"),
        ("comune: [tutti, Lucca]", "all seven", "write: comune: tutti"),
    ],
)
def test_a_wrong_comune_names_the_line_and_the_fix(
    tmp_path: Path, written: str, words: str, hint: str
) -> None:
    service = edit(SERVICE, "comune: Lucca", written)
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))
    assert problem.path == str(root / "services/percorso-nascita.md")
    assert problem.line == line_of(service, "comune:")
    assert words in render(problem.message, "en") and hint in render(problem.hint, "en")


def test_a_source_read_in_the_future_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.clock import freeze_clock

    freeze_clock(monkeypatch, dt.datetime(2026, 12, 2, 10, 0))
    entries = (
        '  - {url: "https://www.comune.lucca.it/?p=93150", read: 2026-12-02}\n'
        '  - {url: "https://www.comune.lucca.it/", read: 2026-12-03}\n'
    )
    service = edit(
        SERVICE, "assured_date: 2026-11-21", f"sources:\n{entries}assured_date: 2026-11-21"
    )
    root = make_content(tmp_path, {"services/percorso-nascita.md": service})
    problem = only_problem(load_content(root))  # today's read is fine, tomorrow's is not
    assert (problem.path, problem.line) == (
        str(root / "services/percorso-nascita.md"),
        line_of(service, "read: 2026-12-03"),
    )
    assert "2026-12-03 is in the future (today is 2026-12-02)" in render(problem.message, "en")
    assert render(problem.hint, "en") == "write the day you read it, e.g. read: 2026-12-02"
