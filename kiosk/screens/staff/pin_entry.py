"""The staff PIN pad: the only way into the admin screens."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Button, Input, Static

from kiosk.messages import NewVisit, OpenStaffHome
from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import AdminBaseScreen, _
from kiosk.staff import pin
from kiosk.staff.records import PinResult
from kiosk.widgets.keypad import Keypad


class PinEntryScreen(AdminBaseScreen):
    """Masked digits on big keys; the slow check and the throttle run in the services layer."""

    TITLE_TEXT = _("Area riservata al personale")
    AUTO_FOCUS = "#pin-input"
    # Seconds between two ticks of the throttle countdown; tests stop the clock by raising it.
    TICK_INTERVAL = 1.0

    # "loading" until the database answered, then "not_set", "ready", "checking" or "delayed"
    state: var[str] = var("loading")
    wait_seconds: var[int] = var(0)

    def __init__(self) -> None:
        super().__init__()
        self._countdown: Timer | None = None
        self._message = ""

    def compose_nav(self) -> ComposeResult:
        with Horizontal(id="nav", classes="admin-nav"):
            yield Button(label(self._("‹ Indietro")), id="pin-back", classes="nav")
            yield Static(label(self._(self.TITLE_TEXT)), id="admin-title")

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Container(id="pin-box"), Vertical(id="pin-panel"):
            yield Static(label(self._("Inserisci il PIN del personale")), id="pin-prompt")
            yield Input(
                password=True,
                max_length=pin.MAX_LENGTH,
                restrict=r"[0-9]*",
                id="pin-input",
            )
            yield Static(id="pin-message")
            yield Keypad(
                extra=(),
                enter=True,
                masked=True,
                target_id="pin-input",
                enter_label=self._("OK"),
                compact=self.app.size.height < 20,  # 57×16: every key on the panel
                id="pin-pad",
            )

    def on_mount(self) -> None:
        super().on_mount()
        self.watch_state(self.state)

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        self.load_then(
            lambda: (pin.pin_is_set(), pin.retry_after()), self.show_state, failed=self.failed_state
        )

    def show_state(self, value: tuple[bool, int]) -> None:
        is_set, wait = value
        if not is_set:
            self.state = "not_set"
        elif wait:
            self.start_countdown(wait)
        else:
            self.state = "ready"

    def failed_state(self, error: Exception) -> None:
        self._message = self.failure_text(error)
        self.state = "not_set"

    # --- state on screen -----------------------------------------------------------------

    def watch_state(self, state: str) -> None:
        if not self.is_mounted:
            return
        pad = self.query_one("#pin-pad", Keypad)
        field = self.query_one("#pin-input", Input)
        message = self.query_one("#pin-message", Static)
        prompt = self.query_one("#pin-prompt", Static)
        usable = state == "ready"
        pad.disabled = field.disabled = not usable
        pad.display = field.display = state != "not_set"
        if state == "not_set":
            prompt.update(
                label(
                    self._message
                    or self._("Nessun PIN impostato: usare `kiosk admin set-pin` sul terminale")
                )
            )
            message.update("")
        elif state == "checking":
            message.update(label(self._("Verifica in corso…")))
        elif state == "delayed":
            message.update(label(self._message + self._wait_text()))
        elif state == "ready":
            message.update(label(self._message))
            field.focus()
        message.set_class(state == "delayed" or bool(self._message), "-warning")

    def _wait_text(self) -> str:
        return self.ngettext(
            "Troppi tentativi: riprova tra {seconds} secondo.",
            "Troppi tentativi: riprova tra {seconds} secondi.",
            self.wait_seconds,
        ).format(seconds=self.wait_seconds)

    def watch_wait_seconds(self) -> None:
        if self.state == "delayed" and self.is_mounted:
            self.query_one("#pin-message", Static).update(label(self._message + self._wait_text()))

    # --- checking ------------------------------------------------------------------------

    @on(Keypad.Enter, "#pin-pad")
    @on(Input.Submitted, "#pin-input")
    def check_pin(self) -> None:
        if self.state != "ready":
            return
        field = self.query_one("#pin-input", Input)
        attempt = field.value
        field.value = ""  # never kept on screen
        if not attempt:
            return
        self._message = ""
        self.state = "checking"
        settings = self.kiosk.settings
        kiosk_id, pepper = settings.kiosk_id, settings.pin_pepper
        self.load_then(
            lambda: pin.verify_pin(attempt, kiosk_id=kiosk_id, pepper=pepper),
            self.show_verify,
            failed=self.failed_verify,
        )

    def show_verify(self, result: PinResult) -> None:
        if result.ok:
            if self.is_current:
                self.post_message(OpenStaffHome())
            return
        if result.reason == "not_set":
            self.state = "not_set"
            return
        self._message = self._("PIN errato.") + " " if result.reason == "wrong" else ""
        if result.retry_after_seconds:
            self.start_countdown(result.retry_after_seconds)
        else:
            self.state = "ready"

    def failed_verify(self, error: Exception) -> None:
        self._message = self.failure_text(error)
        self.state = "ready"

    # --- throttle countdown (a timer, never a sleep) --------------------------------------

    def start_countdown(self, seconds: int) -> None:
        self.wait_seconds = seconds
        self.state = "delayed"
        if self._countdown is None:
            self._countdown = self.set_interval(self.TICK_INTERVAL, self.tick)

    def tick(self) -> None:
        """One second of the throttle has passed."""
        if self.state != "delayed":
            return
        self.wait_seconds = max(0, self.wait_seconds - 1)
        if self.wait_seconds == 0:
            if self._countdown is not None:
                self._countdown.stop()
                self._countdown = None
            self._message = ""
            self.state = "ready"

    @on(Button.Pressed, "#pin-back")
    def leave(self) -> None:
        """Back to the visitor screens (a fresh attract screen)."""
        self.post_message(NewVisit())
