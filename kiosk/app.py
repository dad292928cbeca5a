"""The kiosk App: language, idle reset, lock-down, recovery; screens do the rest."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from textual import events, on
from textual.app import App
from textual.reactive import var

from kiosk import dbcall, usage, waitlist
from kiosk.config import Settings
from kiosk.i18n import translate
from kiosk.messages import (
    AdminRequested,
    ContrastToggled,
    GoBack,
    GoHome,
    LanguageChosen,
    Navigate,
    NewVisit,
)
from kiosk.navigation import screen_for
from kiosk.screens.base import Shell
from kiosk.screens.staff.pin_entry import PinEntryScreen
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.still_there import StillThereScreen
from kiosk.theme import HIGH_CONTRAST, KIOSK_VARIABLE_DEFAULTS, LOBBY, THEMES

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 6 * 3600  # retention purge of waitlist entries
ACTIVITY_EVENTS = (
    events.Key,
    events.MouseDown,
    events.MouseUp,
    events.MouseScrollUp,
    events.MouseScrollDown,
    events.MouseScrollLeft,
    events.MouseScrollRight,
)
RESTART_CODE = 75  # the App ended after an unexpected error; run_kiosk starts a fresh one


class KioskApp(App[None], inherit_bindings=False):
    """Full-screen kiosk. In kiosk mode no key leaves the app; `--dev` allows ctrl+q."""

    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    TITLE = "Centro per le Famiglie"
    # Screens get -short/-tall classes: 80×24 terminals need smaller tiles than 200×60 ones.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012 (Textual's own API)

    language: var[str] = var("it")

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
        apologise: bool = False,
    ):
        super().__init__()
        self.apologise = apologise
        self.settings = settings
        self.clock = clock
        self.language = settings.language
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = LOBBY
        self.last_input = clock()
        self.asking_still_there = False
        # In kiosk mode an unexpected error sends the visitor back to the start, never to a shell.
        self.recover_from_errors = not settings.dev
        if settings.dev:
            self._bindings.bind("ctrl+q", "quit", "Quit", priority=True, show=False)
        self._bindings.bind("f9", "open_admin", show=False, priority=True)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **KIOSK_VARIABLE_DEFAULTS}

    # --- visit lifecycle -------------------------------------------------------------------

    def on_mount(self) -> None:
        self.start_visit()
        self.set_interval(1.0, self.check_visitor_idle, name="visitor-idle")
        self.purge_expired_entries()
        self.set_interval(PURGE_EVERY_SECONDS, self.purge_expired_entries, name="purge")

    def purge_expired_entries(self) -> None:
        """Delete waitlist entries past their list's retention period (off the UI thread)."""
        kiosk_id = self.settings.kiosk_id

        def job() -> None:
            try:
                dbcall.call(lambda: waitlist.purge_expired(actor="schedule", kiosk_id=kiosk_id))
            except Exception:  # retried at the next interval; never bothers a visitor
                log.warning("scheduled purge of expired waitlist entries failed")

        self.run_worker(job, thread=True, group="purge", exit_on_error=False)

    def start_visit(self) -> None:
        """Fresh attract screen; everything of the previous visitor is dropped."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.language = self.settings.language
        self.theme = LOBBY
        self._clipboard = ""
        self.clear_notifications()
        self.asking_still_there = False
        self.last_input = self.clock()
        self.push_screen(AttractScreen())

    def go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, AttractScreen):
            self.start_visit()

    def go_back(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.record_usage("language", language)
        self.language = language
        screen = self.screen
        relabel = getattr(screen, "relabel", None)
        if relabel is not None:
            relabel()

    def record_usage(self, kind: str, key: str) -> None:
        """Count anonymously (kind, key, language, day, kiosk) off the UI thread; never fails."""
        language, kiosk_id = self.language, self.settings.kiosk_id

        def job() -> None:
            try:
                dbcall.call(lambda: usage.record(kind, key, language, kiosk_id))
            except Exception:  # counting must never bother a visitor
                log.warning("usage not recorded (%s)", kind)

        self.run_worker(job, thread=True, group="usage", exit_on_error=False)

    # --- navigation: screens ask with a message, the router builds the screen ---------------

    @on(Navigate)
    def navigate(self, request: Navigate) -> None:
        screen = screen_for(request)
        if request.REPLACES:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @on(GoBack)
    def _go_back_requested(self) -> None:
        self.go_back()

    @on(GoHome)
    def _go_home_requested(self) -> None:
        self.go_home()

    @on(NewVisit)
    def _new_visit_requested(self) -> None:
        self.start_visit()

    @on(ContrastToggled)
    def _toggle_contrast(self) -> None:
        self.theme = LOBBY if self.theme == HIGH_CONTRAST else HIGH_CONTRAST

    @on(LanguageChosen)
    def _language_chosen(self, message: LanguageChosen) -> None:
        self.set_language(message.language)

    # --- idle -----------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # foot turns a finger drag into wheel events: scrolling either way is a visitor reading.
        if isinstance(event, ACTIVITY_EVENTS):
            self.last_input = self.clock()
        await super().on_event(event)

    def idle_seconds(self) -> float:
        return self.clock() - self.last_input

    def check_visitor_idle(self) -> None:
        if self.asking_still_there:
            return
        if getattr(self.screen, "STAFF_ONLY", False):
            # Staff screens close without asking: the next visitor never lands in admin.
            if self.idle_seconds() >= self.settings.admin_timeout:
                self.start_visit()
            return
        at_rest = isinstance(self.screen, AttractScreen) and len(self.screen_stack) == 2
        if at_rest and self.language == self.settings.language:
            return
        if self.idle_seconds() >= self.settings.idle_timeout:
            self.asking_still_there = True

            def answered(stay: bool | None) -> None:
                self.asking_still_there = False
                self.last_input = self.clock()
                if not stay:
                    self.start_visit()

            self.push_screen(StillThereScreen(self.settings.still_there_seconds), answered)

    # --- staff ----------------------------------------------------------------------------

    def action_open_admin(self) -> None:
        self.post_message(AdminRequested())

    def on_admin_requested(self, _message: AdminRequested) -> None:
        if getattr(self.screen, "STAFF_ONLY", False):
            return  # already on the PIN pad or in admin
        self.push_screen(PinEntryScreen())

    # --- never back to a shell --------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        if not self.recover_from_errors:
            super()._handle_exception(error)
            return
        # A widget whose handler raised has stopped processing messages: rather than patch a
        # half-dead screen, end this App and let `run_kiosk` start a fresh one that apologises.
        log.error("unexpected error, restarting the kiosk screens", exc_info=error)
        self.exit(return_code=RESTART_CODE)

    def on_ready(self) -> None:
        if self.apologise:
            self.notify(
                translate(self.language, "Ci scusiamo: qualcosa non ha funzionato. Ricominciamo."),
                markup=False,
                severity="warning",
                timeout=8,
            )


def make_app(settings: Settings, *, apologise: bool = False) -> KioskApp:
    """The app for these settings (tests build theirs the same way)."""
    return KioskApp(settings, apologise=apologise)


def run_kiosk(settings: Settings, factory: Callable[..., KioskApp] = make_app) -> int:
    """Run the kiosk; after an unexpected error start it again, never back to a shell."""
    apologise = False
    while True:
        app = factory(settings, apologise=apologise)
        try:
            app.run()
        except Exception:
            log.exception("the kiosk stopped unexpectedly; starting again")
            if settings.dev:
                raise
            apologise = True
            continue
        if app.return_code == RESTART_CODE and not settings.dev:
            apologise = True
            continue
        return app.return_code or 0


def _shell(app: KioskApp) -> Shell:
    """(For mypy) the app offers the screens what they read from it."""
    return app
