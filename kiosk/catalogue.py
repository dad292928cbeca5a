"""The services layer the visitor screens call: needs, age groups, services, events, office."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import peewee as pw

from kiosk import catalogue_cache
from kiosk.catalogue_comuni import comune_filter, comune_params, comune_sql, shown_comuni
from kiosk.clock import local_now, to_utc
from kiosk.i18n import N_
from kiosk.models import (
    AgeGroup,
    Event,
    EventText,
    Need,
    Office,
    Service,
    ServiceAgeGroup,
    ServiceNeed,
    ServiceText,
    Waitlist,
    WaitlistEntry,
    database,
    is_sqlite,
)
from kiosk.records import (
    AgeGroupInfo,
    EventInfo,
    JoinTarget,
    NeedInfo,
    OfficeInfo,
    PrivacyFacts,
    SearchPage,
    ServiceCard,
    ServiceDetail,
    WaitlistInfo,
)
from kiosk.statuses import ACTIVE
from kiosk.text import search_tokens
from kiosk.waitlist_codes import ListKind

FALLBACK_LANG = "it"
# The data controller of the waitlists: the project holder, the Comune di Lucca.
# Italian name; the waitlist catalogue glosses it (privacy notice), hence the marker.
DATA_CONTROLLER = N_("Comune di Lucca")
DATA_CONTROLLER_ADDRESS = "Via Santa Giustina 6, 55100 Lucca"
DATA_AUTHORITY_SITE = "www.garanteprivacy.it"


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


def _search_ids(query: str, lang: str) -> list[int]:
    """Service ids whose text matches every word typed (prefix match), best first; none when
    no word is left to search (only punctuation or lone letters: never everything)."""
    tokens = search_tokens(query)[:8]
    if not tokens:
        return []
    if is_sqlite():
        match = " ".join(f'"{t}"*' for t in tokens)
        cursor = database.execute_sql(
            "SELECT service_id, min(rank) FROM service_search WHERE service_search MATCH ? "
            "AND lang IN (?, ?) GROUP BY service_id ORDER BY min(rank)",
            (match, lang, FALLBACK_LANG),
        )
    else:
        tsquery = " & ".join(f"{t}:*" for t in tokens)
        cursor = database.execute_sql(
            "SELECT service_id, max(ts_rank(search_vector, q, 1)) AS r "
            "FROM service_text, to_tsquery('simple', %s) AS q "
            "WHERE search_vector @@ q AND lang IN (%s, %s) "
            "GROUP BY service_id ORDER BY r DESC",
            (tsquery, lang, FALLBACK_LANG),
        )
    return [int(row[0]) for row in cursor.fetchall()]


# Visible services only (as _visible_services); `{p}` is the driver's placeholder.
_VISIBLE_SQL = (
    "s.retired_at IS NULL AND (s.visible_from IS NULL OR s.visible_from <= {p}) "
    "AND (s.visible_until IS NULL OR s.visible_until >= {p})"
)


# Counting stops here: past it the visitor reads "more than 1000", and a common word costs
# no more than a rare one to count.
COUNT_CAP = 1000


def _ranked_page(
    tokens: list[str], lang: str, today: dt.date, limit: int, comune: str | None = None
) -> tuple[list[int], int]:
    """Ids of the `limit` best-ranked visible services, and how many matched in all (counted
    up to COUNT_CAP + 1: more than COUNT_CAP reads as "more than").

    Ranked in the database (FTS5 bm25 on SQLite; on PostgreSQL ts_rank on the indexed
    tsvector, divided by 1 + log(length) so that a short text about the word beats a long
    one that mentions it once). On SQLite the best-ranked rows are taken first with FTS5's
    own ORDER BY rank LIMIT (no grouping of every match); when hidden services or a comune
    leave too few of them, every match is ranked.
    """
    if is_sqlite():
        match = (" ".join(f'"{t}"*' for t in tokens),)
        where, narrow = _visible_where("?", comune)
        day: object = today.isoformat()
        head = (
            "SELECT service_id, rank AS r FROM service_search "
            "WHERE service_search MATCH ? AND lang IN (?, ?) ORDER BY rank LIMIT ?"
        )
        ids: list[int] | None = None
        for size in (3 * limit + 20, 40 * limit):  # a comune keeps about one in five
            slice_values = (*match, lang, FALLBACK_LANG, size)
            ids = _best(head, "hits.r ASC", where, slice_values, day, narrow, limit)
            if len(ids) >= limit:
                break
            ids = None  # the slice may hide matches (two languages, hidden, other comuni)
        rows_sql = (
            "SELECT f.service_id AS sid FROM service_search AS f "
            "JOIN {table} AS s ON s.id = f.service_id "
            "WHERE f.service_search MATCH ? AND f.lang IN (?, ?) AND {where} LIMIT {limit}"
        )
        hits = (
            "SELECT service_id, min(rank) AS r FROM service_search "
            "WHERE service_search MATCH ? AND lang IN (?, ?) GROUP BY service_id"
        )
        order, params = "hits.r ASC", match  # bm25: lower is better
    else:
        where, narrow = _visible_where("%s", comune)
        day = today
        ids = None
        rows_sql = (
            "SELECT t.service_id AS sid FROM service_text AS t "
            "JOIN {table} AS s ON s.id = t.service_id "
            "WHERE t.search_vector @@ to_tsquery('simple', %s) AND t.lang IN (%s, %s) "
            "AND {where} LIMIT {limit}"
        )
        hits = (
            "SELECT service_id, max(ts_rank(search_vector, q, 1)) AS r "
            "FROM service_text, to_tsquery('simple', %s) AS q "
            "WHERE search_vector @@ q AND lang IN (%s, %s) GROUP BY service_id"
        )
        order = "hits.r DESC"
        params = (" & ".join(f"{t}:*" for t in tokens),)
    values = (*params, lang, FALLBACK_LANG)
    if ids is None:
        ids = _best(hits, order, where, values, day, narrow, limit)
    if len(ids) < limit:
        return ids, len(ids)  # the page holds every match: nothing more to count
    # Matching rows (a service has one per language searched: at most two), counted up to
    # enough rows to hold COUNT_CAP + 1 services; streamed, never grouped in full.
    rows_limit = 2 * (COUNT_CAP + 1)
    inner = rows_sql.format(table=Service._meta.table_name, where=where, limit=rows_limit)
    count_sql = f"SELECT count(DISTINCT sid), count(*) FROM ({inner}) AS capped"
    row = database.execute_sql(count_sql, (*values, day, day, *narrow)).fetchone()
    services, rows = (int(row[0]), int(row[1])) if row else (len(ids), 0)
    return ids, COUNT_CAP + 1 if rows >= rows_limit else min(services, COUNT_CAP + 1)


def _visible_where(p: str, comune: str | None) -> tuple[str, tuple[str, ...]]:
    where = _VISIBLE_SQL.format(p=p)
    if comune:  # 'Il mio comune': only the services a family of that comune may use
        return f"{where} AND {comune_sql(p)}", comune_params(comune)
    return where, ()


def _best(
    hits: str,
    order: str,
    where: str,
    values: tuple[object, ...],
    day: object,
    narrow: tuple[str, ...],
    limit: int = 0,
) -> list[int]:
    """The visible ids among `hits`, best first, each once (`limit` of them when given)."""
    sql = (
        f"SELECT hits.service_id FROM ({hits}) AS hits "
        f"JOIN {Service._meta.table_name} AS s ON s.id = hits.service_id "
        f"WHERE {where} ORDER BY {order}, s.id"
    )
    rows = database.execute_sql(sql, (*values, day, day, *narrow)).fetchall()
    ids = list(dict.fromkeys(int(r[0]) for r in rows))
    return ids[:limit] if limit else ids


def search_services(
    lang: str,
    query: str,
    *,
    limit: int = 20,
    today: dt.date | None = None,
    comune: str | None = None,
) -> SearchPage:
    """The `limit` visible services that best match every word typed (prefix match), best
    first, and the number of all matches (for a family of `comune`, when given); cards are
    built for the page only."""
    tokens = search_tokens(query)[:8]
    if not tokens:
        return SearchPage((), 0)
    day = today or local_now().date()
    ids, total = _ranked_page(tokens, lang, day, max(1, limit), comune)
    services = {s.id: s for s in Service.select().where(Service.id.in_(ids or [0]))}
    ordered = [services[i] for i in ids if i in services]
    return SearchPage(tuple(_cards(ordered, lang)), total)


CARD_TEXTS = ("name", "summary", "location")  # what a card shows: its page reads the rest


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


def _event_info(
    event: Event,
    lang: str,
    public_url: str,
    prefetched: tuple[dict[str, EventText], Waitlist | None, str] | None = None,
) -> EventInfo:
    """One event's facts; `prefetched` (texts by language, waitlist, service slug) when
    the caller read them for many events at once."""
    if prefetched is None:
        texts = {t.lang: t for t in EventText.select().where(EventText.event == event)}
        waitlist = Waitlist.get_or_none(Waitlist.event == event)
        service_slug = event.service.slug if event.service else ""
    else:
        texts, waitlist, service_slug = prefetched
    base, local = texts.get(FALLBACK_LANG), texts.get(lang)

    def pick(field: str) -> str:
        value = getattr(local, field, "") if local else ""
        return value or (getattr(base, field, "") if base else "")

    link = event.url or (public_url.rstrip("/") + "/eventi/" + event.slug if public_url else "")
    return EventInfo(
        slug=event.slug,
        title=pick("title"),
        summary=pick("summary"),
        description=pick("description"),
        place=pick("place"),
        comune=event.comune,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        min_age=event.min_age,
        max_age=event.max_age,
        service_slug=service_slug,
        link=link,
        waitlist=waitlist_info(waitlist),
    )


def upcoming_events(
    lang: str,
    *,
    now: dt.datetime | None = None,
    age_group: str | None = None,
    public_url: str = "",
    limit: int = 50,
) -> list[EventInfo]:
    """Events not yet over, soonest first, optionally only those for one age group."""
    now = now or local_now()
    select = Event.select().where(
        Event.retired_at.is_null(True),
        ((Event.ends_at.is_null(False)) & (Event.ends_at >= now))
        | ((Event.ends_at.is_null(True)) & (Event.starts_at >= now - dt.timedelta(hours=2))),
    )
    events = list(select.order_by(Event.starts_at).limit(500))
    if age_group:
        group = AgeGroup.get_or_none(AgeGroup.slug == age_group)
        if group is None:
            return []

        def matches(e: Event) -> bool:
            if age_group in e.age_groups.split(","):
                return True
            if None in (group.min_age, group.max_age, e.min_age, e.max_age):
                return False
            return bool(e.min_age <= group.max_age and e.max_age >= group.min_age)  # type: ignore[operator]

        events = [e for e in events if matches(e)]
    return _event_infos(events[:limit], lang, public_url)


def _event_infos(events: list[Event], lang: str, public_url: str) -> list[EventInfo]:
    """Facts of many events from three queries (texts, waitlists, services), not per event."""
    ids = [e.id for e in events] or [0]
    texts: dict[int, dict[str, EventText]] = {}
    for text in EventText.select().where(
        EventText.event.in_(ids), EventText.lang.in_([lang, FALLBACK_LANG])
    ):
        texts.setdefault(text.event_id, {})[text.lang] = text
    lists = {w.event_id: w for w in Waitlist.select().where(Waitlist.event.in_(ids))}
    service_ids = {e.service_id for e in events if e.service_id is not None} or {0}
    slugs: dict[int, str] = dict(
        Service.select(Service.id, Service.slug).where(Service.id.in_(service_ids)).tuples()  # type: ignore[arg-type]
    )
    return [
        _event_info(
            e,
            lang,
            public_url,
            (
                texts.get(e.id, {}),
                lists.get(e.id),
                slugs.get(e.service_id, "") if e.service_id else "",
            ),
        )
        for e in events
    ]


def event_detail(slug: str, lang: str, *, public_url: str = "") -> EventInfo | None:
    event = Event.get_or_none(Event.slug == slug, Event.retired_at.is_null(True))
    return _event_info(event, lang, public_url) if event else None


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


def where_text(location: str, comune: str) -> str:
    """Location and comune, without saying the comune twice."""
    if comune and comune.casefold() not in location.casefold():
        return ", ".join(part for part in (location, comune) if part)
    return location or comune


def _ical_text(text: str) -> str:
    """Escape a TEXT value as RFC 5545 asks."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ical_time(moment: dt.datetime) -> str:
    """Local time of the centre as UTC, so every phone shows the right hour."""
    utc = to_utc(moment)
    return utc.strftime("%Y%m%dT%H%M%SZ")


def calendar_entry(event: EventInfo) -> str:
    """A minimal iCalendar VEVENT a phone can add to its calendar (no personal data)."""
    lines = ["BEGIN:VEVENT", f"DTSTART:{_ical_time(event.starts_at)}"]
    if event.ends_at is not None:
        lines.append(f"DTEND:{_ical_time(event.ends_at)}")
    lines.append(f"SUMMARY:{_ical_text(event.title)}")
    where = where_text(event.place, event.comune)
    if where:
        lines.append(f"LOCATION:{_ical_text(where)}")
    lines.append("END:VEVENT")
    return "\n".join(lines)  # LF, not CRLF: a smaller symbol, and phone readers accept it


def _parse_hours(data: dict[str, Any]) -> dict[int, list[tuple[str, str]]]:
    return {int(day): [tuple(r) for r in ranges] for day, ranges in data.get("hours", {}).items()}


def office_info(lang: str, now: dt.datetime | None = None) -> OfficeInfo | None:
    """The front office: where, weekly hours, open now or when it opens next."""
    row = Office.get_or_none(Office.key == "main")
    if row is None:
        return None
    data = json.loads(row.data)
    now = now or local_now()
    hours = _parse_hours(data)
    closed = {dt.date.fromisoformat(d) for d in data.get("closed", [])}

    def loc(key: str) -> str:
        value = data.get(key) or {}
        if isinstance(value, str):  # synced before it had one text per language: Italian
            return value
        return str(value.get(lang) or value.get(FALLBACK_LANG) or "")

    open_now, closes_at, next_opening = False, "", None
    for offset in range(0, 15):
        day = now.date() + dt.timedelta(days=offset)
        if day in closed:
            continue
        for start, end in sorted(hours.get(day.weekday(), [])):
            begins = dt.datetime.combine(day, dt.time.fromisoformat(start))
            ends = dt.datetime.combine(day, dt.time.fromisoformat(end))
            if begins <= now < ends and not open_now:
                open_now, closes_at = True, end
            elif begins > now and next_opening is None:
                next_opening = begins
        if next_opening is not None:
            break
    return OfficeInfo(
        name=loc("name"),
        location=loc("location"),
        comune=str(data.get("comune", "")),
        hours=tuple((d, tuple(tuple(r) for r in hours[d])) for d in sorted(hours)),  # type: ignore[misc]
        open_now=open_now,
        next_opening=next_opening,
        closes_at=closes_at,
        note=loc("note"),
        contacts=loc("contacts"),
        hours_known=bool(hours),
        needs_review=bool(row.needs_review),
    )
