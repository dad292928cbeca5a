"""Base of every visitor screen: navigation bar, translations, background data loading."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Static

from kiosk import dbcall
from kiosk.i18n import translate

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger(__name__)


def label(text: str) -> Content:
    """Untrusted or translated text as literal content (never parsed as markup)."""
    return Content(text)


class KioskScreen(Screen[None]):
    """A visitor screen: 'Indietro', 'Home' and the language switch are always one tap away."""

    ALLOW_SELECT = False  # as the App: no text selection on a touch kiosk
    SHOW_NAV: ClassVar[bool] = True
    SHOW_BACK: ClassVar[bool] = True

    @dataclass
    class Loaded(Message):
        """Data loaded in a worker thread, ready to show."""

        key: str
        value: Any

    @dataclass
    class LoadFailed(Message):
        """Loading data failed; the screen tells the visitor in their language."""

        key: str
        error: Exception

    @property
    def kiosk(self) -> KioskApp:
        return self.app  # type: ignore[return-value]

    @property
    def in_use(self) -> bool:
        """Still on the screen stack: False once the visitor has left (work after an await)."""
        return self.is_attached and self in self.app.screen_stack

    def _(self, message: str) -> str:
        """The Italian `message` in the visitor's language."""
        return translate(self.kiosk.language, message)

    def compose_nav(self) -> ComposeResult:
        with Horizontal(id="nav"):
            if self.SHOW_BACK:
                yield Button(label(self._("‹ Indietro")), id="nav-back", classes="nav")
            yield Button(label(self._("⌂ Home")), id="nav-home", classes="nav")
            yield Static(id="nav-spacer")
            other = "en" if self.kiosk.language == "it" else "it"
            yield Button(
                label("English" if other == "en" else "Italiano"),
                id="nav-language",
                classes="nav",
                name=other,
            )

    @on(Button.Pressed, "#nav-back")
    def go_back(self) -> None:
        self.kiosk.go_back()

    @on(Button.Pressed, "#nav-home")
    def go_home(self) -> None:
        self.kiosk.go_home()

    @on(Button.Pressed, "#nav-language")
    def switch_language(self, event: Button.Pressed) -> None:
        self.kiosk.set_language(event.button.name or "it")

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
        self.reload()

    def load(self, key: str, fn: Callable[[], Any]) -> None:
        """Run `fn` off the UI thread; the result arrives as Loaded(key) or LoadFailed(key)."""

        def job() -> None:
            try:
                value = dbcall.call(fn)
            except Exception as exc:
                log.warning("loading %s failed: %s", key, type(exc).__name__)
                self.post_message(self.LoadFailed(key, exc))
                return
            self.post_message(self.Loaded(key, value))

        self.run_worker(job, thread=True, group=f"load-{key}", exit_on_error=False)

    def on_kiosk_screen_loaded(self, message: KioskScreen.Loaded) -> None:
        handler = getattr(self, f"show_{message.key}", None)
        if handler is not None:
            handler(message.value)

    def on_kiosk_screen_load_failed(self, message: KioskScreen.LoadFailed) -> None:
        self.notify(
            self._("Il servizio non è disponibile in questo momento. Riprova tra poco."),
            markup=False,
            severity="warning",
            timeout=6,
        )
