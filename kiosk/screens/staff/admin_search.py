"""Find entries on every list by ticket code, phone, e-mail or name; act on them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import _
from kiosk.screens.staff.admin_entries import AdminEntriesScreen
from kiosk.staff import waitlists
from kiosk.staff.records import StaffEntry


class AdminSearchScreen(AdminEntriesScreen):
    """Search with the on-screen keyboard; the results table has the status buttons."""

    TITLE_TEXT = _("Cerca un'iscrizione")
    AUTO_FOCUS = "#query"
    RELOAD_ON_RESUME = True

    def __init__(self) -> None:
        super().__init__()
        self.last_query = ""

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield from self.compose_search(self._("Codice, telefono o e-mail"))
        yield Static(id="search-count", classes="admin-note")
        yield from self.compose_table()
        yield from self.compose_actions()

    def search(self, text: str) -> None:
        self.last_query = text
        self.reload()

    def reload(self) -> None:
        query = self.last_query
        if not query:
            self.query_one("#search-count", Static).update(
                label(self._("Scrivi un codice, un telefono o un'e-mail e tocca Cerca."))
            )
            self.fill_table([])
            return
        self.load_then(lambda: waitlists.search_entries(query), self.show_found)

    def show_found(self, entries: list[StaffEntry]) -> None:
        self.query_one("#search-count", Static).update(
            label(self._("Trovate: {count}").format(count=len(entries)))
        )
        self.fill_table(entries)
