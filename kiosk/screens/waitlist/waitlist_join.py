"""Join a waitlist: a short form with big keys, the privacy notice, and a safe submit."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Static

from kiosk import catalogue, waitlist
from kiosk import waitlist_codes as codes
from kiosk.errors import OutcomeUnknown
from kiosk.messages import OpenOffice, ShowTicket
from kiosk.records import JoinTarget, WaitlistInfo
from kiosk.screens.base import KioskScreen, label
from kiosk.screens.waitlist.notify_choice import notify_hint, notify_problem
from kiosk.screens.waitlist.privacy_notice import PrivacyNoticeScreen, short_notice
from kiosk.waitlist_codes import (
    JoinError,
    JoinForm,
    JoinLimited,
    JoinLimits,
    JoinRefused,
    JoinResult,
    ListKind,
)
from kiosk.widgets._keys import HoldsTaps
from kiosk.widgets.keyboard import OnScreenKeyboard
from kiosk.widgets.keypad import Keypad
from kiosk.widgets.layouts import layouts_for

COMPACT_KEYS_BELOW = 20  # rows: on a 57×16 panel the keys are one row high
TEXT_FIELDS = ("name", "phone", "email", "party_size", "child_age", "note")
EMAIL_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl@", "zxcvbnm._-")
# Which keys each field is typed with.
PADS = {
    "name": "keys-text",
    "note": "keys-text",
    "email": "keys-email",
    "phone": "keys-phone",
    "party_size": "keys-number",
    "child_age": "keys-number",
}


class FieldBlock(Vertical):
    """A field's label, input and error line; while typed in, it keeps itself in sight.

    An error appearing under the field makes the block taller: it scrolls into view again, so
    the visitor sees the error above the keys without scrolling.
    """

    def on_resize(self) -> None:
        if self.has_focus_within:
            self.scroll_visible(animate=False)


def message_line(text: str, **kwargs: Any) -> Static:
    """A line of feedback, hidden while it has nothing to say."""
    line = Static(label(text), **kwargs)
    line.display = bool(text)
    return line


class WaitlistJoinScreen(KioskScreen):
    """The join form; what was typed survives errors, a language switch and a failed submit."""

    CSS_PATH = "waitlist.tcss"
    AUTO_FOCUS = ""  # nothing: a focused nav button would look pressed
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (20, "-short"), (32, "-tall")]  # noqa: RUF012

    target: reactive[JoinTarget | None] = reactive(None, recompose=True)
    refusal: reactive[str] = reactive("", recompose=True)
    sending: reactive[bool] = reactive(False)

    def __init__(self, slug: str, kind: ListKind = "service") -> None:
        super().__init__()
        self.slug = slug
        self.kind: ListKind = kind
        # One id for this form: a repeated submit (timeout, crash) returns the same entry.
        self.request_id = uuid.uuid4()
        self.values = dict.fromkeys(TEXT_FIELDS, "")
        self.extra_consent = False
        self.wants_messages = False  # "Avvisami quando tocca a me": unticked by default
        self.errors: dict[str, str] = {}
        self.status = ""  # why the last submit failed, already translated
        self.checked = False  # after a first submit, errors follow the typing
        self.current_field: str | None = None
        self._focused_once = False
        self._pending: JoinResult | None = None

    # --- data -------------------------------------------------------------------------------

    def reload(self) -> None:
        slug, kind, lang = self.slug, self.kind, self.kiosk.language
        public_url = self.kiosk.settings.public_url
        self.load_then(
            lambda: catalogue.join_target(slug, kind, lang, public_url=public_url),
            self.show_target,
            failed=self.failed_target,
        )

    def show_target(self, target: JoinTarget | None) -> None:
        info = target.waitlist if target else None
        refusal = "closed" if info and not info.is_open else "full" if info and info.full else ""
        self.refusal = "not_found" if info is None else refusal
        self.target = target

    @property
    def info(self) -> WaitlistInfo | None:
        return self.target.waitlist if self.target else None

    def asked(self) -> tuple[str, ...]:
        info = self.info
        return codes.asked_fields(info.fields, info.sensitive) if info else ()

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with VerticalScroll(id="join-body", classes="wl-page", can_focus=False):
            if self.refusal:
                yield from self.compose_refusal()
            elif self.target is None or self.info is None:
                yield Static(label(self._("Un momento…")), classes="wl-loading")
            else:
                yield from self.compose_form(self.target, self.info)
        if self.target is not None and not self.refusal:
            # A fixed action bar over the keys: the submit button is never under them.
            with Vertical(id="join-bottom"):
                with Horizontal(id="join-actions"):
                    submit = Button(label(self.submit_label()), id="join-submit", variant="primary")
                    submit.disabled = self.sending
                    yield submit
                with Vertical(id="join-keys"):
                    shift = self._("⇧ Maiusc")
                    # Names and notes in the visitor's alphabet (one key switches alphabet).
                    layouts = layouts_for(self.kiosk.language)
                    yield OnScreenKeyboard(
                        **self.keys_args(id="keys-text", shift_label=shift, layouts=layouts)
                    )
                    yield OnScreenKeyboard(
                        **self.keys_args(id="keys-email", rows=EMAIL_ROWS, shift_label=shift)
                    )
                    yield Keypad(**self.keys_args(extra=("+", " "), id="keys-phone"))
                    # Four columns, as the phone pad: "Avanti" bottom right on every pad.
                    yield Keypad(**self.keys_args(extra=(), columns=4, id="keys-number"))

    def keys_args(self, **extra: Any) -> dict[str, Any]:
        """Translated labels of the keyboards and keypads; the focused field gets the keys.

        Below 20 rows (57×16) keys are one row high: the field, its error and the submit button
        must stay in sight above them.
        """
        labels = {"space_label": self._("Spazio"), "enter_label": self._("Avanti ›")}
        compact = self.app.size.height < COMPACT_KEYS_BELOW
        return {"follow_focus": True, "enter": True, "compact": compact, **labels, **extra}

    def on_resize(self) -> None:
        compact = self.app.size.height < COMPACT_KEYS_BELOW
        if any(pad.has_class("-compact") != compact for pad in self.query("#join-keys > *")):
            self.refresh(recompose=True)

    def compose_refusal(self) -> ComposeResult:
        messages = {
            "closed": self._("Le iscrizioni a questa lista sono chiuse in questo momento."),
            "full": self._("La lista d'attesa è al completo."),
            "not_found": self._("Questa lista d'attesa non è disponibile."),
            "unavailable": self._(
                "Non riusciamo a caricare la lista d'attesa in questo momento. Riprova tra poco."
            ),
        }
        with Vertical(id="join-refused", classes="wl-notice"):
            if self.target is not None:
                yield Static(label(self.target.title), classes="wl-title")
            yield Static(label(messages.get(self.refusal, messages["not_found"])), id="join-why")
            yield Static(label(self._("Allo sportello ti aiutiamo a trovare un'alternativa.")))
            if self.refusal == "unavailable":
                yield Button(label(self._("Riprova")), id="join-retry-load")
            yield Button(label(self._("Vai allo sportello")), id="join-office", variant="primary")

    def compose_form(self, target: JoinTarget, info: WaitlistInfo) -> ComposeResult:
        asked = self.asked()
        yield Static(label(self._("Lista d'attesa")), classes="wl-caption")
        yield Static(label(target.title), id="join-title", classes="wl-title")
        if info.sensitive:
            intro = self._("Lista riservata: non ti chiediamo il nome. Riceverai solo un codice.")
        else:
            intro = self._("Bastano pochi dati. Riceverai un codice per controllare il tuo posto.")
        yield Static(label(intro), classes="wl-hint")
        if "name" in asked:
            yield from self.field(
                "name", self._("Nome o soprannome"), max_length=codes.NAME_MAX, classes="capitalise"
            )
        if "contact" in asked:
            yield Static(
                label(self._("Come ti richiamiamo? Telefono o e-mail: almeno uno dei due.")),
                classes="wl-group-title",
            )
            phone = {"max_length": codes.PHONE_MAX_TYPED, "restrict": r"[0-9+ .\-/()]*"}
            yield from self.field("phone", self._("Telefono"), placeholder="333 123 4567", **phone)
            email = {"max_length": codes.EMAIL_MAX, "placeholder": "nome@esempio.it"}
            yield from self.field("email", self._("E-mail"), **email)
            yield self.error_line("contact")
            if self.channels:  # offered only when this kiosk can send a message
                notify = self._("Avvisami quando tocca a me")
                yield Checkbox(label(notify), value=self.wants_messages, id="notify-optin")
                yield Static(label(notify_hint(self._, self.channels)), classes="wl-hint")
                yield self.error_line("notify")
        digits = {"max_length": 2, "restrict": "[0-9]*"}
        if "party_size" in asked:
            yield from self.field("party_size", self._("Quante persone siete?"), **digits)
        if "child_age" in asked:
            title = self._("Età del bambino o della bambina, in anni")
            yield from self.field("child_age", title, **digits)
        if "note" in asked:
            note = self._("Una breve nota (facoltativa)")
            yield from self.field("note", note, max_length=codes.NOTE_MAX)
        if target.privacy is not None:  # always, when there is a list to join
            with Vertical(id="join-privacy", classes="wl-privacy"):
                yield Static(label(self._("Informativa sulla privacy")), classes="wl-group-title")
                notice = short_notice(self._, self.ngettext, target.privacy)
                yield Static(label(notice), id="join-notice")
                yield Button(label(self._("Leggi tutto")), id="privacy-more")
        yield Checkbox(
            label(self._("Voglio essere contattato per altre attività del Centro")),
            value=self.extra_consent,
            id="extra-consent",
        )
        yield message_line(self.status, id="join-status", classes="wl-problem")

    def field(self, name: str, title: str, **input_args: Any) -> Iterator[Widget]:
        with FieldBlock(id=f"block-{name}", classes="wl-field"):
            yield Static(label(title), classes="wl-field-label")
            yield Input(
                value=self.values[name],
                id=f"field-{name}",
                select_on_focus=False,  # a key tap must not replace all that was typed
                **input_args,
            )
            yield self.error_line(name)

    def error_line(self, name: str) -> Static:
        text = self.error_text(name, self.errors.get(name, ""))
        return message_line(text, id=f"error-{name}", classes="wl-error")

    def error_text(self, field: str, code: str) -> str:
        """The visitor-facing message for an error code of the services layer."""
        if code == "required" and field in ("name", "party_size", "child_age"):
            code = f"{field}_required"
        low, high = codes.PARTY_SIZE_RANGE if field == "party_size" else codes.CHILD_AGE_RANGE
        messages = {
            "": "",
            "name_required": self._("Scrivi un nome o un soprannome."),
            "party_size_required": self._("Scrivi quante persone siete."),
            "child_age_required": self._("Scrivi l'età in anni."),
            "out_of_range": self._("Scrivi un numero da {low} a {high}.").format(
                low=low, high=high
            ),
            "contact_required": self._("Scrivi un numero di telefono o un indirizzo e-mail."),
            "phone_invalid": self._(
                "Numero non valido. Esempio: 333 123 4567 (dall'estero con +, es. +44 …)."
            ),
            "email_invalid": self._("Indirizzo e-mail non valido. Esempio: nome@esempio.it"),
            "too_long": self._("Troppo lungo: accorcialo."),
            "number_invalid": self._("Scrivi solo un numero, con le cifre."),
            "not_asked": self._("Questo dato non serve: lascialo vuoto."),
            "notify_no_channel": notify_problem(self._, self.channels),
        }
        return messages.get(code, self._("Controlla questo dato."))

    async def recompose(self) -> None:
        field = self.current_field
        await super().recompose()
        self.keep_focus_on_fields()
        if field is None and not self._focused_once:
            asked = [f for f in TEXT_FIELDS if self.query(f"#field-{f}")]
            field = asked[0] if asked else None
        if field is not None and self.query(f"#field-{field}"):
            self._focused_once = True
            self.query_one(f"#field-{field}", Input).focus()
        else:
            self.show_pad(None)

    # --- typing -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.keep_focus_on_fields()

    def keep_focus_on_fields(self) -> None:
        """Buttons never take the focus: a tap on one leaves the keys typing into the field."""
        for widget in self.query("Button, Checkbox"):
            widget.can_focus = False

    @on(events.DescendantFocus)
    def follow_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, Input) and widget.id and widget.id.startswith("field-"):
            self.current_field = widget.id.removeprefix("field-")
            self.show_pad(self.current_field)
            # The whole block (label, field, error) in sight above the keys, not just the field.
            self.call_after_refresh(self.show_current_block)

    def show_pad(self, field: str | None) -> None:
        """Show the keys for `field` under the form (None: no keys)."""
        wanted = PADS.get(field or "")
        for pad in self.query("#join-keys > *"):
            pad.display = pad.id == wanted
        for keys in self.query("#join-keys"):
            keys.display = wanted is not None

    @on(Input.Changed)
    def remember(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("field-"):
            self.values[event.input.id.removeprefix("field-")] = event.value
            if self.checked:
                self.show_errors(self.local_errors())

    @on(Checkbox.Changed, "#extra-consent")
    def remember_consent(self, event: Checkbox.Changed) -> None:
        self.extra_consent = event.value

    @on(Checkbox.Changed, "#notify-optin")
    def remember_notify(self, event: Checkbox.Changed) -> None:
        self.wants_messages = event.value
        if self.checked:
            self.show_errors(self.local_errors())

    @property
    def channels(self) -> tuple[str, ...]:
        """The message channels configured on this kiosk (none: the choice is not shown)."""
        return self.kiosk.settings.notify.channels

    @on(OnScreenKeyboard.Enter)
    @on(Keypad.Enter)
    @on(Input.Submitted)
    def next_field(self) -> None:
        """'Avanti': the next field, or the submit button after the last one."""
        # The finger's second quick tap lands on the next field's keys: it must not type.
        for pad in self.query("#join-keys > *").results(HoldsTaps):
            pad.hold_taps()
        fields = [f"field-{f}" for f in TEXT_FIELDS if self.query(f"#field-{f}")]
        current = f"field-{self.current_field}"
        if current in fields and fields.index(current) + 1 < len(fields):
            self.query_one(f"#{fields[fields.index(current) + 1]}", Input).focus()
            return
        # All typed: the keys make way for the notice and the button.
        self.current_field = None
        self.set_focus(None)
        self.show_pad(None)
        for notice in self.query("#join-privacy"):
            self.call_after_refresh(notice.scroll_visible, top=True, animate=False)

    # --- submit -----------------------------------------------------------------------------

    def form(self) -> JoinForm:
        """What was typed in the fields this list asks for (the others stay empty)."""
        asked = self.asked()
        owners = {"phone": "contact", "email": "contact"}

        def typed(field: str) -> str:
            return self.values[field] if owners.get(field, field) in asked else ""

        return JoinForm(
            name=typed("name"),
            phone=typed("phone"),
            email=typed("email"),
            party_size=typed("party_size"),
            child_age=typed("child_age"),
            note=typed("note"),
            extra_consent=self.extra_consent,
            notify=self.wants_messages and bool(self.channels) and "contact" in asked,
        )

    def local_errors(self) -> dict[str, str]:
        info = self.info
        if info is None:
            return {}
        form = self.form()
        errors = codes.form_errors(info.fields, form, sensitive=info.sensitive)
        reachable = codes.notify_channels(self.channels, form.phone, form.email)
        if form.notify and not reachable and not {"contact", "phone", "email"} & set(errors):
            errors["notify"] = "notify_no_channel"
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        for line in self.query(".wl-error").results(Static):
            name = (line.id or "").removeprefix("error-")
            text = self.error_text(name, self.errors.get(name, ""))
            line.update(label(text))
            line.display = bool(text)

    def show_current_block(self) -> None:
        """The field being typed, with its error, in sight (once the layout has the error)."""
        for block in self.query(f"#block-{self.current_field}"):
            block.scroll_visible(animate=False)

    def show_status(self, text: str) -> None:
        self.status = text
        for line in self.query("#join-status").results(Static):
            line.update(label(text))
            line.display = bool(text)
            if text:
                self.call_after_refresh(line.scroll_visible)

    def submit_label(self) -> str:
        return self._("Invio in corso…") if self.sending else self._("Iscriviti alla lista")

    def watch_sending(self, sending: bool) -> None:
        for submit in self.query("#join-submit").results(Button):
            submit.disabled, submit.label = sending, label(self.submit_label())

    @on(Button.Pressed, "#join-submit")
    def submit(self) -> None:
        if self.sending or self.info is None:
            return
        self.checked = True
        self.show_status("")
        errors = self.local_errors()
        self.show_errors(errors)
        if errors:
            first = next((f for f in TEXT_FIELDS if f in errors), "phone")
            for field in self.query(f"#field-{first}").results(Input):
                field.focus()
            return
        form = self.form()
        slug, kind, request_id = self.slug, self.kind, self.request_id
        settings, lang = self.kiosk.settings, self.kiosk.language
        kiosk_id = settings.kiosk_id
        limits = JoinLimits(settings.joins_per_minute_kiosk, settings.joins_per_minute_list)
        channels = self.channels
        self.sending = True
        self.load_then(
            lambda: waitlist.join_waitlist(
                slug,
                form,
                kiosk_id=kiosk_id,
                lang=lang,
                kind=kind,
                request_id=request_id,
                limits=limits,
                channels=channels,
            ),
            self.show_join,
            failed=self.failed_join,
        )

    def show_join(self, result: JoinResult) -> None:
        self.sending = False
        self._pending = result
        self.confirm()

    def on_screen_resume(self) -> None:
        self.call_later(self.confirm)  # an answer that came while a modal was on top

    def confirm(self) -> None:
        if self._pending is not None and self.app.screen is self:
            link = self.target.link if self.target else ""
            # The form leaves the stack: 'Indietro' never shows what was typed again.
            self.post_message(ShowTicket(self._pending, link))
            self._pending = None

    def failed_target(self, _error: Exception) -> None:
        """The list could not be read: say so in place, with a button to try again."""
        self.refusal = "unavailable"

    def failed_join(self, error: Exception) -> None:
        """Told here, in place, not as a toast."""
        self.sending = False
        if isinstance(error, JoinError):
            self.show_errors(error.errors)
        elif isinstance(error, JoinRefused):
            self.refusal = error.reason  # closed, full or not_found
        elif isinstance(error, JoinLimited):  # nothing stored; the form stays as typed
            self.show_status(
                self.ngettext(
                    "Troppi tentativi in poco tempo: riprova tra {seconds} secondo.",
                    "Troppi tentativi in poco tempo: riprova tra {seconds} secondi.",
                    error.retry_after,
                ).format(seconds=error.retry_after)
            )
        elif isinstance(error, OutcomeUnknown):  # the same request again shows the truth
            self.show_status(
                self._(
                    "Non sappiamo se l'iscrizione è stata salvata. Tocca di nuovo «Iscriviti "
                    "alla lista» tra poco: se era salvata vedrai la conferma, senza doppioni."
                )
            )
        else:  # locked or unreachable database, timeout: never a false confirmation
            self.show_status(
                self._("Non siamo riusciti a completare l'iscrizione. Riprova tra poco.")
            )

    # --- other taps -------------------------------------------------------------------------

    @on(Button.Pressed, "#privacy-more")
    def read_notice(self) -> None:
        privacy = self.target.privacy if self.target else None
        if privacy is not None:
            self.app.push_screen(PrivacyNoticeScreen(privacy))

    @on(Button.Pressed, "#join-retry-load")
    def retry_load(self) -> None:
        self.refusal = ""
        self.reload()

    @on(Button.Pressed, "#join-office")
    def open_office(self) -> None:
        self.post_message(OpenOffice())
