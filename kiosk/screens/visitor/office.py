"""The front office (sportello): where it is, opening hours, open now or when it opens next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from kiosk import catalogue, clock
from kiosk.records import OfficeInfo
from kiosk.screens.base import label
from kiosk.screens.visitor.base import VisitorScreen, clock_time, fact
from kiosk.text import printable

REFRESH_SECONDS = 60  # "Aperto ora" must not outlive closing time


@dataclass(frozen=True)
class OfficeData:
    """The office as of `now` (local time of the centre)."""

    language: str
    now: dt.datetime
    office: OfficeInfo | None


class OfficeScreen(VisitorScreen):
    """Where to find a person who can help, and whether they are there now."""

    data: reactive[OfficeData | None] = reactive(None, recompose=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(REFRESH_SECONDS, self.reload, name="office-refresh")

    def reload(self) -> None:
        lang = self.kiosk.language

        def fetch() -> OfficeData:
            now = clock.local_now()
            return OfficeData(lang, now, catalogue.office_info(lang, now))

        self.load_then(fetch, self.show_office)

    def show_office(self, data: OfficeData) -> None:
        if data.language == self.kiosk.language:
            self.data = data

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with VerticalScroll(id="office-body", classes="page"):
            data = self.data
            if data is None:
                yield Static(label(self._("Un momento…")), classes="loading")
                return
            office = data.office
            if office is None:
                yield Static(label(self._("Lo sportello")), classes="screen-title")
                yield Static(label(self._("Chiedi al personale del Centro.")), classes="fact")
                return
            yield Static(label(office.name), classes="screen-title", id="office-name")
            status = Static(label(self.status_text(office, data.now)), id="office-status")
            status.add_class("-open" if office.open_now else "-closed")
            yield status
            with Vertical(classes="facts"):
                where = catalogue.where_text(office.location, office.comune)
                if where:
                    yield fact(self._("Dove"), where)
                if office.hours_known:
                    yield Static(self.hours_table(office), classes="fact", id="office-hours")
                if office.note:
                    yield Static(label(office.note), classes="fact", id="office-note")
                if office.contacts:
                    yield fact(self._("Contatti"), office.contacts)

    def status_text(self, office: OfficeInfo, now: dt.datetime) -> str:
        if not office.hours_known:
            return self._("Orari di apertura in corso di verifica: chiedi allo sportello.")
        if office.open_now:
            return self._("Aperto ora — chiude alle {time}").format(
                time=clock_time(office.closes_at)
            )
        opening = office.next_opening
        if opening is None:
            return self._("Chiuso")
        days = (opening.date() - now.date()).days
        if days == 0:
            when = self._("oggi")
        elif days == 1:
            when = self._("domani")
        elif days < 7:
            when = self.weekday(opening.weekday())
        else:
            when = self.day_text(opening.date())
        return self._("Chiuso — riapre {day} alle {time}").format(
            day=when, time=clock_time(opening)
        )

    def hours_table(self, office: OfficeInfo) -> Content:
        """One line per weekday: closed days say so."""
        by_day = dict(office.hours)
        width = max(len(self.weekday(d)) for d in range(7)) + 2
        lines = []
        for day in range(7):
            ranges = by_day.get(day, ())
            text = ", ".join(f"{clock_time(a)}–{clock_time(b)}" for a, b in ranges)
            lines.append(self.weekday(day).capitalize().ljust(width) + (text or self._("chiuso")))
        return Content.assemble(
            (self._("Orari di apertura"), "bold"), "\n", printable("\n".join(lines))
        )
