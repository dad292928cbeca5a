"""One content folder: the CLI sync and the staff reload never undo each other's publish."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import Settings
from kiosk.models import Event, EventText, Office, Service, close_database, open_database
from kiosk.staff import content, status
from kiosk.sync import last_publish, sync_directory

KIOSK = "cpf-test"
NEW_ITEMS = ("service:nuovo-sportello", "event:festa-uno", "event:festa-due")


def volunteer_copy(source: Path, target: Path) -> Path:
    """A volunteer's copy of the content with one new service and two new events."""
    shutil.copytree(source, target)
    text = (source / "services" / "spazi-gioco.md").read_text(encoding="utf-8")
    (target / "services" / "nuovo-sportello.md").write_text(
        text.replace("slug: spazi-gioco", "slug: nuovo-sportello", 1), encoding="utf-8"
    )
    example = (source / "events" / "_esempio.md").read_text(encoding="utf-8")
    for slug in ("festa-uno", "festa-due"):
        (target / "events" / f"{slug}.md").write_text(
            example.replace("slug: esempio-evento", f"slug: {slug}", 1), encoding="utf-8"
        )
    return target


def published(slug: str) -> bool:
    return Service.select().where(Service.slug == slug, Service.retired_at.is_null()).exists()


def events_published() -> set[str]:
    return {e.slug for e in Event.select().where(Event.retired_at.is_null())}


def test_cli_sync_of_the_configured_folder_then_staff_preview_retires_nothing(
    db_url: str, content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = volunteer_copy(content_dir, tmp_path / "copia")
    monkeypatch.setenv("KIOSK_DATABASE_URL", db_url)
    monkeypatch.setenv("KIOSK_CONTENT_DIR", str(folder))
    assert main(["content", "sync"]) == 0
    close_database()
    open_database(db_url)
    try:
        assert last_publish() is not None and last_publish().folder == str(folder.resolve())  # type: ignore[union-attr]
        preview = content.preview_reload(folder)
        assert preview.can_apply and preview.retired == () and not preview.changed
        assert preview.folder == str(folder.resolve())
        assert preview.last_folder == str(folder.resolve())
    finally:
        close_database()


def test_trap_staff_reload_of_the_bundled_folder_never_retires_a_forced_sync(
    db_url: str, content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The volunteer published a copy with --force; staff reload the configured folder."""
    copy = volunteer_copy(content_dir, tmp_path / "copia")
    monkeypatch.setenv("KIOSK_DATABASE_URL", db_url)
    monkeypatch.setenv("KIOSK_CONTENT_DIR", str(content_dir))
    assert main(["content", "sync", str(copy), "--force"]) == 0
    close_database()
    open_database(db_url)
    try:
        assert published("nuovo-sportello")
        assert {"festa-uno", "festa-due"} <= events_published()
        preview = content.preview_reload(content_dir)
        assert not preview.can_apply and preview.refused == "other_folder"
        assert not set(NEW_ITEMS) & set(preview.retired)
        assert preview.folder == str(content_dir.resolve())
        assert preview.last_folder == str(copy.resolve())
        applied = content.apply_reload(content_dir, kiosk_id=KIOSK, seen=preview.last_id)
        assert not applied.applied and applied.refused == "other_folder"
        assert published("nuovo-sportello")
        assert {"festa-uno", "festa-due"} <= events_published()
    finally:
        close_database()


def test_sync_of_another_folder_needs_force_and_says_why(
    db_url: str,
    content_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = volunteer_copy(content_dir, tmp_path / "altra")
    monkeypatch.setenv("KIOSK_DATABASE_URL", db_url)
    monkeypatch.setenv("KIOSK_CONTENT_DIR", str(content_dir))
    assert main(["content", "sync"]) == 0
    capsys.readouterr()
    assert main(["content", "sync", str(other)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith("rifiutato:") and "--force" in line
    assert str(content_dir.resolve()) in line  # the configured folder
    assert f"ultima pubblicazione da {content_dir.resolve()}" in line
    close_database()
    open_database(db_url)
    try:
        assert not published("nuovo-sportello")
        assert last_publish().folder == str(content_dir.resolve())  # type: ignore[union-attr]
    finally:
        close_database()
    assert main(["content", "sync", str(other), "--force"]) == 0
    assert "aggiunto: service:nuovo-sportello" in capsys.readouterr().out
    close_database()
    open_database(db_url)
    try:
        assert published("nuovo-sportello")
        last = last_publish()
        assert last is not None and last.folder == str(other.resolve()) and last.actor == "cli"
    finally:
        close_database()


def test_a_forced_sync_without_changes_still_records_its_folder(
    db: str, content_dir: Path, tmp_path: Path
) -> None:
    sync_directory(content_dir)
    same = tmp_path / "stessa"
    shutil.copytree(content_dir, same)
    report = sync_directory(same)
    assert not report.changed
    assert last_publish().folder == str(same.resolve())  # type: ignore[union-attr]
    assert content.preview_reload(content_dir).refused == "other_folder"


def test_apply_refuses_when_a_newer_publish_came_after_the_preview(
    db: str, content_dir: Path, tmp_path: Path
) -> None:
    sync_directory(content_dir)
    preview = content.preview_reload(content_dir)
    assert preview.can_apply
    # Meanwhile a volunteer publishes a new service from the same folder with the CLI.
    volunteer = volunteer_copy(content_dir, tmp_path / "nuova")
    shutil.rmtree(content_dir)
    shutil.copytree(volunteer, content_dir)
    sync_directory(content_dir)
    (content_dir / "services" / "nuovo-sportello.md").unlink()  # staff's stale view
    refused = content.apply_reload(content_dir, kiosk_id=KIOSK, seen=preview.last_id)
    assert not refused.applied and refused.refused == "newer_publish"
    assert published("nuovo-sportello")


def test_office_and_events_are_in_the_review_list(db: str) -> None:
    today = dt.date(2026, 11, 21)
    Office.create(
        key="main",
        data='{"name": {"it": "Sportello CPF"}, "review_note": "orari?"}',
        needs_review=True,
        assured_date=today,
    )

    def event(slug: str, starts: dt.datetime, **fields: object) -> None:
        row = Event.create(slug=slug, source_path=f"events/{slug}.md", starts_at=starts, **fields)
        EventText.create(event=row, lang="it", title=slug.title())

    soon = dt.datetime(2026, 12, 5, 16, 30)
    event("segnalato", soon, assured_date=today, needs_review=True, review_note="luogo?")
    event("mai", soon)
    event("vecchio", soon, assured_date=dt.date(2025, 1, 1))
    event("verificato", soon, assured_date=today)
    event("passato", dt.datetime(2026, 1, 1, 10), needs_review=True)
    event("ritirato", soon, needs_review=True, retired_at=dt.datetime(2026, 11, 1))
    items = content.records_needing_review(12, today)
    assert [(i.kind, i.slug) for i in items] == [
        ("office", "office"),
        ("event", "mai"),
        ("event", "vecchio"),
        ("event", "segnalato"),
    ]
    office = items[0]
    assert (office.name, office.source_path, office.needs_review, office.review_note) == (
        "Sportello CPF",
        "office.yaml",
        True,
        "orari?",
    )
    Office.update(needs_review=False).execute()
    assert [i.kind for i in content.records_needing_review(12, today)] == ["event"] * 3


def test_admin_review_command_lists_office_and_events(
    db_url: str,
    content_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    future = content_dir / "events" / "festa-futura.md"
    example = (content_dir / "events" / "_esempio.md").read_text(encoding="utf-8")
    future.write_text(example.replace("slug: esempio-evento", "slug: festa-futura", 1), "utf-8")
    monkeypatch.setenv("KIOSK_DATABASE_URL", db_url)
    monkeypatch.setenv("KIOSK_CONTENT_DIR", str(content_dir))
    assert main(["content", "sync"]) == 0
    capsys.readouterr()
    assert main(["admin", "review"]) == 0
    out = capsys.readouterr().out
    assert "office.yaml: " in out and "[needs_review]" in out  # the bundled office is flagged
    assert "events/festa-futura.md: 01/01/2099 [needs_review]" in out
    assert "1 sportello" in out and "1 evento." in out


def test_status_says_when_the_last_publish_is_not_from_the_configured_folder(
    db: str, content_dir: Path, tmp_path: Path
) -> None:
    settings = Settings(database_url=db, kiosk_id=KIOSK, content_dir=content_dir)
    sync_directory(content_dir)
    assert not any(
        "pubblicati l'ultima volta da" in p for p in status.system_status(settings).problems
    )
    copy = tmp_path / "copia"
    shutil.copytree(content_dir, copy)
    sync_directory(copy)
    (problem,) = [p for p in status.system_status(settings).problems if "l'ultima volta da" in p]
    assert str(copy.resolve()) in problem and str(content_dir.resolve()) in problem
    assert "kiosk content sync" in problem
