"""'Vuoi davvero cancellarti?': the confirmation before a place in a waitlist is given up."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.i18n import translate
from kiosk.text import printable


class CancelConfirmScreen(ModalScreen[bool]):
    """Answers True when the visitor confirms the cancellation, False otherwise."""

    CSS_PATH = "waitlist.tcss"
    AUTO_FOCUS = ""  # no button looks pressed before the visitor chooses

    def __init__(self, service_name: str) -> None:
        super().__init__()
        self.service_name = service_name

    def _(self, message: str) -> str:
        return translate(getattr(self.app, "language", "it"), message)

    def compose(self) -> ComposeResult:
        with Vertical(id="cancel-box"):
            yield Static(Content(self._("Vuoi cancellare la tua iscrizione?")), id="cancel-title")
            # The name comes from the content files: shown literally.
            yield Static(Content(printable(self.service_name)), id="cancel-service")
            yield Static(
                Content(self._("Perderai il tuo posto in lista. Non si può annullare.")),
                id="cancel-warning",
            )
            with Horizontal(id="cancel-buttons"):
                yield Button(Content(self._("No, tengo il posto")), id="cancel-no")
                yield Button(Content(self._("Sì, cancellami")), id="cancel-yes", variant="error")

    @on(Button.Pressed, "#cancel-yes")
    def confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel-no")
    def keep(self) -> None:
        self.dismiss(False)
