"""The kiosk App: language, idle reset, lock-down, recovery; screens do the rest."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import constants, events, on
from textual.driver import Driver
from textual.screen import Screen
from textual.timer import Timer

from kiosk import memory, textual_patches, usage
from kiosk.app_chores import ChoresApp
from kiosk.comuni import comune_key
from kiosk.config import Settings
from kiosk.i18n import translate
from kiosk.messages import (
    AdminRequested,
    ContrastToggled,
    GoBack,
    GoHome,
    LanguageChosen,
    LanguagePickerRequested,
    Navigate,
    NewVisit,
    ShowTicket,
)
from kiosk.navigation import preload_screens, screen_for
from kiosk.screens.base import KioskScreen, Shell
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.language_picker import LanguagePickerScreen
from kiosk.screens.visitor.still_there import StillThereScreen
from kiosk.theme import HIGH_CONTRAST, KIOSK_VARIABLE_DEFAULTS, LOBBY, THEMES
from kiosk.upstream import leaving_no_worker, release_render_caches

if TYPE_CHECKING:
    from kiosk.notify.worker import OutboxWorker

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 6 * 3600  # retention purge of waitlist entries
# Seconds after a visit ends before its memory is swept (kiosk.memory), off any tap's path.
VISIT_SWEEP_AFTER = 2.0
# How long a tap waits for the next page's data before showing it with "Un momento…".
PRELOAD_WAIT = 0.3
OFFERS_EVERY_SECONDS = 60  # expiry of seat offers: one indexed query when nothing is due
ACTIVITY_EVENTS = (
    events.Key,
    events.MouseDown,
    events.MouseUp,
    events.MouseScrollUp,
    events.MouseScrollDown,
    events.MouseScrollLeft,
    events.MouseScrollRight,
)
RESTART_CODE = 75  # the App ended after an unexpected error; kiosk.supervisor starts a fresh one


class KioskApp(ChoresApp, inherit_bindings=False):
    """Full-screen kiosk. In kiosk mode no key leaves the app; `--dev` allows ctrl+q."""

    # The attract screen's stylesheet is read with the app's: pushing that screen would have
    # Textual parse every stylesheet again, on the way to the first frame.
    CSS_PATH = ["app.tcss", "screens/visitor/visitor.tcss"]  # noqa: RUF012 (Textual's own API)
    ENABLE_COMMAND_PALETTE = False
    # Text selection serves nothing on a touch kiosk, and Textual's selection code raises when a
    # tap lands on a widget that a recompose has just detached (the kiosk would restart).
    ALLOW_SELECT = False
    TITLE = "Centro per le Famiglie"
    # Screens get -short/-tall classes: 80×24 terminals need smaller tiles than 200×60 ones.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012 (Textual's own API)

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
        apologise: bool = False,
    ):
        textual_patches.apply()  # before any widget is built
        super().__init__(settings)
        self.apologise = apologise
        self.clock = clock
        self.language = settings.language
        self.opening: Screen[object] | None = None  # a tapped page loading (see navigate)
        self.sweep: Timer | None = None  # the memory sweep after a visit (kiosk.memory)
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = LOBBY
        self.last_input = clock()
        self.touches = 0  # taps, drags and keys so far (the sweep's "has anyone begun?")
        self.touches_at_visit_start = 0
        self.visit = 0  # the visit under way; screens of an earlier one count nothing for it
        self.comune = ""  # the visitor's "Il mio comune" ("" = every comune)
        self.searched_empty = False  # this visit's last search found nothing
        self.asking_still_there = False
        self.quit_asked = False  # True only when the kiosk itself chose to end (dev: ctrl+q)
        # In kiosk mode an unexpected error sends the visitor back to the start, never to a shell.
        self.recover_from_errors = not settings.dev
        if settings.dev:
            self._bindings.bind("ctrl+q", "quit", "Quit", priority=True, show=False)
        self._bindings.bind("f9", "open_admin", show=False, priority=True)
        self.outbox: OutboxWorker | None = None

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **KIOSK_VARIABLE_DEFAULTS}

    def get_driver_class(self) -> type[Driver]:
        """On Linux, Textual's driver hardened against hostile input bytes (kiosk/terminal.py)."""
        if constants.DRIVER is not None or sys.platform == "win32":
            return super().get_driver_class()
        from kiosk.terminal import KioskDriver

        return KioskDriver

    # --- visit lifecycle -------------------------------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(memory.tune)  # after the first frame, not before it
        self.start_visit()
        self.set_interval(1.0, self.check_visitor_idle, name="visitor-idle")
        self.purge_expired_entries()
        self.set_interval(PURGE_EVERY_SECONDS, self.purge_expired_entries, name="purge")
        self.set_interval(OFFERS_EVERY_SECONDS, self.expire_offers, name="offers")
        notify = self.settings.notify
        if notify.worker and notify.channels:  # messages to families leave from a thread
            from kiosk.notify.worker import OutboxWorker

            self.outbox = OutboxWorker(notify)
            self.outbox.start()

    def on_unmount(self) -> None:
        if self.outbox is not None:
            self.outbox.stop()
        memory.release()

    def start_visit(self) -> None:
        """Fresh attract screen; everything of the previous visitor is dropped."""
        self.opening = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        # once the last visit's pages are gone (removed after this handler), while the
        # attract screen waits for the next visitor
        if self.sweep is not None:
            self.sweep.stop()
        self.sweep = self.set_timer(VISIT_SWEEP_AFTER, self.between_visits, name="visit-sweep")
        self.language = self.settings.language
        self.visit += 1
        self.comune = ""
        self.searched_empty = False
        self.theme = LOBBY
        self._clipboard = ""
        self.clear_notifications()
        reset_input = getattr(self._driver, "reset_input", None)
        if reset_input is not None:
            reset_input()  # whatever the last visitor's bytes left in the input parser goes
        self.asking_still_there = False
        self.last_input = self.clock()
        self.touches_at_visit_start = self.touches
        release_render_caches()
        self.push_screen(AttractScreen())

    def go_home(self) -> None:
        self.opening = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if isinstance(self.screen, AttractScreen):
            release_render_caches()  # the visit's screens are gone: so go their lines
        else:
            self.start_visit()

    def go_back(self) -> None:
        if self.opening is not None:
            self.opening = None  # Back before the tapped page showed: stay on this one
            return
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def set_language(self, language: str) -> None:
        if language not in self.settings.languages:
            return  # not offered on this kiosk
        if language != self.language:
            self.record_usage("language", language)
        self.language = language
        screen = self.screen
        relabel = getattr(screen, "relabel", None)
        if relabel is not None:
            relabel()

    def choose_comune(self, comune: str) -> None:
        """The visitor's "Il mio comune" until the visit ends ("" = every comune); counted."""
        if comune and comune != self.comune:
            self.record_usage("comune", comune_key(comune))
        self.comune = comune

    def record_usage(self, kind: str, key: str, visit: int | None = None) -> None:
        """Count anonymously (kind, key, language, day, kiosk) off the UI thread; never fails.

        A need opened after a search that found nothing, in the same visit, is also counted
        as `search_need` (which need the visitor turned to, never what was typed). `visit`
        is the visit a screen belongs to: a screen leaving after a reset links nothing.
        """
        linked = False
        if visit is None or visit == self.visit:
            if kind == "search":
                self.searched_empty = key == usage.search_bucket(0)
            elif kind == "need" and self.searched_empty:
                self.searched_empty, linked = False, True
        language, kiosk_id = self.language, self.settings.kiosk_id
        record = partial(usage.record, kind, key, language, kiosk_id)
        self.chore("usage", record, f"usage not recorded: {kind}")
        if linked:
            self.record_usage("search_need", key)

    # --- navigation: screens ask with a message, the router builds the screen ---------------

    @on(Navigate)
    def navigate(self, request: Navigate) -> None:
        if isinstance(request, ShowTicket) and self.outbox is not None:
            self.outbox.wake()  # a join just queued its confirmation: send it now
        if self.opening is not None:
            return  # a tap is already opening a page: a double tap opens it once
        screen = screen_for(request)
        textual_patches.preset_breakpoints(screen, self.size)

        def show() -> None:
            if self.opening is not screen:
                return  # the visitor went back, home or away meanwhile
            self.opening = None
            if request.REPLACES:
                self.switch_screen(screen)
            else:
                self.push_screen(screen)

        self.opening = screen
        if not (isinstance(screen, KioskScreen) and screen.preload(show, PRELOAD_WAIT)):
            show()

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

    @on(LanguagePickerRequested)
    def _open_language_picker(self) -> None:
        if isinstance(self.screen, LanguagePickerScreen):
            return  # a second tap on the nav button while the picker opens

        def picked(language: str | None) -> None:
            if language:
                self.set_language(language)

        self.push_screen(LanguagePickerScreen(self.settings.languages, self.language), picked)

    # --- idle -----------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # foot turns a finger drag into wheel events: scrolling either way is a visitor reading.
        if isinstance(event, ACTIVITY_EVENTS):
            self.last_input = self.clock()
            self.touches += 1
        if isinstance(event, events.MouseEvent) and not self.screen_stack:
            return  # taps still queued while the App shuts down: no screen to give them to
        await super().on_event(event)

    def idle_seconds(self) -> float:
        return self.clock() - self.last_input

    def check_visitor_idle(self) -> None:
        if not self.screen_stack:  # the timer can fire once more while the app shuts down
            return
        if getattr(self.screen, "STAFF_ONLY", False):
            # Staff screens close without asking: the next visitor never lands in admin,
            # even one opened over a "Ci sei ancora?" still in the stack.
            if self.idle_seconds() >= self.settings.admin_timeout:
                self.start_visit()
            return
        if self.asking_still_there:
            return
        at_rest = isinstance(self.screen, AttractScreen) and len(self.screen_stack) == 2
        # a visit's choices (language, comune, an empty search to link) end with the visit
        fresh = self.language == self.settings.language and not self.comune
        if at_rest and fresh and not self.searched_empty:
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
        if isinstance(self.screen, StillThereScreen):
            # Someone is at the screen: that answers the question, and from here on the
            # admin timeout applies, not a countdown left under the PIN pad.
            self.screen.dismiss(True)
        from kiosk.screens.staff.pin_entry import PinEntryScreen  # staff side: on first use

        self.push_screen(PinEntryScreen())

    # --- never back to a shell --------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit on purpose (bound to ctrl+q in dev mode only); run_kiosk then stops."""
        self.quit_asked = True
        self.exit()

    def _handle_exception(self, error: Exception) -> None:
        if not self.recover_from_errors:
            super()._handle_exception(error)
            return
        # A widget whose handler raised has stopped processing messages: rather than patch a
        # half-dead screen, end this App and let `run_kiosk` start a fresh one that apologises.
        log.error("unexpected error, restarting the kiosk screens", exc_info=error)
        self.exit(return_code=RESTART_CODE)

    def between_visits(self) -> None:
        """The attract screen waits for the next visitor: free the last visit's memory, and
        have the catalogue's answers ready again if the content changed meanwhile. Not when
        the next visitor has already begun: a full collection would hold up their taps (the
        sweep comes after their visit instead)."""
        stack = self.screen_stack  # (empty once the app is closing: the timer may still fire)
        waiting = bool(stack) and isinstance(stack[-1], AttractScreen)
        if not waiting or self.touches != self.touches_at_visit_start:
            return
        memory.between_visits()
        self.warm_catalogue()

    def on_ready(self) -> None:
        # The first screen is painted: load what the first visitor's taps will need meanwhile.
        self.run_worker(
            leaving_no_worker(preload_screens), thread=True, group="preload", exit_on_error=False
        )
        self.warm_catalogue()
        if self.apologise:
            self.notify(
                translate(self.language, "Ci scusiamo: qualcosa non ha funzionato. Ricominciamo."),
                markup=False,
                severity="warning",
                timeout=8,
            )


def make_app(
    settings: Settings, *, apologise: bool = False, clock: Callable[[], float] = time.monotonic
) -> KioskApp:
    """The app for these settings: `kiosk run` and the tests build theirs here."""
    return KioskApp(settings, clock=clock, apologise=apologise)


def _shell(app: KioskApp) -> Shell:
    """(For mypy) the app offers the screens what they read from it."""
    return app
