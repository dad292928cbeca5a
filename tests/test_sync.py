"""Content sync: idempotent, all-or-nothing, retiring keeps waitlist entries."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from kiosk import sync as sync_module
from kiosk.catalogue import _search_ids
from kiosk.contentfiles.fields import spec_of
from kiosk.contentfiles.loader import load_content
from kiosk.contentfiles.schema import (
    EventItem,
    EventTexts,
    ServiceItem,
    ServiceTexts,
    TranslationMarks,
    WaitlistSettings,
)
from kiosk.models import (
    ContentSync,
    Event,
    EventText,
    Service,
    ServiceAgeGroup,
    ServiceComune,
    ServiceNeed,
    ServiceText,
    Waitlist,
    WaitlistEntry,
)
from kiosk.sync import ContentInvalid, load_if_empty, sync_directory


def snapshot() -> list[tuple]:
    rows = [
        (s.slug, s.content_hash, s.updated_at, s.retired_at)
        for s in Service.select().order_by(Service.slug)
    ]
    texts = [(t.service_id, t.lang, t.name) for t in ServiceText.select().order_by(ServiceText.id)]
    return rows + texts


def test_first_sync_adds_everything_and_second_writes_nothing(db: str, content_dir: Path) -> None:
    first = sync_directory(content_dir)
    assert first.added and not first.updated and not first.retired
    assert "service:percorso-nascita" in first.added
    before = snapshot()
    syncs = ContentSync.select().count()
    second = sync_directory(content_dir)
    assert not second.changed
    assert "service:percorso-nascita" in second.unchanged
    assert snapshot() == before
    assert ContentSync.select().count() == syncs


def test_update_and_retire(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    path = content_dir / "services" / "spazi-gioco.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Spazi gioco", "Spazi gioco!", 1))
    for path in (content_dir / "services").glob("programma-pippi.*md"):  # with its translations
        path.unlink()
    report = sync_directory(content_dir)
    assert report.updated == ["service:spazi-gioco"]
    assert report.retired == ["service:programma-pippi"]
    assert Service.get(Service.slug == "programma-pippi").retired_at is not None


def test_retired_service_keeps_its_waitlist_entries(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    waitlist = Waitlist.get(
        Waitlist.service == Service.get(Service.slug == "laboratori-per-famiglie")
    )
    WaitlistEntry.create(waitlist=waitlist, seq=1, code="ACD3", name="Anna", phone="3331234567")
    for path in (content_dir / "services").glob("laboratori-per-famiglie.*md"):
        path.unlink()  # the Italian file and its translations
    sync_directory(content_dir)
    assert WaitlistEntry.select().where(WaitlistEntry.code == "ACD3").count() == 1
    assert not Waitlist.get_by_id(waitlist.id).is_open


def test_broken_file_applies_nothing(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    before = snapshot()
    good = content_dir / "services" / "spazi-gioco.md"
    good.write_text(good.read_text(encoding="utf-8").replace("Spazi gioco", "Nuovo nome", 1))
    broken = content_dir / "services" / "percorso-nascita.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("needs:", "neds:", 1))
    with pytest.raises(ContentInvalid) as caught:
        sync_directory(content_dir)
    assert any("percorso-nascita.md" in str(p) for p in caught.value.problems)
    assert snapshot() == before


def test_failure_midway_rolls_everything_back(
    db: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync_directory(content_dir)
    before = snapshot()
    for name in ("spazi-gioco.md", "percorso-nascita.md"):
        path = content_dir / "services" / name
        path.write_text(path.read_text(encoding="utf-8") + "\nAggiunta.\n", encoding="utf-8")
    written: list[int] = []
    insert_rows = sync_module.insert_rows

    def failing(model: type, rows: list[dict[str, object]]) -> None:
        insert_rows(model, rows)
        if model is ServiceComune:
            # by now both services and their texts are written: the error must undo them
            written.extend(int(str(r["service"])) for r in rows)
            raise OSError("disk full")

    monkeypatch.setattr(sync_module, "insert_rows", failing)
    with pytest.raises(OSError):
        sync_directory(content_dir)
    assert len(set(written)) == 2
    assert snapshot() == before


def test_dry_run_changes_nothing(db: str, content_dir: Path) -> None:
    report = sync_directory(content_dir, dry_run=True)
    assert "service:percorso-nascita" in report.added
    assert Service.select().count() == 0


def test_load_if_empty_only_once(db: str, content_dir: Path) -> None:
    assert load_if_empty(content_dir) is not None
    assert Service.select().count() > 0
    assert load_if_empty(content_dir) is None


@pytest.mark.parametrize(
    ("model", "declaration", "bookkeeping"),
    [
        (Service, ServiceItem, {"id", "provider", "retired_at", "content_hash", "updated_at"}),
        (Event, EventItem, {"id", "service", "retired_at", "content_hash"}),
        # a text row also keeps the translation file's review mark
        (ServiceText, (ServiceTexts, TranslationMarks), {"id", "service", "lang", "search_text"}),
        (EventText, (EventTexts, TranslationMarks), {"id", "event", "lang"}),
        (Waitlist, WaitlistSettings, {"id", "service", "event", "last_seq", "closed_at"}),
    ],
)
def test_every_content_column_is_declared_in_the_schema(
    model: type, declaration: type | tuple[type, ...], bookkeeping: set[str]
) -> None:
    declarations = declaration if isinstance(declaration, tuple) else (declaration,)
    declared = {
        (spec_of(f) and spec_of(f).column) or f.name for d in declarations for f in fields(d)
    }
    assert set(model._meta.fields) - bookkeeping <= declared


def test_the_stored_service_is_the_declared_item(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    (item,) = [s for s in load_content(content_dir).services if s.slug == "percorso-nascita"]
    row = Service.get(Service.slug == "percorso-nascita")
    for name in ("source_path", "min_age", "max_age", "url", "assured_date"):
        assert getattr(row, name) == getattr(item, name), name
    assert row.comune == ",".join(item.comune)
    offered = ServiceComune.select(ServiceComune.comune).where(ServiceComune.service == row)
    assert sorted(c.comune for c in offered) == sorted(item.comune)
    for name in ("assured_by", "needs_review", "review_note", "visible_from", "visible_until"):
        assert getattr(row, name) == getattr(item, name), name
    assert row.languages == ",".join(item.languages)
    assert (row.provider.name, row.provider.kind) == (item.provider.name, item.provider.kind)
    texts = {t.lang: t for t in ServiceText.select().where(ServiceText.service == row)}
    for lang, values in item.texts.items():
        for name, text in values.items():
            assert getattr(texts[lang], name) == text, (lang, name)


def test_a_large_directory_is_published_in_batches_and_found(db: str, content_dir: Path) -> None:
    base = (content_dir / "services" / "percorso-nascita.md").read_text(encoding="utf-8")
    english = (content_dir / "services" / "percorso-nascita.en.md").read_text(encoding="utf-8")
    count = 620  # more than one batch of every kind of row
    for i in range(count):
        slug = f"servizio-{i:03d}"
        text = base.replace("slug: percorso-nascita", f"slug: {slug}", 1)
        text = text.replace("Percorso nascita", f"Percorso nascita numero{i:03d}", 1)
        (content_dir / "services" / f"{slug}.md").write_text(text, encoding="utf-8")
        (content_dir / "services" / f"{slug}.en.md").write_text(english, encoding="utf-8")
    bundle = load_content(content_dir)
    (original,) = [s for s in bundle.services if s.slug == "percorso-nascita"]
    report = sync_directory(content_dir)
    assert sum(a.startswith("service:") for a in report.added) == len(bundle.services)
    copies = Service.select(Service.id).where(Service.slug.startswith("servizio-"))
    assert copies.count() == count
    assert ServiceText.select().where(ServiceText.service.in_(copies)).count() == 2 * count
    links = ServiceNeed.select().where(ServiceNeed.service.in_(copies)).count()
    assert links == count * len(original.needs)
    ages = ServiceAgeGroup.select().where(ServiceAgeGroup.service.in_(copies)).count()
    assert ages == count * len(original.age_groups)
    assert _search_ids("numero617", "it") == [Service.get(Service.slug == "servizio-617").id]
    assert not sync_directory(content_dir).changed
    for i in range(count):  # every copy changes: old rows go in batches too
        changed = english.replace('summary: "', f'summary: "Copy{i:03d} ', 1)
        (content_dir / "services" / f"servizio-{i:03d}.en.md").write_text(changed, encoding="utf-8")
    updated = sync_directory(content_dir).updated
    assert len(updated) == count
    assert ServiceText.select().where(ServiceText.service.in_(copies)).count() == 2 * count
    assert _search_ids("copy042", "en") == [Service.get(Service.slug == "servizio-042").id]


def test_event_texts_and_list_follow_the_file(db: str, content_dir: Path) -> None:
    example = (content_dir / "events" / "_esempio.md").read_text(encoding="utf-8")
    path = content_dir / "events" / "esempio.md"
    path.write_text(example.replace("slug: esempio-evento ", "slug: esempio ", 1), "utf-8")
    assert "event:esempio" in sync_directory(content_dir).added
    event = Event.get(Event.slug == "esempio")
    assert [t.lang for t in EventText.select().where(EventText.event == event)] == ["it"]
    assert Waitlist.get(Waitlist.event == event).is_open
    text = path.read_text(encoding="utf-8").replace('title: "ESEMPIO', 'title: "NUOVO', 1)
    path.write_text(text, encoding="utf-8")
    english = '---\ntitle: "Example"\nplace: "Somewhere"\n---\nHello.\n'
    (content_dir / "events" / "esempio.en.md").write_text(english, encoding="utf-8")
    assert sync_directory(content_dir).updated == ["event:esempio"]
    texts = {t.lang: t for t in EventText.select().where(EventText.event == event)}
    assert set(texts) == {"it", "en"} and texts["it"].title.startswith("NUOVO")
    assert (texts["en"].title, texts["en"].description) == ("Example", "Hello.")
    path.unlink()
    (content_dir / "events" / "esempio.en.md").unlink()
    assert sync_directory(content_dir).retired == ["event:esempio"]
    assert not Waitlist.get(Waitlist.event == event).is_open
    assert EventText.select().where(EventText.event == event).count() == 2  # kept, not shown
