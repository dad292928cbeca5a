"""Browse a need or an age group one page of cards at a time, whatever the directory's size.

The ordered ids of one choice of filters are computed once per publish and day (a light
query: ids and names only) and kept in catalogue_cache, as packed arrays (8 bytes an id, not
36: at 10,000 services the lists kept for every need and age group took 2 MB as tuples); a
page builds cards for its own ids.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Sequence

from kiosk import catalogue_cache
from kiosk.catalogue import (
    FALLBACK_LANG,
    _cards,
    _visible_services,
    filtered_services,
    list_age_groups,
    list_needs,
)
from kiosk.clock import local_now
from kiosk.models import Service, ServiceText
from kiosk.records import SearchPage

PAGE_SIZE = 24  # cards per page of a browse; "show more" adds the next page


def browse_ids(
    lang: str,
    *,
    need: str | None = None,
    age_group: str | None = None,
    today: dt.date | None = None,
    comune: str | None = None,
) -> Sequence[int]:
    """Ids of every visible service matching the filters, by name in `lang` (Italian when
    the service has no name in it), computed once per publish and day (kept: never changed)."""
    day = today or local_now().date()
    key = ("browse", lang, day, need or "", age_group or "", comune or "")
    return catalogue_cache.cached(key, lambda: _ordered_ids(lang, need, age_group, day, comune))


def _ordered_ids(
    lang: str, need: str | None, age_group: str | None, today: dt.date, comune: str | None
) -> array[int]:
    select = filtered_services(_visible_services(today).select(Service.id), need, age_group, comune)
    if select is None:
        return array("q")
    names: dict[int, dict[str, str]] = {}
    rows: list[tuple[int, str, str]] = list(
        ServiceText.select(ServiceText.service, ServiceText.lang, ServiceText.name)
        .where(ServiceText.service.in_(select), ServiceText.lang.in_([lang, FALLBACK_LANG]))
        .tuples()  # type: ignore[arg-type]
    )
    for service_id, text_lang, name in rows:
        names.setdefault(int(service_id), {})[str(text_lang)] = str(name or "")
    by_name = {
        sid: (texts.get(lang) or texts.get(FALLBACK_LANG) or "").casefold()
        for sid, texts in names.items()
    }
    return array("q", sorted(by_name, key=lambda sid: (by_name[sid], sid)))


def browse_page(
    lang: str,
    *,
    need: str | None = None,
    age_group: str | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    today: dt.date | None = None,
    comune: str | None = None,
) -> SearchPage:
    """The cards from `offset` (at most `limit`) of a browse, and how many services it has."""
    ids = browse_ids(lang, need=need, age_group=age_group, today=today, comune=comune)
    page = list(ids[max(0, offset) : max(0, offset) + max(1, limit)])
    services = {s.id: s for s in Service.select().where(Service.id.in_(page or [0]))}
    return SearchPage(tuple(_cards([services[i] for i in page if i in services], lang)), len(ids))


def warm(lang: str) -> None:
    """Compute and keep what a visit's first taps read in `lang`: the counts on the need and
    age tiles, and the order of the services of every need, every age group and of all."""
    needs, groups = list_needs(lang), list_age_groups(lang)
    browse_ids(lang)
    for need in needs:
        browse_ids(lang, need=need.slug)
    for group in groups:
        browse_ids(lang, age_group=group.slug)
