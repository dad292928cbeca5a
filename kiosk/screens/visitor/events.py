"""Upcoming events, filterable by age group in one tap; a tap opens the event with its QR."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk import catalogue
from kiosk.messages import OpenEvent
from kiosk.records import AgeGroupInfo, EventInfo
from kiosk.screens.base import label, mark_chosen
from kiosk.screens.visitor.base import (
    CARD_COLUMNS,
    CHIP_COLUMNS,
    VisitorScreen,
    place_text,
    when_text,
)
from kiosk.widgets.more import MoreBelow
from kiosk.widgets.tiles import Tile, TileGrid


@dataclass(frozen=True)
class EventsData:
    """The events for one choice of age group."""

    language: str
    age_group: str | None
    age_groups: list[AgeGroupInfo]
    events: list[EventInfo]


class EventsScreen(VisitorScreen):
    """What is on next: date, time and place of each event, soonest first."""

    data: reactive[EventsData | None] = reactive(None, recompose=True)

    def __init__(self) -> None:
        super().__init__()
        self.age_group: str | None = None

    def reload(self) -> None:
        lang, age_group = self.kiosk.language, self.age_group
        public_url = self.kiosk.settings.public_url

        def fetch() -> EventsData:
            return EventsData(
                lang,
                age_group,
                catalogue.list_age_groups(lang),
                catalogue.upcoming_events(lang, age_group=age_group, public_url=public_url),
            )

        self.load_then(fetch, self.show_events)

    def show_events(self, data: EventsData) -> None:
        if (data.language, data.age_group) == (self.kiosk.language, self.age_group):
            self.data = data

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        body = VerticalScroll(id="events-body")
        yield MoreBelow(body, self._("▼ Altro"))  # 57×16: the next events, one tap a page
        with body:
            yield Static(label(self._("Eventi in programma")), classes="screen-title")
            data = self.data
            if data is None:
                yield Static(label(self._("Un momento…")), classes="loading")
                return
            # The events first; the age choice below them, one tap away from this row.
            with Horizontal(id="events-filters", classes="filter-row"):
                if data.age_group:
                    name = next((g.name for g in data.age_groups if g.slug == data.age_group), "")
                    yield Button(label("✕ " + name), id="events-clear-age", classes="chip")
                else:
                    yield Button(
                        label("+ " + self._("Per chi?")), id="events-pick-age", classes="chip"
                    )
            if data.events:
                with TileGrid(id="event-cards", classes="cards", breakpoints=CARD_COLUMNS):
                    for event in data.events:
                        yield Tile(
                            event.title,
                            when_text(self, event) + "\n" + place_text(event),
                            value=event.slug,
                            classes="card event-card",
                        )
            else:
                yield from self.compose_empty(data)
            with Vertical(classes="filter-group", id="events-filter"):
                yield Static(label(self._("Per chi?")), classes="filter-title")
                with TileGrid(classes="chips", breakpoints=CHIP_COLUMNS):
                    everyone = Button(label(self._("Tutte le età")), id="events-all")
                    everyone.add_class("chip")
                    mark_chosen(everyone, self._("Tutte le età"), data.age_group is None)
                    yield everyone
                    for group in data.age_groups:
                        chip = Button(
                            label(group.name),
                            id=f"chip-age-{group.slug}",
                            name=group.slug,
                            classes="chip age-chip",
                        )
                        mark_chosen(chip, group.name, group.slug == data.age_group)
                        yield chip

    def compose_empty(self, data: EventsData) -> ComposeResult:
        with Vertical(id="events-empty", classes="empty"):
            if data.age_group:
                title = self._("Non ci sono eventi in programma per questa età.")
            else:
                title = self._("Non ci sono eventi in programma al momento.")
            yield Static(label(title), classes="empty-title")
            yield Static(label(self._("Chiedi allo sportello: ti diciamo cosa c'è di nuovo.")))
            yield Button(label(self._("Vai allo sportello")), id="events-office")

    # --- taps -------------------------------------------------------------------------------

    def refilter(self, age_group: str | None) -> None:
        self.age_group = age_group
        self.reload()

    @on(Button.Pressed, ".age-chip")
    def choose_age_group(self, event: Button.Pressed) -> None:
        slug = event.button.name
        if slug == self.age_group:
            self.refilter(None)
        elif slug:
            self.count("age_group", slug)
            self.refilter(slug)

    @on(Button.Pressed, "#events-pick-age")
    def pick_age_group(self) -> None:
        self.query_one("#events-filter").scroll_visible(top=True, animate=False)

    @on(Button.Pressed, "#events-all, #events-clear-age")
    def show_all(self) -> None:
        self.refilter(None)

    @on(Button.Pressed, ".event-card")
    def event_chosen(self, event: Button.Pressed) -> None:
        if isinstance(event.button, Tile) and event.button.value:
            self.post_message(OpenEvent(event.button.value))

    @on(Button.Pressed, "#events-office")
    def office_chosen(self) -> None:
        self.open_office()
