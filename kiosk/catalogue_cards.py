"""Rows to records for the services layer: visible services, their texts, cards and waitlists.

The one place where Peewee rows of services become the frozen records the screens read
(kiosk.records); search, browse and the service page all build their cards here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

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
)
from kiosk.records import ServiceCard, WaitlistInfo
from kiosk.statuses import ACTIVE

FALLBACK_LANG = "it"
CARD_TEXTS = ("name", "summary", "location")  # what a card shows: its page reads the rest


def _label(labels_json: str, key: str, lang: str) -> str:
    labels = json.loads(labels_json or "{}").get(key, {})
    return str(labels.get(lang) or labels.get(FALLBACK_LANG) or "")


def _visible_services(today: dt.date) -> pw.ModelSelect[Service]:
    return Service.select().where(
        Service.retired_at.is_null(True),
        (Service.visible_from.is_null(True)) | (Service.visible_from <= today),
        (Service.visible_until.is_null(True)) | (Service.visible_until >= today),
    )


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
    columns = [ServiceText._meta.fields[f] for f in ("service", "lang", *fields)]
    rows = ServiceText.select(*columns).where(
        ServiceText.service.in_(ids), ServiceText.lang.in_([lang, FALLBACK_LANG])
    )
    by_lang: dict[tuple[int, str], ServiceText] = {(r.service_id, r.lang): r for r in rows}
    for sid in ids:
        base = by_lang.get((sid, FALLBACK_LANG))
        local = by_lang.get((sid, lang))
        result[sid] = {
            f: (getattr(local, f) if local and getattr(local, f) else getattr(base, f, "") or "")
            for f in fields
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
    ids = [s.id for s in services]
    texts = _texts(ids, lang, CARD_TEXTS)
    lists = _waitlists(ids)
    groups: dict[int, list[str]] = {}
    for row in (
        ServiceAgeGroup.select(ServiceAgeGroup.service, AgeGroup.slug)
        .join(AgeGroup)
        .where(ServiceAgeGroup.service.in_(ids or [0]))
        .order_by(AgeGroup.position)
    ):
        groups.setdefault(row.service_id, []).append(row.age_group.slug)
    cards = []
    for s in services:
        w = lists.get(s.id)
        cards.append(
            ServiceCard(
                slug=s.slug,
                name=texts[s.id]["name"],
                summary=texts[s.id]["summary"],
                min_age=s.min_age,
                max_age=s.max_age,
                age_groups=tuple(groups.get(s.id, ())),
                location=texts[s.id]["location"],
                comune=shown_comuni(s.comune),
                has_open_waitlist=bool(w and w.is_open),
            )
        )
    return cards


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
