"""Events, their calendar entries and the front office's hours, for the visitor screens."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kiosk.catalogue_cards import FALLBACK_LANG, waitlist_info
from kiosk.clock import local_now, to_utc
from kiosk.models import AgeGroup, Event, EventText, Office, Service, Waitlist
from kiosk.records import EventInfo, OfficeInfo


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
