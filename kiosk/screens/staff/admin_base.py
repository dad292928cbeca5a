"""Base of every staff screen: 'Esci' always there, closed by the app after admin_timeout."""

from __future__ import annotations

import logging
import unicodedata
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.errors import (
    DatabaseUnavailable,
    EntryChanged,
    EntryNotFound,
    InvalidTransition,
    NotAContact,
    OutcomeUnknown,
)
from kiosk.messages import NewVisit
from kiosk.screens.base import KioskScreen, label
from kiosk.staff.records import ExportResult, StaffEntry
from kiosk.statuses import EntryStatus
from kiosk.text import printable

log = logging.getLogger(__name__)


def _(message: str) -> str:
    """Mark an Italian text for the catalogue; it is translated where it is shown."""
    return message


STATUS_NAMES: dict[str, str] = {  # stored value -> Italian name
    EntryStatus.WAITING: _("in attesa"),
    EntryStatus.CALLED: _("chiamato"),
    EntryStatus.CONTACTED: _("contattato"),
    EntryStatus.OFFERED: _("offerta in corso"),
    EntryStatus.ENROLLED: _("iscritto"),
    EntryStatus.NO_SHOW: _("assente"),
    EntryStatus.REMOVED: _("rimosso"),
    EntryStatus.CANCELLED: _("annullato"),
    EntryStatus.DECLINED: _("rinuncia"),
    EntryStatus.OFFER_EXPIRED: _("offerta scaduta"),
}

# Failures a staff member can act on, by class (first match wins: subclasses first).
FAILURES: tuple[tuple[type[Exception], str], ...] = (
    (OutcomeUnknown, _("Non sappiamo se la modifica è stata salvata: ricarica e controlla.")),
    (DatabaseUnavailable, _("Il database non risponde. Riprova tra poco.")),
    (InvalidTransition, _("Questo cambio di stato non è possibile per questa iscrizione.")),
    (EntryChanged, _("L'iscrizione è stata cambiata da un'altra postazione: ricontrolla.")),
    (EntryNotFound, _("L'iscrizione non esiste più (cancellata?).")),
    (NotAContact, _("Scrivi un numero di telefono o un indirizzo e-mail.")),
    (PermissionError, _("La cartella delle esportazioni non è scrivibile.")),
)


def literal(text: str, limit: int | None = None) -> Content:
    """Untrusted text as literal content (see `shown`)."""
    return Content(shown(text, limit))


def shown(text: str, limit: int | None = None) -> str:
    """Untrusted text exactly as stored, made visible and harmless for the terminal.

    Control characters (ESC of a terminal escape, newlines) and invisible format characters
    (bidi overrides, zero-width) show as <U+XXXX>, so staff see what was typed. The result
    is still plain text: show it as Content or rich Text, never as markup.
    """
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    parts = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn"):
            parts.append(f"<U+{ord(ch):04X}>")
        else:
            parts.append(ch)
    return "".join(parts)


def contact_of(entry: StaffEntry) -> str:
    """Phone and e-mail as one line."""
    return " · ".join(part for part in (entry.phone, entry.email) if part)


class AdminBaseScreen(KioskScreen):
    """A staff screen: 'Indietro' and 'Esci' on top; the app closes it after admin_timeout."""

    STAFF_ONLY: ClassVar[bool] = True
    CSS_PATH = "admin.tcss"
    AUTO_FOCUS = ""  # nothing focused: a focused button looks pressed on a touch screen
    TITLE_TEXT: ClassVar[str] = ""

    def compose_nav(self) -> ComposeResult:
        with Horizontal(id="nav", classes="admin-nav"):
            if self.SHOW_BACK:
                yield Button(label(self._("‹ Indietro")), id="admin-back", classes="nav")
            yield Static(label(self._(self.TITLE_TEXT)), id="admin-title")
            yield Button(label(self._("Esci")), id="admin-logout", classes="nav", variant="error")

    @on(Button.Pressed, "#admin-back")
    def _back_tapped(self) -> None:
        self.back()

    def back(self) -> None:
        """Where 'Indietro' leads: the previous staff screen (subclasses may change it)."""
        self.app.pop_screen()

    @on(Button.Pressed, "#admin-logout")
    def logout(self) -> None:
        """End the staff session: a fresh attract screen for the next visitor."""
        self.post_message(NewVisit())

    RELOAD_ON_RESUME: ClassVar[bool] = False

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        # Coming back from a screen on top (e.g. an entry that changed): show fresh data.
        if self.RELOAD_ON_RESUME and getattr(self, "_resumed", False):
            self.reload()
        self._resumed = True

    def status_name(self, status: str) -> str:
        return self._(STATUS_NAMES.get(status, status))

    def counts_text(self, counts: dict[str, int]) -> str:
        """'3 in attesa · 1 chiamato' in the usual order of statuses."""
        parts = [
            f"{counts[status]} {self.status_name(status)}"
            for status in STATUS_NAMES
            if counts.get(status)
        ]
        return " · ".join(parts) or self._("nessuna iscrizione")

    def export_text(self, result: ExportResult) -> str:
        return self.ngettext(
            "File scritto: {path} ({rows} riga)", "File scritto: {path} ({rows} righe)", result.rows
        ).format(path=result.path, rows=result.rows)

    def show_result(self, text: str, selector: str = "#export-result") -> None:
        """Show the outcome of an action (e.g. the path of a written file) on the screen."""
        result = self.query_one(selector, Static)
        result.update(label(text))
        result.add_class("-shown")

    def say(self, message: str, *, severity: str = "information") -> None:
        """A short note for staff (translated text, never parsed as markup)."""
        self.notify(printable(message), markup=False, severity=severity, timeout=6)  # type: ignore[arg-type]

    def load_failed(self, error: Exception) -> None:
        """An action failed: tell staff what they can do about it."""
        self.say(self.failure_text(error), severity="error")

    def failure_text(self, error: Exception) -> str:
        for kind, text in FAILURES:
            if isinstance(error, kind):
                return self._(text)
        if isinstance(error, OSError):
            return self._("Impossibile scrivere il file: {error}").format(
                error=type(error).__name__
            )
        return self._("Operazione non riuscita ({error}).").format(error=type(error).__name__)
