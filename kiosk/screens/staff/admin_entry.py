"""One waitlist entry in full for staff, with the status buttons."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import _, literal
from kiosk.screens.staff.admin_entries import AdminEntriesScreen
from kiosk.staff import waitlists
from kiosk.staff.records import StaffEntry


class AdminEntryScreen(AdminEntriesScreen):
    """Everything stored about one entry (sensitive lists: code and contact only)."""

    TITLE_TEXT = _("Iscrizione")

    def __init__(self, entry_id: int) -> None:
        super().__init__()
        self.entry_id = entry_id

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with VerticalScroll(id="entry-scroll"):
            yield Static(label(self._("Caricamento…")), id="entry-detail")
        yield from self.compose_actions(undo=True, details=False)

    def reload(self) -> None:
        entry_id = self.entry_id
        self.load_then(
            lambda: waitlists.get_entry(entry_id), self.show_entry, failed=self.failed_entry
        )

    def show_entry(self, entry: StaffEntry) -> None:
        self.query_one("#entry-detail", Static).update(self.detail(entry))
        self.select(entry)

    def failed_entry(self, error: Exception) -> None:
        self.query_one("#entry-detail", Static).update(label(self.failure_text(error)))
        self.select(None)

    def detail(self, entry: StaffEntry) -> Content:
        """One line per field; what visitors typed is shown literally, in full."""
        fields: list[tuple[str, Content]] = [
            (self._("Lista"), literal(entry.list_name)),
            (self._("Codice"), literal(entry.code)),
            (self._("Stato"), label(self.status_name(entry.status))),
            (self._("Posizione"), label(str(entry.position) if entry.position else "—")),
            (self._("Iscritto il"), label(f"{entry.created_at:%d/%m/%Y %H:%M}")),
            (self._("Telefono"), literal(entry.phone)),
            (self._("E-mail"), literal(entry.email)),
        ]
        if not entry.sensitive:
            fields[5:5] = [(self._("Nome"), literal(entry.name))]
            fields += [
                (self._("Persone"), label(str(entry.party_size or ""))),
                (
                    self._("Età bambino"),
                    label("" if entry.child_age is None else str(entry.child_age)),
                ),
                (self._("Nota"), literal(entry.note)),
            ]
        else:
            fields.append((self._("Riservata"), label(self._("solo codice e contatto"))))
        if entry.offered_at:
            fields.append((self._("Posto offerto il"), label(f"{entry.offered_at:%d/%m/%Y %H:%M}")))
        if entry.offer_expires_at:
            fields.append(
                (
                    self._("Offerta valida fino al"),
                    label(f"{entry.offer_expires_at:%d/%m/%Y %H:%M}"),
                )
            )
        fields.append((self._("Postazione"), literal(entry.kiosk_id)))
        parts: list[Content | str] = []
        for name, value in fields:
            parts += [Content.styled(f"{name}: ", "bold"), value, "\n"]
        return Content.assemble(*parts[:-1])

    def selected_text(self, entry: StaffEntry | None) -> Content:
        return Content(self._("Cambia lo stato:")) if entry else Content("")
