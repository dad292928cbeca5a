"""Helpers for Pilot tests: a kiosk app on a throwaway database with the bundled content."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot

from kiosk.app import KioskApp, make_app
from kiosk.config import load_settings
from kiosk.models import migrate, open_database
from kiosk.sync import sync_directory
from tests.support.clock import publishing_clock


class FakeClock:
    """A monotonic clock the test moves by hand (no sleeping)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def settle_screens(pilot: Pilot[None], quiet_rounds: int = 2) -> None:
    """Let handlers, the router, database workers and their answers run, until the screen on
    top has stayed the same for `quiet_rounds` rounds (no sleeping: rounds of message processing).

    A tap that opens a screen takes a message to the app's router, then the new screen's own
    load and its answer: on a busy machine one round may end before the new screen is up.
    """
    app = pilot.app
    quiet = 0
    for _ in range(12):
        screen = app.screen
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        quiet = quiet + 1 if app.screen is screen else 0
        if quiet >= quiet_rounds:
            return


async def settle_until(pilot: Pilot[None], done: Callable[[], bool], rounds: int = 50) -> None:
    """Rounds of message processing (no sleeping) until `done()` holds, at most `rounds`:
    for an answer that comes after the screen is up (a table loaded by its own worker)."""
    for _ in range(rounds):
        if done():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


def make_test_app(
    db_url: str, content_dir: Path | None = None, *, clock: FakeClock | None = None, **settings
) -> KioskApp:
    """Open and fill the database, then build the app with `kiosk run`'s factory."""
    open_database(db_url)
    migrate()
    environ = {"KIOSK_DATABASE_URL": db_url}
    if "kiosk_id" in settings:  # read as `kiosk run` reads it: the site's comune follows
        environ["KIOSK_ID"] = str(settings.pop("kiosk_id"))
    base = load_settings(environ)
    if content_dir is not None:
        base = replace(base, content_dir=content_dir)
    with publishing_clock():
        sync_directory(base.content_dir)
    app = make_app(replace(base, **settings), clock=clock or FakeClock())
    app.recover_from_errors = False  # a bug in a test must fail the test, not be hidden
    # No catalogue queries in a background thread beside the test's own (tests of it turn it on)
    app.warm_ahead = False
    return app


def visible_text(app: KioskApp) -> str:
    """All text currently rendered on the active screen (what the visitor sees)."""
    from textual.widgets import Button, Input, Static

    parts = []
    for widget in app.screen.query("*"):
        if not widget.display:
            continue
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
        elif isinstance(widget, Button):
            parts.append(str(widget.label))
        elif isinstance(widget, Input):
            parts.append(widget.value)
    return "\n".join(parts)
