"""The attract / home screen: welcome, language, and the big tiles to start from."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
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
from kiosk.screens.base import ContrastButton, label
from kiosk.screens.visitor.base import VisitorScreen
from kiosk.widgets.block_title import BlockTitle
from kiosk.widgets.language_grid import LanguageGrid

BIG_TITLE_ROWS = 32
ADMIN_TAPS = 5  # taps on the title within ADMIN_TAP_WINDOW seconds open the staff PIN pad
ADMIN_TAP_WINDOW = 4.0


class AttractScreen(VisitorScreen):
    """First thing a visitor sees; every visit starts from a fresh instance."""

    SHOW_BACK: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self._title_taps: list[float] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="attract"):
            title = BlockTitle(self._("Centro per le Famiglie"), id="attract-title")
            title.set_class(self.app.size.height >= BIG_TITLE_ROWS, "-big")
            yield title
            yield Static(
                label(self._("Piana di Lucca · Tocca lo schermo per iniziare")),
                id="attract-subtitle",
            )
            offered = self.kiosk.settings.languages
            yield LanguageGrid.of(
                offered if len(offered) > 1 else (),  # one language: nothing to choose
                id_prefix="lang-",
                extra=[ContrastButton(self._("◐ Contrasto"), id="contrast", classes="contrast")],
                id="attract-languages",
            )
            with Grid(id="attract-tiles", classes="tiles"):
                yield Button(label(self._("Di cosa hai bisogno?")), id="tile-needs", classes="tile")
                yield Button(label(self._("Per chi?")), id="tile-ages", classes="tile")
                yield Button(label(self._("Cerca")), id="tile-search", classes="tile")
                yield Button(label(self._("Lo sportello")), id="tile-office", classes="tile")
                yield Button(label(self._("Eventi")), id="tile-events", classes="tile")
                yield Button(label(self._("Ho un codice")), id="tile-ticket", classes="tile")

    def on_resize(self) -> None:
        # From about 137×36 the title is in block letters, to read from a couple of metres.
        self.query_one(BlockTitle).show_big(self.size.height >= BIG_TITLE_ROWS)

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
