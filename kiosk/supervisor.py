"""`kiosk run`: the kiosk's app, started again whenever it ends without having asked to."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from kiosk.app import RESTART_CODE, KioskApp, make_app
from kiosk.config import Settings

log = logging.getLogger(__name__)

RESTART_QUICK = 10.0  # a run shorter than this (seconds) counts as a quick restart
RESTART_MAX_WAIT = 30.0  # longest pause between quick restarts (seconds)


def run_kiosk(
    settings: Settings,
    factory: Callable[..., KioskApp] = make_app,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run the kiosk; whenever it ends without having asked to, start it again.

    An error in a screen, a dead input thread (which Textual reports as exit code 0), anything:
    only a quit the kiosk asked for (ctrl+q in dev mode) ends the loop. In dev mode an
    unexpected end stops too, so that the developer sees it. Restarts that follow each other
    quickly wait a little longer each time (up to RESTART_MAX_WAIT seconds), never spinning.
    """
    apologise = False
    quick_restarts = 0
    while True:
        app = factory(settings, apologise=apologise)
        started = clock()
        try:
            app.run()
        except Exception:
            log.exception("the kiosk stopped unexpectedly; starting again")
            if settings.dev:
                raise
        else:
            if app.quit_asked or settings.dev:
                return app.return_code or 0
            if app.return_code != RESTART_CODE:
                log.error("the kiosk ended unasked (exit code %s); starting again", app.return_code)
        apologise = True
        quick_restarts = quick_restarts + 1 if clock() - started < RESTART_QUICK else 0
        if quick_restarts > 1:
            sleep(min(RESTART_MAX_WAIT, 2 ** (quick_restarts - 2)))
