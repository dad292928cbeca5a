"""The app shell: attract screen, lock-down keys, idle reset, recovery from errors."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Static

from kiosk.app import RESTART_CODE
from kiosk.config import Settings, load_settings
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.still_there import StillThereScreen
from kiosk.supervisor import run_kiosk
from tests.support.pilot import FakeClock, make_test_app, visible_text

ESCAPE_KEYS = ["ctrl+q", "ctrl+c", "ctrl+p", "ctrl+z", "ctrl+backslash", "ctrl+s", "f1"]


async def test_attract_screen_greets_in_italian(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AttractScreen)
        text = visible_text(app)
        assert "Centro per le Famiglie" in text
        assert "Di cosa hai bisogno?" in text and "Per chi?" in text


async def test_language_switch_is_one_tap(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#lang-en")
        await pilot.pause()
        assert app.language == "en"
        assert "What do you need?" in visible_text(app)


@pytest.mark.parametrize("key", ESCAPE_KEYS)
async def test_no_key_leaves_the_kiosk(sqlite_url: str, key: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, AttractScreen)  # no command palette, no help panel


async def test_dev_mode_can_quit(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url, dev=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
        assert app.quit_asked  # run_kiosk stops: the only end the kiosk asks for


async def test_idle_asks_then_resets_to_a_fresh_attract_screen(sqlite_url: str) -> None:
    clock = FakeClock()
    app = make_test_app(sqlite_url, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.screen
        await pilot.click("#lang-en")
        app.copy_to_clipboard("something the visitor copied")
        app.notify("a message for this visitor")
        clock.advance(app.settings.idle_timeout + 1)
        app.check_visitor_idle()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        # Countdown runs out (ticks driven by hand, no sleeping).
        for _ in range(60):
            if isinstance(app.screen, AttractScreen) and app.screen is not first:
                break  # the reset has happened
            if isinstance(app.screen, StillThereScreen):
                app.screen.tick()
            await pilot.pause()
        assert isinstance(app.screen, AttractScreen)
        assert app.screen is not first  # a fresh instance
        assert app.language == "it"
        assert app.clipboard == ""
        assert not app._notifications
        assert "Di cosa hai bisogno?" in visible_text(app)


async def test_continue_keeps_the_visit(sqlite_url: str) -> None:
    clock = FakeClock()
    app = make_test_app(sqlite_url, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#lang-en")
        clock.advance(app.settings.idle_timeout + 1)
        app.check_visitor_idle()
        await pilot.pause()
        assert "Are you still there?" in visible_text(app)
        await pilot.click("#still-there-continue")
        await pilot.pause()
        assert isinstance(app.screen, AttractScreen) and app.language == "en"


async def test_unexpected_error_ends_this_app_for_a_fresh_one(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    app.recover_from_errors = True
    async with app.run_test(size=(80, 24)) as pilot:

        def broken() -> None:
            raise RuntimeError("bug in a screen")

        app.screen.query_one("#attract-title", Static).call_later(broken)
        # Wait (bounded) for the app to react; pilot.pause() would wait on the dead widget.
        for _ in range(500):
            if app.return_code is not None:
                break
            await asyncio.sleep(0.01)
        assert app.return_code == RESTART_CODE
        assert not app.quit_asked  # run_kiosk starts a fresh one
        del pilot


async def test_the_fresh_app_apologises(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    app.apologise = True
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AttractScreen)
        assert any("Ci scusiamo" in str(n.message) for n in app._notifications)


class ScriptedApp:
    """Stands for KioskApp in run_kiosk: each run ends as the script says."""

    def __init__(self, script: list[object], runs: list[bool], apologise: bool) -> None:
        self.apologise = apologise
        self.outcome = script[len(runs)]
        self.runs = runs
        self.quit_asked = False
        self.return_code: int | None = None

    def run(self) -> None:
        self.runs.append(self.apologise)
        if isinstance(self.outcome, Exception):
            raise self.outcome
        if self.outcome == "quit":
            self.quit_asked, self.return_code = True, 0
        else:
            self.return_code = self.outcome  # type: ignore[assignment]


def run_script(settings: Settings, script: list[object]) -> tuple[int, list[bool], list[float]]:
    runs: list[bool] = []
    waits: list[float] = []
    code = run_kiosk(
        settings,
        lambda s, apologise: ScriptedApp(script, runs, apologise),  # type: ignore[arg-type,return-value]
        sleep=waits.append,
    )
    return code, runs, waits


def test_run_kiosk_starts_again_after_an_error(sqlite_url: str) -> None:
    settings = load_settings({"KIOSK_DATABASE_URL": sqlite_url})
    code, runs, _waits = run_script(settings, [RESTART_CODE, RuntimeError("crash"), "quit"])
    assert code == 0
    assert runs == [False, True, True]


@pytest.mark.parametrize("return_code", [0, 1, None, 130])
def test_run_kiosk_restarts_on_any_end_it_did_not_ask_for(
    sqlite_url: str, return_code: int | None
) -> None:
    """Textual ends with code 0 when its input thread dies: that is no reason to stop."""
    settings = load_settings({"KIOSK_DATABASE_URL": sqlite_url})
    code, runs, _waits = run_script(settings, [return_code, return_code, "quit"])
    assert code == 0
    assert runs == [False, True, True]  # started again twice, apologising


def test_quick_restarts_wait_longer_each_time_never_spin(sqlite_url: str) -> None:
    settings = load_settings({"KIOSK_DATABASE_URL": sqlite_url})
    _code, runs, waits = run_script(settings, [0] * 8 + ["quit"])
    assert len(runs) == 9
    assert waits == [1, 2, 4, 8, 16, 30, 30]  # a broken terminal does not take the CPU


def test_dev_mode_stops_on_an_unexpected_end(sqlite_url: str) -> None:
    settings = load_settings({"KIOSK_DATABASE_URL": sqlite_url}, dev=True)
    code, runs, _waits = run_script(settings, [0, "quit"])
    assert (code, runs) == (0, [False])


async def test_running_kiosk_purges_expired_entries(sqlite_url: str) -> None:
    import datetime as dt

    from kiosk.models import Service, Waitlist, WaitlistEntry

    app = make_test_app(sqlite_url)
    service = Service.get(Service.slug == "laboratori-per-famiglie")
    waitlist = Waitlist.get(Waitlist.service == service)
    long_ago = dt.datetime(2020, 1, 1)
    Waitlist.update(is_open=False, closed_at=long_ago).where(Waitlist.id == waitlist.id).execute()
    WaitlistEntry.create(waitlist=waitlist, seq=1, code="ACDEFH", name="Anna", phone="+39333")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert WaitlistEntry.select().where(WaitlistEntry.code == "ACDEFH").count() == 0
