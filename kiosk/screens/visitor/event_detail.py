"""One event: when, where, for whom; a QR code with its link or a calendar entry."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk import catalogue
from kiosk.messages import OpenWaitlist
from kiosk.records import EventInfo
from kiosk.screens.base import label
from kiosk.screens.visitor.base import (
    VisitorScreen,
    compose_waitlist,
    fact,
    place_text,
    short_link,
    when_text,
)
from kiosk.widgets.markdown_text import MarkdownText
from kiosk.widgets.qr_code import QRCode


class EventDetailScreen(VisitorScreen):
    """Everything about one event, and a QR code to take it away."""

    event: reactive[EventInfo | None] = reactive(None, recompose=True)
    missing: reactive[bool] = reactive(False, recompose=True)

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self._counted = False

    def reload(self) -> None:
        lang, slug = self.kiosk.language, self.slug
        public_url = self.kiosk.settings.public_url
        self.load_then(
            lambda: (lang, catalogue.event_detail(slug, lang, public_url=public_url)),
            self.show_event,
        )

    def show_event(self, answer: tuple[str, EventInfo | None]) -> None:
        lang, event = answer
        if lang != self.kiosk.language:
            return  # the visitor switched language meanwhile: the new answer is coming
        if event is None:
            self.missing = True
            return
        if not self._counted:
            self._counted = True
            self.count("event", event.slug)
        self.event = event

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with VerticalScroll(id="event-body", classes="page"):
            event = self.event
            if event is None:
                if self.missing:
                    with Vertical(classes="empty"):
                        yield Static(
                            label(self._("Questo evento non è più in programma.")),
                            classes="empty-title",
                        )
                        yield Button(label(self._("Vai allo sportello")), id="event-office")
                else:
                    yield Static(label(self._("Un momento…")), classes="loading")
                return
            yield Static(label(event.title), classes="screen-title", id="event-title")
            yield Static(label(event.summary), id="event-summary", classes="summary")
            with Vertical(id="event-side", classes="side-panel"):
                yield from compose_waitlist(self, event.waitlist)
                yield from self.compose_qr(event)
            with Vertical(id="event-facts", classes="facts"):
                yield fact(self._("Quando"), when_text(self, event))
                where = place_text(event)
                if where:
                    yield fact(self._("Dove"), where)
                ages = self.ages_text(event.min_age, event.max_age)
                if ages:
                    yield fact(self._("Per chi"), ages)
            if event.description:
                yield MarkdownText(
                    event.description,
                    id="event-description",
                    classes="md",
                )

    def compose_qr(self, event: EventInfo) -> ComposeResult:
        with Vertical(id="event-qr-box", classes="qr-box"):
            if event.link:
                caption = self._("Inquadra il codice con il telefono per avere i dettagli.")
                data, fallback = event.link, short_link(event.link)
                too_small = self._("Apri questo indirizzo sul telefono:")
            else:
                caption = self._("Inquadra il codice per salvare l'evento nel calendario.")
                data, fallback = catalogue.calendar_entry(event), when_text(self, event)
                too_small = self._("Segna la data:")
            yield Static(label(caption), classes="qr-caption")
            yield QRCode(data, fallback_text=fallback, too_small_text=too_small, id="event-qr")

    @on(Button.Pressed, "#join-waitlist")
    def join_waitlist(self) -> None:
        self.post_message(OpenWaitlist(self.slug, "event"))

    @on(Button.Pressed, "#event-office, #waitlist-office")
    def office_chosen(self) -> None:
        self.open_office()
