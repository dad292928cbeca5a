"""Events: none known (bundled), a list filtered by age in one tap, a QR with link or calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.app import KioskApp
from kiosk.catalogue import calendar_entry
from kiosk.screens.visitor.event_detail import EventDetailScreen
from kiosk.screens.visitor.events import EventsScreen
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from kiosk.widgets.qr_code import QRCode
from kiosk.widgets.tiles import Tile
from tests.support.clock import freeze_clock
from tests.support.pilot import make_test_app, visible_text
from tests.support.visitor import (
    choose_language,
    decode_qr,
    settle,
    tap,
    usage_rows,
    write_event,
)


def with_events(content_dir: Path) -> Path:
    write_event(
        content_dir,
        "festa",
        'title: "Festa delle famiglie"\nstarts_at: "2026-12-05 16:30"\n'
        'ends_at: "2026-12-05 18:00"\nplace: "Sala civica"\ncomune: Capannori\n'
        'summary: "Giochi e merenda"\nmin_age: 3\nmax_age: 10\n'
        "waitlist:\n  open: true\n  retention_days: 30\n",
    )
    write_event(
        content_dir,
        "serata-ragazzi",
        'title: "Serata ragazzi"\nstarts_at: "2026-11-28 20:30"\nplace: "Centro giovani"\n'
        'summary: "Musica"\nage_groups: [14-17]\nurl: "https://example.org/serata"\n',
    )
    write_event(
        content_dir,
        "passata",
        'title: "Già passata"\nstarts_at: "2026-11-01 10:00"\nplace: "Centro"\nsummary: "x"\n',
    )
    return content_dir


def shown_events(app: KioskApp) -> list[str]:
    return [str(t.value) for t in app.screen.query("Tile.event-card").results(Tile)]


async def test_no_events_known_says_so_and_points_to_the_desk(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_clock(monkeypatch)
    app = make_test_app(sqlite_url)  # the bundled content has no events
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#tile-events")
        assert isinstance(app.screen, EventsScreen)
        text = visible_text(app)
        assert "Non ci sono eventi in programma al momento." in text
        assert "Chiedi allo sportello" in text
        await tap(pilot, "#events-office")
        assert isinstance(app.screen, OfficeScreen)


async def test_events_list_and_age_filter_in_one_tap(
    sqlite_url: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_clock(monkeypatch)
    app = make_test_app(sqlite_url, with_events(content_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(EventsScreen())
        await settle(pilot)
        assert shown_events(app) == ["serata-ragazzi", "festa"]  # soonest first, past ones gone
        festa = app.screen.query("Tile.event-card").results(Tile)
        label = next(t.label.plain for t in festa if t.value == "festa")
        assert "sabato 5 dicembre 2026, ore 16:30–18:00" in label
        assert "Sala civica, Capannori" in label
        await tap(pilot, "#chip-age-14-17")
        assert shown_events(app) == ["serata-ragazzi"]
        await tap(pilot, "#chip-age-6-11")
        assert shown_events(app) == ["festa"]
        await tap(pilot, "#chip-age-0-3")
        assert shown_events(app) == []
        assert "Non ci sono eventi in programma per questa età." in visible_text(app)
        await tap(pilot, "#events-all")
        assert shown_events(app) == ["serata-ragazzi", "festa"]
        assert [r[:2] for r in usage_rows()] == [
            ("age_group", "14-17"),
            ("age_group", "6-11"),
            ("age_group", "0-3"),
        ]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_event_without_link_gives_a_calendar_entry_that_scans(
    sqlite_url: str,
    content_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    theme: str,
) -> None:
    freeze_clock(monkeypatch)
    app = make_test_app(sqlite_url, with_events(content_dir))
    async with app.run_test(size=(200, 60)) as pilot:
        app.theme = theme
        app.push_screen(EventsScreen())
        await settle(pilot)
        card = [t for t in app.screen.query("Tile.event-card").results(Tile) if t.value == "festa"]
        await tap(pilot, card[0])
        assert isinstance(app.screen, EventDetailScreen)
        text = visible_text(app)
        for shown in ("Festa delle famiglie", "Giochi e merenda", "3–10 anni", "Sala civica"):
            assert shown in text
        qr = app.screen.query_one("#event-qr", QRCode)
        assert qr.showing_symbol
        [decoded] = decode_qr(app, tmp_path)
        assert decoded == qr.data
        assert "DTSTART:20261205T153000Z" in decoded and "SUMMARY:Festa delle famiglie" in decoded
        assert "LOCATION:Sala civica\\, Capannori" in decoded
        assert usage_rows() == [("event", "festa", "it", "cpf-lucca")]
        await tap(pilot, "#join-waitlist")  # the event has an open list
        assert isinstance(app.screen, WaitlistJoinScreen)
        assert (app.screen.slug, app.screen.kind) == ("festa", "event")


async def test_event_with_link_scans_to_the_link_and_speaks_english(
    sqlite_url: str, content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_clock(monkeypatch)
    app = make_test_app(sqlite_url, with_events(content_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(EventDetailScreen("serata-ragazzi"))
        await settle(pilot)
        qr = app.screen.query_one("#event-qr", QRCode)
        qr.scroll_visible(animate=False, immediate=True)
        await settle(pilot)
        assert decode_qr(app, tmp_path) == ["https://example.org/serata"]
        await choose_language(pilot, "en")
        text = visible_text(app)
        assert "Saturday, 28 November 2026, 20:30" in text  # CLDR en_GB full date
        assert "Scan the code with your phone to get the details." in text


def test_calendar_entry_matches_the_event_times() -> None:
    from kiosk.records import EventInfo

    summer = EventInfo(
        "x", "T", "", "", "P", "", dt.datetime(2027, 7, 1, 9, 0), None, None, None, "", "", None
    )
    assert "DTSTART:20270701T070000Z" in calendar_entry(summer)  # UTC+2 in summer
    assert "DTEND" not in calendar_entry(summer)  # no end invented
