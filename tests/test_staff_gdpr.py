"""GDPR art. 15 and 17 for one contact across every list: find, export, erase."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from pathlib import Path

import pytest

from kiosk.models import AuditLog, Waitlist, WaitlistEntry
from kiosk.staff import gdpr
from tests.support.staff_data import KIOSK, add_entry, make_lists, personal_strings


@pytest.fixture
def lists(db: str) -> dict[str, Waitlist]:
    return make_lists()


def test_find_the_same_phone_however_written(lists: dict[str, Waitlist]) -> None:
    for spelling in ("+39 333 111 2222", "3331112222", "0039-333-111-2222", "(333) 111 2222"):
        found = gdpr.find_person(spelling)
        assert {e.list_slug for e in found} == {"percorso-nascita", "mediazione-familiare"}
    assert [e.name for e in gdpr.find_person("LUCIA@example.org ")] == ["Lucìa Nerì"]
    assert gdpr.find_person("nobody@example.org") == []
    with pytest.raises(gdpr.NotAContact):
        gdpr.find_person("Anna")


def test_export_as_json_holds_the_persons_data_in_italian(lists: dict[str, Waitlist]) -> None:
    data = json.loads(gdpr.export_person("333 1112222", kiosk_id=KIOSK))
    assert "art. 15 GDPR" in data["titolo"] and "Centro per le Famiglie" in data["titolo"]
    entries = data["iscrizioni"]
    assert len(entries) == 2
    anna = next(e for e in entries if e["Identificativo della lista"] == "percorso-nascita")
    assert anna["Lista d'attesa"] == "Percorso nascita"
    assert anna["Nome"] == "Anna Bianchi"
    assert anna["Nota"] == "allergia gatti"
    assert anna["Stato"] == "in attesa"
    assert anna["Data iscrizione"] == "02/03/2026 09:01"
    assert anna["Consenso ad altre attività"] == "no"
    assert anna["Persone"] == 2
    audit = AuditLog.get(AuditLog.action == "gdpr_export")
    assert (audit.target, audit.detail) == ("person", "entries=2 format=json")


def test_export_as_csv(lists: dict[str, Waitlist]) -> None:
    text = gdpr.export_person("anna.b@example.it", kiosk_id=KIOSK, fmt="csv")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:4] == [
        "Lista d'attesa",
        "Identificativo della lista",
        "Codice dell'iscrizione",
        "Stato",
    ]
    assert len(rows) == 2 and "Anna Bianchi" in rows[1]
    assert text.endswith("\r\n")
    with pytest.raises(ValueError):
        gdpr.export_person("anna.b@example.it", kiosk_id=KIOSK, fmt="xml")


def test_erase_deletes_every_entry_of_that_contact_only(lists: dict[str, Waitlist]) -> None:
    before = WaitlistEntry.select().count()
    assert gdpr.erase_person("+393331112222", kiosk_id=KIOSK) == 2
    assert WaitlistEntry.select().count() == before - 2
    assert gdpr.find_person("3331112222") == []
    assert WaitlistEntry.select().where(WaitlistEntry.name == "Marco Rossi").count() == 2
    audit = AuditLog.get(AuditLog.action == "gdpr_erase")
    assert (audit.actor, audit.target, audit.detail) == ("staff@cpf-test", "person", "entries=2")


def test_audit_of_gdpr_acts_holds_no_personal_data(lists: dict[str, Waitlist]) -> None:
    gdpr.export_person("lucia@example.org", kiosk_id=KIOSK)
    gdpr.export_person("0583 123456", kiosk_id=KIOSK, fmt="csv")
    gdpr.erase_person("lucia@example.org", kiosk_id=KIOSK)
    text = "\n".join(f"{r.actor}|{r.target}|{r.detail}" for r in AuditLog.select())
    assert text.count("|") == 6
    for value in personal_strings():
        assert value not in text


def test_export_file_holds_the_persons_rows_privately(
    lists: dict[str, Waitlist], tmp_path: Path
) -> None:
    result = gdpr.export_person_file("333 1112222", tmp_path / "exports", kiosk_id=KIOSK)
    assert result.rows == 2
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert "333" not in result.path.name and "anna" not in result.path.name.lower()
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for a double-click in Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == list(gdpr.PERSON_HEADINGS)
    assert rows[0][:2] == ["Lista d'attesa", "Identificativo della lista"]
    assert {r[1] for r in rows[1:]} == {"percorso-nascita", "mediazione-familiare"}
    text = gdpr.export_person("333 1112222", kiosk_id=KIOSK, fmt="csv")
    assert rows == list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))  # same data
    audit = AuditLog.get(AuditLog.action == "gdpr_export")
    assert (audit.target, audit.detail) == ("person", "entries=2 format=csv")


def test_a_cyrillic_name_and_a_finished_status_read_in_italian(
    lists: dict[str, Waitlist], tmp_path: Path
) -> None:
    add_entry(lists["nascita"], name="Олена Коваленко", email="olena@example.org", status="no_show")
    result = gdpr.export_person_file("olena@example.org", tmp_path, kiosk_id=KIOSK)
    rows = list(
        csv.reader(
            io.StringIO(result.path.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"
        )
    )
    olena = dict(zip(rows[0], rows[1], strict=True))
    assert olena["Nome"] == "Олена Коваленко"
    assert olena["Stato"] == "assente"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", olena["Data iscrizione"])
    assert olena["Chiamato il"] == ""
