"""Worker results reach the screen that asked, typed; stale answers are dropped, never shown."""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Static

from kiosk.screens.base import KioskScreen, label
from tests.support.pilot import make_test_app
from tests.support.visitor import settle


class Probe(KioskScreen):
    """A screen that shows what its loads answered."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []
        self.failures: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(label(""), id="answer")

    def show(self, text: str) -> None:
        self.shown.append(text)
        self.query_one("#answer", Static).update(label(text))

    def failed(self, error: Exception) -> None:
        self.failures.append(str(error))


def slow(release: threading.Event, text: str) -> Callable[[], str]:
    """A load that answers `text` only once the test releases it."""

    def fetch() -> str:
        assert release.wait(10)
        return text

    return fetch


async def test_an_older_answer_arriving_late_is_dropped(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        probe = Probe()
        await app.push_screen(probe)
        release = threading.Event()
        probe.load_then(slow(release, "old filter"), probe.show)  # e.g. before a filter change
        probe.load_then(lambda: "new filter", probe.show)
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert probe.shown == ["new filter"]
        assert str(probe.query_one("#answer", Static).render()) == "new filter"


async def test_an_answer_for_a_closed_screen_is_dropped(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        probe = Probe()
        await app.push_screen(probe)
        release = threading.Event()
        probe.load_then(slow(release, "too late"), probe.show)
        await app.pop_screen()
        release.set()
        await settle(pilot)
        assert probe.shown == []


async def test_a_failure_goes_to_its_handler_and_answers_of_other_kinds_still_arrive(
    sqlite_url: str,
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        probe = Probe()
        await app.push_screen(probe)

        def broken() -> str:
            raise LookupError("no such list")

        probe.load_then(broken, probe.show, failed=probe.failed)
        probe.load_then(lambda: 3, lambda n: probe.show(f"{n} entries"))
        await settle(pilot)
        assert probe.failures == ["no such list"]
        assert probe.shown == ["3 entries"]
