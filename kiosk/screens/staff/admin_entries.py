"""Shared part of the staff screens that show waitlist entries: table, status buttons, search."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Static

from kiosk.messages import OpenStaffEntry
from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import AdminBaseScreen, _, contact_of, literal, shown
from kiosk.staff import waitlists
from kiosk.staff.records import StaffEntry
from kiosk.statuses import EntryStatus, may_change
from kiosk.widgets.keyboard import OnScreenKeyboard
from kiosk.widgets.layouts import UKRAINIAN, KeyLayout

CELL_LIMIT = 40  # characters of a name or contact in a table cell; the detail shows it all
TALL_ROWS_FROM = 40  # screen height from which table rows are 3 lines (finger-sized)
SEARCH_MAX = 120

# Digits and '@' first: staff type codes, phone numbers and e-mail addresses.
STAFF_KEY_ROWS = ("1234567890@", "qwertyuiop.-", "asdfghjkl_+", "zxcvbnm'")

# (status, button text): what staff can do to the selected entry, as big buttons.
ACTIONS = (
    (EntryStatus.CALLED, _("Chiamato")),
    (EntryStatus.CONTACTED, _("Contattato")),
    (EntryStatus.ENROLLED, _("Iscritto")),
    (EntryStatus.DECLINED, _("Rinuncia")),  # to an offered seat, on the family's behalf
    (EntryStatus.NO_SHOW, _("Assente")),
    (EntryStatus.REMOVED, _("Rimosso")),
)
UNDO = (EntryStatus.WAITING, _("In attesa"))


def in_line_first(entries: Sequence[StaffEntry]) -> list[StaffEntry]:
    """Entries still in line (by place), then the others (by join order)."""
    return sorted(entries, key=lambda e: (e.position is None, e.position or 0, e.seq))


class AdminEntriesScreen(AdminBaseScreen):
    """A staff screen holding entries: a table of them, and actions on the selected one."""

    TABLE_MODE: ClassVar[str] = "mixed"  # "list": one list's columns; "mixed": with the list
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL_ROWS_FROM, "-tall")]  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, StaffEntry] = {}
        self.selected: StaffEntry | None = None
        self.busy = False

    # --- table -----------------------------------------------------------------------------

    def compose_table(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield table

    def columns(self, sensitive: bool) -> list[str]:
        if self.TABLE_MODE == "list":
            if sensitive:
                return [self._("Pos."), self._("Codice"), self._("Data"), self._("Contatto")]
            return [
                self._("Pos."),
                self._("Codice"),
                self._("Data"),
                self._("Nome"),
                self._("Contatto"),
                self._("Persone"),
                self._("Età bambino"),
            ]
        return [
            self._("Lista"),
            self._("Codice"),
            self._("Data"),
            self._("Nome"),
            self._("Contatto"),
        ]

    def cells(self, entry: StaffEntry) -> list[str]:
        """One row as plain strings; sensitive lists show the code and the contact only."""
        when = f"{entry.created_at:%d/%m/%y %H:%M}"
        contact = shown(contact_of(entry), CELL_LIMIT)
        name = "—" if entry.sensitive else shown(entry.name, CELL_LIMIT)
        status = self.status_name(entry.status)
        if entry.status == EntryStatus.OFFERED and entry.offer_expires_at:
            status += f" → {entry.offer_expires_at:%d/%m %H:%M}"
        if self.TABLE_MODE == "list":
            position = str(entry.position) if entry.position else "—"
            if entry.sensitive:
                return [position, shown(entry.code), when, contact, status]
            return [
                position,
                shown(entry.code),
                when,
                name,
                contact,
                str(entry.party_size) if entry.party_size else "",
                "" if entry.child_age is None else str(entry.child_age),
                status,
            ]
        return [shown(entry.list_name, 30), shown(entry.code), when, name, contact, status]

    def fill_table(self, entries: Sequence[StaffEntry], *, sensitive: bool = False) -> None:
        """Show `entries`, keeping the selection on the same entry when it is still there."""
        table: DataTable[Text] = self.query_one("#entries", DataTable)
        keep = self.selected.id if self.selected else None
        table.clear(columns=True)
        titles = [*self.columns(sensitive), self._("Stato")]
        rows = [self.cells(entry) for entry in entries]
        # Each column as wide as its widest cell, given now: the table may be painted before
        # it measures new rows itself, and a cell painted narrow stays cached so.
        widths = [max(map(cell_len, column)) for column in zip(titles, *rows, strict=True)]
        for title, width in zip(titles, widths, strict=True):
            table.add_column(Text(title, style="bold"), width=width)  # rich Text: no markup
        tall = self.app.size.height >= TALL_ROWS_FROM
        self.entries = {}
        for entry, texts in zip(entries, rows, strict=True):
            key = str(entry.id)
            self.entries[key] = entry
            # rich Text cells: a str cell would be parsed as markup. Tall rows put the text
            # in the middle of 3 lines, a finger-sized target.
            cells = [Text("\n" + cell if tall else cell) for cell in texts]
            table.add_row(*cells, key=key, height=3 if tall else 1)
        row = next((i for i, e in enumerate(entries) if e.id == keep), 0)
        self.select(entries[row] if entries else None)
        if entries:
            table.move_cursor(row=row)

    @on(DataTable.RowHighlighted, "#entries")
    def highlight(self, event: DataTable.RowHighlighted) -> None:
        self.select(self.entries.get(str(event.row_key.value)))

    # --- selection and actions -------------------------------------------------------------

    def compose_actions(self, *, undo: bool = False, details: bool = True) -> ComposeResult:
        yield Static(id="selected-entry", classes="admin-selected")
        with Horizontal(id="entry-actions", classes="admin-actions"):
            for status, text in (*ACTIONS, UNDO) if undo else ACTIONS:
                yield Button(
                    label(self._(text)), id=f"set-{status}", name=status, classes="set-status"
                )
            if details:
                yield Button(label(self._("Dettagli")), id="entry-details", variant="primary")

    def select(self, entry: StaffEntry | None) -> None:
        self.selected = entry
        self.update_actions()

    def update_actions(self) -> None:
        """Only the changes allowed from the selected entry's status can be tapped."""
        entry = self.selected
        for button in self.query(".set-status").results(Button):
            allowed = entry is not None and may_change(entry.status, button.name or "")
            button.disabled = self.busy or not allowed
        for details in self.query("#entry-details").results(Button):
            details.disabled = entry is None
        for line in self.query("#selected-entry").results(Static):
            line.update(self.selected_text(entry))

    def selected_text(self, entry: StaffEntry | None) -> Content:
        if entry is None:
            return Content(self._("Tocca una riga per sceglierla."))
        return Content.assemble(
            self._("Scelta: "), literal(entry.code), f" · {self.status_name(entry.status)}"
        )

    @on(Button.Pressed, ".set-status")
    def change_status(self, event: Button.Pressed) -> None:
        entry, status = self.selected, event.button.name or ""
        if entry is None or self.busy:
            return
        self.busy = True
        self.update_actions()
        kiosk_id, auto = self.kiosk.settings.kiosk_id, self.kiosk.settings.offer_auto
        entry_id = entry.id
        self.load_then(
            lambda: waitlists.set_status(entry_id, status, kiosk_id=kiosk_id, offer_auto=auto),
            self.show_changed,
            failed=self.failed_changed,
        )

    def show_changed(self, entry: StaffEntry) -> None:
        self.busy = False
        self.say(
            self._("{code}: ora {status}.").format(
                code=entry.code, status=self.status_name(entry.status)
            )
        )
        self.selected = entry
        self.reload()

    def failed_changed(self, error: Exception) -> None:
        self.busy = False
        self.say(self.failure_text(error), severity="warning")
        self.reload()

    @on(Button.Pressed, "#entry-details")
    def open_details(self) -> None:
        if self.selected is None:
            return
        self.post_message(OpenStaffEntry(self.selected.id))

    # --- search bar with the on-screen keyboard ---------------------------------------------

    def compose_search(self, placeholder: str) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield Input(placeholder=placeholder, max_length=SEARCH_MAX, id="query")
            yield Button(label(self._("Cerca")), id="run-search", variant="primary")
            yield Button(label(self._("⌨ Tastiera")), id="toggle-keyboard")
        with Container(id="keyboard-box"):
            yield OnScreenKeyboard(
                target_id="query",
                enter=True,
                compact=self.app.size.height < 24,
                # a Cyrillic name is searched in Cyrillic: one key switches alphabet
                layouts=(KeyLayout("ABC", STAFF_KEY_ROWS), UKRAINIAN),
                shift_label=self._("⇧ Maiusc"),
                space_label=self._("Spazio"),
                enter_label=self._("Cerca"),
            )

    def query_text(self) -> str:
        return self.query_one("#query", Input).value.strip()

    @on(Button.Pressed, "#run-search")
    @on(Input.Submitted, "#query")
    @on(OnScreenKeyboard.Enter)
    def _search_requested(self) -> None:
        self.show_keyboard(False)  # the results need the room
        self.search(self.query_text())

    @on(Button.Pressed, "#toggle-keyboard")
    def _toggle_keyboard(self) -> None:
        box = self.query_one("#keyboard-box")
        self.show_keyboard(not box.display)

    def show_keyboard(self, shown: bool) -> None:
        for box in self.query("#keyboard-box"):
            box.display = shown
            self.set_class(shown, "-typing")

    def on_mount(self) -> None:
        super().on_mount()
        self.show_keyboard(True)

    def search(self, text: str) -> None:
        """Look `text` up (subclasses)."""
