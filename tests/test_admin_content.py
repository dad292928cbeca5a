"""Content screen: a reload preview lists problems as file:line and blocks Apply; then applies."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Button

from kiosk.models import AuditLog, ContentSync, Service, ServiceText
from kiosk.screens.staff.admin_content import AdminContentScreen
from kiosk.sync import sync_directory
from tests.support.admin import admin_app, cheap_scrypt, open_tile, settle, tap_again, unlock
from tests.support.pilot import visible_text

__all__ = ["cheap_scrypt"]

BROKEN = '---\nslug: rotto\nname: "Rotto"\nsummary: "x"\nneeds: [inesistente]\n---\nCorpo.\n'


async def test_broken_file_blocks_apply_then_a_valid_reload_is_applied(
    sqlite_url: str, tmp_path: Path, content_dir: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path, content_dir=content_dir)
    (content_dir / "services" / "rotto.md").write_text(BROKEN, encoding="utf-8")
    syncs = ContentSync.select().count()
    async with app.run_test(size=(200, 60)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-content")
        assert isinstance(app.screen, AdminContentScreen)
        apply = app.screen.query_one("#content-apply", Button)
        assert apply.disabled  # nothing previewed yet
        await pilot.click("#content-preview")
        await settle(pilot)
        text = visible_text(app)
        assert "services/rotto.md:5: `inesistente` non è in needs.yaml (bisogno)" in text
        assert "I file hanno" in text
        assert apply.disabled
        # The volunteer fixes the files: the broken one goes, another one changes.
        (content_dir / "services" / "rotto.md").unlink()
        path = content_dir / "services" / "spazi-gioco.md"
        path.write_text(
            path.read_text(encoding="utf-8").replace("summary:", "summary: Nuovo.", 1),
            encoding="utf-8",
        )
        await tap_again(pilot, "#content-preview")
        text = visible_text(app)
        assert "Modificati: 1" in text and "service:spazi-gioco" in text
        assert not apply.disabled
        await pilot.click("#content-apply")
        await settle(pilot)
        assert "Pubblicato." in visible_text(app)
        assert apply.disabled
    assert ContentSync.select().count() == syncs + 1
    service = Service.get(Service.slug == "spazi-gioco")
    summary = ServiceText.get(ServiceText.service == service, ServiceText.lang == "it").summary
    assert summary.startswith("Nuovo.")
    assert AuditLog.get(AuditLog.action == "content_reload").actor == "staff@cpf-test"


async def test_services_to_verify_are_listed(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    flagged = Service.select().where(Service.needs_review == True).count()  # noqa: E712
    assert flagged  # the bundled content flags records whose facts are not confirmed
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-content")
        text = visible_text(app)
        assert "verificati più di 12 mesi fa)" in text
        assert "da rivedere" in text and ".md" in text
        assert "Sportello: " in text and "office.yaml" in text  # the bundled office is flagged
        await pilot.click("#review-6")
        await settle(pilot)
        assert "verificati più di 6 mesi fa)" in visible_text(app)


async def test_preview_names_its_folder_and_refuses_to_undo_another_folders_publish(
    sqlite_url: str, tmp_path: Path, content_dir: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path, content_dir=content_dir)  # publishes content_dir
    copy = tmp_path / "copia"
    shutil.copytree(content_dir, copy)
    text = (copy / "services" / "spazi-gioco.md").read_text(encoding="utf-8")
    (copy / "services" / "nuovo-sportello.md").write_text(
        text.replace("slug: spazi-gioco", "slug: nuovo-sportello", 1), encoding="utf-8"
    )
    sync_directory(copy)  # a volunteer's `kiosk content sync COPY --force`
    async with app.run_test(size=(220, 60)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-content")
        await pilot.click("#content-preview")
        await settle(pilot)
        shown = visible_text(app)
        assert f"Cartella letta: {content_dir.resolve()}" in shown
        assert f"da {copy.resolve()}" in shown
        assert "Non si può applicare: l'ultima pubblicazione viene da un'altra cartella" in shown
        assert "kiosk content sync" in shown
        assert "Ritirati" not in shown and "service:nuovo-sportello" not in shown
        assert app.screen.query_one("#content-apply", Button).disabled
    assert not Service.get(Service.slug == "nuovo-sportello").retired_at


async def test_a_valid_preview_names_the_folder_it_read(
    sqlite_url: str, tmp_path: Path, content_dir: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path, content_dir=content_dir)
    async with app.run_test(size=(220, 60)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-content")
        await pilot.click("#content-preview")
        await settle(pilot)
        shown = visible_text(app)
        assert f"Cartella letta: {content_dir.resolve()}" in shown
        assert "Nessuna modifica rispetto a quanto pubblicato." in shown


async def test_services_to_verify_show_their_sources(sqlite_url: str, tmp_path: Path) -> None:
    app = admin_app(sqlite_url, tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-content")
        text = visible_text(app)
        # the bundled front office cites the Comune's page; a record without sources says so
        assert "Fonte: https://www.comune.lucca.it/?p=93150 — letta il 2026-12-02" in text
        assert "Nessuna fonte indicata" in text


async def test_translations_awaiting_review_are_listed_with_their_languages(
    sqlite_url: str, tmp_path: Path, content_dir: Path
) -> None:
    for path in (content_dir / "services").glob("spazi-gioco.*.md"):
        path.unlink()  # only the two translations below
    fr = '---\nname: "Espaces de jeu"\ntranslation_review: true\n---\n'
    (content_dir / "services" / "spazi-gioco.fr.md").write_text(fr, encoding="utf-8")
    uk = '---\nname: "Ігрові простори"\ntranslation_review: true\n---\n'
    (content_dir / "services" / "spazi-gioco.uk.md").write_text(uk, encoding="utf-8")
    app = admin_app(sqlite_url, tmp_path, content_dir=content_dir)
    italian = ServiceText.get(
        ServiceText.service == Service.get(Service.slug == "spazi-gioco"), ServiceText.lang == "it"
    ).name
    async with app.run_test(size=(200, 60)) as pilot:
        await unlock(pilot)
        await open_tile(pilot, "#admin-content")
        text = visible_text(app)
        assert "Traduzioni da far controllare a chi parla la lingua: " in text
        listed = text.split("Traduzioni da far controllare a chi parla la lingua: ", 1)[1]
        line = next(row for row in listed.splitlines() if "services/spazi-gioco.md" in row)
        assert line.strip() == f"{italian} — services/spazi-gioco.md — Français, Українська"
