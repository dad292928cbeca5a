"""Browsing a need with thousands of services: one page of cards, "show more", counts that
match the database, and a filter tap that repaints the list, not the screen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk import catalogue, catalogue_pages
from kiosk.app import KioskApp
from kiosk.messages import OpenBrowse
from kiosk.models import AgeGroup, Need, ServiceNeed, ServiceText
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.widgets.tiles import Tile
from tests.support.pilot import make_test_app, visible_text
from tests.support.visitor import settle, tap

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate

SERVICES = 2500
NEED = "nascita"
PAGE = catalogue_pages.PAGE_SIZE


@pytest.fixture
def big_content(tmp_path: Path) -> Path:
    return generate(SERVICES, tmp_path / "content", need=NEED)


def cards(app: KioskApp) -> list[str]:
    return [str(t.value) for t in app.screen.query("Tile.service-card").results(Tile)]


def direct_order() -> list[str]:
    """Every service of the need by Italian name, straight from the tables."""
    rows = (
        ServiceText.select(ServiceText.name, ServiceText.service)
        .join_from(ServiceText, ServiceNeed, on=ServiceNeed.service == ServiceText.service)
        .join(Need)
        .where(Need.slug == NEED, ServiceText.lang == "it")
    )
    named = sorted((r.name.casefold(), r.service.id, r.service.slug) for r in rows)
    return [slug for _, _, slug in named]


async def test_a_need_with_thousands_of_services_shows_a_page_and_more(
    sqlite_url: str, big_content: Path
) -> None:
    app = make_test_app(sqlite_url, big_content)
    order = direct_order()
    assert len(order) == SERVICES
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(BrowseScreen(need=NEED))
        await settle(pilot)
        assert cards(app) == order[:PAGE]  # a page, by name: not thousands of widgets
        assert f"{SERVICES} servizi" in visible_text(app)
        more = app.screen.query_one("#browse-more")
        assert more.display and f"({SERVICES - PAGE})" in visible_text(app)
        await tap(pilot, more)
        assert cards(app) == order[: 2 * PAGE]  # the next page under the first
        assert f"({SERVICES - 2 * PAGE})" in visible_text(app)


async def test_a_filter_tap_repaints_the_list_not_the_screen(
    sqlite_url: str, big_content: Path
) -> None:
    app = make_test_app(sqlite_url, big_content)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(BrowseScreen(need=NEED))
        await settle(pilot)
        need_chips = app.screen.query_one("#need-filter")
        age = AgeGroup.get(AgeGroup.slug == "0-3")
        expected = [c.slug for c in catalogue.find_services("it", need=NEED, age_group=age.slug)]
        await tap(pilot, "#chip-age-0-3")
        assert app.screen.query_one("#need-filter") is need_chips  # not composed again
        assert cards(app) == expected[:PAGE]
        assert f"{len(expected)} servizi" in str(app.screen.query_one("#browse-count").render())
        assert "-chosen" in app.screen.query_one("#chip-age-0-3").classes
        await tap(pilot, "#clear-age")
        assert app.screen.query_one("#need-filter") is need_chips
        assert "-chosen" not in app.screen.query_one("#chip-age-0-3").classes
        assert len(cards(app)) == PAGE


def test_tile_counts_equal_a_direct_count_and_follow_a_publish(
    sqlite_url: str, big_content: Path
) -> None:
    make_test_app(sqlite_url, big_content)
    direct = {
        need.slug: ServiceNeed.select().where(ServiceNeed.need == need).count()
        for need in Need.select()
    }
    assert {n.slug: n.service_count for n in catalogue.list_needs("it")} == direct
    assert direct[NEED] == SERVICES
    visible = catalogue._visible_services(catalogue.local_now().date())
    per_group = {g.slug: visible.where(catalogue._age_filter(g)).count() for g in AgeGroup}
    assert {g.slug: g.service_count for g in catalogue.list_age_groups("it")} == per_group
    # A publish that removes services is seen by the next call (the cache follows it).
    for path in sorted((big_content / "services").glob("servizio-0000*.md")):
        path.unlink()
    from kiosk.sync import sync_directory
    from tests.support.clock import publishing_clock

    with publishing_clock():
        sync_directory(big_content)
    counts = {n.slug: n.service_count for n in catalogue.list_needs("it")}
    assert counts[NEED] == SERVICES - 10


def test_events_load_in_a_few_queries_whatever_their_number(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = generate(30, tmp_path / "content", events=40)
    make_test_app(sqlite_url, folder)
    from kiosk.models import database

    statements: list[str] = []
    real = database.obj.execute_sql  # the database behind the proxy

    def counted(sql: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        statements.append(sql)
        return real(sql, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database.obj, "execute_sql", counted)
    events = catalogue.upcoming_events("it")
    assert len(events) == 40
    assert all(e.title and e.service_slug.startswith("servizio-") for e in events)
    assert len(statements) <= 5  # events, texts, waitlists, services: not four per event


async def test_the_first_visitor_after_a_start_finds_the_browse_order_computed(
    sqlite_url: str, big_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the attract screen is painted the kiosk computes, while nobody waits, what the
    first taps read: a need's services come up without their order being computed then."""
    app = make_test_app(sqlite_url, big_content)
    app.warm_ahead = True
    async with app.run_test(size=(91, 23)) as pilot:
        await settle(pilot)  # the start's background work included
        computed: list[object] = []
        real = catalogue_pages._ordered_ids

        def counting(*args: object) -> tuple[int, ...]:
            computed.append(args)
            return real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(catalogue_pages, "_ordered_ids", counting)
        app.post_message(OpenBrowse(need=NEED))
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen) and app.screen.data is not None
        assert app.screen.data.total > PAGE
        assert computed == []  # read from what the start computed
        app.post_message(OpenBrowse(need=NEED, age_group="0-3"))  # a pair: computed now
        await settle(pilot)
        assert len(computed) == 1
