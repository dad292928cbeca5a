"""Search over many services (SQLite and PostgreSQL): the total stops past the cap, services a
visitor may not see and a second language never inflate it, a publish replaces the pages kept,
and the index follows the texts whoever writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk import catalogue, catalogue_cache, catalogue_search
from kiosk.models import Service, database, is_sqlite
from kiosk.sync import sync_directory
from tests.support.visitor import write_service

TODAY = dt.date(2026, 11, 21)
CAP = 5


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting stops at 5 instead of 1,000: a handful of services reach the cap."""
    monkeypatch.setattr(catalogue_search, "COUNT_CAP", CAP)


def _girotondi(content: Path, count: int, first: int = 0, extra: str = "") -> None:
    for i in range(first, first + count):
        write_service(
            content,
            f"girotondo-{i:02d}",
            f'name: "Girotondo {i:02d}"\nsummary: "Giochi in cerchio"\n'
            f"needs: [gioco-tempo-libero]\n{extra}",
        )


def _in_english(content: Path, slug: str) -> None:
    (content / "services" / f"{slug}.en.md").write_text(
        '---\nname: "Girotondo ring games"\nsummary: "Ring games"\n---\nRing games.\n',
        encoding="utf-8",
    )


def test_the_total_stops_past_the_cap(db: str, content_dir: Path, small_cap: None) -> None:
    _girotondi(content_dir, 9)
    sync_directory(content_dir)

    page = catalogue.search_services("it", "girotondo", limit=3, today=TODAY)
    whole = catalogue.search_services("it", "girotondo", limit=20, today=TODAY)

    assert len(page.cards) == 3 and page.total == CAP + 1  # "more than 5"
    assert whole.total == 9 and len(whole.cards) == 9  # the page holds them all: exact


def test_hidden_services_and_other_comuni_never_count(
    db: str, content_dir: Path, small_cap: None
) -> None:
    _girotondi(content_dir, 3, extra="comune: Lucca\n")
    _girotondi(content_dir, 2, first=3, extra="comune: Capannori\n")
    _girotondi(content_dir, 6, first=5, extra="visible_from: 2027-06-01\n")  # not yet
    sync_directory(content_dir)

    everyone = catalogue.search_services("it", "girotondo", limit=2, today=TODAY)
    lucca = catalogue.search_services("it", "girotondo", limit=2, today=TODAY, comune="Lucca")
    summer = catalogue.search_services("it", "girotondo", limit=2, today=dt.date(2027, 7, 1))

    assert everyone.total == 5  # 11 match, 6 not yet visible: under the cap, exact
    assert lucca.total == 3 and {c.comune for c in lucca.cards} == {"Lucca"}
    assert summer.total == CAP + 1
    assert not {c.slug for c in everyone.cards} & {f"girotondo-{i:02d}" for i in range(5, 11)}


def test_a_service_found_in_both_languages_counts_once(
    db: str, content_dir: Path, small_cap: None
) -> None:
    _girotondi(content_dir, 4)
    for i in range(4):
        _in_english(content_dir, f"girotondo-{i:02d}")
    sync_directory(content_dir)

    english = catalogue.search_services("en", "girotondo", limit=2, today=TODAY)
    italian_word = catalogue.search_services("en", "cerchio", limit=2, today=TODAY)

    assert english.total == 4  # eight texts match, four services
    assert english.cards[0].name == "Girotondo ring games"  # shown in the visitor's language
    assert italian_word.total == 4  # found through the Italian text


def test_a_publish_replaces_the_pages_kept(db: str, content_dir: Path) -> None:
    _girotondi(content_dir, 2)
    sync_directory(content_dir)
    before = catalogue.search_services("it", "girotondo", today=TODAY)
    (content_dir / "services" / "girotondo-01.md").unlink()
    _girotondi(content_dir, 2, first=5)
    sync_directory(content_dir)

    after = catalogue.search_services("it", "girotondo", today=TODAY)

    assert {c.slug for c in before.cards} == {"girotondo-00", "girotondo-01"}
    assert {c.slug for c in after.cards} == {"girotondo-00", "girotondo-05", "girotondo-06"}
    assert after.total == 3


def test_the_index_follows_the_texts_whoever_writes_them(db: str, content_dir: Path) -> None:
    _girotondi(content_dir, 2)
    sync_directory(content_dir)
    p = "?" if is_sqlite() else "%s"
    first, second = (Service.get(Service.slug == f"girotondo-0{i}").id for i in (0, 1))

    database.execute_sql(
        f"UPDATE service_text SET search_text = {p} WHERE service_id = {p}",
        ("trottola colorata", first),
    )
    database.execute_sql(f"DELETE FROM service_text WHERE service_id = {p}", (second,))
    catalogue_cache.clear()  # rows changed without a publish

    assert [c.slug for c in catalogue.search_services("it", "trott", today=TODAY).cards] == [
        "girotondo-00"
    ]
    assert catalogue.search_services("it", "girotondo", today=TODAY).total == 0
    assert catalogue.find_services("it", query="girotondo", today=TODAY) == []
