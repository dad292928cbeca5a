"""'Ci sei ancora?': asked after a while without input, with a countdown."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.i18n import translate, translate_plural


class StillThereScreen(ModalScreen[bool]):
    """Answers True (the visitor is still here) or False (countdown over: reset the kiosk)."""

    def __init__(self, seconds: int):
        super().__init__()
        self.remaining = seconds

    def _(self, message: str) -> str:
        return translate(getattr(self.app, "language", "it"), message)

    def compose(self) -> ComposeResult:
        with Vertical(id="still-there"):
            yield Static(Content(self._("Ci sei ancora?")), id="still-there-title")
            yield Static(self._countdown_text(), id="still-there-countdown")
            yield Button(Content(self._("Continua")), id="still-there-continue", variant="primary")

    def _countdown_text(self) -> Content:
        return Content(
            translate_plural(
                getattr(self.app, "language", "it"),
                "Tra {seconds} secondo il chiosco ricomincia da capo.",
                "Tra {seconds} secondi il chiosco ricomincia da capo.",
                self.remaining,
            ).format(seconds=self.remaining)
        )

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.dismiss(False)
            return
        self.query_one("#still-there-countdown", Static).update(self._countdown_text())

    @on(Button.Pressed, "#still-there-continue")
    def stay(self) -> None:
        self.dismiss(True)
