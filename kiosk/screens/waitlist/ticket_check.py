"""'Ho un codice': see the place a ticket code holds in its list, or give it up."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Button, Input, Static

from kiosk import waitlist_tickets as tickets
from kiosk.messages import NewVisit
from kiosk.printing.content import when_text
from kiosk.screens.base import label
from kiosk.screens.waitlist.base import spaced
from kiosk.screens.waitlist.cancel_confirm import CancelConfirmScreen
from kiosk.screens.waitlist.ticket_print import TicketFacts, TicketPrintScreen
from kiosk.statuses import EntryStatus
from kiosk.waitlist_codes import CODE_LENGTH, TicketStatus
from kiosk.widgets.keypad import TICKET_ALPHABET, Keypad
from kiosk.widgets.more import MoreBelow


class TicketCheckScreen(TicketPrintScreen):
    """Type a ticket code on big keys; a wrong code tells nothing about anybody else's."""

    # Seconds between two ticks of the wait countdown; tests stop the clock by raising it.
    TICK_INTERVAL = 1.0

    CSS_PATH = "waitlist.tcss"
    AUTO_FOCUS = "#ticket-code"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (20, "-short"), (32, "-tall")]  # noqa: RUF012
    NOTICES: ClassVar[tuple[str, ...]] = ("", "empty", "not_found", "cancel_done", "unavailable")

    ticket: reactive[TicketStatus | None] = reactive(None, recompose=True)
    wait_left: reactive[int] = reactive(0)  # seconds before another code may be tried

    def __init__(self) -> None:
        super().__init__()
        self.typed = ""
        self.notice = ""
        self.busy = False
        self._wait_timer: Timer | None = None

    def status_text(self, status: str) -> str:
        names: dict[str, str] = {
            EntryStatus.WAITING: self._("In attesa"),
            EntryStatus.CALLED: self._(
                "Chiamato: passa dallo sportello o rispondi alla nostra chiamata"
            ),
            EntryStatus.CONTACTED: self._("Contattato: ti abbiamo già cercato"),
            EntryStatus.ENROLLED: self._("Iscritto: il posto è tuo"),
            EntryStatus.NO_SHOW: self._("Non presentato"),
            EntryStatus.REMOVED: self._("Tolto dalla lista: chiedi allo sportello"),
            EntryStatus.CANCELLED: self._("Cancellato"),
            EntryStatus.OFFERED: self._(
                "Offerta in corso: un posto è per te. "
                "Passa dallo sportello per accettarlo o rinunciare"
            ),
            EntryStatus.DECLINED: self._("Hai rinunciato al posto offerto"),
            EntryStatus.OFFER_EXPIRED: self._("Offerta scaduta: chiedi allo sportello"),
        }
        return names.get(status, self._("Sconosciuto: chiedi allo sportello"))

    def message_text(self) -> str:
        parts = {
            "empty": self._("Scrivi il codice che hai ricevuto."),
            "not_found": self._("Codice non trovato. Controlla di averlo scritto bene."),
            "cancel_done": self._("La tua iscrizione è stata cancellata."),
            "unavailable": self._(
                "Il servizio non è disponibile in questo momento. Riprova tra poco."
            ),
        }
        lines = [parts[self.notice]] if self.notice in parts else []
        if self.wait_left > 0:
            wait = self.ngettext(
                "Troppi tentativi, riprova tra {seconds} secondo.",
                "Troppi tentativi, riprova tra {seconds} secondi.",
                self.wait_left,
            )
            lines.append(wait.format(seconds=self.wait_left))
        return "\n".join(lines)

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        ticket = self.ticket
        body = VerticalScroll(id="ticket-body", classes="wl-page", can_focus=False)
        yield MoreBelow(body, self._("▼ Altro"))  # 57×16: the rest of the answer
        with body:
            yield Static(label(self._("Controlla il tuo posto in lista")), classes="wl-title")
            if ticket is not None and ticket.found:
                yield from self.compose_ticket(ticket)
            else:
                yield from self.compose_entry()
        if ticket is None or not ticket.found:
            with Vertical(id="ticket-keys"):
                yield Keypad(
                    keys=TICKET_ALPHABET,
                    extra=(),
                    target_id="ticket-code",
                    backspace_label="⌫",
                    compact=self.app.size.height < 20,  # 57×16: the code stays in sight
                    id="ticket-keypad",
                )

    def compose_entry(self) -> ComposeResult:
        yield Static(
            label(
                self._("Scrivi il codice di {length} caratteri che hai ricevuto.").format(
                    length=CODE_LENGTH
                )
            ),
            id="ticket-hint",
        )
        with Horizontal(id="ticket-entry"):
            yield Input(
                value=self.typed,
                id="ticket-code",
                max_length=CODE_LENGTH * 2,
                select_on_focus=False,  # a key tap must not wipe the whole code
            )
            yield Button(
                label(self._("Controlla")),
                id="ticket-submit",
                variant="primary",
                disabled=self.wait_left > 0,
            )
        message = self.message_text()
        line = Static(label(message), id="ticket-message", classes="wl-problem")
        line.display = bool(message)
        yield line

    def compose_ticket(self, ticket: TicketStatus) -> ComposeResult:
        with Vertical(id="ticket-result", classes="wl-notice"):
            yield Static(label(self._("Il tuo codice")), classes="wl-caption")
            yield Static(label(spaced(ticket.code)), id="ticket-found-code")
            yield Static(label(ticket.service_name), id="ticket-service", classes="wl-subtitle")
            yield Static(
                label(self._("Stato: {status}").format(status=self.status_text(ticket.status))),
                id="ticket-status",
            )
            if ticket.offer_until is not None:
                until = when_text(self.kiosk.language, ticket.offer_until)
                yield Static(
                    label(self._("Il posto è tuo fino a: {until}").format(until=until)),
                    id="ticket-offer",
                )
            elif ticket.position is not None:
                yield Static(
                    label(self._("Sei il {position}° in lista").format(position=ticket.position)),
                    id="ticket-position",
                )
            if self.notice == "cancel_done":
                yield Static(label(self.message_text()), id="ticket-message")
            if ticket.position is not None:
                yield from self.print_message()
        with Horizontal(id="ticket-actions"):  # one row from 80 columns: all in sight
            if ticket.position is not None:  # still in the list: printed, or given up
                yield from self.print_button()
                yield Button(
                    label(self._("Cancella la mia iscrizione")), id="ticket-cancel", variant="error"
                )
            yield Button(label(self._("Controlla un altro codice")), id="ticket-again")
            yield Button(label(self._("Fine")), id="ticket-done", variant="primary")

    # --- checking ---------------------------------------------------------------------------

    async def recompose(self) -> None:
        await super().recompose()
        for field in self.query("#ticket-code").results(Input):
            field.focus()

    def reload(self) -> None:
        # After a language switch the service name and status come again in the new language.
        ticket = self.ticket
        if ticket is not None and ticket.found:
            self.lookup(ticket.code)

    def lookup(self, code: str) -> None:
        """Ask where the ticket `code` stands."""
        kiosk_id, lang = self.kiosk.settings.kiosk_id, self.kiosk.language
        self.busy = True
        self.load_then(
            lambda: tickets.check_ticket(code, kiosk_id=kiosk_id, lang=lang),
            self.show_check,
            failed=self.lookup_failed,
        )

    def ticket_facts(self) -> TicketFacts | None:
        ticket = self.ticket
        if ticket is None or not ticket.found or ticket.position is None:
            return None
        return TicketFacts(
            code=ticket.code,
            service=ticket.service_name,
            position=ticket.position,
            slug=ticket.service_slug,
            kind=ticket.kind,
            offer_until=ticket.offer_until,
        )

    def cancel_place(self, code: str) -> None:
        """Give up the place of ticket `code`."""
        settings, lang = self.kiosk.settings, self.kiosk.language
        kiosk_id, auto = settings.kiosk_id, settings.offer_auto
        self.busy = True
        self.load_then(
            lambda: tickets.cancel_ticket(code, kiosk_id=kiosk_id, lang=lang, offer_auto=auto),
            self.show_cancel,
            failed=self.lookup_failed,
        )

    @on(Input.Changed, "#ticket-code")
    def remember(self, event: Input.Changed) -> None:
        self.typed = event.value

    @on(Button.Pressed, "#ticket-submit")
    @on(Input.Submitted, "#ticket-code")
    def check(self) -> None:
        if self.busy or self.wait_left > 0:
            return
        if not self.typed.strip():
            self.set_notice("empty")
            return
        self.lookup(self.typed)

    def show_check(self, answer: TicketStatus) -> None:
        self.busy = False
        if answer.outcome == "throttled":
            self.set_notice("")
            self.start_wait(answer.retry_after)
        elif not answer.found:
            self.set_notice("not_found")
            self.start_wait(answer.retry_after)
            for field in self.query("#ticket-code").results(Input):
                field.focus()  # ready for the corrected code
        else:
            if self.ticket is None or self.ticket.code != answer.code:
                self.notice = ""
            self.ticket = answer

    def show_cancel(self, answer: TicketStatus) -> None:
        self.show_check(answer)
        if answer.found:
            self.notice = "cancel_done"

    def lookup_failed(self, _error: Exception) -> None:
        """Told in place, next to the code (not as a toast)."""
        self.busy = False
        if self.ticket is not None and self.ticket.found:
            self.ticket = None  # back to the code entry, where the message shows
        self.set_notice("unavailable")

    def set_notice(self, notice: str) -> None:
        self.notice = notice
        self.refresh_message()

    def refresh_message(self) -> None:
        text = self.message_text()
        for line in self.query("#ticket-message").results(Static):
            line.update(label(text))
            line.display = bool(text)
            if text:
                self.call_after_refresh(line.scroll_visible, animate=False)
        for submit in self.query("#ticket-submit").results(Button):
            submit.disabled = self.wait_left > 0

    # --- throttle: the wait the services layer asks for, counted down by a timer ------------

    def start_wait(self, seconds: int) -> None:
        if seconds <= 0:
            return
        self.wait_left = seconds
        if self._wait_timer is None:
            self._wait_timer = self.set_interval(
                self.TICK_INTERVAL, self.tick_wait, name="ticket-wait"
            )

    def tick_wait(self) -> None:
        self.wait_left = max(0, self.wait_left - 1)
        if self.wait_left == 0 and self._wait_timer is not None:
            self._wait_timer.stop()
            self._wait_timer = None

    def watch_wait_left(self) -> None:
        self.refresh_message()

    # --- taps -------------------------------------------------------------------------------

    @on(Button.Pressed, "#ticket-cancel")
    def ask_cancel(self) -> None:
        ticket = self.ticket
        if ticket is None or self.busy:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.cancel_place(ticket.code)

        self.app.push_screen(CancelConfirmScreen(ticket.service_name), answered)

    @on(Button.Pressed, "#ticket-again")
    def another_code(self) -> None:
        self.typed = ""
        self.notice = ""
        self.ticket = None

    @on(Button.Pressed, "#ticket-done")
    def done(self) -> None:
        self.post_message(NewVisit())  # "Fine" ends the visit: the idle reset, at once
