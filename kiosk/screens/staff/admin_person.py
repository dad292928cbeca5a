"""GDPR for one person (art. 15 and 17): every entry of a contact, export, erase."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import _
from kiosk.screens.staff.admin_confirm import AdminConfirmScreen
from kiosk.screens.staff.admin_entries import AdminEntriesScreen
from kiosk.staff import gdpr
from kiosk.staff.records import ExportResult, StaffEntry


class AdminPersonScreen(AdminEntriesScreen):
    """Find a person by phone or e-mail across every list; export or erase their data."""

    TITLE_TEXT = _("Dati di una persona (GDPR)")
    AUTO_FOCUS = "#query"

    def __init__(self) -> None:
        super().__init__()
        self.contact = ""  # the contact whose entries are on screen
        self.found: list[StaffEntry] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield from self.compose_search(self._("Telefono o e-mail della persona"))
        yield Static(id="person-result", classes="admin-note")
        with Horizontal(classes="admin-toolbar", id="person-actions"):
            yield Button(label(self._("Esporta i dati (art. 15)")), id="person-export")
            yield Button(
                label(self._("Cancella i dati (art. 17)")), id="person-erase", variant="error"
            )
        yield from self.compose_table()

    def on_mount(self) -> None:
        super().on_mount()
        self.update_buttons()

    def update_buttons(self) -> None:
        self.query_one("#person-actions").display = bool(self.found)

    def search(self, text: str) -> None:
        if not text:
            return
        self.load_then(
            lambda: (text, gdpr.find_person(text)), self.show_person, failed=self.failed_person
        )

    def show_person(self, value: tuple[str, list[StaffEntry]]) -> None:
        self.contact, self.found = value
        self.query_one("#person-result", Static).update(
            label(self._("Iscrizioni di questa persona: {count}").format(count=len(self.found)))
        )
        self.fill_table(self.found)
        self.update_buttons()

    def failed_person(self, error: Exception) -> None:
        self.contact, self.found = "", []
        self.fill_table([])
        self.update_buttons()
        self.query_one("#person-result", Static).update(label(self.failure_text(error)))

    @on(Button.Pressed, "#person-export")
    def export_person(self) -> None:
        if not self.found:
            return
        settings = self.kiosk.settings
        contact, folder, kiosk_id = self.contact, settings.staff_dir, settings.kiosk_id
        self.load_then(
            lambda: gdpr.export_person_file(contact, folder, kiosk_id=kiosk_id), self.show_export
        )

    def show_export(self, result: ExportResult) -> None:
        self.query_one("#person-result", Static).update(label(self.export_text(result)))

    @on(Button.Pressed, "#person-erase")
    def erase_person(self) -> None:
        if not self.found:
            return
        contact = self.contact
        question = self.ngettext(
            "Cancellare per sempre {count} iscrizione di questa persona? Non si può annullare.",
            "Cancellare per sempre {count} iscrizioni di questa persona, su tutte le liste? "
            "Non si può annullare.",
            len(self.found),
        ).format(count=len(self.found))

        def answered(yes: bool | None) -> None:
            if yes:
                kiosk_id = self.kiosk.settings.kiosk_id
                self.load_then(
                    lambda: gdpr.erase_person(contact, kiosk_id=kiosk_id), self.show_erased
                )

        self.app.push_screen(AdminConfirmScreen(question, self._("Cancella")), answered)

    def show_erased(self, count: int) -> None:
        self.contact, self.found = "", []
        self.fill_table([])
        self.update_buttons()
        self.query_one("#person-result", Static).update(
            label(
                self.ngettext(
                    "Cancellata {count} iscrizione.", "Cancellate {count} iscrizioni.", count
                ).format(count=count)
            )
        )
