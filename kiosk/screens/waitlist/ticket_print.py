"""'Stampa il biglietto': the paper ticket, printed off the UI thread; trouble told in place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Static

from kiosk import catalogue
from kiosk.printing.content import ticket_text
from kiosk.printing.device import NO_PAPER, PrinterProblem, print_ticket
from kiosk.screens.base import KioskScreen, label
from kiosk.screens.waitlist.base import ticket_qr_data
from kiosk.waitlist_codes import ListKind


@dataclass(frozen=True)
class TicketFacts:
    """What a screen knows of the ticket it shows; `link` None: look the service's up."""

    code: str
    service: str
    position: int | None
    slug: str = ""
    kind: ListKind = "service"
    link: str | None = None
    offer_until: dt.datetime | None = None


class TicketPrintScreen(KioskScreen):
    """A screen showing a ticket code that may print it, when a printer is configured."""

    DEFAULT_CSS = """
    #print-ticket { margin: 1 0 0 0; width: auto; min-width: 24; }
    #print-message { height: auto; margin: 1 0 0 0; }
    #print-message.-hidden { display: none; }
    """

    printing = False

    @property
    def can_print(self) -> bool:
        return self.kiosk.settings.printer not in ("", "none")

    def compose_print(self) -> ComposeResult:
        """The button and its message line; nothing at all without a printer."""
        yield from self.print_button()
        yield from self.print_message()

    def print_button(self) -> ComposeResult:
        if self.can_print:
            yield Button(label(self._("Stampa il biglietto")), id="print-ticket")

    def print_message(self) -> ComposeResult:
        if self.can_print:
            yield Static(id="print-message", classes="wl-hint -hidden")

    def ticket_facts(self) -> TicketFacts | None:
        """The ticket on screen (subclasses)."""
        return None

    @on(Button.Pressed, "#print-ticket")
    def print_paper_ticket(self) -> None:
        facts = self.ticket_facts()
        if facts is None or self.printing:
            return
        settings, lang = self.kiosk.settings, self.kiosk.language
        self.printing = True
        self.show_print(self._("Stampa in corso…"), busy=True)

        def job() -> None:
            link = facts.link
            if link is None:  # the same link as the confirmation's QR code
                target = catalogue.join_target(
                    facts.slug, facts.kind, lang, public_url=settings.public_url
                )
                link = target.link if target else ""
            text = ticket_text(
                lang=lang,
                code=facts.code,
                service=facts.service,
                position=facts.position,
                qr_data=ticket_qr_data(facts.code, link),
                offer_until=facts.offer_until,
            )
            print_ticket(settings.printer, text)

        self.load_then(job, self.printed, failed=self.print_failed)

    def printed(self, _done: None) -> None:
        self.printing = False
        self.show_print(self._("Biglietto stampato: prendilo dalla stampante."))

    def print_failed(self, error: Exception) -> None:
        """Nothing is lost: the code stays on screen and the button can be tapped again."""
        self.printing = False
        if isinstance(error, PrinterProblem) and error.problem == NO_PAPER:
            text = self._("La stampante ha finito la carta.")
        elif isinstance(error, PrinterProblem):
            text = self._("La stampante non risponde.")
        else:
            text = self._("Non è stato possibile stampare il biglietto.")
        hint = self._("Il tuo codice resta sullo schermo: scrivilo o chiedi allo sportello.")
        self.show_print(f"{text} {hint}")

    def show_print(self, text: str, *, busy: bool = False) -> None:
        for button in self.query("#print-ticket").results(Button):
            button.disabled = busy
        for line in self.query("#print-message").results(Static):
            line.update(label(text))
            line.remove_class("-hidden")
            self.call_after_refresh(line.scroll_visible, animate=False)
