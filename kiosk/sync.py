"""Apply checked content to the database in one transaction: add, update, retire, or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

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
    ServiceNeed,
    ServiceText,
    Waitlist,
    database,
    is_sqlite,
    utcnow,
)
from kiosk.text import fold


class ContentInvalid(Exception):
    """The content has problems; nothing was applied."""

    def __init__(self, problems: tuple[Problem, ...]):
        super().__init__(f"{len(problems)} problem(s) in the content")
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
        out: list[str] = []
        for label, items in (
            ("added", self.added),
            ("updated", self.updated),
            ("retired", self.retired),
        ):
            out.extend(f"{label}: {item}" for item in items)
        out.append(
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.retired)} retired, {len(self.unchanged)} unchanged"
        )
        return out


def _columns(item: object, model: type[pw.Model], skip: frozenset[str] = frozenset()) -> dict:
    """The fields of `item` that `model` stores as columns, named and shaped for it.

    A field is stored when the model has a column of its name (or of the `column` its
    declaration names); lists are stored comma separated; nested mappings are not columns.
    """
    columns = model._meta.fields  # type: ignore[attr-defined]
    values: dict[str, object] = {}
    for f in dataclasses.fields(item):  # type: ignore[arg-type]
        spec = spec_of(f)
        column = spec.column if spec and spec.column else f.name
        if f.name in skip or column not in columns or (spec and spec.kind is Kind.MAPPING):
            continue
        value = getattr(item, f.name)
        values[column] = ",".join(value) if isinstance(value, tuple) else value
    return values


def _localized(item: object) -> dict[str, object]:
    """The texts-per-language fields of `item` (stored as JSON labels)."""
    return {n: getattr(item, n) for n, s in declared(type(item)) if s.kind is Kind.LOCALIZED}


def _json(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def _digest(obj: object) -> str:
    data = json.dumps(dataclasses.asdict(obj), default=str, sort_keys=True)  # type: ignore[call-overload]
    return hashlib.sha256(data.encode()).hexdigest()


class _Preview(Exception):
    """Raised inside the transaction to roll a dry run back."""


def sync_content(bundle: ContentBundle, *, actor: str = "cli", dry_run: bool = False) -> SyncReport:
    """Apply `bundle` all-or-nothing; raise ContentInvalid (nothing applied) if it has problems."""
    if not bundle.ok:
        raise ContentInvalid(bundle.problems)
    report = SyncReport(version=bundle.version)
    try:
        with database.atomic():
            _apply(bundle, report)
            if dry_run:
                raise _Preview
            if report.changed:
                ContentSync.create(
                    version=bundle.version, summary=report.lines()[-1], actor=actor[:64]
                )
    except _Preview:
        pass
    return report


def sync_directory(content_dir: Path, *, actor: str = "cli", dry_run: bool = False) -> SyncReport:
    """Check the folder, then sync it (raises ContentInvalid with every problem)."""
    return sync_content(load_content(content_dir), actor=actor, dry_run=dry_run)


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


def _sync_waitlist(settings: WaitlistSettings | None, **owner: object) -> None:
    row = Waitlist.get_or_none(**owner)
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


def _index_service(service_id: int) -> None:
    texts = list(ServiceText.select().where(ServiceText.service == service_id))
    for t in texts:
        t.search_text = fold(
            " ".join([t.name, t.summary, t.description, t.eligibility, t.location])
        )
        t.save()
    if is_sqlite():
        database.execute_sql("DELETE FROM service_search WHERE service_id = ?", (service_id,))
        for t in texts:
            database.execute_sql(
                "INSERT INTO service_search (service_id, lang, body) VALUES (?, ?, ?)",
                (service_id, t.lang, t.search_text),
            )


def _sync_services(items: tuple[ServiceItem, ...], report: SyncReport) -> None:
    existing = {row.slug: row for row in Service.select()}
    needs = {n.slug: n.id for n in Need.select()}
    groups = {g.slug: g.id for g in AgeGroup.select()}
    for item in items:
        digest = _digest(item)
        row = existing.get(item.slug)
        label = f"service:{item.slug}"
        if row is not None and row.content_hash == digest and row.retired_at is None:
            report.unchanged.append(label)
            continue
        provider, _ = Provider.get_or_create(
            name=item.provider.name, defaults={"kind": item.provider.kind}
        )
        if provider.kind != item.provider.kind:
            provider.kind = item.provider.kind
            provider.save()
        values = {
            **_columns(item, Service, skip=frozenset({"slug"})),
            "provider": provider,
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
        ServiceText.delete().where(ServiceText.service == row.id).execute()
        for lang, fields in item.texts.items():
            ServiceText.create(service=row.id, lang=lang, **fields)
        ServiceNeed.delete().where(ServiceNeed.service == row.id).execute()
        for slug in item.needs:
            ServiceNeed.create(service=row.id, need=needs[slug])
        ServiceAgeGroup.delete().where(ServiceAgeGroup.service == row.id).execute()
        for slug in item.age_groups:
            ServiceAgeGroup.create(service=row.id, age_group=groups[slug])
        _index_service(row.id)
        _sync_waitlist(item.waitlist, service=row.id)
    wanted = {i.slug for i in items}
    for slug, row in existing.items():
        if slug not in wanted and row.retired_at is None:
            Service.update(retired_at=utcnow(), content_hash="").where(
                Service.id == row.id
            ).execute()
            _sync_waitlist(None, service=row.id)  # the list closes, its entries stay
            report.retired.append(f"service:{slug}")


def _sync_events(items: tuple[EventItem, ...], report: SyncReport) -> None:
    existing = {row.slug: row for row in Event.select()}
    services = {s.slug: s.id for s in Service.select(Service.id, Service.slug)}
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
        EventText.delete().where(EventText.event == row.id).execute()
        for lang, fields in item.texts.items():
            EventText.create(event=row.id, lang=lang, **fields)
        _sync_waitlist(item.waitlist, event=row.id)
    wanted = {i.slug for i in items}
    for slug, row in existing.items():
        if slug not in wanted and row.retired_at is None:
            Event.update(retired_at=utcnow(), content_hash="").where(Event.id == row.id).execute()
            _sync_waitlist(None, event=row.id)
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
