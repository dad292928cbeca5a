"""Base of every visitor screen: navigation bar, translations, background data loading."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from typing import ClassVar, Protocol, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static

from kiosk import dbcall
from kiosk.config import AUTONYMS, Settings
from kiosk.i18n import translate, translate_plural
from kiosk.messages import ContrastToggled, GoBack, GoHome, LanguagePickerRequested
from kiosk.text import printable
from kiosk.upstream import leaving_no_worker

log = logging.getLogger(__name__)

T = TypeVar("T")


def label(text: str) -> Content:
    """Untrusted or translated text as literal content: never parsed as markup, and without
    terminal control characters (kiosk.text.printable) whatever the database holds."""
    return Content(printable(text))


CHOSEN_MARK = "✓ "


def mark_chosen(button: Button, text: str, chosen: bool) -> None:
    """Show a chosen option by a ✓ as well as by its colour (never colour alone)."""
    button.set_class(chosen, "-chosen")
    button.label = label(CHOSEN_MARK + text if chosen else text)


class ContrastButton(Button):
    """The high-contrast switch of the nav bar: its whole label, or just "◐" when narrow."""

    def __init__(self, text: str, *, id: str, classes: str) -> None:
        super().__init__(label(text), id=id, classes=classes)
        self.full_text = text

    def on_resize(self) -> None:
        fits = self.size.width >= len(self.full_text) + 2  # (inside the border) line padding
        self.label = label(self.full_text if fits else "◐")


class Shell(Protocol):
    """What screens read from the app; they never import it (the app imports them)."""

    @property
    def language(self) -> str: ...

    @property
    def settings(self) -> Settings: ...

    def record_usage(self, kind: str, key: str, visit: int | None = None) -> None: ...

    # The visit under way (a new number after each reset) and its "Il mio comune" ("" = all).
    visit: int
    comune: str

    def choose_comune(self, comune: str) -> None: ...

    # Monotonic seconds (time.monotonic; tests move a fake one by hand).
    clock: Callable[[], float]


class KioskScreen(Screen[None]):
    """A visitor screen: 'Indietro', 'Home' and the language switch are always one tap away."""

    ALLOW_SELECT = False  # as the App: no text selection on a touch kiosk
    SHOW_NAV: ClassVar[bool] = True
    SHOW_BACK: ClassVar[bool] = True
    # Loaded before it is shown (see `preload`): a tap paints the finished page in one go.
    PRELOAD: ClassVar[bool] = False

    @dataclass
    class ResultReady(Message):
        """A worker's answer (or failure), to apply on the UI thread unless it is stale."""

        kind: object  # the callback's function: one kind of request
        ticket: int  # the request's number within its kind
        apply: Callable[[], None]

    def __init__(self) -> None:
        super().__init__()
        self._tickets: dict[object, int] = {}
        self._show_when_loaded: Callable[[], None] | None = None
        self._preloaded = False
        self._preload_timer: Timer | None = None  # shows the screen if its data is slow

    @property
    def kiosk(self) -> Shell:
        return cast(Shell, self.app)

    @property
    def in_use(self) -> bool:
        """Still on the screen stack: False once the visitor has left (work after an await)."""
        return self.is_attached and self in self.app.screen_stack

    def _(self, message: str) -> str:
        """The Italian `message` in the visitor's language."""
        return translate(self.kiosk.language, message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of an Italian singular/plural pair for `count` in the visitor's language
        (still to be formatted with its `{count}`)."""
        return translate_plural(self.kiosk.language, singular, plural, count)

    def compose_nav(self) -> ComposeResult:
        with Horizontal(id="nav"):
            if self.SHOW_BACK:
                yield Button(label(self._("‹ Indietro")), id="nav-back", classes="nav")
            yield Button(label(self._("⌂ Home")), id="nav-home", classes="nav")
            yield Static(id="nav-spacer")
            yield ContrastButton(self._("◐ Contrasto"), id="nav-contrast", classes="nav contrast")
            if len(self.kiosk.settings.languages) > 1:  # one language: nothing to choose
                current = self.kiosk.language
                yield Button(
                    label(AUTONYMS.get(current, current) + " ▾"), id="nav-language", classes="nav"
                )

    @on(Button.Pressed, "#nav-back")
    def go_back(self) -> None:
        self.post_message(GoBack())

    @on(Button.Pressed, "#nav-home")
    def go_home(self) -> None:
        self.post_message(GoHome())

    @on(Button.Pressed, ".contrast")
    def toggle_contrast(self) -> None:
        self.post_message(ContrastToggled())

    @on(Button.Pressed, "#nav-language")
    def open_language_picker(self) -> None:
        self.post_message(LanguagePickerRequested())

    def on_screen_resume(self) -> None:
        if getattr(self, "_rendered_language", self.kiosk.language) != self.kiosk.language:
            self.relabel()
        self._rendered_language = self.kiosk.language

    def relabel(self) -> None:
        """Show the screen again in the current language (subclasses may keep their state)."""
        self._rendered_language = self.kiosk.language
        self.refresh(recompose=True)
        self.reload()

    def reload(self) -> None:
        """Load (again) the data the screen shows; subclasses override."""

    def on_mount(self) -> None:
        self._rendered_language = self.kiosk.language
        if not self._preloaded:
            self.reload()

    def preload(self, show: Callable[[], None], wait: float) -> bool:
        """Load the screen's data before it is shown, then `show()` it, once: as soon as the
        answer is in (the page is then composed and painted once, finished, instead of
        "Un momento…" first and the whole page again), or after `wait` seconds whatever the
        database does (the page then shows "Un momento…" until the answer comes, as
        always). False, and nothing started, for a screen that does not preload."""
        if not self.PRELOAD:
            return False
        self._show_when_loaded = show
        self._preloaded = True
        self._preload_timer = self.app.set_timer(wait, self._show_preloaded)
        self.reload()
        return True

    def _show_preloaded(self) -> None:
        show, self._show_when_loaded = self._show_when_loaded, None
        if show is not None:
            show()

    def _early_result(self, message: KioskScreen.ResultReady) -> None:
        """An answer loaded before the screen was shown (on the UI thread)."""
        if self._show_when_loaded is None:  # shown already (the wait was over): as usual
            self.post_message(message)
            return
        if self._tickets.get(message.kind) == message.ticket:
            message.apply()
            # The answer is in place before the first compose, which shows it: the recompose
            # that setting a reactive asked for would build the same page a second time.
            self._recompose_required = False
        if self._preload_timer is not None:  # not needed any more: nor this screen, to it
            self._preload_timer.stop()
            self._preload_timer = None
        self._show_preloaded()

    def load_then(
        self,
        fn: Callable[[], T],
        then: Callable[[T], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run `fn` off the UI thread, then `then(result)` on it (`failed(error)` if it raised).

        The answer is dropped when the screen has gone, or when a newer request with the same
        `then` was made meanwhile (the visitor changed a filter or the language).
        """
        kind: object = getattr(then, "__func__", then)
        ticket = self._tickets.get(kind, 0) + 1
        self._tickets[kind] = ticket
        on_error = failed or self.load_failed
        name = getattr(kind, "__name__", "result")

        app = self.app
        early = not self.is_attached  # preloading: the screen is not shown yet

        def job() -> None:
            try:
                value = dbcall.call(fn)
            except Exception as exc:
                log.warning("loading for %s failed: %s", name, type(exc).__name__)
                message = KioskScreen.ResultReady(kind, ticket, partial(on_error, exc))
            else:
                message = KioskScreen.ResultReady(kind, ticket, partial(then, value))
            if not early:
                self.post_message(message)
                return
            with suppress(RuntimeError):  # the app is closing: nobody waits for the page
                app.call_from_thread(self._early_result, message)

        owner = app if early else self
        owner.run_worker(
            leaving_no_worker(job), thread=True, group=f"load-{name}", exit_on_error=False
        )

    @on(ResultReady)
    def _apply_result(self, message: KioskScreen.ResultReady) -> None:
        message.stop()
        if self.is_attached and self._tickets.get(message.kind) == message.ticket:
            message.apply()

    def load_failed(self, error: Exception) -> None:
        """Loading failed: tell the visitor in their language (screens may do more)."""
        self.notify(
            self._("Il servizio non è disponibile in questo momento. Riprova tra poco."),
            markup=False,
            severity="warning",
            timeout=6,
        )
