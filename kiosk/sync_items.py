"""What a content sync changes, row by row: needs, age groups, the office, waitlists, and which
services and events are added, updated, kept or retired (kiosk.sync runs it in one transaction)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

import peewee as pw

from kiosk.cli_text import _, ngettext
from kiosk.clock import utcnow
from kiosk.contentfiles.bundle import ContentBundle
from kiosk.contentfiles.fields import Kind, declared, spec_of
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
    Event,
    Need,
    Office,
    Provider,
    Service,
    Waitlist,
)
from kiosk.sync_rows import chunks as _chunks
from kiosk.sync_rows import fetch, insert_rows, update_rows

Item = TypeVar("Item", ServiceItem, EventItem)


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


class StaleKnowledge(Exception):
    """A service or event left unparsed as unchanged is not in the database as the content
    manifest says the last publish left it: nothing was applied; check the folder in full."""


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


def column_values(
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


def sync_labels(
    model: type[Need] | type[AgeGroup], bundle: ContentBundle, report: SyncReport
) -> None:
    """Add, update or retire the needs (or age groups) as the bundle lists them."""
    kind = "need" if model is Need else "age_group"
    items: tuple[NeedItem, ...] | tuple[AgeGroupItem, ...] = (
        bundle.needs if model is Need else bundle.age_groups
    )
    existing = {row.slug: row for row in model.select()}
    for item in items:
        values: dict[str, object] = {
            **column_values(item, model, skip=frozenset({"slug"})),
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


def sync_office(bundle: ContentBundle, report: SyncReport) -> None:
    """Add or update the front office as office.yaml describes it."""
    office = bundle.office
    row = Office.get_or_none(Office.key == "main")
    if office is None:
        return
    values = column_values(office, Office)
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


def sync_waitlists(
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
        values = column_values(settings, Waitlist)
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


def provider_of(item: ServiceItem, providers: dict[str, Provider]) -> Provider:
    """The provider row of a service (added, or its kind updated); `providers` by name."""
    row = providers.get(item.provider.name)
    if row is None:
        row = providers[item.provider.name] = Provider.create(
            name=item.provider.name, kind=item.provider.kind
        )
    elif row.kind != item.provider.kind:
        row.kind = item.provider.kind
        row.save()
    return row


class Row(NamedTuple):
    """A published service or event as the sync compares it."""

    id: int
    content_hash: str
    retired: bool


def published_rows(model: type[Service] | type[Event]) -> dict[str, Row]:
    """slug -> what the database holds of every service (or event) it ever published."""
    query = model.select(model.slug, model.id, model.content_hash, model.retired_at)
    rows = fetch(query)
    return {slug: Row(i, digest, retired is not None) for slug, i, digest, retired in rows}


@dataclass
class Changes(Generic[Item]):
    """The items a sync adds or updates (in file order), with their rows' values."""

    added: list[Item] = field(default_factory=list)
    new_rows: list[dict[str, object]] = field(default_factory=list)
    updated: list[Item] = field(default_factory=list)
    changed_rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def sort_changes(
    kind: str,
    items: Sequence[Item],
    known: dict[str, Row],
    values_of: Callable[[Item], dict[str, object]],
    report: SyncReport,
) -> Changes[Item]:
    """Sort `items` into unchanged (same fingerprint as published), added and updated."""
    found: Changes[Item] = Changes()
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


def write_changes(
    model: type[Service] | type[Event], changes: Changes[Item]
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


def retire_missing(
    model: type[Service] | type[Event],
    kind: str,
    known: dict[str, Row],
    wanted: set[str],
    lists: Mapping[int | None, Waitlist],
    report: SyncReport,
) -> None:
    """Retire what the folder no longer has (not `wanted`): hidden, its list closed (its
    entries stay)."""
    gone = [(row.id, slug) for slug, row in known.items() if slug not in wanted and not row.retired]
    now = utcnow()
    update_rows(model, [(row_id, {"retired_at": now, "content_hash": ""}) for row_id, _ in gone])
    sync_waitlists(kind, [(row_id, None) for row_id, _slug in gone], lists)
    report.retired.extend(f"{kind}:{slug}" for _row_id, slug in gone)


def kept_items(kind: str, bundle: ContentBundle, report: SyncReport) -> dict[str, str]:
    """slug -> published fingerprint of the items of `kind` the bundle left unparsed."""
    kept: dict[str, str] = {}
    for label, record in bundle.kept.items():
        prefix, _colon, slug = label.partition(":")
        if prefix == kind:
            kept[slug] = record.published
            report.unchanged.append(label)
    return kept


def check_kept(kept: Mapping[str, str], known: Mapping[str, Row]) -> None:
    """Raise StaleKnowledge unless the database shows every kept item as it was published."""
    for slug, published in kept.items():
        row = known.get(slug)
        if not published or row is None or row.retired or row.content_hash != published:
            raise StaleKnowledge(slug)
