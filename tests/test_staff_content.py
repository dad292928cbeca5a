"""Staff content tools and status: reload preview/apply, records to verify, kiosk health."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import threading
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.models import AuditLog, ContentSync, Service, ServiceText, close_database, open_database
from kiosk.staff import cli_commands, content, pin, status
from kiosk.staff.pin import ScryptParams
from kiosk.staff.records import ReloadPreview
from tests.support.staff_data import add_entry, make_list

KIOSK = "cpf-test"
TODAY = dt.date(2026, 11, 21)
BROKEN = '---\nslug: rotto\nname: "Rotto"\nsummary: "x"\nneeds: [inesistente]\n---\nCorpo.\n'


def test_preview_on_an_empty_database_changes_nothing(db: str, content_dir: Path) -> None:
    preview = content.preview_reload(content_dir)
    assert preview.ok and not preview.applied and preview.problems == ()
    assert "service:percorso-nascita" in preview.added
    assert preview.version
    assert not Service.select().exists()
    assert not ContentSync.select().exists()


def test_apply_then_change_one_file(db: str, content_dir: Path) -> None:
    applied = content.apply_reload(content_dir, kiosk_id=KIOSK)
    assert applied.ok and applied.applied and applied.changed
    assert Service.select().count() == len(applied.added) - sum(
        not a.startswith("service:") for a in applied.added
    )
    assert ContentSync.get().actor == "staff@cpf-test"
    audit = AuditLog.get(AuditLog.action == "content_reload")
    assert audit.detail.startswith(f"added={len(applied.added)} updated=0 retired=0")
    assert not content.preview_reload(content_dir).changed
    path = content_dir / "services" / "spazi-gioco.md"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "summary: Nuovo.", 1))
    for path in (content_dir / "services").glob("programma-pippi.*md"):  # with its translations
        path.unlink()
    preview = content.preview_reload(content_dir)
    assert "service:spazi-gioco" in preview.updated
    assert preview.retired == ("service:programma-pippi",)


def test_problems_block_the_reload(db: str, content_dir: Path) -> None:
    content.apply_reload(content_dir, kiosk_id=KIOSK)
    (content_dir / "services" / "rotto.md").write_text(BROKEN, encoding="utf-8")
    preview = content.preview_reload(content_dir)
    assert not preview.ok
    assert any(
        "services/rotto.md:5: `inesistente` non è in needs.yaml (bisogno)" in p
        for p in preview.problems
    )
    assert all(re.match(r"^\S+:\d+: ", p) for p in preview.problems)
    before = ContentSync.select().count()
    refused = content.apply_reload(content_dir, kiosk_id=KIOSK)
    assert not refused.ok and not refused.applied and refused.problems == preview.problems
    assert ContentSync.select().count() == before
    assert not Service.select().where(Service.slug == "rotto").exists()
    assert AuditLog.select().where(AuditLog.action == "content_reload").count() == 1


def test_reload_refuses_a_fifo_instead_of_hanging(db: str, content_dir: Path) -> None:
    content.apply_reload(content_dir, kiosk_id=KIOSK)
    os.mkfifo(content_dir / "services" / "x.md")
    found: list[ReloadPreview] = []
    worker = threading.Thread(
        target=lambda: found.append(content.preview_reload(content_dir)), daemon=True
    )
    worker.start()
    worker.join(timeout=30)
    assert found, "the reload preview is blocked reading the FIFO"
    (preview,) = found
    assert not preview.ok
    assert preview.problems == (
        f"{content_dir / 'services/x.md'}:1: non è un file normale (una pipe, un dispositivo o"
        " un socket) — sostituiscilo con un file di testo o toglilo",
    )


def test_reload_refuses_terminal_escapes_and_shows_them_harmlessly(
    db: str, content_dir: Path
) -> None:
    content.apply_reload(content_dir, kiosk_id=KIOSK)
    path = content_dir / "services" / "spazi-gioco.md"
    text = path.read_text(encoding="utf-8")
    before = Service.get(Service.slug == "spazi-gioco").review_note
    path.write_text(text.replace('review_note: "', 'review_note: "\\e]52;c;SGk=\\a', 1))
    preview = content.apply_reload(content_dir, kiosk_id=KIOSK)
    assert not preview.ok and not preview.applied
    (problem,) = preview.problems
    assert "`review_note` contiene il carattere di controllo invisibile ESC (U+001B)" in problem
    assert "\x1b" not in problem and "\x07" not in problem
    assert Service.get(Service.slug == "spazi-gioco").review_note == before


def service(slug: str, **fields: object) -> None:
    row = Service.create(slug=slug, source_path=f"services/{slug}.md", **fields)
    ServiceText.create(service=row, lang="it", name=slug.title())


def test_services_needing_review(db: str) -> None:
    service("fresco", assured_date=dt.date(2026, 6, 1))
    service("vecchio", assured_date=dt.date(2025, 11, 20))
    service("al-limite", assured_date=dt.date(2025, 11, 21))
    service("segnalato", assured_date=dt.date(2026, 11, 1), needs_review=True, review_note="orari?")
    service("mai", assured_date=None)
    service("ritirato", assured_date=dt.date(2020, 1, 1), retired_at=dt.datetime(2026, 1, 1))
    items = content.services_needing_review(12, TODAY)
    assert [i.slug for i in items] == ["mai", "vecchio", "segnalato"]
    flagged = items[2]
    assert (flagged.name, flagged.review_note, flagged.source_path, flagged.needs_review) == (
        "Segnalato",
        "orari?",
        "services/segnalato.md",
        True,
    )
    assert [i.slug for i in content.services_needing_review(6, TODAY)] == [
        "mai",
        "vecchio",
        "al-limite",
        "segnalato",
    ]


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 15), 12, dt.date(2025, 1, 15)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
    ],
)
def test_months_before(day: dt.date, months: int, result: dt.date) -> None:
    assert content.months_before(day, months) == result


def test_status_of_a_working_kiosk(
    db: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pin, "SCRYPT_PARAMS", ScryptParams(n=16, r=1, p=1))
    settings = Settings(database_url=db, kiosk_id=KIOSK)
    empty = status.system_status(settings)
    assert empty.database_ok and empty.database_ms is not None
    assert empty.database_kind == ("sqlite" if db.startswith("sqlite") else "postgresql")
    assert (empty.content_version, empty.last_sync_at, empty.pin_set) == ("", None, False)
    applied = content.apply_reload(content_dir, kiosk_id=KIOSK)
    pin.set_pin("482915", kiosk_id=KIOSK)
    waitlist = make_list("lista-prova", "Lista prova")
    add_entry(waitlist)
    add_entry(waitlist, status="enrolled")
    add_entry(waitlist)
    now = status.system_status(settings)
    assert now.content_version == applied.version
    assert now.last_sync_actor == "staff@cpf-test"
    assert now.waitlist_totals == {"waiting": 2, "enrolled": 1}
    assert now.review_count == len(content.services_needing_review())
    assert now.pin_set
    lines = "\n".join(now.lines())
    assert f"totem: {KIOSK}" in lines
    assert "iscrizioni in lista d'attesa: in attesa 2, iscritto 1" in lines


def test_status_reports_a_database_error_instead_of_raising(db: str) -> None:
    close_database()
    open_database("postgresql://postgres@127.0.0.1:9/unreachable")
    try:
        report = status.system_status(Settings(database_url=db, kiosk_id=KIOSK))
    finally:
        close_database()
        open_database(db)
    assert not report.database_ok
    assert report.database_kind == "postgresql"
    assert "OperationalError" in report.database_error
    assert "ERROR" in "\n".join(report.lines())


def test_cli_admin_status_and_review(db: str, content_dir: Path) -> None:
    content.apply_reload(content_dir, kiosk_id=KIOSK)
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    settings = Settings(database_url=db, kiosk_id=KIOSK, content_dir=content_dir)
    out = io.StringIO()
    assert cli_commands.dispatch(parser.parse_args(["admin", "status"]), settings, stdout=out) == 0
    assert "PIN del personale: NON IMPOSTATO" in out.getvalue()
    out = io.StringIO()
    args = parser.parse_args(["admin", "review", "--months", "1"])
    assert cli_commands.dispatch(args, settings, stdout=out) == 0
    assert "schede da verificare (verificate più di 1 mese fa o segnalate)" in out.getvalue()
    out = io.StringIO()
    assert cli_commands.dispatch(parser.parse_args(["admin", "purge"]), settings, stdout=out) == 0
    assert out.getvalue() == "0 iscrizioni scadute cancellate.\n"


def test_review_shows_where_a_service_facts_come_from(db: str, content_dir: Path) -> None:
    path = content_dir / "services" / "spazi-gioco.md"
    text = path.read_text(encoding="utf-8")
    sources = (
        "sources:\n"
        '  - {url: "https://www.comune.lucca.it/?p=93150", read: 2026-12-02,'
        ' about: "il Centro a San Concordio"}\n'
    )
    path.write_text(text.replace("assured_date:", sources + "assured_date:", 1), encoding="utf-8")
    content.apply_reload(content_dir, kiosk_id=KIOSK)
    items = {i.slug: i for i in content.services_needing_review(1, TODAY)}
    assert [(s.url, s.read, s.about) for s in items["spazi-gioco"].sources] == [
        ("https://www.comune.lucca.it/?p=93150", "2026-12-02", "il Centro a San Concordio")
    ]
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    args = parser.parse_args(["admin", "review", "--months", "1"])
    assert cli_commands.dispatch(args, Settings(database_url=db, kiosk_id=KIOSK), stdout=out) == 0
    printed = out.getvalue().splitlines()
    at = printed.index(next(line for line in printed if line.startswith("services/spazi-gioco.md")))
    assert printed[at + 1] == (
        "    fonte: https://www.comune.lucca.it/?p=93150 (letta il 02/12/2026)"
        " — il Centro a San Concordio"
    )


def test_review_shows_the_office_and_event_sources(db: str, content_dir: Path) -> None:
    event = (
        '---\nslug: festa\ntitle: "Festa"\nstarts_at: "2099-05-01 16:00"\nplace: "Piazza"\n'
        'summary: "Una festa"\nsources:\n'
        '  - {url: "https://www.example.it/festa", read: 2026-12-01}\n'
        'assured_date: 2026-11-21\nassured_by: "Sportello"\nneeds_review: true\n---\nCorpo.\n'
    )
    (content_dir / "events" / "festa.md").write_text(event, encoding="utf-8")
    applied = content.apply_reload(content_dir, kiosk_id=KIOSK)
    assert applied.ok, applied.problems
    items = {(i.kind, i.slug): i for i in content.records_needing_review(12, TODAY)}
    office = items[("office", "office")]
    assert "https://www.comune.lucca.it/?p=93150" in [s.url for s in office.sources]
    assert [(s.url, s.read) for s in items[("event", "festa")].sources] == [
        ("https://www.example.it/festa", "2026-12-01")
    ]
