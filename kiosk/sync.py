"""Apply checked content to the database in one transaction: add, update, retire, or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

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
from kiosk.sync_rows import chunks as _chunks
from kiosk.sync_rows import delete_where_in, fetch, insert_rows, update_rows
from kiosk.text import search_fold

log = logging.getLogger(__name__)

Item = TypeVar("Item", ServiceItem, EventItem)

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


_Plan = tuple[tuple[str, str, bool], ...]
_PLANS: dict[tuple[type, type[pw.Model], frozenset[str]], _Plan] = {}


def _plan(kind: type, model: type[pw.Model], skip: frozenset[str]) -> _Plan:
    """(field, column, stored as JSON) for each field of `kind` that `model` stores."""
    key = (kind, model, skip)
    plan = _PLANS.get(key)
    if plan is None:
        columns = model._meta.fields
        found = []
        for f in dataclasses.fields(kind):
            spec = spec_of(f)
            column = spec.column if spec and spec.column else f.name
            if f.name in skip or column not in columns or (spec and spec.kind is Kind.MAPPING):
                continue
            found.append((f.name, column, bool(spec and spec.kind is Kind.MAPPINGS)))
        plan = _PLANS[key] = tuple(found)
    return plan


def _columns(
    item: object, model: type[pw.Model], skip: frozenset[str] = frozenset()
) -> dict[str, object]:
    """The fields of `item` that `model` stores as columns, named and shaped for it.

    A field is stored when the model has a column of its name (or of the `column` its
    declaration names); lists are stored comma separated, lists of sets of fields as JSON;
    nested mappings are not columns.
    """
    values: dict[str, object] = {}
    for name, column, as_json in _plan(type(item), model, skip):
        value = getattr(item, name)
        if as_json:  # a list of sets of fields
            values[column] = json.dumps(value, default=_json, sort_keys=True)
        else:
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


class StaleKnowledge(Exception):
    """A service or event left unparsed as unchanged is not in the database as the content
    manifest says the last publish left it: nothing was applied; check the folder in full."""


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
        published = _published()
        known = {
            label: dataclasses.replace(record, published=published.get(label, ""))
            for label, record in bundle.known.items()
        }
        sync_manifest.remember(key, files, last.id, report.version, entries, known)
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
    _sync_labels(Need, bundle, report)
    _sync_labels(AgeGroup, bundle, report)
    _sync_services(bundle.services, _kept("service", bundle, report), report)
    _sync_events(bundle.events, _kept("event", bundle, report), report)
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


def _sync_waitlists(
    owner: str,
    wanted: list[tuple[int, WaitlistSettings | None]],
    lists: Mapping[int | None, Waitlist],
) -> None:
    """Open, change or close the lists of the services or events (`owner`) that changed:
    `wanted` pairs their ids with their settings (None: no list, or retired), `lists` holds
    the lists they have. A closed list keeps its entries."""
    now = utcnow()
    new: list[dict[str, object]] = []
    changed: list[tuple[int, dict[str, object]]] = []
    for owner_id, settings in wanted:
        row = lists.get(owner_id)
        if settings is None:
            if row is not None and row.is_open:
                changed.append((row.id, {"is_open": False, "closed_at": now}))
            continue
        values = _columns(settings, Waitlist)
        if row is None:
            new.append({owner: owner_id, **values, "closed_at": None if settings.open else now})
            continue
        if row.is_open and not settings.open:
            values["closed_at"] = now
        elif settings.open:
            values["closed_at"] = None
        changed.append((row.id, values))
    insert_rows(Waitlist, new)
    update_rows(Waitlist, changed)


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


class _Known(NamedTuple):
    """A published service or event as the sync compares it."""

    id: int
    content_hash: str
    retired: bool


def _known(model: type[Service] | type[Event]) -> dict[str, _Known]:
    """slug -> what the database holds of every service (or event) it ever published."""
    query = model.select(model.slug, model.id, model.content_hash, model.retired_at)
    rows = fetch(query)
    return {slug: _Known(i, digest, retired is not None) for slug, i, digest, retired in rows}


@dataclass
class _Changes(Generic[Item]):
    """The items a sync adds or updates (in file order), with their rows' values."""

    added: list[Item] = field(default_factory=list)
    new_rows: list[dict[str, object]] = field(default_factory=list)
    updated: list[Item] = field(default_factory=list)
    changed_rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def _changes(
    kind: str,
    items: Sequence[Item],
    known: dict[str, _Known],
    values_of: Callable[[Item], dict[str, object]],
    report: SyncReport,
) -> _Changes[Item]:
    """Sort `items` into unchanged (same fingerprint as published), added and updated."""
    found: _Changes[Item] = _Changes()
    for item in items:
        digest = _digest(item)
        row = known.get(item.slug)
        label = f"{kind}:{item.slug}"
        if row is not None and row.content_hash == digest and not row.retired:
            report.unchanged.append(label)
            continue
        values = {**values_of(item), "retired_at": None, "content_hash": digest}
        if row is None:
            found.new_rows.append({"slug": item.slug, **values})
            found.added.append(item)
            report.added.append(label)
        else:
            found.changed_rows.append((row.id, values))
            found.updated.append(item)
            report.updated.append(label)
    return found


def _write(
    model: type[Service] | type[Event], changes: _Changes[Item]
) -> tuple[list[int], list[Item]]:
    """Insert and update the rows of `changes`; the ids of the changed items (updated first,
    then added) and the items in the same order."""
    insert_rows(model, changes.new_rows)
    update_rows(model, changes.changed_rows)
    new_ids: dict[str, int] = {}
    slugs = [item.slug for item in changes.added]
    for part in _chunks(slugs):
        query = model.select(model.slug, model.id).where(model.slug.in_(list(part)))
        new_ids.update(fetch(query))
    ids = [row_id for row_id, _values in changes.changed_rows]
    ids += [new_ids[slug] for slug in slugs]
    return ids, changes.updated + changes.added


def _retire(
    model: type[Service] | type[Event],
    kind: str,
    known: dict[str, _Known],
    wanted: set[str],
    lists: Mapping[int | None, Waitlist],
    report: SyncReport,
) -> None:
    """Retire what the folder no longer has (not `wanted`): hidden, its list closed (its
    entries stay)."""
    gone = [(row.id, slug) for slug, row in known.items() if slug not in wanted and not row.retired]
    now = utcnow()
    update_rows(model, [(row_id, {"retired_at": now, "content_hash": ""}) for row_id, _ in gone])
    _sync_waitlists(kind, [(row_id, None) for row_id, _slug in gone], lists)
    report.retired.extend(f"{kind}:{slug}" for _row_id, slug in gone)


def _kept(kind: str, bundle: ContentBundle, report: SyncReport) -> dict[str, str]:
    """slug -> published fingerprint of the items of `kind` the bundle left unparsed."""
    kept: dict[str, str] = {}
    for label, record in bundle.kept.items():
        prefix, _colon, slug = label.partition(":")
        if prefix == kind:
            kept[slug] = record.published
            report.unchanged.append(label)
    return kept


def _check_kept(kept: Mapping[str, str], known: Mapping[str, _Known]) -> None:
    """Raise StaleKnowledge unless the database shows every kept item as it was published."""
    for slug, published in kept.items():
        row = known.get(slug)
        if not published or row is None or row.retired or row.content_hash != published:
            raise StaleKnowledge(slug)


def _sync_services(
    items: tuple[ServiceItem, ...], kept: Mapping[str, str], report: SyncReport
) -> None:
    known = _known(Service)
    _check_kept(kept, known)
    providers = {p.name: p for p in Provider.select()}
    lists = {w.service_id: w for w in Waitlist.select().where(Waitlist.service.is_null(False))}
    now = utcnow()

    def values_of(item: ServiceItem) -> dict[str, object]:
        return {
            **_columns(item, Service, skip=frozenset({"slug"})),
            "provider": _provider(item, providers).id,
            "updated_at": now,
        }

    changes = _changes("service", items, known, values_of, report)
    ids, changed = _write(Service, changes)
    _sync_waitlists("service", [(i, s.waitlist) for i, s in zip(ids, changed, strict=True)], lists)
    replaced = ids[: len(changes.updated)]
    _replace_children(ids, changed, replaced)
    _retire(Service, "service", known, {*(i.slug for i in items), *kept}, lists, report)


def _sync_events(items: tuple[EventItem, ...], kept: Mapping[str, str], report: SyncReport) -> None:
    known = _known(Event)
    _check_kept(kept, known)
    services = dict(fetch(Service.select(Service.slug, Service.id)))
    lists = {w.event_id: w for w in Waitlist.select().where(Waitlist.event.is_null(False))}

    def values_of(item: EventItem) -> dict[str, object]:
        return {
            **_columns(item, Event, skip=frozenset({"slug", "service"})),
            "service": services.get(item.service) if item.service else None,
        }

    changes = _changes("event", items, known, values_of, report)
    ids, changed = _write(Event, changes)
    _sync_waitlists("event", [(i, e.waitlist) for i, e in zip(ids, changed, strict=True)], lists)
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
    _retire(Event, "event", known, {*(i.slug for i in items), *kept}, lists, report)


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
