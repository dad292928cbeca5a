"""What the kiosk does off the UI thread, never in a visitor's way: the purge of expired
waitlist entries, the expiry of seat offers, and the catalogue computed ahead of the next
visit. KioskApp (kiosk.app) builds on this."""

from __future__ import annotations

import logging
from collections.abc import Callable

from textual.app import App
from textual.reactive import var

from kiosk import dbcall
from kiosk.config import Settings
from kiosk.upstream import leaving_no_worker

log = logging.getLogger(__name__)


class ChoresApp(App[None]):
    """The app's background chores, each a database job in a thread worker."""

    language: var[str] = var("it")  # the visitor's (KioskApp): the catalogue is computed in it

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        # What a visit's first taps read is computed ahead, while nobody waits (warm_catalogue)
        self.warm_ahead = True

    def chore(
        self, group: str, call: Callable[[], object], failed: str, *, exclusive: bool = False
    ) -> None:
        """Run `call` (database work) off the UI thread. It never bothers a visitor: a failure
        is logged as `failed` (with the error's kind), and a timer's chore is tried again at
        its next interval."""

        def run() -> None:
            try:
                dbcall.call(call)
            except Exception as exc:
                log.warning("%s (%s)", failed, type(exc).__name__)

        job = leaving_no_worker(run)
        self.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def purge_expired_entries(self) -> None:
        """Delete waitlist entries past their list's retention period."""
        kiosk_id = self.settings.kiosk_id

        def purge() -> object:
            from kiosk import waitlist  # off the start: the first screen needs none of it

            return waitlist.purge_expired(actor="schedule", kiosk_id=kiosk_id)

        self.chore("purge", purge, "scheduled purge of expired waitlist entries failed")

    def expire_offers(self) -> None:
        """Expire seat offers whose time passed and pass the seats on."""
        kiosk_id, auto = self.settings.kiosk_id, self.settings.offer_auto

        def expire() -> object:
            from kiosk import offers

            return offers.expire_offers(auto=auto, actor="schedule", kiosk_id=kiosk_id)

        self.chore("offers", expire, "scheduled expiry of seat offers failed", exclusive=True)

    def warm_catalogue(self) -> None:
        """Compute, off the UI thread, what the first taps of a visit read (tile counts, the
        order of each need's and age group's services): after a start or a publish, the
        first visitor would otherwise wait for it (a need of 2,000 services: 0.2 s)."""
        if not self.warm_ahead:
            return
        language = self.language

        def warm() -> None:
            from kiosk import catalogue_pages

            catalogue_pages.warm(language)

        # failed: the first tap computes it then, as always
        self.chore("warm", warm, "catalogue not computed ahead", exclusive=True)
