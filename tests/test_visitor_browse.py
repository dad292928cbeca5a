"""Needs and age groups: tiles with counts, cards, filters added, changed or cleared in a tap."""

from __future__ import annotations

import pytest

from kiosk import catalogue
from kiosk.app import KioskApp
from kiosk.screens.visitor.age_choice import AgeChoiceScreen
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.widgets.tiles import Tile
from tests.support.pilot import make_test_app, visible_text
from tests.support.visitor import settle, tap, usage_rows


def shown_services(app: KioskApp) -> list[str]:
    """Slugs of the service cards on the screen, in order."""
    return [str(tile.value) for tile in app.screen.query("Tile.service-card").results(Tile)]


def count_line(app: KioskApp) -> str:
    return str(app.screen.query_one("#browse-count").render())


def expected(need: str | None = None, age_group: str | None = None) -> list[str]:
    return [c.slug for c in catalogue.find_services("it", need=need, age_group=age_group)]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_need_tiles_show_counts_and_lead_to_the_services(
    sqlite_url: str, size: tuple[int, int]
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=size) as pilot:
        await tap(pilot, "#tile-needs")
        assert isinstance(app.screen, NeedChoiceScreen)
        tiles = {str(t.value): t.label.plain for t in app.screen.query(".need-tile").results(Tile)}
        for need in catalogue.list_needs("it"):
            count = "1 servizio" if need.service_count == 1 else f"{need.service_count} servizi"
            assert need.name in tiles[need.slug] and count in tiles[need.slug]
        tile = next(
            t for t in app.screen.query(".need-tile").results(Tile) if t.value == "informazioni"
        )
        await tap(pilot, tile)
        assert isinstance(app.screen, BrowseScreen)
        assert shown_services(app) == expected("informazioni")
        assert count_line(app) == "2 servizi"


async def test_by_need_then_add_change_and_clear_the_age(db_url: str) -> None:
    app = make_test_app(db_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-needs")
        need_tile = next(
            t
            for t in app.screen.query(".need-tile").results(Tile)
            if t.value == "sostegno-genitori"
        )
        await tap(pilot, need_tile)
        assert isinstance(app.screen, BrowseScreen)
        assert shown_services(app) == expected("sostegno-genitori")
        assert count_line(app) == "3 servizi"
        # One tap adds the age.
        await tap(pilot, "#chip-age-over-65")
        assert shown_services(app) == ["laboratori-per-famiglie"]
        assert shown_services(app) == expected("sostegno-genitori", "over-65")
        assert count_line(app) == "1 servizio"
        assert "✕ Over 65 e nonni" in visible_text(app)
        # One tap changes it.
        await tap(pilot, "#chip-age-attesa")
        assert shown_services(app) == expected("sostegno-genitori", "attesa") == []
        assert count_line(app) == "0 servizi"
        # One tap clears it.
        await tap(pilot, "#clear-age")
        assert shown_services(app) == expected("sostegno-genitori")
        assert count_line(app) == "3 servizi"
        assert [r for r in usage_rows() if r[0] != "need"] == [
            ("age_group", "over-65", "it", "cpf-lucca"),
            ("age_group", "attesa", "it", "cpf-lucca"),
        ]
        assert ("need", "sostegno-genitori", "it", "cpf-lucca") in usage_rows()


async def test_by_age_then_add_a_need(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-ages")
        assert isinstance(app.screen, AgeChoiceScreen)
        labels = {str(t.value): t.label.plain for t in app.screen.query(".age-tile").results(Tile)}
        # The adults' services (mediation, adoption, parents' support) are not for 0-3.
        zero_three = expected(age_group="0-3")
        assert f"{len(zero_three)} servizi" in labels["0-3"]
        adults_only = {
            "mediazione-familiare",
            "adozioni-e-affidi",
            "sostegno-psicologico-alla-genitorialita",
        }
        assert zero_three and not adults_only & set(zero_three)
        tile = next(t for t in app.screen.query(".age-tile").results(Tile) if t.value == "0-3")
        await tap(pilot, tile)
        assert isinstance(app.screen, BrowseScreen)
        assert shown_services(app) == expected(age_group="0-3")
        await tap(pilot, "#chip-need-nascita")
        assert shown_services(app) == ["percorso-nascita"] == expected("nascita", "0-3")
        # Clearing the age keeps the need.
        await tap(pilot, "#clear-age")
        assert shown_services(app) == expected("nascita")
        await tap(pilot, "#clear-need")
        assert shown_services(app) == expected()
        assert [r[:2] for r in usage_rows()] == [("age_group", "0-3"), ("need", "nascita")]


async def test_empty_result_explains_and_points_to_the_desk(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(BrowseScreen(need="nascita", age_group="over-65"))
        await settle(pilot)
        assert shown_services(app) == []
        text = visible_text(app)
        assert "0 servizi" in text
        assert "Nessun servizio corrisponde a questa scelta." in text
        assert "chiedi allo sportello" in text
        await tap(pilot, "#browse-office")
        assert isinstance(app.screen, OfficeScreen)


async def test_a_card_opens_the_service_page_and_back_returns(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(BrowseScreen(need="relazioni-familiari"))
        await settle(pilot)
        browse = app.screen
        card = app.screen.query_one("Tile.service-card", Tile)
        assert "Mediazione familiare" in card.label.plain
        assert "Per: Adulti, Over 65 e nonni" in card.label.plain
        # offered in every comune of the Piana: the card names none (its page lists them)
        assert "Dove:" not in card.label.plain
        await tap(pilot, card)
        assert "Mediazione familiare" in visible_text(app)
        await tap(pilot, "#nav-back")
        assert app.screen is browse
        await tap(pilot, "#nav-home")
        assert isinstance(app.screen, AttractScreen)
