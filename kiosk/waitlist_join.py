"""The statements of a waitlist join: one read of the list, then one of every fact under the
list's lock together with the writes.

Eight kiosks joining at once queue on the list's lock, so what happens while it is held sets
how long the last of them waits. The lock, every fact the join decides on (replayed request,
recent joins, same contact, active entries) and the writes take one statement each, written
once rather than built by the ORM on every join (that building was most of a join's time). On
PostgreSQL they travel as one message, which commits by itself when sent outside a
transaction: the lock is held for the server's work only, never for a round trip to a kiosk
nor for the disk (the flush is waited for after the lock is passed on, before any answer).
`refusal` says what the facts mean; the SQL takes a join under the same conditions.
"""

from __future__ import annotations

import datetime as dt
import logging
import weakref
from dataclasses import dataclass
from functools import cache
from typing import Any

import peewee as pw

from kiosk.models import OutcomeUnknown, database, is_sqlite
from kiosk.statuses import ACTIVE
from kiosk.waitlist_codes import CleanForm, ListKind

log = logging.getLogger(__name__)

JOIN_ACTIONS = ("waitlist.join", "waitlist.join_again")  # what the per-kiosk limit counts


def _quoted(values: tuple[str, ...]) -> str:
    """Constants of this program as SQL literals (never a visitor's text)."""
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


_ACTIVE = _quoted(tuple(str(s) for s in ACTIVE))

# Parameters: lang, fallback lang, slug.
_FIND_SERVICE_LIST = """
SELECT w.id, w.fields, w.sensitive, o.slug,
  (SELECT t.name FROM "service_text" t WHERE t.service_id = o.id AND t.lang = ?),
  (SELECT t.name FROM "service_text" t WHERE t.service_id = o.id AND t.lang = ?)
FROM "waitlist" w JOIN "service" o ON w.service_id = o.id
WHERE o.slug = ?
"""
_FIND_EVENT_LIST = """
SELECT w.id, w.fields, w.sensitive, o.slug,
  (SELECT t.title FROM "event_text" t WHERE t.event_id = o.id AND t.lang = ?),
  (SELECT t.title FROM "event_text" t WHERE t.event_id = o.id AND t.lang = ?)
FROM "waitlist" w JOIN "event" o ON w.event_id = o.id
WHERE o.slug = ?
"""

# Parameters: request_id; kiosk_id, since, now; since, now; 2 contact keys, phone, email;
# waitlist id. Absent values are NULL, which equals nothing. The same contact is looked up by
# each of its indexes first (MATERIALIZED: so that no planner, short of statistics, walks the
# whole list instead), then kept if active on this list.
_FACTS = f"""
SELECT w.is_open, w.capacity, w.last_seq,
  (SELECT e.id FROM "waitlist_entry" e WHERE e.request_id = ?) AS replayed,
  (SELECT COUNT(*) FROM "audit_log" a
    WHERE a.kiosk_id = ? AND a.action IN ({_quoted(JOIN_ACTIONS)}) AND a.at > ? AND a.at <= ?
  ) AS kiosk_joins,
  (SELECT COUNT(*) FROM "waitlist_entry" e
    WHERE e.waitlist_id = w.id AND e.created_at > ? AND e.created_at <= ?) AS list_joins,
  (WITH c AS MATERIALIZED (
      SELECT id, waitlist_id, status, seq FROM "waitlist_entry" WHERE contact_key IN (?, ?)
      UNION ALL
      SELECT id, waitlist_id, status, seq FROM "waitlist_entry" WHERE phone = ? AND phone <> ''
      UNION ALL
      SELECT id, waitlist_id, status, seq FROM "waitlist_entry"
        WHERE LOWER(email) = ? AND email <> '')
    SELECT c.id FROM c WHERE c.waitlist_id = w.id AND c.status IN ({_ACTIVE})
    ORDER BY c.seq LIMIT 1) AS same_contact,
  (SELECT COUNT(*) FROM "waitlist_entry" e
    WHERE e.waitlist_id = w.id AND e.status IN ({_ACTIVE})) AS active
FROM "waitlist" w
WHERE w.id = ?
"""

_ENTRY_COLUMNS = (
    "waitlist_id, seq, code, status, name, phone, email, contact_key, party_size, child_age, "
    "note, extra_consent, request_id, kiosk_id, created_at, updated_at, notify_channels, lang"
)
_AUDIT_COLUMNS = "at, actor, action, target, detail, kiosk_id"

# SQLite, in the caller's BEGIN IMMEDIATE transaction (which already made it the only
# writer): the facts, then these when `refusal` has none. A drawn code already in use
# inserts nothing and aborts nothing: the caller draws again.
_SQLITE_ENTRY = (
    f'INSERT INTO "waitlist_entry" ({_ENTRY_COLUMNS}) '
    "VALUES (?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (code) DO NOTHING"
)
_SQLITE_COUNTER = 'UPDATE "waitlist" SET last_seq = ? WHERE id = ?'
_SQLITE_AUDIT = f'INSERT INTO "audit_log" ({_AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)'
# PostgreSQL, always in this order, each wait bounded by the lock timeout: one kiosk's joins
# queue on an advisory lock (its rate limit is then counted exactly); one list's joins queue
# on another, first come first served (the row lock alone is not: each join writes a new
# version of the row, and whoever arrives next may take that one ahead of those waiting on
# the old); then the list's row, which the staff's changes to the list take too. The facts
# and writes come in a statement of their own, so that they see what the previous holder
# committed. Parameters: lock timeout (ms, text), kiosk lock key, waitlist id twice.
JOIN_LOCKS = 0x6B696F  # the advisory locks' key space of a list's joins ('kio')
_PG_LOCKS = f"""
SELECT set_config('lock_timeout', ?, true);
SELECT pg_advisory_xact_lock(hashtext(?));
SELECT pg_advisory_xact_lock({JOIN_LOCKS}, ?);
SELECT id FROM "waitlist" WHERE id = ? FOR UPDATE;
"""
# Sent outside a transaction, the message commits by itself without waiting for the disk: the
# locks go to the next join at once, and the wait for the disk (a third of the time the locks
# were held) is shared by the joins flushing together. Nobody is told "saved" before
# _wait_until_durable; a crash before it loses this join and every later one alike (the log is
# written in order), never a join someone was told about.
_PG_ASYNC = "SELECT set_config('synchronous_commit', 'off', true);\n"
# A write that commits synchronously: it returns once the log is on disk up to itself.
_PG_FLUSH = "SELECT pg_logical_emit_message(true, 'kiosk-waitlist-join', '')"
_PG_FLUSH_ALLOWED = (
    "SELECT has_function_privilege('pg_logical_emit_message(boolean, text, text)', 'EXECUTE')"
)
_flush_allowed: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()
# Parameters: the facts'; per-kiosk and per-list limits; the again audit line (at, actor,
# detail, kiosk, per-kiosk limit); the entry's values but seq; waitlist id; the audit line
# (at, actor, detail prefix, kiosk). The conditions are `refusal`'s, in SQL.
_PG_JOIN = f"""
WITH f AS ({_FACTS}),
go AS (
  SELECT f.last_seq + 1 AS seq FROM f
  WHERE f.replayed IS NULL AND f.kiosk_joins < ? AND f.same_contact IS NULL AND f.is_open
    AND (f.capacity IS NULL OR f.active < f.capacity) AND f.list_joins < ?
),
again AS (
  INSERT INTO "audit_log" ({_AUDIT_COLUMNS})
  SELECT ?, ?, 'waitlist.join_again', 'entry:' || f.same_contact, ?, ? FROM f
  WHERE f.replayed IS NULL AND f.kiosk_joins < ? AND f.same_contact IS NOT NULL
),
e AS (
  INSERT INTO "waitlist_entry" ({_ENTRY_COLUMNS})
  SELECT ?, go.seq, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM go
  ON CONFLICT (code) DO NOTHING
  RETURNING id, seq
),
u AS (UPDATE "waitlist" SET last_seq = e.seq FROM e WHERE "waitlist".id = ?),
a AS (
  INSERT INTO "audit_log" ({_AUDIT_COLUMNS})
  SELECT ?, ?, 'waitlist.join', 'entry:' || e.id, ? || e.seq, ? FROM e
)
SELECT f.*, e.id FROM f LEFT JOIN e ON true
"""


@cache
def _sql(text: str, sqlite: bool) -> str:
    """`text` in the placeholder style of the database (psycopg2 wants %s)."""
    return text if sqlite else text.replace("?", "%s")


def _run(text: str, params: tuple[Any, ...]) -> Any:
    return database.execute_sql(_sql(text, is_sqlite()), params)


def _can_flush() -> bool:
    """Whether this database lets the kiosk run _PG_FLUSH (asked once per database); if not,
    joins wait for the disk in their COMMIT, as other transactions do."""
    allowed = _flush_allowed.get(database.obj)
    if allowed is None:
        try:
            row = database.execute_sql(_PG_FLUSH_ALLOWED).fetchone()
            allowed = bool(row and row[0])
        except pw.DatabaseError:  # no such function here
            allowed = False
        if not allowed:
            log.warning("pg_logical_emit_message not allowed: joins commit synchronously")
        _flush_allowed[database.obj] = allowed
    return allowed


def _wait_until_durable() -> None:
    """Return once what this session committed is on disk; if that cannot be known,
    OutcomeUnknown (it is committed, and may or may not survive a crash of the server)."""
    try:
        database.execute_sql(_PG_FLUSH)
    except Exception as exc:
        raise OutcomeUnknown("the join's flush to disk failed: it may or may not be saved") from exc


@dataclass(frozen=True)
class ListRef:
    """A list as the join needs it, read before the transaction (one query)."""

    id: int
    fields: tuple[str, ...]
    sensitive: bool
    kind: ListKind
    slug: str
    name: str  # in the visitor's language, else Italian, else the slug


def find_list(slug: str, kind: ListKind, lang: str, fallback: str) -> ListRef | None:
    """The list of service (or event) `slug`, named in `lang` or `fallback`; None if none."""
    query = _FIND_EVENT_LIST if kind == "event" else _FIND_SERVICE_LIST
    row = _run(query, (lang, fallback, slug)).fetchone()
    if row is None:
        return None
    list_id, fields, sensitive, owner_slug, name, fallback_name = row
    return ListRef(
        id=int(list_id),
        fields=tuple(fields.split(",")),
        sensitive=bool(sensitive),
        kind=kind,
        slug=owner_slug,
        name=name or fallback_name or owner_slug,
    )


@dataclass(frozen=True)
class JoinRequest:
    """One visitor's join, everything computed before the lock."""

    waitlist_id: int
    form: CleanForm
    keys: tuple[str, ...]  # contact keys: phone first, then e-mail
    request_key: str | None
    kiosk_id: str
    now: dt.datetime
    since: dt.datetime  # joins after this count towards the limits
    per_kiosk: int
    per_list: int
    extra_consent: bool
    notify: str  # channels, comma separated
    lang: str
    lock_timeout_ms: int  # PostgreSQL: the longest wait for each lock


@dataclass(frozen=True)
class JoinFacts:
    """What a join decides on, read under the list's lock."""

    is_open: bool
    capacity: int | None
    last_seq: int
    replayed_id: int | None  # the entry an earlier submission of this request_id made
    kiosk_joins: int  # this kiosk's join attempts in the window (any list)
    list_joins: int  # entries made on this list in the window (any kiosk)
    same_contact_id: int | None  # the first active entry with this contact
    active: int  # active entries on the list


def refusal(facts: JoinFacts, request: JoinRequest) -> str | None:
    """Why the join is not taken, checked in this order, or None: 'replayed', 'kiosk_limit',
    'same_contact', 'closed', 'full', 'list_limit'. The SQL of PostgreSQL says the same."""
    if facts.replayed_id is not None:
        return "replayed"
    if facts.kiosk_joins >= request.per_kiosk:
        return "kiosk_limit"
    if facts.same_contact_id is not None:
        return "same_contact"
    if not facts.is_open:
        return "closed"
    if facts.capacity is not None and facts.active >= facts.capacity:
        return "full"
    if facts.list_joins >= request.per_list:
        return "list_limit"
    return None


def _facts_params(request: JoinRequest) -> tuple[Any, ...]:
    keys = [*request.keys, None, None][:2]
    form = request.form
    return (
        request.request_key,
        request.kiosk_id,
        request.since,
        request.now,
        request.since,
        request.now,
        *keys,
        (form.phone or None) if request.keys else None,
        (form.email.lower() or None) if request.keys else None,
        request.waitlist_id,
    )


def _facts(row: tuple[Any, ...]) -> JoinFacts:
    is_open, capacity, last_seq, replayed, kiosk_joins, list_joins, same, active = row[:8]
    return JoinFacts(
        is_open=bool(is_open),
        capacity=capacity,
        last_seq=int(last_seq),
        replayed_id=replayed,
        kiosk_joins=int(kiosk_joins),
        list_joins=int(list_joins),
        same_contact_id=same,
        active=int(active),
    )


def _entry_values(request: JoinRequest) -> tuple[Any, ...]:
    """The entry's columns after waitlist_id, seq, code and status (see _ENTRY_COLUMNS)."""
    form = request.form
    return (
        form.name,
        form.phone,
        form.email,
        request.keys[0] if request.keys else "",
        form.party_size,
        form.child_age,
        form.note,
        request.extra_consent,
        request.request_key,
        request.kiosk_id,
        request.now,
        request.now,
        request.notify,
        request.lang,
    )


def _actor(request: JoinRequest) -> str:
    return f"visitor@{request.kiosk_id}"[:64]


def attempt(request: JoinRequest, code: str) -> tuple[JoinFacts, int | None] | None:
    """Lock the list, read the facts and, unless `refusal` has a reason, store the entry with
    `code` and its audit line (a contact already on the list: the audit line of that).

    (facts, id of the entry stored or None); None if the list is gone. On SQLite call it in
    a transaction; on PostgreSQL it commits by itself outside one. An entry id of None with
    no refusal means the code is in use: draw another.
    """
    list_id, now = request.waitlist_id, request.now
    detail = f"list:{list_id}"
    if not is_sqlite():
        params = (
            *(str(int(request.lock_timeout_ms)), f"waitlist-join:{request.kiosk_id}"),
            *(list_id, list_id),
            *_facts_params(request),
            *(request.per_kiosk, request.per_list),
            *(now, _actor(request), detail, request.kiosk_id, request.per_kiosk),
            *(list_id, code, *_entry_values(request)),
            list_id,
            *(now, _actor(request), f"{detail} seq:", request.kiosk_id),
        )
        if database.in_transaction() or not _can_flush():  # COMMIT waits for the disk
            row = _run(_PG_LOCKS + _PG_JOIN, params).fetchone()
        else:
            row = _run(_PG_ASYNC + _PG_LOCKS + _PG_JOIN, params).fetchone()
            _wait_until_durable()
        return None if row is None else (_facts(row), row[8])
    row = _run(_FACTS, _facts_params(request)).fetchone()
    if row is None:
        return None
    facts = _facts(row)
    reason = refusal(facts, request)
    actor, kiosk_id = _actor(request), request.kiosk_id
    if reason == "same_contact":
        target = f"entry:{facts.same_contact_id}"
        _run(_SQLITE_AUDIT, (now, actor, "waitlist.join_again", target, detail, kiosk_id))
    if reason is not None:
        return facts, None
    seq = facts.last_seq + 1
    cursor = _run(_SQLITE_ENTRY, (list_id, seq, code, *_entry_values(request)))
    if cursor.rowcount != 1:
        return facts, None
    entry_id = int(cursor.lastrowid)
    _run(_SQLITE_COUNTER, (seq, list_id))
    target, detail = f"entry:{entry_id}", f"{detail} seq:{seq}"
    _run(_SQLITE_AUDIT, (now, actor, "waitlist.join", target, detail, kiosk_id))
    return facts, entry_id
