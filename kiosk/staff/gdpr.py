"""A person's rights under GDPR art. 15 (access) and 17 (erasure), found by phone or e-mail."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

from kiosk.dbcall import database_guard
from kiosk.errors import DatabaseUnavailable, NotAContact
from kiosk.models import WaitlistEntry, database, scrub_deleted
from kiosk.staff.audit import record_audit, staff_actor
from kiosk.staff.contacts import contact_matches, normalise_contact
from kiosk.staff.exports import neutralise, write_csv
from kiosk.staff.query import rows
from kiosk.staff.records import ExportResult, StaffEntry
from kiosk.staff.waitlists import to_staff_entries

log = logging.getLogger(__name__)

PERSON_FIELDS = (
    "list_name",
    "list_slug",
    "code",
    "status",
    "created_at",
    "updated_at",
    "offered_at",
    "name",
    "phone",
    "email",
    "party_size",
    "child_age",
    "note",
    "extra_consent",
    "notify_channels",
    "lang",
    "kiosk_id",
)


def _matching_ids(contact: str) -> list[int]:
    kind, value = normalise_contact(contact)
    if not kind:
        raise NotAContact("write a phone number or an e-mail address")
    return [
        entry_id
        for entry_id, phone, email in rows(
            WaitlistEntry.select(
                WaitlistEntry.id, WaitlistEntry.phone, WaitlistEntry.email
            ).order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        )
        if contact_matches(kind, value, phone, email)
    ]


def find_person(contact: str) -> list[StaffEntry]:
    """Every entry, on any list, with this phone number or e-mail address (normalised)."""
    ids = _matching_ids(contact)
    rows = {r.id: r for r in WaitlistEntry.select().where(WaitlistEntry.id.in_(ids or [0]))}
    return to_staff_entries(rows[i] for i in ids)


def _value(entry: StaffEntry, name: str) -> object:
    value = getattr(entry, name)
    return value.isoformat(sep=" ", timespec="minutes") if hasattr(value, "isoformat") else value


def export_person(
    contact: str, *, kiosk_id: str, fmt: str = "json", actor: str | None = None
) -> str:
    """Art. 15: the person's data as JSON or CSV text for staff to hand over."""
    if fmt not in ("json", "csv"):
        raise ValueError(f"unknown format {fmt!r}: use json or csv")
    entries = find_person(contact)
    records = [{f: _value(e, f) for f in PERSON_FIELDS} for e in entries]
    if fmt == "json":
        text = json.dumps({"entries": records}, ensure_ascii=False, indent=2)
    else:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(PERSON_FIELDS)
        writer.writerows([neutralise(r[f]) for f in PERSON_FIELDS] for r in records)
        text = buffer.getvalue()
    record_audit(
        "gdpr_export",
        actor=actor or staff_actor(kiosk_id),
        kiosk_id=kiosk_id,
        target="person",
        detail=f"entries={len(entries)} format={fmt}",
    )
    return text


def export_person_file(
    contact: str, folder: Path, *, kiosk_id: str, actor: str | None = None
) -> ExportResult:
    """Art. 15 export written as a private CSV (0600) in `folder`, named without personal data."""
    entries = find_person(contact)
    result = write_csv(
        folder,
        "gdpr-export",
        PERSON_FIELDS,
        ([_value(e, f) for f in PERSON_FIELDS] for e in entries),
    )
    record_audit(
        "gdpr_export",
        actor=actor or staff_actor(kiosk_id),
        kiosk_id=kiosk_id,
        target="person",
        detail=f"entries={len(entries)} format=csv",
    )
    return result


def erase_person(contact: str, *, kiosk_id: str, actor: str | None = None) -> int:
    """Art. 17: delete every entry of this contact; returns how many went."""
    with database.atomic():
        ids = _matching_ids(contact)
        deleted = WaitlistEntry.delete().where(WaitlistEntry.id.in_(ids or [0])).execute()
        record_audit(
            "gdpr_erase",
            actor=actor or staff_actor(kiosk_id),
            kiosk_id=kiosk_id,
            target="person",
            detail=f"entries={deleted}",
        )
    # Deleted is not yet gone: the old bytes stay in the SQLite WAL or the PostgreSQL pages.
    try:
        with database_guard():
            scrubbed = scrub_deleted("waitlist_entry", "outbox_message")
    except DatabaseUnavailable:
        scrubbed = False
    if not scrubbed:  # the erase stands; the next retention purge clears the files
        log.warning("erased entries are still in the database files until the next purge")
    return int(deleted)
