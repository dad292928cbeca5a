"""A sync of an unchanged folder, even in a new process, reads no file again; any change does."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import sync as sync_module
from kiosk.contentfiles import front_matter
from kiosk.contentfiles.front_matter import CHECKED_FILES
from kiosk.contentfiles.loader import load_content
from kiosk.contentfiles.problems import Reporter
from kiosk.models import ContentManifest, ContentSync, Service, ServiceText
from kiosk.sync import ContentInvalid, sync_directory
from tests.support.visitor import write_event, write_service


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the sync reads and parses a folder."""
    calls: list[Path] = []
    real = sync_module.load_content

    def counted(folder: Path, **options):  # type: ignore[no-untyped-def]
        calls.append(folder)
        return real(folder, **options)

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


# --- an edited folder: only the services and events whose files changed are parsed ----------


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file of every front matter parsed (Italian files and translations)."""
    files: list[str] = []
    real = front_matter.parse_yaml

    def counting(text: str, rep: Reporter, line_offset: int = 0) -> object:
        files.append(Path(rep.path).name)
        return real(text, rep, line_offset)

    monkeypatch.setattr(front_matter, "parse_yaml", counting)
    return files


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_only_the_services_whose_files_changed_are_parsed_again(
    db: str, content_dir: Path, parsed: list[str]
) -> None:
    first = sync_directory(content_dir)
    services = content_dir / "services"
    edit(services / "spazi-gioco.en.md", "Play", "Playtime")  # a translation
    for name in ("programma-pippi.md", *(p.name for p in services.glob("programma-pippi.*.md"))):
        renamed = name.replace("programma-pippi", "pippi")  # renamed, with its translations
        (services / name).rename(services / renamed)
    edit(services / "pippi.md", "slug: programma-pippi", "slug: pippi")
    (services / "serd.md").touch()  # touched, not changed
    as_new_process()
    parsed.clear()
    report = sync_directory(content_dir)
    assert report.updated == ["service:spazi-gioco"]
    assert (report.added, report.retired) == (["service:pippi"], ["service:programma-pippi"])
    # the Italian file of the edited service is read with its translations
    assert sorted(parsed) == sorted(
        [p.name for p in services.glob("spazi-gioco.*md")]
        + [p.name for p in services.glob("pippi.*md")]
    )
    english = ServiceText.get(
        ServiceText.service == Service.get(Service.slug == "spazi-gioco"), ServiceText.lang == "en"
    )
    assert "Playtime" in english.name
    assert len(report.unchanged) == len(first.added) - 2  # all but the edited and renamed
    parsed.clear()
    edit(services / "spazi-gioco.en.md", "Playtime", "Play")  # back as it was
    assert sync_directory(content_dir).updated == ["service:spazi-gioco"]
    assert parsed == ["spazi-gioco.en.md"]  # this process remembers its other files


def _without_need(needs_yaml: Path, slug: str) -> None:
    """needs.yaml without the entry of `slug` (its block up to the next `- slug:`)."""
    lines = needs_yaml.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  - slug: {slug}")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("  - slug:")), len(lines)
    )
    needs_yaml.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_an_unparsed_service_is_still_checked_against_the_other_files(
    db: str, content_dir: Path, parsed: list[str]
) -> None:
    sync_directory(content_dir)
    before = Service.select().where(Service.retired_at.is_null()).count()
    _without_need(content_dir / "needs.yaml", "scuola-studio")  # still named by a service
    as_new_process()
    parsed.clear()
    with pytest.raises(ContentInvalid) as caught:
        sync_directory(content_dir)
    assert parsed == []  # no service file changed
    full = load_content(content_dir)  # the same folder, every file checked
    assert caught.value.problems == full.problems
    (problem,) = [p for p in full.problems if "scuola-studio" in p.message]
    assert problem.path.endswith("services/sostegno-allo-studio-bes-dsa.md")
    assert problem.line == 12  # the line of its `needs:`
    assert Service.select().where(Service.retired_at.is_null()).count() == before


def test_an_unparsed_event_still_needs_its_service(
    db: str, content_dir: Path, parsed: list[str]
) -> None:
    write_event(
        content_dir,
        "festa",
        'title: "Festa"\nstarts_at: "2099-05-01 16:30"\nplace: "Sala"\nsummary: "Festa."\n'
        "service: spazi-gioco",
    )
    assert "event:festa" in sync_directory(content_dir).added
    for path in (content_dir / "services").glob("spazi-gioco.*md"):
        path.unlink()
    as_new_process()
    parsed.clear()
    with pytest.raises(ContentInvalid) as caught:
        sync_directory(content_dir)
    assert parsed == []
    assert caught.value.problems == load_content(content_dir).problems
    assert any(
        p.path.endswith("events/festa.md") and "spazi-gioco" in p.message
        for p in caught.value.problems
    )


def test_a_database_changed_behind_the_manifest_is_checked_in_full(
    db: str, content_dir: Path
) -> None:
    sync_directory(content_dir)
    service = Service.get(Service.slug == "spazi-gioco")
    Service.update(content_hash="changed by hand").where(Service.id == service.id).execute()
    ServiceText.update(name="Nome a mano").where(ServiceText.service == service).execute()
    (content_dir / "services" / "serd.md").touch()  # the folder differs: a sync reads it
    as_new_process()
    report = sync_directory(content_dir)
    assert report.updated == ["service:spazi-gioco"]  # what the file says is back
    names = {t.name for t in ServiceText.select().where(ServiceText.service == service)}
    assert "Nome a mano" not in names


def test_a_damaged_manifest_means_a_full_check(
    db: str, content_dir: Path, parsed: list[str]
) -> None:
    sync_directory(content_dir)
    ContentManifest.update(items='{"service:serd": ["not", "a", "record"]}').execute()
    (content_dir / "services" / "serd.md").touch()
    as_new_process()
    parsed.clear()
    assert not sync_directory(content_dir).changed
    assert "serd.md" in parsed  # its record was unusable: read in full
    ContentManifest.update(items="not JSON").execute()
    (content_dir / "services" / "serd.md").touch()
    as_new_process()
    parsed.clear()
    assert not sync_directory(content_dir).changed
    assert len(parsed) == len(list((content_dir / "services").glob("[!_]*.md")))
