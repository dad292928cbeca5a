"""The service page: every field, literal volunteer text, a QR that scans, the waitlist button."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.models import Service, Waitlist, WaitlistEntry
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from kiosk.widgets.markdown_text import MarkdownText
from kiosk.widgets.qr_code import QRCode
from tests.support.pilot import make_test_app, visible_text
from tests.support.visitor import (
    PUBLIC_URL,
    choose_language,
    decode_qr,
    settle,
    tap,
    usage_rows,
    write_service,
)

FULL = """
name: "Spazio compiti [b]insieme[/b]"
summary: "Aiuto nei compiti [@click=app.quit]due volte[/] a settimana"
needs: [scuola-studio]
age_groups: [6-11]
min_age: 6
max_age: 13.99
eligibility: "Bambini e ragazzi delle scuole della Piana"
application_process: "Iscrizione allo sportello con un genitore"
required_documents: ["Documento del genitore", "Pagella"]
fees: "Gratuito"
languages: [it, en]
location: "Biblioteca comunale, Via Roma 1"
comune: Capannori
schedule: "Martedì e giovedì 15:00-17:00"
contacts: "Telefono 0583 000000"
"""


def write_full_service(content_dir: Path, waitlist: str = "") -> None:
    write_service(
        content_dir,
        "spazio-compiti",
        FULL + waitlist,
        body="Il **doposcuola** del Comune.\n\n- Compiti\n- [Sito](https://example.org)\n",
    )


async def open_service(app, pilot, slug: str) -> None:  # type: ignore[no-untyped-def]
    app.push_screen(ServiceDetailScreen(slug))
    await settle(pilot)


async def test_every_field_is_shown_and_volunteer_text_stays_literal(
    sqlite_url: str, content_dir: Path
) -> None:
    write_full_service(content_dir)
    app = make_test_app(sqlite_url, content_dir, public_url=PUBLIC_URL)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_service(app, pilot, "spazio-compiti")
        text = visible_text(app)
        for shown in (
            "Spazio compiti [b]insieme[/b]",  # markup shown as written, never applied
            "Aiuto nei compiti [@click=app.quit]due volte[/] a settimana",
            "Per chi",
            "6–13 anni",
            "Bambini 6-11 anni",
            "Bambini e ragazzi delle scuole della Piana",
            "Quando",
            "Martedì e giovedì 15:00-17:00",
            "Dove",
            "Biblioteca comunale, Via Roma 1, Capannori",
            "Quanto costa",
            "Gratuito",
            "Come accedere",
            "Iscrizione allo sportello con un genitore",
            "Cosa portare",
            "• Documento del genitore",
            "• Pagella",
            "Lingue parlate",
            "italiano, inglese",
            "Contatti",
            "0583 000000",
            "Chi offre il servizio",
            "Comune di Lucca (Comune)",
            "Informazioni verificate il 21 novembre 2026.",  # CLDR long date
        ):
            assert shown in text, shown
        markdown = app.screen.query_one("#detail-description", MarkdownText)
        assert markdown.source.startswith("Il **doposcuola**")
        assert "doposcuola" in text and "**" not in text.split("Il ")[-1].split("\n")[0]
        assert app.screen.query_one("#detail-qr", QRCode).data == PUBLIC_URL + "spazio-compiti"
        assert not app.screen.query("#join-waitlist")  # no waitlist in this service
        assert ("service", "spazio-compiti", "it", "cpf-lucca") in usage_rows()


async def test_without_a_link_no_qr_but_ask_at_the_desk(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)  # no public_url, and the bundled service has no url
    async with app.run_test(size=(80, 24)) as pilot:
        await open_service(app, pilot, "percorso-nascita")
        assert not app.screen.query(QRCode)
        assert "chiedi allo sportello" in str(app.screen.query_one("#detail-no-link").render())


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_qr_code_scans_to_the_service_link(
    sqlite_url: str, tmp_path: Path, size: tuple[int, int], theme: str
) -> None:
    app = make_test_app(sqlite_url, public_url=PUBLIC_URL)
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await open_service(app, pilot, "percorso-nascita")
        qr = app.screen.query_one("#detail-qr", QRCode)
        qr.scroll_visible(animate=False, immediate=True)
        await settle(pilot)
        assert qr.showing_symbol
        assert decode_qr(app, tmp_path) == [PUBLIC_URL + "percorso-nascita"]


async def test_open_waitlist_offers_the_button(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_service(app, pilot, "percorso-nascita")  # bundled: open list
        assert str(app.screen.query_one("#join-waitlist").label) == "Mettiti in lista d'attesa"
        assert not app.screen.query("#waitlist-unavailable")
        await tap(pilot, "#join-waitlist")
        assert isinstance(app.screen, WaitlistJoinScreen)
        assert (app.screen.slug, app.screen.kind) == ("percorso-nascita", "service")


@pytest.mark.parametrize(
    ("settings", "fill", "message"),
    [
        ("  open: false\n  retention_days: 30\n", False, "è chiusa in questo momento"),
        ("  open: true\n  capacity: 1\n  retention_days: 30\n", True, "è al completo"),
    ],
)
async def test_closed_or_full_waitlist_points_to_the_desk(
    sqlite_url: str, content_dir: Path, settings: str, fill: bool, message: str
) -> None:
    write_full_service(content_dir, "waitlist:\n" + settings)
    app = make_test_app(sqlite_url, content_dir)
    if fill:
        waitlist = Waitlist.select().join(Service).where(Service.slug == "spazio-compiti").get()
        WaitlistEntry.create(waitlist=waitlist, seq=1, code="TESTCODE")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_service(app, pilot, "spazio-compiti")
        assert not app.screen.query("#join-waitlist")
        assert message in str(app.screen.query_one("#waitlist-unavailable").render())
        await tap(pilot, "#waitlist-office")
        assert isinstance(app.screen, OfficeScreen)


async def test_a_service_no_longer_shown_says_so(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_service(app, pilot, "non-esiste")
        assert "non è più disponibile" in visible_text(app)
        assert not usage_rows()


async def test_english_switch_keeps_the_page(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url, public_url=PUBLIC_URL)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_service(app, pilot, "percorso-nascita")
        await choose_language(pilot, "en")
        assert app.language == "en"
        text = visible_text(app)
        for english in ("Who it is for", "When", "Cost", "Join the waiting list", "‹ Back"):
            assert english in text, english
        assert "Quando" not in text
        assert isinstance(app.screen, ServiceDetailScreen)
        assert ("language", "en", "it", "cpf-lucca") in usage_rows()
        assert [r for r in usage_rows() if r[0] == "service"] == [
            ("service", "percorso-nascita", "it", "cpf-lucca")  # counted once, not per language
        ]


async def test_quick_start_shows_a_qr_to_the_centre_public_page(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = make_test_app(sqlite_url)  # no public_url: the bundled service's own page is the link
    async with app.run_test(size=(200, 60)) as pilot:
        await open_service(app, pilot, "sportello-informativo")
        qr = app.screen.query_one("#detail-qr", QRCode)
        qr.scroll_visible(animate=False, immediate=True)
        await settle(pilot)
        assert qr.showing_symbol
        assert decode_qr(app, tmp_path) == ["https://www.comune.lucca.it/?p=93150"]
