"""Apply checked content to the database in one transaction: add, update, retire, or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import peewee as pw

from kiosk import sync_manifest
from kiosk.cli_text import _, ngettext
from kiosk.clock import utcnow
from kiosk.contentfiles.bundle import ContentBundle
from kiosk.contentfiles.fields import Kind, declared, spec_of
from kiosk.contentfiles.loader import load_content
from kiosk.contentfiles.problems import Problem
from kiosk.contentfiles.schema import (
    AgeGroupItem,
    EventItem,
    NeedItem,
    OfficeItem,
    ServiceItem,
    WaitlistSettings,
)
from kiosk.models import (
    AgeGroup,
    ContentSync,
    Event,
    EventText,
    Need,
    Office,
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
from kiosk.text import search_fold

log = logging.getLogger(__name__)

T = TypeVar("T")
# The texts free-text search reads (ServiceText.search_text and SQLite's service_search).
SEARCHED_TEXTS = ("name", "summary", "description", "eligibility", "location")


class ContentInvalid(Exception):
    """The content has problems; nothing was applied."""

    def __init__(self, problems: tuple[Problem, ...]):
        super().__init__(f"{len(problems)} problem(s) in the content")  # for the log
        self.problems = problems


@dataclass
class SyncReport:
    """What a sync changed (or would change, in a preview), as 'kind:slug' entries."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    version: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired)

    def lines(self) -> list[str]:
        """One line per changed item, then the counts (Italian; `Msg` for the CLI's language)."""
        out: list[str] = []
        for label, items in (
            (_("aggiunto"), self.added),
            (_("aggiornato"), self.updated),
            (_("ritirato"), self.retired),
        ):
            out.extend(_("{label}: {item}", label=label, item=item) for item in items)
        out.append(
            _(
                "{added}, {updated}, {retired}, {unchanged}",
                added=ngettext("1 aggiunto", "{count} aggiunti", len(self.added)),
                updated=ngettext("1 aggiornato", "{count} aggiornati", len(self.updated)),
                retired=ngettext("1 ritirato", "{count} ritirati", len(self.retired)),
                unchanged=ngettext("1 invariato", "{count} invariati", len(self.unchanged)),
            )
        )
        return out


def _columns(
    item: object, model: type[pw.Model], skip: frozenset[str] = frozenset()
) -> dict[str, object]:
    """The fields of `item` that `model` stores as columns, named and shaped for it.

    A field is stored when the model has a column of its name (or of the `column` its
    declaration names); lists are stored comma separated, lists of sets of fields as JSON;
    nested mappings are not columns.
    """
    columns = model._meta.fields
    values: dict[str, object] = {}
    for f in dataclasses.fields(item):  # type: ignore[arg-type]
        spec = spec_of(f)
        column = spec.column if spec and spec.column else f.name
        if f.name in skip or column not in columns or (spec and spec.kind is Kind.MAPPING):
            continue
        value = getattr(item, f.name)
        if spec and spec.kind is Kind.MAPPINGS:  # a list of sets of fields is stored as JSON
            values[column] = json.dumps(value, default=_json, sort_keys=True)
            continue
        values[column] = ",".join(value) if isinstance(value, tuple) else value
    return values


def _localized(item: NeedItem | AgeGroupItem) -> dict[str, object]:
    """The texts-per-language fields of `item` (stored as JSON labels), with the languages
    whose texts await a native speaker's review when its file lists some."""
    labels: dict[str, object] = {
        n: getattr(item, n) for n, s in declared(type(item)) if s.kind is Kind.LOCALIZED
    }
    if item.translation_review:
        labels["translation_review"] = list(item.translation_review)
    return labels


def _json(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def _digest(item: object) -> str:
    """A fingerprint of a checked item: equal items (built the same way from files) match.

    The dataclass repr is deterministic for these items (texts in file order, no sets) and
    several times cheaper than serialising to JSON.
    """
    return hashlib.sha256(repr(item).encode()).hexdigest()


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
    if report.changed and not dry_run:
        _analyze()
    return report


def _analyze() -> None:
    """Fresh planner statistics after a publish: without them PostgreSQL plans the first
    searches over thousands of new rows badly (seconds instead of milliseconds)."""
    try:
        database.execute_sql("ANALYZE")
    except pw.DatabaseError:
        log.warning("content published; ANALYZE failed (searches may be slow until the next one)")


def sync_directory(content_dir: Path, *, actor: str = "cli", dry_run: bool = False) -> SyncReport:
    """Check the folder, then sync it (raises ContentInvalid with every problem).

    A folder none of whose files changed since its last sync is not read again (see
    kiosk.sync_manifest): the report lists its entries as unchanged.
    """
    key = folder_key(content_dir)
    files = sync_manifest.folder_files(Path(content_dir))  # before reading: a later edit shows
    last = last_publish()
    if not dry_run and last is not None and last.folder == key:
        entries, version = sync_manifest.unchanged_since(key, files, last.id)
        if entries:
            return SyncReport(unchanged=entries, version=version)
    report = sync_content(
        load_content(content_dir), actor=actor, dry_run=dry_run, folder=content_dir
    )
    last = last_publish()
    if not dry_run and last is not None and last.folder == key:
        # the database now holds exactly this folder's content, as of publish `last`
        entries = [*report.added, *report.updated, *report.unchanged]
        sync_manifest.remember(key, files, last.id, report.version, entries)
    return report


def load_if_empty(content_dir: Path) -> SyncReport | None:
    """First start: an empty database gets the content; otherwise nothing happens."""
    if Service.select().exists() or ContentSync.select().exists():
        return None
    return sync_directory(content_dir, actor="first-start")


def _apply(bundle: ContentBundle, report: SyncReport) -> None:
    _sync_labels(Need, bundle, report)
    _sync_labels(AgeGroup, bundle, report)
    _sync_services(bundle.services, report)
    _sync_events(bundle.events, report)
    _sync_office(bundle, report)


def _sync_labels(
    model: type[Need] | type[AgeGroup], bundle: ContentBundle, report: SyncReport
) -> None:
    kind = "need" if model is Need else "age_group"
    items: tuple[NeedItem, ...] | tuple[AgeGroupItem, ...] = (
        bundle.needs if model is Need else bundle.age_groups
    )
    existing = {row.slug: row for row in model.select()}
    for item in items:
        values: dict[str, object] = {
            **_columns(item, model, skip=frozenset({"slug"})),
            "position": item.position,
            "labels": json.dumps(_localized(item), sort_keys=True),
            "retired_at": None,
        }
        row = existing.get(item.slug)
        label = f"{kind}:{item.slug}"
        if row is None:
            model.create(slug=item.slug, **values)
            report.added.append(label)
        elif any(getattr(row, k) != v for k, v in values.items()):
            model.update(**values).where(model.id == row.id).execute()
            report.updated.append(label)
        else:
            report.unchanged.append(label)
    wanted = {i.slug for i in items}
    for slug, row in existing.items():
        if slug not in wanted and row.retired_at is None:
            model.update(retired_at=utcnow()).where(model.id == row.id).execute()
            report.retired.append(f"{kind}:{slug}")


def _sync_waitlist(
    settings: WaitlistSettings | None, row: Waitlist | None, **owner: object
) -> None:
    """Open, change or close the list of one service or event (`row`: its list, if any)."""
    if settings is None:
        if row is not None and row.is_open:
            row.is_open, row.closed_at = False, utcnow()
            row.save()
        return
    values = _columns(settings, Waitlist)
    if row is None:
        Waitlist.create(**owner, **values, closed_at=None if settings.open else utcnow())
        return
    if row.is_open and not settings.open:
        values["closed_at"] = utcnow()
    elif settings.open:
        values["closed_at"] = None
    Waitlist.update(**values).where(Waitlist.id == row.id).execute()


def _chunks(rows: list[T], size: int = 500) -> Iterator[list[T]]:
    """Slices small enough for any database's limit on query parameters."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _search_text(texts: dict[str, str], keywords: str = "") -> str:
    """What free-text search reads: the main texts and the family words (`keywords`), as
    search_fold normalises them (words one space apart, any script, accents off Latin
    letters); SQLite's FTS5 table and PostgreSQL's tsvector index this same text."""
    return search_fold(" ".join([*(texts.get(k, "") for k in SEARCHED_TEXTS), keywords]))


def _index_services(rows: list[dict[str, object]]) -> None:
    """Refill SQLite's full-text index for the services whose texts are `rows`."""
    if not is_sqlite() or not rows:
        return
    ids = sorted({int(str(r["service"])) for r in rows})
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        database.execute_sql(f"DELETE FROM service_search WHERE service_id IN ({marks})", chunk)
    cursor = database.cursor()
    cursor.executemany(
        "INSERT INTO service_search (service_id, lang, body) VALUES (?, ?, ?)",
        [(r["service"], r["lang"], r["search_text"]) for r in rows],
    )


def _replace_children(ids: list[int], items: list[ServiceItem]) -> None:
    """Texts, needs, age groups and comuni of the changed services: deleted, then inserted in
    batches."""
    needs = {n.slug: n.id for n in Need.select(Need.id, Need.slug)}
    groups = {g.slug: g.id for g in AgeGroup.select(AgeGroup.id, AgeGroup.slug)}
    for chunk in _chunks(ids):
        for model in (ServiceText, ServiceNeed, ServiceAgeGroup, ServiceComune):
            model.delete().where(model.service.in_(chunk)).execute()
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
        for part in _chunks(rows, 200):
            model.insert_many(part).execute()
    _index_services(texts)


def _provider(item: ServiceItem, providers: dict[str, Provider]) -> Provider:
    row = providers.get(item.provider.name)
    if row is None:
        row = providers[item.provider.name] = Provider.create(
            name=item.provider.name, kind=item.provider.kind
        )
    elif row.kind != item.provider.kind:
        row.kind = item.provider.kind
        row.save()
    return row


def _sync_services(items: tuple[ServiceItem, ...], report: SyncReport) -> None:
    existing = {row.slug: row for row in Service.select()}
    providers = {p.name: p for p in Provider.select()}
    lists = {w.service_id: w for w in Waitlist.select().where(Waitlist.service.is_null(False))}
    changed_ids: list[int] = []
    changed: list[ServiceItem] = []
    for item in items:
        digest = _digest(item)
        row = existing.get(item.slug)
        label = f"service:{item.slug}"
        if row is not None and row.content_hash == digest and row.retired_at is None:
            report.unchanged.append(label)
            continue
        values = {
            **_columns(item, Service, skip=frozenset({"slug"})),
            "provider": _provider(item, providers),
            "retired_at": None,
            "content_hash": digest,
            "updated_at": utcnow(),
        }
        if row is None:
            row = Service.create(slug=item.slug, **values)
            report.added.append(label)
        else:
            Service.update(**values).where(Service.id == row.id).execute()
            report.updated.append(label)
        changed_ids.append(row.id)
        changed.append(item)
        _sync_waitlist(item.waitlist, lists.get(row.id), service=row.id)
    _replace_children(changed_ids, changed)
    wanted = {i.slug for i in items}
    for slug, row in existing.items():
        if slug not in wanted and row.retired_at is None:
            Service.update(retired_at=utcnow(), content_hash="").where(
                Service.id == row.id
            ).execute()
            _sync_waitlist(None, lists.get(row.id))  # the list closes, its entries stay
            report.retired.append(f"service:{slug}")


def _sync_events(items: tuple[EventItem, ...], report: SyncReport) -> None:
    existing = {row.slug: row for row in Event.select()}
    services = {s.slug: s.id for s in Service.select(Service.id, Service.slug)}
    lists = {w.event_id: w for w in Waitlist.select().where(Waitlist.event.is_null(False))}
    texts: list[dict[str, object]] = []
    for item in items:
        digest = _digest(item)
        row = existing.get(item.slug)
        label = f"event:{item.slug}"
        if row is not None and row.content_hash == digest and row.retired_at is None:
            report.unchanged.append(label)
            continue
        values = {
            **_columns(item, Event, skip=frozenset({"slug", "service"})),
            "service": services.get(item.service) if item.service else None,
            "retired_at": None,
            "content_hash": digest,
        }
        if row is None:
            row = Event.create(slug=item.slug, **values)
            report.added.append(label)
        else:
            Event.update(**values).where(Event.id == row.id).execute()
            report.updated.append(label)
        texts.extend(
            {"event": row.id, "lang": lang, **f, "translation_review": lang in review}
            for review in (item.translation_review,)
            for lang, f in item.texts.items()
        )
        _sync_waitlist(item.waitlist, lists.get(row.id), event=row.id)
    for chunk in _chunks(sorted({int(str(t["event"])) for t in texts})):
        EventText.delete().where(EventText.event.in_(chunk)).execute()
    for part in _chunks(texts, 200):
        EventText.insert_many(part).execute()
    wanted = {i.slug for i in items}
    for slug, row in existing.items():
        if slug not in wanted and row.retired_at is None:
            Event.update(retired_at=utcnow(), content_hash="").where(Event.id == row.id).execute()
            _sync_waitlist(None, lists.get(row.id))
            report.retired.append(f"event:{slug}")


def _sync_office(bundle: ContentBundle, report: SyncReport) -> None:
    office = bundle.office
    row = Office.get_or_none(Office.key == "main")
    if office is None:
        return
    values = _columns(office, Office)
    # the fields without a column of their own travel as JSON (hours: weekday number -> ranges)
    data = json.dumps(
        {n: getattr(office, n) for n, _ in declared(OfficeItem) if n not in values},
        default=_json,
        sort_keys=True,
    )
    values["data"] = data
    if row is None:
        Office.create(key="main", **values)
        report.added.append("office:main")
    elif (
        row.data != data
        or row.needs_review != office.needs_review
        or row.assured_date != office.assured_date
    ):
        Office.update(**values).where(Office.id == row.id).execute()
        report.updated.append("office:main")
    else:
        report.unchanged.append("office:main")
