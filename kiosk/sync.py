"""Apply checked content to the database in one transaction: add, update, retire, or nothing."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from kiosk import sync_manifest
from kiosk.clock import utcnow
from kiosk.contentfiles.bundle import ContentBundle
from kiosk.contentfiles.loader import load_content
from kiosk.contentfiles.problems import Problem
from kiosk.contentfiles.schema import EventItem, ServiceItem
from kiosk.models import (
    AgeGroup,
    ContentSync,
    Event,
    EventText,
    Need,
    Provider,
    Service,
    ServiceAgeGroup,
    ServiceComune,
    ServiceNeed,
    ServiceText,
    Waitlist,
    database,
    is_sqlite,
)
from kiosk.sync_items import (
    StaleKnowledge,
    SyncReport,
    check_kept,
    column_values,
    kept_items,
    provider_of,
    published_rows,
    retire_missing,
    sort_changes,
    sync_labels,
    sync_office,
    sync_waitlists,
    write_changes,
)
from kiosk.sync_rows import delete_where_in, fetch, insert_rows
from kiosk.text import search_fold

__all__ = [
    "SEARCHED_TEXTS",
    "ContentInvalid",
    "Publish",
    "StaleKnowledge",
    "SyncReport",
    "folder_key",
    "last_publish",
    "load_if_empty",
    "sync_content",
    "sync_directory",
]

log = logging.getLogger(__name__)


# The texts free-text search reads (ServiceText.search_text: the search index follows it by
# itself, through the triggers of migration 0012).
SEARCHED_TEXTS = ("name", "summary", "description", "eligibility", "location")


class ContentInvalid(Exception):
    """The content has problems; nothing was applied."""

    def __init__(self, problems: tuple[Problem, ...]):
        super().__init__(f"{len(problems)} problem(s) in the content")  # for the log
        self.problems = problems


@dataclass(frozen=True)
class Publish:
    """The last content publish the database remembers: from which folder, which version, when."""

    id: int
    folder: str  # absolute path; "" when published by a kiosk older than this record
    version: str
    at: dt.datetime
    actor: str


def folder_key(folder: Path) -> str:
    """A folder as the database remembers it: absolute, symbolic links resolved."""
    return str(Path(folder).expanduser().resolve())


def last_publish() -> Publish | None:
    """The newest publish recorded, or None on a database that never had content."""
    row = ContentSync.select().order_by(ContentSync.id.desc()).first()  # ids follow writes
    if row is None:
        return None
    return Publish(id=row.id, folder=row.folder, version=row.version, at=row.at, actor=row.actor)


class _Preview(Exception):
    """Raised inside the transaction to roll a dry run back."""


def sync_content(
    bundle: ContentBundle,
    *,
    actor: str = "cli",
    dry_run: bool = False,
    folder: Path | None = None,
) -> SyncReport:
    """Apply `bundle` all-or-nothing; raise ContentInvalid (nothing applied) if it has problems.

    A publish is recorded (version, `folder`, when, who) when it changed something, or when
    it came from another folder than the last one recorded: the database always knows which
    folder its content came from.
    """
    if not bundle.ok:
        raise ContentInvalid(bundle.problems)
    report = SyncReport(version=bundle.version)
    key = folder_key(folder) if folder is not None else ""
    try:
        with database.atomic():
            _apply(bundle, report)
            if dry_run:
                raise _Preview
            last = last_publish()
            moved = bool(key) and (last is None or last.folder != key)
            if report.changed or moved:
                ContentSync.create(
                    version=bundle.version,
                    summary=report.lines()[-1],
                    actor=actor[:64],
                    folder=key,
                )
    except _Preview:
        pass
    if _reshaped(report) and not dry_run:
        _analyze()
    return report


def _reshaped(report: SyncReport) -> bool:
    """Whether a publish changed a tenth of the content or more: enough to make the planner's
    statistics wrong (a smaller change leaves them to autovacuum)."""
    changed = len(report.added) + len(report.updated) + len(report.retired)
    return changed > 0 and changed * 10 >= changed + len(report.unchanged)


def _analyze() -> None:
    """Fresh planner statistics after a publish: without them PostgreSQL plans the first
    searches over thousands of new rows badly (seconds instead of milliseconds).

    On PostgreSQL only the kiosk's own tables: a bare ANALYZE also reads the system
    catalogues, which took most of its time."""
    try:
        if is_sqlite():
            database.execute_sql("ANALYZE")
            return
        tables = database.execute_sql(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
        if tables:
            database.execute_sql("ANALYZE " + ", ".join(name for (name,) in tables))
    except pw.DatabaseError:
        log.warning("content published; ANALYZE failed (searches may be slow until the next one)")


def sync_directory(content_dir: Path, *, actor: str = "cli", dry_run: bool = False) -> SyncReport:
    """Check the folder, then sync it (raises ContentInvalid with every problem).

    A folder none of whose files changed since its last sync is not read again, and a service
    or event whose files kept their content hash is not parsed again (see
    kiosk.sync_manifest): the report lists them as unchanged.
    """
    key = folder_key(content_dir)
    files = sync_manifest.folder_state(Path(content_dir))  # before reading: a later edit shows
    last = last_publish()
    seen = None
    if last is not None and last.folder == key:
        seen = sync_manifest.manifest(key, last.id)
    if seen is not None and seen.files == files and not dry_run:
        return SyncReport(unchanged=seen.entries, version=seen.version)
    known = sync_manifest.known_items(key) if seen is not None else {}
    bundle = load_content(content_dir, known=known)
    try:
        report = sync_content(bundle, actor=actor, dry_run=dry_run, folder=content_dir)
    except StaleKnowledge:
        log.warning("the database changed since the content manifest was written: full check")
        bundle = load_content(content_dir)
        report = sync_content(bundle, actor=actor, dry_run=dry_run, folder=content_dir)
    last = last_publish()
    if not dry_run and last is not None and last.folder == key:
        # the database now holds exactly this folder's content, as of publish `last`
        entries = [*report.added, *report.updated, *report.unchanged]
        sync_manifest.remember(
            key, files, last.id, report.version, entries, bundle.known, _published()
        )
    return report


def _published() -> dict[str, str]:
    """'service:slug' / 'event:slug' -> the fingerprint of every item the database shows."""
    found: dict[str, str] = {}
    for kind, model in (("service", Service), ("event", Event)):
        query = model.select(model.slug, model.content_hash).where(model.retired_at.is_null())
        found.update((f"{kind}:{slug}", digest) for slug, digest in fetch(query))
    return found


def load_if_empty(content_dir: Path) -> SyncReport | None:
    """First start: an empty database gets the content; otherwise nothing happens."""
    if Service.select().exists() or ContentSync.select().exists():
        return None
    return sync_directory(content_dir, actor="first-start")


def _apply(bundle: ContentBundle, report: SyncReport) -> None:
    sync_labels(Need, bundle, report)
    sync_labels(AgeGroup, bundle, report)
    _sync_services(bundle.services, kept_items("service", bundle, report), report)
    _sync_events(bundle.events, kept_items("event", bundle, report), report)
    sync_office(bundle, report)


def _search_text(texts: dict[str, str], keywords: str = "") -> str:
    """What free-text search reads: the main texts and the family words (`keywords`), as
    search_fold normalises them (words one space apart, any script, accents off Latin
    letters); SQLite's FTS5 table and PostgreSQL's tsvector index this same text."""
    return search_fold(" ".join([*(texts.get(k, "") for k in SEARCHED_TEXTS), keywords]))


def _replace_children(ids: list[int], items: list[ServiceItem], replaced: list[int]) -> None:
    """Texts, needs, age groups and comuni of the changed services (`ids`, in the order of
    `items`): those of `replaced` deleted, then all inserted in batches."""
    needs = {n.slug: n.id for n in Need.select(Need.id, Need.slug)}
    groups = {g.slug: g.id for g in AgeGroup.select(AgeGroup.id, AgeGroup.slug)}
    for model in (ServiceText, ServiceNeed, ServiceAgeGroup, ServiceComune):
        delete_where_in(model, model.service, replaced)
    texts: list[dict[str, object]] = [
        {
            "service": sid,
            "lang": lang,
            **fields,
            "search_text": _search_text(fields, item.keywords.get(lang, "")),
            "translation_review": lang in item.translation_review,
        }
        for sid, item in zip(ids, items, strict=True)
        for lang, fields in item.texts.items()
    ]
    links: list[dict[str, object]] = [
        {"service": sid, "need": needs[slug]}
        for sid, item in zip(ids, items, strict=True)
        for slug in item.needs
    ]
    ages: list[dict[str, object]] = [
        {"service": sid, "age_group": groups[slug]}
        for sid, item in zip(ids, items, strict=True)
        for slug in item.age_groups
    ]
    comuni: list[dict[str, object]] = [
        {"service": sid, "comune": comune}
        for sid, item in zip(ids, items, strict=True)
        for comune in item.comune
    ]
    for model, rows in (
        (ServiceText, texts),
        (ServiceNeed, links),
        (ServiceAgeGroup, ages),
        (ServiceComune, comuni),
    ):
        insert_rows(model, rows)


def _sync_services(
    items: tuple[ServiceItem, ...], kept: Mapping[str, str], report: SyncReport
) -> None:
    known = published_rows(Service)
    check_kept(kept, known)
    providers = {p.name: p for p in Provider.select()}
    lists = {w.service_id: w for w in Waitlist.select().where(Waitlist.service.is_null(False))}
    now = utcnow()

    def values_of(item: ServiceItem) -> dict[str, object]:
        return {
            **column_values(item, Service, skip=frozenset({"slug"})),
            "provider": provider_of(item, providers).id,
            "updated_at": now,
        }

    changes = sort_changes("service", items, known, values_of, report)
    ids, changed = write_changes(Service, changes)
    sync_waitlists("service", [(i, s.waitlist) for i, s in zip(ids, changed, strict=True)], lists)
    replaced = ids[: len(changes.updated)]
    _replace_children(ids, changed, replaced)
    retire_missing(Service, "service", known, {*(i.slug for i in items), *kept}, lists, report)


def _sync_events(items: tuple[EventItem, ...], kept: Mapping[str, str], report: SyncReport) -> None:
    known = published_rows(Event)
    check_kept(kept, known)
    services = dict(fetch(Service.select(Service.slug, Service.id)))
    lists = {w.event_id: w for w in Waitlist.select().where(Waitlist.event.is_null(False))}

    def values_of(item: EventItem) -> dict[str, object]:
        return {
            **column_values(item, Event, skip=frozenset({"slug", "service"})),
            "service": services.get(item.service) if item.service else None,
        }

    changes = sort_changes("event", items, known, values_of, report)
    ids, changed = write_changes(Event, changes)
    sync_waitlists("event", [(i, e.waitlist) for i, e in zip(ids, changed, strict=True)], lists)
    delete_where_in(EventText, EventText.event, ids[: len(changes.updated)])
    insert_rows(
        EventText,
        [
            {"event": eid, "lang": lang, **texts, "translation_review": lang in review}
            for eid, item in zip(ids, changed, strict=True)
            for review in (item.translation_review,)
            for lang, texts in item.texts.items()
        ],
    )
    retire_missing(Event, "event", known, {*(i.slug for i in items), *kept}, lists, report)
