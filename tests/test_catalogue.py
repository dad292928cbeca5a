"""The services layer on real databases: needs, ages, search, detail, events, office hours."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from kiosk import catalogue
from kiosk.sync import sync_directory

TODAY = dt.date(2026, 11, 21)


def write_service(content: Path, slug: str, front: str, body: str = "Descrizione.") -> None:
    text = f"---\nslug: {slug}\n{textwrap.dedent(front).strip()}\n---\n{body}\n"
    (content / "services" / f"{slug}.md").write_text(text, encoding="utf-8")


COMMON = """
provider: {name: "Comune di Lucca", kind: comune}
assured_date: 2026-11-21
assured_by: "Test"
"""


@pytest.fixture
def synced(db: str, content_dir: Path) -> Path:
    write_service(
        content_dir,
        "caffe-dei-genitori",
        'name: "Caffè dei genitori"\nsummary: "Un caffè in compagnia tra genitori di città"\n'
        "needs: [gioco-tempo-libero]\nmin_age: 3\nmax_age: 10\n" + COMMON,
    )
    sync_directory(content_dir)
    return content_dir


def test_every_bundled_service_is_found_through_some_need(synced: Path) -> None:
    found = set()
    for need in catalogue.list_needs("it", TODAY):
        found |= {c.slug for c in catalogue.find_services("it", need=need.slug, today=TODAY)}
    bundled = {p.name.removesuffix(".md") for p in (synced / "services").glob("*.md")}
    bundled = {s for s in bundled if "." not in s}
    assert bundled <= found


def test_service_for_3_to_10_shows_for_a_six_year_old(synced: Path) -> None:
    slugs = {c.slug for c in catalogue.find_services("it", age=6, today=TODAY)}
    assert "caffe-dei-genitori" in slugs
    assert "caffe-dei-genitori" not in {
        c.slug for c in catalogue.find_services("it", age=11, today=TODAY)
    }


def test_age_group_overlap_and_need_combine(synced: Path) -> None:
    both = catalogue.find_services("it", need="gioco-tempo-libero", age_group="6-11", today=TODAY)
    assert "caffe-dei-genitori" in {c.slug for c in both}
    assert "caffe-dei-genitori" not in {
        c.slug for c in catalogue.find_services("it", age_group="14-17", today=TODAY)
    }
    assert "percorso-nascita" in {
        c.slug for c in catalogue.find_services("it", age_group="attesa", today=TODAY)
    }


@pytest.mark.parametrize("typed", ["caffe", "CAFFÈ", "Caffé gen", "citta"])
def test_search_ignores_accents_and_case(synced: Path, typed: str) -> None:
    results = catalogue.find_services("it", query=typed, today=TODAY)
    assert "caffe-dei-genitori" in [c.slug for c in results]


def test_search_prefix_and_no_match(synced: Path) -> None:
    assert "mediazione-familiare" in {
        c.slug for c in catalogue.find_services("it", query="media", today=TODAY)
    }
    assert catalogue.find_services("it", query="zzzqqq", today=TODAY) == []
    # Only punctuation: nothing to search for, so nothing found (never every service, as the
    # free-text search does), and no FTS syntax error either.
    assert catalogue.find_services("it", query="\"'*)(", today=TODAY) == []


def test_detail_falls_back_to_italian_and_builds_link(synced: Path) -> None:
    detail = catalogue.service_detail(
        "caffe-dei-genitori", "en", public_url="https://example.org/cpf/", today=TODAY
    )
    assert detail is not None
    assert detail.name == "Caffè dei genitori"  # no English file: Italian fallback
    assert detail.link == "https://example.org/cpf/caffe-dei-genitori"
    english = catalogue.service_detail("percorso-nascita", "en", today=TODAY)
    assert english is not None and english.name != "Percorso nascita"
    assert catalogue.service_detail("does-not-exist", "it", today=TODAY) is None


def test_visibility_window(db: str, content_dir: Path) -> None:
    write_service(
        content_dir,
        "solo-estate",
        'name: "Centro estivo"\nsummary: "Solo d\'estate"\nneeds: [gioco-tempo-libero]\n'
        "visible_from: 2027-06-01\nvisible_until: 2027-08-31\n" + COMMON,
    )
    sync_directory(content_dir)
    assert catalogue.service_detail("solo-estate", "it", today=TODAY) is None
    assert catalogue.service_detail("solo-estate", "it", today=dt.date(2027, 7, 1)) is not None


def test_upcoming_events_by_age(db: str, content_dir: Path) -> None:
    (content_dir / "events" / "festa.md").write_text(
        '---\nslug: festa\ntitle: "Festa delle famiglie"\nstarts_at: "2026-12-05 16:30"\n'
        'place: "Centro per le Famiglie"\nsummary: "Giochi"\nmin_age: 3\nmax_age: 10\n'
        'assured_date: 2026-11-21\nassured_by: "Test"\n---\nTesto.\n',
        encoding="utf-8",
    )
    (content_dir / "events" / "passata.md").write_text(
        '---\nslug: passata\ntitle: "Vecchia"\nstarts_at: "2026-01-05 16:30"\n'
        'place: "Centro"\nsummary: "x"\nassured_date: 2026-11-21\nassured_by: "Test"\n---\n',
        encoding="utf-8",
    )
    sync_directory(content_dir)
    now = dt.datetime(2026, 11, 21, 10, 0)
    events = catalogue.upcoming_events("it", now=now)
    assert [e.slug for e in events] == ["festa"]
    assert events[0].starts_at == dt.datetime(2026, 12, 5, 16, 30)
    assert catalogue.upcoming_events("it", now=now, age_group="6-11")[0].slug == "festa"
    assert catalogue.upcoming_events("it", now=now, age_group="14-17") == []


def test_office_open_now_and_next_opening(db: str, content_dir: Path) -> None:
    office = (content_dir / "office.yaml").read_text(encoding="utf-8")
    office += '\nhours:\n  lun: ["09:00-13:00", "15:00-18:00"]\n  mer: ["09:00-13:00"]\n'
    office += 'closed: ["2026-11-25"]\n'
    (content_dir / "office.yaml").write_text(office, encoding="utf-8")
    sync_directory(content_dir)
    monday_morning = dt.datetime(2026, 11, 23, 10, 0)  # a Monday
    info = catalogue.office_info("it", monday_morning)
    assert info is not None and info.open_now and info.closes_at == "13:00"
    assert info.next_opening == dt.datetime(2026, 11, 23, 15, 0)
    monday_night = dt.datetime(2026, 11, 23, 19, 0)
    info = catalogue.office_info("it", monday_night)
    assert info is not None and not info.open_now
    # Wednesday 25 is a closing day: next opening is Monday 30.
    assert info.next_opening == dt.datetime(2026, 11, 30, 9, 0)


def test_bundled_office_without_hours_says_so(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    info = catalogue.office_info("it", dt.datetime(2026, 11, 23, 10, 0))
    assert info is not None
    assert not info.hours_known and not info.open_now and info.next_opening is None
    assert "sportello" in info.note.lower()


def test_join_target_carries_the_list_and_its_privacy_facts(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    target = catalogue.join_target("percorso-nascita", "service", "it", public_url="https://x.it/")
    assert target is not None and target.waitlist is not None
    assert target.link == "https://x.it/percorso-nascita"
    privacy = target.privacy
    assert privacy is not None
    assert (privacy.controller, privacy.controller_address) == (
        "Comune di Lucca",
        "Via Santa Giustina 6, 55100 Lucca",
    )
    assert privacy.retention_days == target.waitlist.retention_days == 180
    assert catalogue.join_target("percorso-nascita", "event", "it") is None  # not an event
    assert catalogue.join_target("does-not-exist", "service", "it") is None
