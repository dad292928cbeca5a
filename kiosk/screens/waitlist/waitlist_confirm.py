"""The confirmation of a waitlist join: position, ticket code, and a QR code to keep it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from kiosk.messages import NewVisit
from kiosk.screens.base import label
from kiosk.screens.waitlist.base import spaced, ticket_qr_data
from kiosk.screens.waitlist.ticket_print import TicketFacts, TicketPrintScreen
from kiosk.waitlist_codes import JoinResult
from kiosk.widgets.qr_code import QRCode

NAV_ROWS = 3  # the bar with 'Indietro', 'Home' and the language


class WaitlistConfirmScreen(TicketPrintScreen):
    """'Sei il 4° in lista' with the code; shows no name, phone or e-mail, ever."""

    CSS_PATH = "waitlist.tcss"
    AUTO_FOCUS = ""  # nothing: a focused nav button would look pressed
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (20, "-short"), (32, "-tall")]  # noqa: RUF012

    def __init__(self, result: JoinResult, link: str = "") -> None:
        super().__init__()
        self.result = result
        self.link = link

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        # The QR code docks right of the code and "Fine" from 80×24 up; at 57×16 there is no
        # room for a symbol and the code itself is what the visitor keeps.
        with VerticalScroll(id="confirm-body", classes="wl-page", can_focus=False):
            if self.result.already_registered:
                yield from self.compose_already_registered()
                yield Button(label(self._("Fine")), id="confirm-done", variant="primary")
            else:
                yield from self.compose_ticket()

    def on_resize(self) -> None:
        self.fit_qr()

    def on_mount(self) -> None:
        self.fit_qr()

    def fit_qr(self) -> None:
        """When the QR code is taller than the room under the bar, the bar moves to the left.

        A ticket's QR code carries the link and the code: on a 91×23 panel it needs every row.
        """
        for qr in self.query(QRCode):
            symbol = qr.symbol_size
            width, height = self.size
            self.query_one("#confirm-qr-box").styles.width = symbol.width + 2  # + padding
            rail = width >= 70 and height >= 20 and height - NAV_ROWS < symbol.height
            self.set_class(rail, "-rail")

    def compose_already_registered(self) -> ComposeResult:
        """The contact typed is already on this list: no code, place or status, ever (whoever
        typed it may not be that person). A confidential list does not even say it is so."""
        if self.result.sensitive:
            title = self._("Iscrizione non completata")
            lines = (
                self._("Da qui non possiamo completare questa iscrizione."),
                self._(
                    "Se questo contatto è già registrato, chiedi allo sportello: "
                    "lì ti aiutiamo a ritrovare il codice."
                ),
            )
        else:
            title = self._("Questo contatto è già in lista")
            lines = (
                self._(
                    "Il telefono o l'e-mail che hai scritto è già iscritto a questa lista: "
                    "non abbiamo aggiunto una seconda iscrizione."
                ),
                self._("Per ritrovare il codice chiedi allo sportello."),
            )
        yield Static(label(title), id="confirm-title", classes="wl-title")
        yield Static(label(self.result.service_name), id="confirm-service", classes="wl-subtitle")
        for line in lines:
            yield Static(label(line), classes="wl-hint confirm-already")

    def compose_ticket(self) -> ComposeResult:
        result = self.result
        with Vertical(id="confirm-qr-box"):
            yield QRCode(
                ticket_qr_data(result.code, self.link),
                fallback_text=spaced(result.code),
                too_small_text=self._("Il tuo codice:"),
                id="confirm-qr",
            )
        yield Static(label(self._("Sei in lista d'attesa")), id="confirm-title", classes="wl-title")
        yield Static(label(result.service_name), id="confirm-service", classes="wl-subtitle")
        yield Static(label(self.position_text()), id="confirm-position")
        with Vertical(id="confirm-code-box"):
            yield Static(label(self._("Il tuo codice")), classes="wl-caption")
            yield Static(label(spaced(result.code)), id="confirm-code")
        yield Button(label(self._("Fine")), id="confirm-done", variant="primary")
        yield from self.compose_print()
        yield Static(
            label(self._("Inquadra con il telefono per salvare il codice.")),
            id="confirm-qr-caption",
            classes="wl-hint",
        )
        yield Static(
            label(self._("Conservalo: con «Ho un codice» puoi vedere il tuo posto o cancellarti.")),
            classes="wl-hint",
        )
        yield Static(
            label(self._("Ti contatteremo noi quando sarà il tuo turno.")),
            classes="wl-hint",
        )

    def ticket_facts(self) -> TicketFacts | None:
        result = self.result
        if result.already_registered or not result.code:
            return None
        return TicketFacts(
            code=result.code,
            service=result.service_name,
            position=result.position,
            slug=result.service_slug,
            kind=result.kind,
            link=self.link,
        )

    def position_text(self) -> str:
        position = self.result.position
        if position is None:
            return self._("Questa iscrizione non è più in lista: chiedi allo sportello.")
        return self._("Sei il {position}° in lista").format(position=position)

    @on(Button.Pressed, "#confirm-done")
    def done(self) -> None:
        self.post_message(NewVisit())  # "Fine" ends the visit: the idle reset, at once
