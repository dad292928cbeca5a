"""Words families use: keywords in the service files, dotted acronyms, no match-everything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk import catalogue
from kiosk.sync import sync_directory
from kiosk.text import search_tokens
from tests.support.visitor import write_service

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("words", "service"),
    [
        ("pippi", "programma-pippi"),
        ("separazione", "mediazione-familiare"),
        ("dislessia", "sostegno-allo-studio-bes-dsa"),
        ("compiti", "sostegno-allo-studio-bes-dsa"),
        ("affido", "adozioni-e-affidi"),
        ("adozione", "adozioni-e-affidi"),
        # the centre's birth pathway and the ASL Consultorio both answer "pregnancy"
        ("gravidanza", ("percorso-nascita", "consultorio-familiare")),
        ("parto", "percorso-nascita"),
        ("Separazione", "mediazione-familiare"),  # capitals do not matter
    ],
)
def test_family_words_find_the_bundled_service(
    db: str, content_dir: Path, words: str, service: str | tuple[str, ...]
) -> None:
    """The right service comes first (several right services: they come first, in any order)."""
    sync_directory(content_dir)
    page = catalogue.search_services("it", words, today=TODAY)
    assert page.cards, f"{words!r} found nothing"
    right = {service} if isinstance(service, str) else set(service)
    assert {c.slug for c in page.cards[: len(right)]} == right


def test_italian_family_words_also_work_in_english(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    assert catalogue.search_services("en", "dislessia", today=TODAY).cards[0].slug == (
        "sostegno-allo-studio-bes-dsa"
    )
    assert catalogue.search_services("en", "dyslexia", today=TODAY).cards[0].slug == (
        "sostegno-allo-studio-bes-dsa"
    )


@pytest.mark.parametrize("words", ["p.i.p.p.i.", "P.I.P.P.I.", "P.I.P.P.I", "pippi"])
def test_dotted_acronym_finds_pippi_and_only_it(db: str, content_dir: Path, words: str) -> None:
    sync_directory(content_dir)
    page = catalogue.search_services("it", words, today=TODAY)
    assert [c.slug for c in page.cards] == ["programma-pippi"]
    assert page.total == 1
    found = catalogue.find_services("it", query=words, today=TODAY)
    assert [c.slug for c in found] == ["programma-pippi"]


def test_acronym_in_a_text_is_found_without_dots(db: str, content_dir: Path) -> None:
    """A service that only writes "S.E.R.D." is found by "serd" (the indexed text is joined too)."""
    write_service(
        content_dir,
        "punto-ascolto",
        'name: "Punto di ascolto"\nsummary: "Incontri con operatori del S.E.R.D."\n'
        "needs: [gioco-tempo-libero]\n",
    )
    sync_directory(content_dir)
    slugs = [c.slug for c in catalogue.search_services("it", "serd", today=TODAY).cards]
    assert "punto-ascolto" in slugs


@pytest.mark.parametrize("words", ["a", "e i o", "p i p p i", "x."])
def test_single_letters_never_match_everything(db: str, content_dir: Path, words: str) -> None:
    sync_directory(content_dir)
    assert catalogue.search_services("it", words, today=TODAY).total == 0
    assert catalogue.find_services("it", query=words, today=TODAY) == []


def test_search_tokens_join_dots_and_drop_lone_letters() -> None:
    assert search_tokens("P.I.P.P.I.") == ["pippi"]
    assert search_tokens("l'affido, a casa") == ["affido", "casa"]
    assert search_tokens("bambini 0-3") == ["bambini", "0", "3"]  # a lone digit stays
