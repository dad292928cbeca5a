"""One waitlist for staff: entries in order, status buttons, offer a freed place, export."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from kiosk.messages import OpenStaffSearch
from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import _, literal
from kiosk.screens.staff.admin_entries import AdminEntriesScreen, in_line_first
from kiosk.staff import exports, waitlists
from kiosk.staff.records import ExportResult, StaffEntry, WaitlistSummary


class AdminWaitlistScreen(AdminEntriesScreen):
    """The entries of one list: those in line first, by place."""

    TITLE_TEXT = _("Lista d'attesa")
    TABLE_MODE = "list"
    RELOAD_ON_RESUME = True

    def __init__(self, waitlist_id: int) -> None:
        super().__init__()
        self.waitlist_id = waitlist_id
        self.summary: WaitlistSummary | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(label(self._("Caricamento…")), id="list-heading", classes="admin-heading")
        with Horizontal(classes="admin-toolbar"):
            yield Button(
                label(self._("Offri il posto al prossimo")), id="offer-next", variant="success"
            )
            yield Button(label(self._("Esporta questa lista")), id="export-list")
            yield Button(label(self._("Cerca")), id="open-search")
        yield Static(id="export-result", classes="admin-result")
        yield from self.compose_table()
        yield from self.compose_actions()

    def reload(self) -> None:
        waitlist_id = self.waitlist_id
        self.load_then(
            lambda: (waitlists.get_waitlist(waitlist_id), waitlists.list_entries(waitlist_id)),
            self.show_list,
        )

    def show_list(self, value: tuple[WaitlistSummary | None, list[StaffEntry]]) -> None:
        summary, entries = value
        heading = self.query_one("#list-heading", Static)
        if summary is None:
            heading.update(label(self._("Questa lista non esiste più.")))
            return
        self.summary = summary
        sensitive = summary.sensitive
        heading.update(
            literal(summary.name)
            + label(" — " + self.counts_text(summary.counts))
            + label(" · " + self._("riservata: solo codice e contatto") if sensitive else "")
        )
        self.fill_table(in_line_first(entries), sensitive=sensitive)

    @on(Button.Pressed, "#offer-next")
    def offer_place(self) -> None:
        kiosk_id, waitlist_id = self.kiosk.settings.kiosk_id, self.waitlist_id
        self.load_then(
            lambda: waitlists.offer_next(waitlist_id, kiosk_id=kiosk_id), self.show_offered
        )

    def show_offered(self, entry: StaffEntry | None) -> None:
        if entry is None:
            self.say(self._("Nessuno in attesa in questa lista."), severity="warning")
            return
        until = f"{entry.offer_expires_at:%d/%m/%Y %H:%M}" if entry.offer_expires_at else "—"
        self.say(
            self._("Posto offerto a {code} fino al {until}: contattare la famiglia.").format(
                code=entry.code, until=until
            )
        )
        self.selected = entry
        self.reload()

    @on(Button.Pressed, "#export-list")
    def export_list(self) -> None:
        settings = self.kiosk.settings
        folder: Path = settings.staff_dir
        kiosk_id, waitlist_id = settings.kiosk_id, self.waitlist_id
        self.load_then(
            lambda: exports.export_waitlist(waitlist_id, folder, kiosk_id=kiosk_id),
            self.show_export,
        )

    def show_export(self, result: ExportResult) -> None:
        self.show_result(self.export_text(result))

    @on(Button.Pressed, "#open-search")
    def open_search(self) -> None:
        self.post_message(OpenStaffSearch())
