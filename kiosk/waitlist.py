"""Waitlist services for the visitor: join, check or cancel by ticket code, retention purge."""

from __future__ import annotations

import datetime as dt
import logging
import math
import uuid
from typing import Any, cast

import peewee as pw

from kiosk.catalogue import FALLBACK_LANG
from kiosk.clock import utcnow
from kiosk.config import VISITOR_LANGUAGES
from kiosk.dbcall import guarded as _guarded
from kiosk.models import (
    AuditLog,
    DatabaseUnavailable,
    Event,
    EventText,
    Service,
    ServiceText,
    Waitlist,
    WaitlistEntry,
    committing,
    database,
    is_sqlite,
    scrub_deleted,
)
from kiosk.notify import outbox
from kiosk.statuses import ACTIVE, FINISHED
from kiosk.waitlist_codes import (
    CHILD_AGE_RANGE,
    FORM_FIELDS,
    NAME_MAX,
    NOTE_MAX,
    PARTY_SIZE_RANGE,
    REQUIRED_FIELDS,
    JoinError,
    JoinForm,
    JoinLimited,
    JoinLimits,
    JoinRefused,
    JoinResult,
    ListKind,
    TicketStatus,
    WaitlistError,
    asked_fields,
    contact_key,
    form_errors,
    new_code,
    notify_channels,
    validate_form,
)
from kiosk.waitlist_join import (
    JOIN_ACTIONS,
    JoinFacts,
    JoinRequest,
    attempt,
    find_list,
    refusal,
)

__all__ = [
    "CHILD_AGE_RANGE",
    "FORM_FIELDS",
    "NAME_MAX",
    "NOTE_MAX",
    "PARTY_SIZE_RANGE",
    "REQUIRED_FIELDS",
    "JoinError",
    "JoinForm",
    "JoinLimited",
    "JoinLimits",
    "JoinRefused",
    "JoinResult",
    "TicketStatus",
    "WaitlistError",
    "asked_fields",
    "form_errors",
    "join_waitlist",
    "purge_expired",
]

log = logging.getLogger(__name__)

PG_LOCK_TIMEOUT_MS = 5000  # longer waits for a list's lock end as DatabaseUnavailable
_ATTEMPTS = 3  # a clash on request_id (two submissions racing) retries the whole transaction
_CODE_DRAWS = 20  # a drawn code already in use is drawn again, in the same transaction


def _list_label(waitlist: Waitlist, lang: str) -> tuple[ListKind, str, str]:
    """(kind, slug, name in `lang` falling back to Italian) of the service or event."""
    langs = [lang, FALLBACK_LANG]
    if waitlist.event_id is not None:
        event = Event.get_by_id(waitlist.event_id)
        titles = {
            t.lang: t.title
            for t in EventText.select().where(
                EventText.event == event.id, EventText.lang.in_(langs)
            )
        }
        return "event", event.slug, titles.get(lang) or titles.get(FALLBACK_LANG) or event.slug
    service = Service.get_by_id(waitlist.service_id)
    names = {
        t.lang: t.name
        for t in ServiceText.select().where(
            ServiceText.service == service.id, ServiceText.lang.in_(langs)
        )
    }
    return "service", service.slug, names.get(lang) or names.get(FALLBACK_LANG) or service.slug


def _active(waitlist_id: int) -> pw.ModelSelect[WaitlistEntry]:
    return WaitlistEntry.select().where(
        WaitlistEntry.waitlist == waitlist_id, WaitlistEntry.status.in_(ACTIVE)
    )


def _position(entry: WaitlistEntry) -> int | None:
    if entry.status not in ACTIVE:
        return None
    return int(_active(entry.waitlist_id).where(WaitlistEntry.seq <= entry.seq).count())


def _audit(
    kiosk_id: str,
    action: str,
    target: str,
    detail: str,
    *,
    actor: str = "",
    at: dt.datetime | None = None,
) -> None:
    AuditLog.create(
        actor=(actor or f"visitor@{kiosk_id}")[:64],
        action=action,
        target=target,
        detail=detail,
        kiosk_id=kiosk_id,
        at=at or utcnow(),
    )


def _bound_lock_wait() -> None:
    """On PostgreSQL, give up on a row lock after PG_LOCK_TIMEOUT_MS (SQLite: busy timeout)."""
    if not is_sqlite():
        database.execute_sql(f"SET LOCAL lock_timeout = {int(PG_LOCK_TIMEOUT_MS)}")


def _recent_joins(
    scope: str, waitlist_id: int, kiosk_id: str, since: dt.datetime, now: dt.datetime
) -> tuple[int, dt.datetime | None]:
    """(count, oldest time) of the joins that a limit counts in (since, now]."""
    query: pw.ModelSelect[Any]
    if scope == "kiosk":  # every attempt of this kiosk, repeated contacts included
        query = AuditLog.select(pw.fn.COUNT(AuditLog.id), pw.fn.MIN(AuditLog.at)).where(
            AuditLog.kiosk_id == kiosk_id,
            AuditLog.action.in_(JOIN_ACTIONS),
            AuditLog.at > since,
            AuditLog.at <= now,
        )
    else:  # new entries on this list, from any kiosk
        query = WaitlistEntry.select(
            pw.fn.COUNT(WaitlistEntry.id), pw.fn.MIN(WaitlistEntry.created_at)
        ).where(
            WaitlistEntry.waitlist == waitlist_id,
            WaitlistEntry.created_at > since,
            WaitlistEntry.created_at <= now,
        )
    count, oldest = cast(tuple[Any, Any], query.tuples().get())
    if isinstance(oldest, str):  # SQLite hands MIN() of a datetime back as text
        oldest = dt.datetime.fromisoformat(oldest)
    return int(count or 0), oldest


def _limited(
    scope: str, waitlist_id: int, kiosk_id: str, limits: JoinLimits, now: dt.datetime
) -> JoinLimited:
    """The refusal of a join because this kiosk (scope 'kiosk') or this list ('list') had
    all its joins of the last window, with the seconds until one of them leaves it."""
    allowed = limits.per_kiosk if scope == "kiosk" else limits.per_list
    window = dt.timedelta(seconds=limits.window_seconds)
    _count, oldest = _recent_joins(scope, waitlist_id, kiosk_id, now - window, now)
    wait = max(1, math.ceil(((oldest or now) + window - now).total_seconds()))
    log.warning(
        "waitlist join refused: %s limit (%d per %ds) reached (kiosk %s, list %d)",
        scope,
        allowed,
        limits.window_seconds,
        kiosk_id,
        waitlist_id,
    )
    return JoinLimited(scope, wait)


def _lock_list(waitlist_id: int) -> Waitlist:
    """The list's row, locked until commit: what serialises the changes to one list (joins
    take it too, after queueing among themselves: kiosk.waitlist_join)."""
    _bound_lock_wait()
    if is_sqlite():
        # BEGIN IMMEDIATE (the database's lock_type) already holds the write lock.
        return Waitlist.get_by_id(waitlist_id)
    return Waitlist.select().where(Waitlist.id == waitlist_id).for_update().get()


def _join_once(request: JoinRequest) -> tuple[JoinFacts, int | None, str]:
    """(facts, new entry's id or None, its code): `attempt` with fresh codes until one is
    free (or the join is refused)."""
    for _ in range(_CODE_DRAWS):
        code = new_code()
        done = attempt(request, code)
        if done is None:  # the list went away since it was found
            raise JoinRefused("not_found")
        facts, entry_id = done
        if entry_id is not None or refusal(facts, request) is not None:
            return facts, entry_id, code
    raise RuntimeError("no free ticket code found")  # 23**6 codes: practically unreachable


def _join_stored(request: JoinRequest) -> tuple[JoinFacts, int | None, str]:
    """`_join_once` in its transaction: SQLite's BEGIN IMMEDIATE; on PostgreSQL the message
    commits by itself, unless the confirmation must be queued in the same transaction."""
    if is_sqlite() or request.notify or database.in_transaction():
        with database.atomic():
            facts, entry_id, code = _join_once(request)
            if entry_id is not None and request.notify:
                entry = WaitlistEntry(
                    id=entry_id,
                    waitlist=request.waitlist_id,
                    seq=facts.last_seq + 1,
                    code=code,
                    created_at=request.now,
                    notify_channels=request.notify,
                    lang=request.lang,
                )
                position = {"position": facts.active + 1}
                outbox.enqueue(entry, "confirmation", params=position, now=request.now)
        return facts, entry_id, code
    with committing():
        return _join_once(request)


def _request_key(request_id: str | uuid.UUID | None) -> str | None:
    if request_id is None:
        return None
    return str(request_id if isinstance(request_id, uuid.UUID) else uuid.UUID(str(request_id)))


@_guarded
def join_waitlist(
    slug: str,
    typed: JoinForm,
    *,
    kiosk_id: str,
    lang: str = FALLBACK_LANG,
    kind: ListKind = "service",
    request_id: str | uuid.UUID | None = None,
    now: dt.datetime | None = None,
    limits: JoinLimits | None = None,
    channels: tuple[str, ...] = (),
) -> JoinResult:
    """Put a visitor on the list of service (or event) `slug`; exactly once per contact.

    Only the fields the list asks for may be given. Raises JoinError (field -> code),
    JoinRefused ('not_found', 'closed', 'full'), JoinLimited (too many joins in the last
    minute from this kiosk or on this list: `limits`, default the settings' defaults) or
    DatabaseUnavailable; ValueError when `request_id` is not a UUID. Repeating a `request_id`
    returns the first confirmation. A contact already on the list gets `already_registered`
    and neither code nor position: typing someone's number must not reveal their ticket.
    `extra_consent` is the visitor's separate, optional yes to hear about other activities.
    `channels` are the message channels configured here; when the visitor ticked `notify`,
    those that reach the contact given are stored and the confirmation is queued (outbox)
    in the join's transaction; ticked with no such contact is JoinError 'notify'.
    """
    kiosk_id = kiosk_id[:40]
    now = now or utcnow()
    limits = limits or JoinLimits()
    request_key = _request_key(request_id)
    listed = find_list(slug, kind, lang, FALLBACK_LANG)
    if listed is None:
        raise JoinRefused("not_found")
    form, errors = validate_form(asked_fields(listed.fields, listed.sensitive), typed)
    notify = notify_channels(channels, form.phone, form.email) if typed.notify else ()
    if typed.notify and not notify and "contact" not in errors:
        errors["notify"] = "notify_no_channel"
    if errors:
        raise JoinError(errors)
    keys = []
    if form.phone:
        keys.append(contact_key(listed.id, "phone", form.phone))
    if form.email:
        keys.append(contact_key(listed.id, "email", form.email.lower()))
    request = JoinRequest(
        waitlist_id=listed.id,
        form=form,
        keys=tuple(keys),
        request_key=request_key,
        kiosk_id=kiosk_id,
        now=now,
        since=now - dt.timedelta(seconds=limits.window_seconds),
        per_kiosk=limits.per_kiosk,
        per_list=limits.per_list,
        extra_consent=bool(typed.extra_consent),
        notify=",".join(notify),
        lang=lang if lang in VISITOR_LANGUAGES else FALLBACK_LANG,
        lock_timeout_ms=PG_LOCK_TIMEOUT_MS,
    )
    for attempt_no in range(_ATTEMPTS):
        try:
            facts, _entry_id, code = _join_stored(request)
            break
        except pw.IntegrityError as exc:
            # A repeated request_id raced its original.
            if attempt_no == _ATTEMPTS - 1:
                raise DatabaseUnavailable("the join clashed repeatedly; try again") from exc
    position: int | None = facts.active + 1  # the newest active entry: all others before it
    reason = refusal(facts, request)
    if reason == "replayed":  # the same submission again: the same visitor
        previous = WaitlistEntry.get_by_id(facts.replayed_id)
        if previous.waitlist_id != listed.id:
            raise ValueError("request_id already used for another list")
        code, position = previous.code, _position(previous)
    elif reason in ("kiosk_limit", "list_limit"):
        raise _limited(reason.removesuffix("_limit"), listed.id, kiosk_id, limits, now)
    elif reason in ("closed", "full"):
        raise JoinRefused(reason)
    elif reason == "same_contact":
        code, position = "", None
    return JoinResult(
        code=code,
        position=position,
        service_slug=listed.slug,
        service_name=listed.name,
        already_registered=reason == "same_contact",
        sensitive=listed.sensitive,
        kind=listed.kind,
        replayed=reason == "replayed",
    )


@_guarded
def purge_expired(
    now: dt.datetime | None = None, *, actor: str = "system", kiosk_id: str = ""
) -> int:
    """Delete entries past retention: every entry of a list closed more than retention_days
    ago, and finished entries (enrolled, no_show, removed, cancelled) older than that.
    Returns how many were deleted; the audit log records counts only."""
    now = now or utcnow()
    total = 0
    for waitlist in Waitlist.select().order_by(Waitlist.id):
        cutoff = now - dt.timedelta(days=waitlist.retention_days)
        expired = WaitlistEntry.waitlist == waitlist.id
        list_expired = (
            not waitlist.is_open and waitlist.closed_at is not None and waitlist.closed_at < cutoff
        )
        if not list_expired:
            expired &= WaitlistEntry.status.in_(FINISHED) & (WaitlistEntry.updated_at < cutoff)
        with database.atomic():
            deleted = int(WaitlistEntry.delete().where(expired).execute())
            if deleted:
                _audit(
                    kiosk_id,
                    "waitlist.purge",
                    f"waitlist:{waitlist.id}",
                    f"deleted:{deleted} list_closed:{int(list_expired)}",
                    actor=actor,
                )
        total += deleted
    # Deleted means gone from the files too (GDPR); always, to finish an erase's scrub that failed.
    scrub_deleted("waitlist_entry", "outbox_message")
    return total
