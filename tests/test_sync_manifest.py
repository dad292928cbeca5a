"""A sync of an unchanged folder, even in a new process, reads no file again; any change does."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import sync as sync_module
from kiosk.contentfiles.front_matter import CHECKED_FILES
from kiosk.models import ContentSync, Service
from kiosk.sync import sync_directory
from tests.support.visitor import write_service


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the sync reads and parses a folder."""
    calls: list[Path] = []
    real = sync_module.load_content

    def counted(folder: Path):  # type: ignore[no-untyped-def]
        calls.append(folder)
        return real(folder)

    monkeypatch.setattr(sync_module, "load_content", counted)
    return calls


def as_new_process() -> None:
    """Forget what this process parsed: only the database remembers."""
    CHECKED_FILES.keep_only(set())


def test_an_unchanged_folder_is_not_parsed_again(
    db: str, content_dir: Path, loads: list[Path]
) -> None:
    first = sync_directory(content_dir)
    assert len(loads) == 1
    publishes = ContentSync.select().count()
    as_new_process()
    again = sync_directory(content_dir)
    assert len(loads) == 1  # nothing read or parsed
    assert not again.changed and ContentSync.select().count() == publishes
    assert sorted(again.unchanged) == sorted(first.added)
    assert again.version == first.version


def test_an_edited_added_or_removed_file_is_synced(
    db: str, content_dir: Path, loads: list[Path]
) -> None:
    sync_directory(content_dir)
    page = content_dir / "services" / "percorso-nascita.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            'name: "Percorso nascita"', 'name: "Percorso nascita e dopo"'
        ),
        encoding="utf-8",
    )
    as_new_process()
    edited = sync_directory(content_dir)
    assert len(loads) == 2 and edited.updated == ["service:percorso-nascita"]
    (content_dir / "services" / "percorso-nascita.en.md").unlink()
    removed = sync_directory(content_dir)
    assert len(loads) == 3 and removed.updated == ["service:percorso-nascita"]
    sync_directory(content_dir)
    assert len(loads) == 3  # unchanged again: answered from the manifest
    write_service(
        content_dir, "nuovo-servizio", 'name: "Nuovo"\nsummary: "Nuovo"\nneeds: [nascita]'
    )
    added = sync_directory(content_dir)
    assert len(loads) == 4 and added.added == ["service:nuovo-servizio"]
    (content_dir / "services" / "nuovo-servizio.md").unlink()
    retired = sync_directory(content_dir)
    assert len(loads) == 5 and retired.retired == ["service:nuovo-servizio"]
    assert Service.get(Service.slug == "nuovo-servizio").retired_at is not None


def test_a_publish_by_another_route_or_a_dry_run_reads_the_folder(
    db: str, content_dir: Path, loads: list[Path], tmp_path: Path
) -> None:
    sync_directory(content_dir)
    preview = sync_directory(content_dir, dry_run=True)
    assert len(loads) == 2 and not preview.changed  # a preview always checks the files
    other = tmp_path / "other"
    other.mkdir()
    for part in ("needs.yaml", "age_groups.yaml", "office.yaml"):
        (other / part).write_bytes((content_dir / part).read_bytes())
    (other / "services").mkdir()
    (other / "events").mkdir()
    sync_directory(other)  # everything retired: the database no longer holds content_dir
    back = sync_directory(content_dir)
    assert len(loads) == 4 and "service:percorso-nascita" in back.updated + back.added
