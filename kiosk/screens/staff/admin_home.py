"""The staff home: one big tile per task; reached only through the PIN pad."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button

from kiosk.messages import (
    Navigate,
    NewVisit,
    OpenStaffContent,
    OpenStaffPerson,
    OpenStaffSearch,
    OpenStaffStats,
    OpenStaffStatus,
    OpenStaffWaitlists,
)
from kiosk.screens.staff.admin_base import AdminBaseScreen, _
from kiosk.widgets.tiles import Tile, TileGrid

HOME_COLUMNS = ((0, 2), (120, 3))
# The screen each tile opens (its value -> the request the router turns into a screen).
TASKS: dict[str, Callable[[], Navigate]] = {
    "waitlists": OpenStaffWaitlists,
    "search": OpenStaffSearch,
    "person": OpenStaffPerson,
    "content": OpenStaffContent,
    "stats": OpenStaffStats,
    "status": OpenStaffStatus,
}


class AdminHomeScreen(AdminBaseScreen):
    """Waitlists, search, GDPR, content, statistics, status."""

    TITLE_TEXT = _("Area personale")

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with TileGrid(id="admin-tiles", breakpoints=HOME_COLUMNS):
            yield Tile(
                self._("Liste d'attesa"),
                self._("Iscritti, chiamate, esportazioni"),
                value="waitlists",
                id="admin-waitlists",
            )
            yield Tile(
                self._("Cerca un'iscrizione"),
                self._("Per codice, telefono o e-mail"),
                value="search",
                id="admin-search",
            )
            yield Tile(
                self._("Dati di una persona"),
                self._("GDPR: vedere, esportare, cancellare"),
                value="person",
                id="admin-person",
            )
            yield Tile(
                self._("Contenuti"),
                self._("Ricarica, servizi da verificare"),
                value="content",
                id="admin-content",
            )
            yield Tile(
                self._("Statistiche"),
                self._("Uso del chiosco, per la Regione"),
                value="stats",
                id="admin-stats",
            )
            yield Tile(
                self._("Stato del sistema"),
                self._("Database, contenuti, PIN"),
                value="status",
                id="admin-status",
            )

    def back(self) -> None:
        """'Indietro' from the staff home is the visitors' start (never the PIN pad)."""
        self.post_message(NewVisit())

    @on(Button.Pressed, "#admin-tiles Tile")
    def open_task(self, event: Button.Pressed) -> None:
        task = TASKS.get(str(getattr(event.button, "value", "")), OpenStaffStatus)
        self.post_message(task())
