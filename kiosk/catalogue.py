"""The services layer the visitor screens call: needs, age groups, services, events, office.

The screens import every name from here. The work is split by subject: rows to cards in
kiosk.catalogue_cards, free-text search in kiosk.catalogue_search, events, calendar entries
and the office's hours in kiosk.catalogue_events; this module holds the tiles, the unpaged
service lists, the service page and what a waitlist join needs.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from kiosk import catalogue_cache
from kiosk.catalogue_cards import (
    CARD_TEXTS,
    FALLBACK_LANG,
    _age_filter,
    _cards,
    _label,
    _texts,
    _visible_services,
    _waitlists,
    filtered_services,
    waiting_count,
    waitlist_info,
)
from kiosk.catalogue_comuni import comune_filter, shown_comuni
from kiosk.catalogue_events import (
    calendar_entry,
    event_detail,
    office_info,
    upcoming_events,
    where_text,
)
from kiosk.catalogue_search import COUNT_CAP, _search_ids, search_services
from kiosk.clock import local_now
from kiosk.i18n import N_
from kiosk.models import AgeGroup, Need, Service, ServiceAgeGroup, ServiceNeed
from kiosk.records import (
    AgeGroupInfo,
    JoinTarget,
    NeedInfo,
    PrivacyFacts,
    ServiceCard,
    ServiceDetail,
    WaitlistInfo,
)
from kiosk.waitlist_codes import ListKind

__all__ = [
    "CARD_TEXTS",
    "COUNT_CAP",
    "DATA_AUTHORITY_SITE",
    "DATA_CONTROLLER",
    "DATA_CONTROLLER_ADDRESS",
    "FALLBACK_LANG",
    "_age_filter",
    "_cards",
    "_search_ids",
    "_visible_services",
    "calendar_entry",
    "event_detail",
    "filtered_services",
    "find_services",
    "join_target",
    "list_age_groups",
    "list_needs",
    "local_now",
    "office_info",
    "privacy_facts",
    "search_services",
    "service_detail",
    "service_link",
    "upcoming_events",
    "waiting_count",
    "waitlist_info",
    "where_text",
]

# The data controller of the waitlists: the project holder, the Comune di Lucca.
# Italian name; the waitlist catalogue glosses it (privacy notice), hence the marker.
DATA_CONTROLLER = N_("Comune di Lucca")
DATA_CONTROLLER_ADDRESS = "Via Santa Giustina 6, 55100 Lucca"
DATA_AUTHORITY_SITE = "www.garanteprivacy.it"


def find_services(
    lang: str,
    *,
    need: str | None = None,
    age_group: str | None = None,
    age: float | None = None,
    query: str | None = None,
    today: dt.date | None = None,
    comune: str | None = None,
) -> list[ServiceCard]:
    """Visible services matching every filter given; ordered by search rank, else by name.

    `comune` keeps the services a family of that comune may use (offered there or in all)."""
    today = today or local_now().date()
    filtered = filtered_services(_visible_services(today), need, age_group, comune)
    if filtered is None:
        return []
    select = filtered
    if age is not None:
        select = select.where(
            Service.min_age.is_null(False), Service.min_age <= age, Service.max_age >= age
        )
    ranked: list[int] | None = _search_ids(query, lang) if query else None
    if ranked is not None:
        select = select.where(Service.id.in_(ranked or [0]))
    services = list(select)
    cards = _cards(services, lang)
    if ranked is not None:
        order = {sid: i for i, sid in enumerate(ranked)}
        pairs = sorted(zip(services, cards, strict=True), key=lambda p: order[p[0].id])
        return [c for _, c in pairs]
    return sorted(cards, key=lambda c: c.name.casefold())


def list_needs(
    lang: str, today: dt.date | None = None, comune: str | None = None
) -> list[NeedInfo]:
    """The needs in their content order, with how many visible services each has (for a
    family of `comune`, when given); counted once per publish and day (catalogue_cache)."""
    day = today or local_now().date()
    key = ("needs", lang, day, comune or "")
    return list(catalogue_cache.cached(key, lambda: _list_needs(lang, day, comune)))


def _list_needs(lang: str, today: dt.date, comune: str | None) -> tuple[NeedInfo, ...]:
    visible = _visible_services(today).select(Service.id)
    if comune:
        visible = visible.where(comune_filter(comune))
    counts: dict[int, int] = dict(
        ServiceNeed.select(ServiceNeed.need, pw.fn.COUNT(ServiceNeed.id))
        .where(ServiceNeed.service.in_(visible))
        .group_by(ServiceNeed.need)
        .tuples()  # type: ignore[arg-type]
    )
    return tuple(
        NeedInfo(
            slug=n.slug,
            name=_label(n.labels, "name", lang),
            description=_label(n.labels, "description", lang),
            icon=n.icon,
            service_count=int(counts.get(n.id, 0)),
        )
        for n in Need.select().where(Need.retired_at.is_null(True)).order_by(Need.position)
    )


def list_age_groups(
    lang: str, today: dt.date | None = None, comune: str | None = None
) -> list[AgeGroupInfo]:
    """The age groups in their content order, with how many visible services each has (for a
    family of `comune`, when given); counted once per publish and day (catalogue_cache)."""
    day = today or local_now().date()
    key = ("age_groups", lang, day, comune or "")
    return list(catalogue_cache.cached(key, lambda: _list_age_groups(lang, day, comune)))


def _list_age_groups(lang: str, today: dt.date, comune: str | None) -> tuple[AgeGroupInfo, ...]:
    """One grouped query: a service counts for a group it names, or whose ages overlap the
    group's (not for the group of the expecting, which only names count for)."""
    named = ServiceAgeGroup.alias()
    names_it = pw.fn.EXISTS(
        named.select(named.id).where(
            (named.service == Service.id) & (named.age_group == AgeGroup.id)
        )
    )
    overlap = (
        (AgeGroup.expecting == False)  # noqa: E712 (SQL, not Python)
        & AgeGroup.min_age.is_null(False)
        & AgeGroup.max_age.is_null(False)
        & Service.min_age.is_null(False)
        & (Service.min_age <= AgeGroup.max_age)
        & (Service.max_age >= AgeGroup.min_age)
    )
    visible = _visible_services(today).select(Service.id)
    if comune:
        visible = visible.where(comune_filter(comune))
    query = (
        AgeGroup.select(AgeGroup.id, pw.fn.COUNT(Service.id))
        .join(Service, on=names_it | overlap)
        .where(AgeGroup.retired_at.is_null(True), Service.id.in_(visible))
        .group_by(AgeGroup.id)
    )
    counts: dict[int, int] = dict(query.tuples())  # type: ignore[arg-type]
    groups = AgeGroup.select().where(AgeGroup.retired_at.is_null(True)).order_by(AgeGroup.position)
    return tuple(
        AgeGroupInfo(
            slug=g.slug,
            name=_label(g.labels, "name", lang),
            min_age=g.min_age,
            max_age=g.max_age,
            expecting=bool(g.expecting),
            service_count=int(counts.get(g.id, 0)),
        )
        for g in groups
    )


def service_link(slug: str, own_url: str, public_url: str) -> str:
    """What the QR code carries: the service's own page, else the kiosk's public base + slug."""
    if own_url:
        return own_url
    if public_url:
        return public_url.rstrip("/") + "/" + slug
    return ""


def service_detail(
    slug: str, lang: str, *, public_url: str = "", today: dt.date | None = None
) -> ServiceDetail | None:
    """Everything the service page shows, or None when the service is not (or no longer) visible."""
    service = _visible_services(today or local_now().date()).where(Service.slug == slug).first()
    if service is None:
        return None
    text = _texts([service.id], lang)[service.id]
    needs = [
        _label(n.labels, "name", lang)
        for n in Need.select()
        .join(ServiceNeed)
        .where(ServiceNeed.service == service)
        .order_by(Need.position)
    ]
    groups = [
        _label(g.labels, "name", lang)
        for g in AgeGroup.select()
        .join(ServiceAgeGroup)
        .where(ServiceAgeGroup.service == service)
        .order_by(AgeGroup.position)
    ]
    provider = service.provider
    return ServiceDetail(
        slug=service.slug,
        name=text["name"],
        summary=text["summary"],
        description=text["description"],
        eligibility=text["eligibility"],
        application_process=text["application_process"],
        required_documents=tuple(d for d in text["required_documents"].splitlines() if d.strip()),
        fees=text["fees"],
        schedule=text["schedule"],
        contacts=text["contacts"],
        location=text["location"],
        comune=shown_comuni(service.comune),
        languages=tuple(x for x in service.languages.split(",") if x),
        needs=tuple(needs),
        age_groups=tuple(groups),
        min_age=service.min_age,
        max_age=service.max_age,
        provider_name=provider.name if provider else "",
        provider_kind=provider.kind if provider else "",
        link=service_link(service.slug, service.url, public_url),
        assured_date=service.assured_date,
        needs_review=bool(service.needs_review),
        waitlist=waitlist_info(_waitlists([service.id]).get(service.id)),
    )


def privacy_facts(waitlist: WaitlistInfo) -> PrivacyFacts:
    """What the privacy notice of this list must state: who holds the data, for how long."""
    return PrivacyFacts(
        controller=DATA_CONTROLLER,
        controller_address=DATA_CONTROLLER_ADDRESS,
        retention_days=waitlist.retention_days,
        authority_site=DATA_AUTHORITY_SITE,
    )


def join_target(slug: str, kind: ListKind, lang: str, *, public_url: str = "") -> JoinTarget | None:
    """The service (or event) `slug`, its waitlist and privacy facts; None when not visible."""
    if kind == "event":
        event = event_detail(slug, lang, public_url=public_url)
        if event is None:
            return None
        title, link, waitlist = event.title, event.link, event.waitlist
    else:
        detail = service_detail(slug, lang, public_url=public_url)
        if detail is None:
            return None
        title, link, waitlist = detail.name, detail.link, detail.waitlist
    privacy = privacy_facts(waitlist) if waitlist is not None else None
    return JoinTarget(title, link, waitlist, privacy)
