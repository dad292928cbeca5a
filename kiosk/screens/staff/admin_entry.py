"""One waitlist entry in full for staff, with the status buttons."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.notify import outbox
from kiosk.notify.outbox import OutboxItem
from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import _, literal
from kiosk.screens.staff.admin_entries import AdminEntriesScreen
from kiosk.staff import waitlists
from kiosk.staff.records import StaffEntry

KIND_NAMES = {
    "confirmation": _("Conferma"),
    "offer": _("Posto offerto"),
    "reminder": _("Promemoria"),
    "cancellation": _("Cancellazione"),
}
CHANNEL_NAMES = {"email": _("e-mail"), "sms": _("SMS")}


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
            yield Static(Content.styled(self._("Messaggi"), "bold"), id="entry-messages-title")
            yield Vertical(id="entry-messages")
        yield from self.compose_actions(undo=True, details=False)

    def reload(self) -> None:
        entry_id = self.entry_id
        self.load_then(
            lambda: waitlists.get_entry(entry_id), self.show_entry, failed=self.failed_entry
        )
        self.load_then(lambda: outbox.entry_messages(entry_id), self.show_messages)

    # --- messages to the family (outbox) ----------------------------------------------------

    def message_text(self, item: OutboxItem) -> Content:
        """'Conferma · e-mail · inviato il 23/11/2026 10:01' (or queued / not sent, and why)."""
        head = f"{self._(KIND_NAMES.get(item.kind, item.kind))} · "
        head += f"{self._(CHANNEL_NAMES.get(item.channel, item.channel))} · "
        if item.state == "sent" and item.sent_at:
            state = self._("inviato il {when}").format(when=f"{item.sent_at:%d/%m/%Y %H:%M}")
        elif item.state == "queued":
            when = f"{item.next_try_at:%d/%m/%Y %H:%M}" if item.next_try_at else ""
            state = self._("in coda (tentativi: {tries}, prossimo: {when})").format(
                tries=item.tries, when=when
            )
        else:
            state = self._("non inviato dopo {tries} tentativi").format(tries=item.tries)
        error = f" — {item.last_error}" if item.last_error and item.state != "sent" else ""
        return Content.assemble(label(head + state), literal(error))

    def show_messages(self, items: list[OutboxItem]) -> None:
        """One line per message, and 'Reinvia' for those sent or failed."""
        box = self.query_one("#entry-messages", Vertical)
        box.remove_children()
        if not items:
            none = self._("Nessun messaggio (la famiglia non li ha chiesti).")
            box.mount(Static(label(none), classes="entry-message"))
            return
        rows = []
        for item in items:
            parts: list[Static | Button] = [Static(self.message_text(item))]
            if item.state != "queued":
                resend = Button(label(self._("Reinvia")), name=str(item.id), classes="resend")
                parts.append(resend)
            rows.append(Vertical(*parts, classes="entry-message"))
        box.mount_all(rows)

    @on(Button.Pressed, ".resend")
    def resend(self, event: Button.Pressed) -> None:
        message_id = int(event.button.name or 0)
        kiosk_id, entry_id = self.kiosk.settings.kiosk_id, self.entry_id
        event.button.disabled = True

        def job() -> list[OutboxItem]:
            outbox.resend(message_id, kiosk_id=kiosk_id)
            return outbox.entry_messages(entry_id)

        self.load_then(job, self.show_resent, failed=self.failed_changed)

    def show_resent(self, items: list[OutboxItem]) -> None:
        self.say(self._("Messaggio rimesso in coda: parte entro pochi minuti."))
        self.show_messages(items)

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
        chosen = [c for c in entry.notify_channels.split(",") if c]
        asked = ", ".join(self._(CHANNEL_NAMES.get(c, c)) for c in chosen) or self._("no")
        fields.append((self._("Avvisi richiesti"), label(asked)))
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
