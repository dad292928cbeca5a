"""Every waitlist with its counts; one tap opens a list, one exports them all."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from kiosk.messages import OpenStaffSearch, OpenStaffWaitlist
from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import AdminBaseScreen, _
from kiosk.staff import exports, waitlists
from kiosk.staff.records import ExportResult, WaitlistSummary
from kiosk.widgets.tiles import Tile, TileGrid

LIST_COLUMNS = ((0, 1), (120, 2))


class AdminWaitlistsScreen(AdminBaseScreen):
    """The lists of services and events, open ones first."""

    TITLE_TEXT = _("Liste d'attesa")
    RELOAD_ON_RESUME = True

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(classes="admin-toolbar"):
            yield Button(label(self._("Esporta tutte le liste")), id="export-all")
            yield Button(label(self._("Cerca un'iscrizione")), id="open-search")
        yield Static(id="export-result", classes="admin-result")
        yield Static(label(self._("Caricamento…")), id="lists-empty", classes="admin-note")
        yield TileGrid(id="admin-lists", breakpoints=LIST_COLUMNS)

    def reload(self) -> None:
        self.load_then(waitlists.list_waitlists, self.show_lists)

    def show_lists(self, lists: list[WaitlistSummary]) -> None:
        grid = self.query_one("#admin-lists", TileGrid)
        grid.remove_children()
        grid.mount_all(
            Tile(summary.name, self.summary_text(summary), value=str(summary.id), classes="list")
            for summary in lists
        )
        empty = self.query_one("#lists-empty", Static)
        empty.update(label(self._("Nessuna lista d'attesa.")))
        empty.display = not lists

    def summary_text(self, summary: WaitlistSummary) -> str:
        flags = [self._("aperta") if summary.is_open else self._("chiusa")]
        if summary.sensitive:
            flags.append(self._("riservata: solo codice"))
        if summary.retired:
            flags.append(self._("non più pubblicata"))
        if summary.kind == "event":
            flags.append(self._("evento"))
        return f"{self.counts_text(summary.counts)}\n{', '.join(flags)}"

    @on(Button.Pressed, "#admin-lists .list")
    def open_list(self, event: Button.Pressed) -> None:
        self.post_message(OpenStaffWaitlist(int(getattr(event.button, "value", 0))))

    @on(Button.Pressed, "#open-search")
    def open_search(self) -> None:
        self.post_message(OpenStaffSearch())

    @on(Button.Pressed, "#export-all")
    def export_all(self) -> None:
        settings = self.kiosk.settings
        folder: Path = settings.staff_dir
        kiosk_id = settings.kiosk_id
        self.load_then(
            lambda: exports.export_all_waitlists(folder, kiosk_id=kiosk_id), self.show_export
        )

    def show_export(self, result: ExportResult) -> None:
        self.show_result(self.export_text(result))
