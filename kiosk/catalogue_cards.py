"""Rows to records for the services layer: visible services, their texts, cards and waitlists.

The one place where Peewee rows of services become the frozen records the screens read
(kiosk.records); search, browse and the service page all build their cards here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import peewee as pw

from kiosk.catalogue_comuni import comune_filter, shown_comuni
from kiosk.models import (
    AgeGroup,
    Need,
    Service,
    ServiceAgeGroup,
    ServiceNeed,
    ServiceText,
    Waitlist,
    WaitlistEntry,
    database,
    is_sqlite,
)
from kiosk.records import ServiceCard, WaitlistInfo
from kiosk.statuses import ACTIVE

FALLBACK_LANG = "it"
CARD_TEXTS = ("name", "summary", "location")  # what a card shows: its page reads the rest


def _label(labels_json: str, key: str, lang: str) -> str:
    labels = json.loads(labels_json or "{}").get(key, {})
    return str(labels.get(lang) or labels.get(FALLBACK_LANG) or "")


def visible_condition(today: dt.date) -> pw.Expression:
    """A service is visible `today`: not retired, within its visible_from / visible_until."""
    return (
        Service.retired_at.is_null(True)
        & ((Service.visible_from.is_null(True)) | (Service.visible_from <= today))
        & ((Service.visible_until.is_null(True)) | (Service.visible_until >= today))
    )


def _visible_services(today: dt.date) -> pw.ModelSelect[Service]:
    return Service.select().where(visible_condition(today))


def _in(values: list[Any]) -> str:
    """`IN (…)` placeholders for `values` in the open database's style (never empty)."""
    mark = "?" if is_sqlite() else "%s"
    return "(" + ", ".join([mark] * max(1, len(values))) + ")"


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Plain rows of a query written here: the services layer's hot paths (a card, a search)
    build no Peewee query, whose SQL generation costs more than the database's work."""
    return [tuple(row) for row in database.execute_sql(sql, params).fetchall()]


def _texts(
    service_ids: Iterable[int], lang: str, only: tuple[str, ...] = ()
) -> dict[int, dict[str, str]]:
    """Text fields per service in `lang` (`only` these when given), each falling back to
    Italian when missing."""
    ids = list(service_ids)
    result: dict[int, dict[str, str]] = {}
    if not ids:
        return result
    fields = list(only) or [
        f
        for f in ServiceText._meta.sorted_field_names
        if f not in ("id", "service", "lang", "translation_review")
    ]
    columns = ", ".join(ServiceText._meta.fields[f].column_name for f in fields)
    sql = (
        f"SELECT service_id, lang, {columns} FROM {ServiceText._meta.table_name} "
        f"WHERE service_id IN {_in(ids)} AND lang IN {_in([lang, FALLBACK_LANG])}"
    )
    by_lang = {(row[0], row[1]): row[2:] for row in _rows(sql, [*ids, lang, FALLBACK_LANG])}
    for sid in ids:
        base = by_lang.get((sid, FALLBACK_LANG), ())
        local = by_lang.get((sid, lang), ())
        result[sid] = {
            f: (local[i] if local and local[i] else (base[i] if base else "") or "")
            for i, f in enumerate(fields)
        }
    return result


def _age_filter(age_group: AgeGroup) -> pw.Expression:
    explicit = Service.id.in_(
        ServiceAgeGroup.select(ServiceAgeGroup.service).where(
            ServiceAgeGroup.age_group == age_group
        )
    )
    if age_group.expecting or age_group.min_age is None or age_group.max_age is None:
        return explicit
    overlap = (
        Service.min_age.is_null(False)
        & (Service.min_age <= age_group.max_age)
        & (Service.max_age >= age_group.min_age)
    )
    return explicit | overlap


def _waitlists(service_ids: list[int]) -> dict[int, Waitlist]:
    if not service_ids:
        return {}
    rows = Waitlist.select().where(Waitlist.service.in_(service_ids))
    return {w.service_id: w for w in rows if w.service_id is not None}


def waiting_count(waitlist: Waitlist) -> int:
    return (
        WaitlistEntry.select()
        .where(WaitlistEntry.waitlist == waitlist, WaitlistEntry.status.in_(ACTIVE))
        .count()
    )


def waitlist_info(waitlist: Waitlist | None) -> WaitlistInfo | None:
    """Public facts about a list (never its entries)."""
    if waitlist is None:
        return None
    waiting = waiting_count(waitlist)
    return WaitlistInfo(
        is_open=bool(waitlist.is_open),
        full=waitlist.capacity is not None and waiting >= waitlist.capacity,
        sensitive=bool(waitlist.sensitive),
        # A sensitive (code-only) list never asks for a name, whatever the content file says.
        fields=tuple(
            f for f in waitlist.fields.split(",") if f and not (waitlist.sensitive and f == "name")
        ),
        retention_days=waitlist.retention_days,
        capacity=waitlist.capacity,
        waiting=waiting,
    )


def _cards(services: list[Service], lang: str) -> list[ServiceCard]:
    facts = [(s.id, s.slug, s.min_age, s.max_age, s.comune) for s in services]
    return _build_cards(facts, lang)


def cards_in_order(ids: list[int], lang: str) -> list[ServiceCard]:
    """The cards of the services `ids`, in that order (an id no longer there is left out)."""
    sql = (
        f"SELECT id, slug, min_age, max_age, comune FROM {Service._meta.table_name} "
        f"WHERE id IN {_in(ids)}"
    )
    facts = {row[0]: row for row in _rows(sql, ids or [0])}
    return _build_cards([facts[i] for i in ids if i in facts], lang)


def _build_cards(facts: list[tuple[Any, ...]], lang: str) -> list[ServiceCard]:
    """Cards from (id, slug, min_age, max_age, comune) of each service: three more queries
    (texts, waitlists, age groups) whatever the number of cards."""
    ids = [f[0] for f in facts] or [0]
    texts = _texts(ids, lang, CARD_TEXTS)
    lists = f"SELECT service_id, is_open FROM {Waitlist._meta.table_name} WHERE service_id IN "
    is_open = {sid: bool(flag) for sid, flag in _rows(lists + _in(ids), ids)}
    named = (
        f"SELECT l.service_id, g.slug FROM {ServiceAgeGroup._meta.table_name} AS l "
        f"JOIN {AgeGroup._meta.table_name} AS g ON g.id = l.age_group_id "
        f"WHERE l.service_id IN {_in(ids)} ORDER BY g.position, g.id"
    )
    groups: dict[int, list[str]] = {}
    for sid, slug in _rows(named, ids):
        groups.setdefault(sid, []).append(slug)
    return [
        ServiceCard(
            slug=slug,
            name=texts[sid]["name"],
            summary=texts[sid]["summary"],
            min_age=min_age,
            max_age=max_age,
            age_groups=tuple(groups.get(sid, ())),
            location=texts[sid]["location"],
            comune=shown_comuni(comune),
            has_open_waitlist=is_open.get(sid, False),
        )
        for sid, slug, min_age, max_age, comune in facts
    ]


def filtered_services(
    select: pw.ModelSelect[Service],
    need: str | None,
    age_group: str | None,
    comune: str | None,
) -> pw.ModelSelect[Service] | None:
    """`select` narrowed to a need, an age group and a family's comune (each when given);
    None when the age group does not exist (nothing can match). Browse, its pages and the
    filters share this one definition of what a filter keeps."""
    if comune:
        select = select.where(comune_filter(comune))
    if need:
        select = select.where(
            Service.id.in_(
                ServiceNeed.select(ServiceNeed.service).join(Need).where(Need.slug == need)
            )
        )
    if age_group:
        group = AgeGroup.get_or_none(AgeGroup.slug == age_group)
        if group is None:
            return None
        select = select.where(_age_filter(group))
    return select
