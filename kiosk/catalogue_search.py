"""Free-text search of the services layer: the best page ranked in the database, a capped total."""

from __future__ import annotations

import datetime as dt

from kiosk.catalogue_cards import FALLBACK_LANG, _cards
from kiosk.catalogue_comuni import comune_params, comune_sql
from kiosk.clock import local_now
from kiosk.models import Service, database, is_sqlite
from kiosk.records import SearchPage
from kiosk.text import search_tokens


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
