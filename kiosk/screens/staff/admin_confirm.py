"""A yes/no question before a staff action that cannot be undone."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.i18n import translate
from kiosk.text import printable


class AdminConfirmScreen(ModalScreen[bool]):
    """Answers True only when staff tap the confirming button; texts come translated."""

    STAFF_ONLY: ClassVar[bool] = True  # closed with the admin screens after admin_timeout
    CSS_PATH = "admin.tcss"

    def __init__(self, question: str, confirm: str) -> None:
        super().__init__()
        self.question = question
        self.confirm = confirm

    def _(self, message: str) -> str:
        return translate(str(getattr(self.app, "language", "it")), message)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content(printable(self.question)), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(self._("Annulla")), id="confirm-no")
                yield Button(Content(printable(self.confirm)), id="confirm-yes", variant="error")

    @on(Button.Pressed, "#confirm-no")
    def cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm-yes")
    def accept(self) -> None:
        self.dismiss(True)
