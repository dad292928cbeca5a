"""The kiosk's health at a glance: id, database, content version, lists, PIN."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.clock import to_local
from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import STATUS_NAMES, AdminBaseScreen, _, literal
from kiosk.staff import status
from kiosk.staff.records import SystemStatus

PRINTER_STATES: dict[str, str] = {  # kiosk.printing.device names -> Italian
    "ready": _("pronta"),
    "paper_low": _("carta quasi finita"),
    "no_paper": _("CARTA FINITA"),
    "offline": _("NON IN LINEA (coperchio aperto o errore)"),
    "missing": _("NON TROVATA (spenta o scollegata?)"),
    "timeout": _("NON RISPONDE"),
    "error": _("ERRORE"),
    "unknown": _("collegata (non dice il suo stato)"),
    "printed": _("stampato"),
}


class AdminStatusScreen(AdminBaseScreen):
    """One line per fact; 'Aggiorna' reads them again."""

    TITLE_TEXT = _("Stato del sistema")

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(classes="admin-toolbar"):
            yield Button(label(self._("Aggiorna")), id="status-refresh", variant="primary")
        with VerticalScroll(id="status-scroll"):
            yield Static(label(self._("Caricamento…")), id="status-report")

    def reload(self) -> None:
        settings = self.kiosk.settings
        self.load_then(lambda: status.system_status(settings), self.show_status)

    @on(Button.Pressed, "#status-refresh")
    def refresh_status(self) -> None:
        self.reload()

    def show_status(self, state: SystemStatus) -> None:
        self.query_one("#status-report", Static).update(self.report(state))

    def printer_text(self, state: SystemStatus) -> str:
        """The printer's state now, and how the last ticket went."""
        if state.printer_setting == "none":
            return self._("nessuna (impostazione KIOSK_PRINTER)")
        now = PRINTER_STATES.get(state.printer_state, state.printer_state)
        text = f"{state.printer_setting}: {self._(now)}"
        if state.printer_last and state.printer_last_at:
            outcome = self._(PRINTER_STATES.get(state.printer_last, state.printer_last))
            text += " · " + self._("ultimo biglietto alle {time}: {outcome}").format(
                time=f"{state.printer_last_at:%H:%M}", outcome=outcome
            )
        return text

    def report(self, state: SystemStatus) -> Content:
        if state.database_ok:
            database = self._("{kind}, funziona ({ms} ms)").format(
                kind=state.database_kind, ms=f"{state.database_ms or 0:.1f}"
            )
        else:
            database = self._("{kind}, NON RAGGIUNGIBILE: {error}").format(
                kind=state.database_kind, error=state.database_error
            )
        if state.last_sync_at:
            synced = self._("versione {version}, pubblicata il {when} da {actor}").format(
                version=state.content_version[:12],
                when=f"{to_local(state.last_sync_at):%d/%m/%Y %H:%M}",
                actor=state.last_sync_actor,
            )
        else:
            synced = self._("mai pubblicati")
        totals = " · ".join(
            f"{state.waitlist_totals[s]} {self.status_name(s)}"
            for s in STATUS_NAMES
            if state.waitlist_totals.get(s)
        ) or self._("nessuna iscrizione")
        pin = (
            self._("impostato")
            if state.pin_set
            else self._("NON impostato: usare `kiosk admin set-pin` sul terminale")
        )
        rows = [
            (self._("Postazione"), state.kiosk_id),
            (self._("Database"), database),
            (self._("Contenuti"), synced),
            (self._("Liste d'attesa"), totals),
            (self._("Servizi da verificare"), str(state.review_count)),
            (self._("PIN del personale"), pin),
            (
                self._("Messaggi alle famiglie"),
                self._("{queued} in coda, {failed} non inviati").format(
                    queued=state.outbox_queued, failed=state.outbox_failed
                ),
            ),
            (self._("Stampante dei biglietti"), self.printer_text(state)),
        ]
        parts: list[Content | str] = []
        for name, value in rows:
            parts += [Content.styled(f"{name}: ", "bold"), literal(value), "\n"]
        return Content.assemble(*parts[:-1])
