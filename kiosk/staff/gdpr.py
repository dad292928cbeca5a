"""A person's rights under GDPR art. 15 (access) and 17 (erasure), found by phone or e-mail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from pathlib import Path

from kiosk.dbcall import database_guard
from kiosk.errors import DatabaseUnavailable, NotAContact
from kiosk.models import WaitlistEntry, database, scrub_deleted
from kiosk.staff.audit import record_audit, staff_actor
from kiosk.staff.contacts import contact_matches, normalise_contact
from kiosk.staff.exports import DELIMITER, neutralise, write_csv
from kiosk.staff.query import rows
from kiosk.staff.records import ExportResult, StaffEntry
from kiosk.staff.waitlists import to_staff_entries
from kiosk.statuses import label as status_label

log = logging.getLogger(__name__)

# (StaffEntry attribute, Italian heading): the export is handed to the citizen as it is.
PERSON_COLUMNS: tuple[tuple[str, str], ...] = (
    ("list_name", "Lista d'attesa"),
    ("list_slug", "Identificativo della lista"),
    ("code", "Codice dell'iscrizione"),
    ("status", "Stato"),
    ("created_at", "Data iscrizione"),
    ("updated_at", "Ultima modifica"),
    ("offered_at", "Chiamato il"),
    ("name", "Nome"),
    ("phone", "Telefono"),
    ("email", "E-mail"),
    ("party_size", "Persone"),
    ("child_age", "Età del bambino"),
    ("note", "Nota"),
    ("extra_consent", "Consenso ad altre attività"),
    ("notify_channels", "Avvisi richiesti (canali)"),
    ("lang", "Lingua"),
    ("kiosk_id", "Postazione"),
)
PERSON_FIELDS = tuple(name for name, _heading in PERSON_COLUMNS)
PERSON_HEADINGS = tuple(heading for _name, heading in PERSON_COLUMNS)
EXPORT_TITLE = (
    "Dati personali conservati nelle liste d'attesa dello sportello del Centro per le "
    "Famiglie della Piana di Lucca (accesso ai dati, art. 15 GDPR)"
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
    """One field as the citizen reads it: Italian status, dd/mm/yyyy dates, sì/no."""
    value = getattr(entry, name)
    if name == "status":
        return status_label(str(value))
    return value


def _text(value: object) -> object:
    """A JSON value: dates and yes/no as in the CSV, numbers and text as they are."""
    if isinstance(value, bool | dt.date):
        return neutralise(value)
    return value


def export_person(
    contact: str, *, kiosk_id: str, fmt: str = "json", actor: str | None = None
) -> str:
    """Art. 15: the person's data as JSON or CSV text (Italian) for staff to hand over."""
    if fmt not in ("json", "csv"):
        raise ValueError(f"unknown format {fmt!r}: use json or csv")
    entries = find_person(contact)
    if fmt == "json":
        records = [{heading: _text(_value(e, f)) for f, heading in PERSON_COLUMNS} for e in entries]
        document = {"titolo": EXPORT_TITLE, "iscrizioni": records}
        text = json.dumps(document, ensure_ascii=False, indent=2)
    else:
        buffer = io.StringIO(newline="")
        writer = csv.writer(
            buffer, delimiter=DELIMITER, quoting=csv.QUOTE_ALL, lineterminator="\r\n"
        )
        writer.writerow(PERSON_HEADINGS)
        writer.writerows([neutralise(_value(e, f)) for f in PERSON_FIELDS] for e in entries)
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
        PERSON_HEADINGS,
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
