"""The attract / home screen: welcome, language, and the big tiles to start from."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.events import Click
from textual.widgets import Button, Static

from kiosk.messages import (
    AdminRequested,
    LanguageChosen,
    OpenAgeGroups,
    OpenEvents,
    OpenNeeds,
    OpenOffice,
    OpenSearch,
    OpenTicketCheck,
)
from kiosk.screens.base import KioskScreen, label

ADMIN_TAPS = 5  # taps on the title within ADMIN_TAP_WINDOW seconds open the staff PIN pad
ADMIN_TAP_WINDOW = 4.0


class AttractScreen(KioskScreen):
    """First thing a visitor sees; every visit starts from a fresh instance."""

    SHOW_BACK: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self._title_taps: list[float] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="attract"):
            yield Static(label(self._("Centro per le Famiglie")), id="attract-title")
            yield Static(
                label(self._("Piana di Lucca · Tocca lo schermo per iniziare")),
                id="attract-subtitle",
            )
            with Horizontal(id="attract-languages"):
                yield Button(label("Italiano"), id="lang-it", classes="language", name="it")
                yield Button(label("English"), id="lang-en", classes="language", name="en")
                yield Button(label(self._("◐ Contrasto")), id="contrast", classes="contrast")
            with Grid(id="attract-tiles", classes="tiles"):
                yield Button(label(self._("Di cosa hai bisogno?")), id="tile-needs", classes="tile")
                yield Button(label(self._("Per chi?")), id="tile-ages", classes="tile")
                yield Button(label(self._("Cerca")), id="tile-search", classes="tile")
                yield Button(label(self._("Lo sportello")), id="tile-office", classes="tile")
                yield Button(label(self._("Eventi")), id="tile-events", classes="tile")
                yield Button(label(self._("Ho un codice")), id="tile-ticket", classes="tile")

    @on(Button.Pressed, ".language")
    def choose_language(self, event: Button.Pressed) -> None:
        self.post_message(LanguageChosen(event.button.name or "it"))

    @on(Click, "#attract-title")
    def count_title_taps(self) -> None:
        """Hidden staff gesture: five taps on the title within four seconds."""
        now = time.monotonic()
        self._title_taps = [t for t in self._title_taps if now - t < ADMIN_TAP_WINDOW] + [now]
        if len(self._title_taps) >= ADMIN_TAPS:
            self._title_taps.clear()
            self.post_message(AdminRequested())

    @on(Button.Pressed, "#tile-needs")
    def open_needs(self) -> None:
        self.post_message(OpenNeeds())

    @on(Button.Pressed, "#tile-ages")
    def open_ages(self) -> None:
        self.post_message(OpenAgeGroups())

    @on(Button.Pressed, "#tile-search")
    def open_search(self) -> None:
        self.post_message(OpenSearch())

    @on(Button.Pressed, "#tile-office")
    def open_office(self) -> None:
        self.post_message(OpenOffice())

    @on(Button.Pressed, "#tile-events")
    def open_events(self) -> None:
        self.post_message(OpenEvents())

    @on(Button.Pressed, "#tile-ticket")
    def open_ticket_check(self) -> None:
        self.post_message(OpenTicketCheck())
