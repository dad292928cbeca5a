"""Free-text search of the services layer: the best page ranked in the database, a capped total.

Every word typed must match the start of a word of the service's text in the visitor's
language or in Italian (the fallback). The index follows the texts by itself (migration 0012):
FTS5 with bm25 on SQLite, a GIN-indexed tsvector with ts_rank on PostgreSQL. The index hands
the best-ranked texts first and only those are mapped to their services; which services may
be shown (visible today, for a family of one comune) is known once per publish and day, so a
match is never joined to its service row. The total is counted up to COUNT_CAP + 1 ("more
than 1000"). Pages are kept per content version (catalogue_cache): visitors type the same
prefixes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk import catalogue_cache
from kiosk.catalogue_cards import FALLBACK_LANG, cards_in_order, visible_condition
from kiosk.catalogue_comuni import comune_filter
from kiosk.clock import local_now
from kiosk.models import Service, database, is_sqlite
from kiosk.records import SearchPage
from kiosk.text import search_tokens

# Counting stops here: past it the visitor reads "more than 1000", and a common word costs
# no more than a rare one to count.
COUNT_CAP = 1000
MAX_WORDS = 8  # words of a search that count; the rest of a long paste is ignored

# SQLite: the rows of the FTS5 table are service texts (rowid = service_text.id); the
# covering index maps a text to its service without reading the text row. CROSS JOIN: the
# index's matches drive, never a scan of the texts that asks the index about each.
_SQLITE_TEXT = "CROSS JOIN service_text AS t INDEXED BY service_text_id_service ON t.id = {rowid}"
_SQLITE_RANKED = (
    "SELECT t.service_id FROM (SELECT rowid, bm25(service_text_search, 0.0, 1.0) AS r "
    "FROM service_text_search WHERE service_text_search MATCH ? ORDER BY r LIMIT ?) "
    f"AS hits {_SQLITE_TEXT.format(rowid='hits.rowid')} ORDER BY hits.r, hits.rowid"
)  # bm25: lower is better; the language column weighs nothing
_SQLITE_MATCHES = (
    f"SELECT t.service_id FROM service_text_search AS f {_SQLITE_TEXT.format(rowid='f.rowid')} "
    "WHERE f.service_text_search MATCH ?"
)
_SQLITE_COUNT = (
    "SELECT count(*) FROM (SELECT rowid FROM service_text_search "
    "WHERE service_text_search MATCH ? LIMIT ?) AS capped"
)

# PostgreSQL: ts_rank divided by log2(1 + words), as ts_rank(…, 1) would compute per match.
_PG_MATCH = "search_vector @@ to_tsquery('simple', %s) AND lang IN (%s, %s)"
_PG_MATCHES = f"SELECT service_id FROM service_text_search WHERE {_PG_MATCH}"
_PG_RANKED = (
    f"SELECT service_id FROM service_text_search WHERE {_PG_MATCH} "
    "ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) / length_norm DESC, id LIMIT %s"
)


@dataclass(frozen=True)
class Shown:
    """Which services a search may show: `only` these (a family's comune), else all but
    `hidden` (retired, not yet or no longer visible)."""

    only: frozenset[int] | None
    hidden: frozenset[int]

    def keeps(self, service_id: int) -> bool:
        if self.only is not None:
            return service_id in self.only
        return service_id not in self.hidden

    @property
    def everything(self) -> bool:
        return self.only is None and not self.hidden


EVERY_SERVICE = Shown(None, frozenset())


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
    built for the page only, and the page is kept until the next publish."""
    tokens = tuple(search_tokens(query)[:MAX_WORDS])
    if not tokens:
        return SearchPage((), 0)
    day = today or local_now().date()
    size = max(1, limit)
    key = ("search", lang, tokens, size, day, comune or "")
    return catalogue_cache.cached_search(key, lambda: _page(tokens, lang, day, size, comune))


def _page(
    tokens: tuple[str, ...], lang: str, today: dt.date, limit: int, comune: str | None
) -> SearchPage:
    ids, total = _ranked_page(tokens, lang, limit, shown_services(today, comune))
    return SearchPage(tuple(cards_in_order(ids, lang)), total)


def _search_ids(query: str, lang: str) -> list[int]:
    """Ids of every service whose text matches every word typed (prefix match), best first,
    visible or not; none when no word is left to search (only punctuation or lone letters:
    never everything)."""
    tokens = tuple(search_tokens(query)[:MAX_WORDS])
    return list(dict.fromkeys(_ranked(tokens, lang, None))) if tokens else []


def _ranked_page(
    tokens: tuple[str, ...], lang: str, limit: int, shown: Shown
) -> tuple[list[int], int]:
    """Ids of the `limit` best-ranked services `shown` keeps, and how many matched in all
    (counted up to COUNT_CAP + 1: more than COUNT_CAP reads as "more than").

    Ranked by the index (bm25 on SQLite; on PostgreSQL ts_rank divided by log2(1 + words),
    so that a short text about the word beats a long one that mentions it once). When the
    services not shown or the second language leave too few of the best texts, a larger
    slice is taken, and at last every match.
    """
    sizes = (3 * limit + 20, 40 * limit, None) if shown.only is None else (40 * limit, None)
    ids: list[int] = []
    for size in sizes:  # a comune keeps about one service in five
        rows = _ranked(tokens, lang, size)
        ids = [sid for sid in dict.fromkeys(rows) if shown.keeps(sid)][:limit]
        if len(ids) >= limit or size is None or len(rows) < size:
            break
    if len(ids) < limit:
        return ids, len(ids)  # the page holds every match: nothing more to count
    return ids, _count(tokens, lang, shown)


def _ranked(tokens: tuple[str, ...], lang: str, size: int | None) -> list[int]:
    """The services of the `size` best-ranked matching texts (all when None), best first;
    a service appears once per language it matched in."""
    if is_sqlite():
        sql, params = _SQLITE_RANKED, (_fts_match(tokens, lang), -1 if size is None else size)
    else:
        query = _tsquery(tokens)
        sql = _PG_RANKED if size is not None else _PG_RANKED.replace(" LIMIT %s", "")
        params = (query, lang, FALLBACK_LANG, query, *(() if size is None else (size,)))
    return [int(row[0]) for row in database.execute_sql(sql, params).fetchall()]


def _count(tokens: tuple[str, ...], lang: str, shown: Shown) -> int:
    """Matching services `shown` keeps, counted up to COUNT_CAP + 1: their matching texts
    are streamed up to enough rows to hold that many services (one text per language
    searched), never grouped in full."""
    if is_sqlite() and shown.everything and lang == FALLBACK_LANG:
        # One text per service, every service shown: count the index's rows alone.
        cursor = database.execute_sql(_SQLITE_COUNT, (_fts_match(tokens, lang), COUNT_CAP + 1))
        return int(cursor.fetchone()[0])
    limit = (1 if lang == FALLBACK_LANG else 2) * (COUNT_CAP + 1)
    keep, ids = _keep(shown)
    if is_sqlite():
        matches, params = _SQLITE_MATCHES, [_fts_match(tokens, lang)]
    else:
        matches, params = _PG_MATCHES, [_tsquery(tokens), lang, FALLBACK_LANG]
    rows = f"{matches} {keep} LIMIT {limit}"
    sql = f"SELECT count(DISTINCT service_id), count(*) FROM ({rows}) AS capped"
    row = database.execute_sql(sql, [*params, *ids]).fetchone()
    services, texts = (int(row[0]), int(row[1])) if row else (0, 0)
    return COUNT_CAP + 1 if texts >= limit else min(services, COUNT_CAP + 1)


def _keep(shown: Shown) -> tuple[str, list[list[int]]]:
    """The condition on a match's service that keeps what `shown` keeps, and its parameter:
    PostgreSQL takes the ids as one array; SQLite gets them written out (integers read from
    the database, and a statement's parameters are limited in number)."""
    if shown.everything:
        return "", []
    ids = sorted(shown.only if shown.only is not None else shown.hidden)
    if is_sqlite():
        test = "IN" if shown.only is not None else "NOT IN"
        # `+`: a test on each match, not a search of the index for every id listed
        return f"AND +t.service_id {test} ({', '.join(str(int(i)) for i in ids)})", []
    test = "= ANY(%s)" if shown.only is not None else "<> ALL(%s)"
    return f"AND service_id {test}", [ids]


def shown_services(today: dt.date, comune: str | None) -> Shown:
    """Which services a search may show today (for a family of `comune`, when given); known
    once per publish and day."""
    return catalogue_cache.cached(("shown", today, comune or ""), lambda: _shown(today, comune))


def _shown(today: dt.date, comune: str | None) -> Shown:
    if comune:  # 'Il mio comune': only the services a family of that comune may use
        only = Service.select(Service.id).where(visible_condition(today), comune_filter(comune))
        return Shown(frozenset(int(i) for i in only.scalars()), frozenset())
    hidden = Service.select(Service.id).where(~visible_condition(today))
    ids = frozenset(int(i) for i in hidden.scalars())
    return Shown(None, ids) if ids else EVERY_SERVICE


def _fts_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts_match(tokens: tuple[str, ...], lang: str) -> str:
    """FTS5 query: a text in `lang` or Italian, every word the start of one of its words."""
    languages = " OR ".join(_fts_quote(x) for x in dict.fromkeys((lang, FALLBACK_LANG)))
    words = " AND ".join(f"{_fts_quote(t)}*" for t in tokens)
    return f"lang : ({languages}) AND search_text : ({words})"


def _tsquery(tokens: tuple[str, ...]) -> str:
    """PostgreSQL query: every word the start of a word of the text."""
    return " & ".join(f"{t}:*" for t in tokens)
