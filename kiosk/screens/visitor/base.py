"""Base of the visitor screens, and the helpers their pages share (dates, places, facts)."""

from __future__ import annotations

import datetime as dt
import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Button, Static

from kiosk.catalogue import where_text
from kiosk.cldr import full_date, weekday_name
from kiosk.comuni import ALL_COMUNI, COMUNI, comune_key
from kiosk.messages import OpenOffice, OpenService
from kiosk.records import EventInfo, ServiceCard, WaitlistInfo
from kiosk.screens.base import KioskScreen, label, mark_chosen
from kiosk.text import printable
from kiosk.widgets.tiles import Tile, TileGrid

CARD_COLUMNS = ((0, 1), (110, 2))
# Need and age tiles: every tile on screen from 57×16 up, rows sharing the height.
CHOICE_COLUMNS = ((0, 2), (70, 3), (160, 4))
TALL_ROWS = 32
"""From this many rows a visitor screen is laid out as tall (`-tall`): room for descriptions."""
CHIP_COLUMNS = ((0, 2), (66, 3), (100, 4), (150, 6))
CARD_ROWS = 6
"""Rows a service card takes at least (5) with the gap under it: how many cards a page shows."""


def cards_in_view(size: Size) -> int:
    """How many service cards a screen of `size` can show at once, at most (cards of short
    text, every row of the terminal): the cards built before the first frame."""
    columns = 1
    for minimum, count in CARD_COLUMNS:
        if size.width >= minimum:
            columns = count
    return columns * max(1, -(-size.height // CARD_ROWS))


def clock_time(value: dt.time | dt.datetime | str) -> str:
    """'09:00' reads as '9:00'."""
    text = value if isinstance(value, str) else value.strftime("%H:%M")
    return text[1:] if len(text) == 5 and text.startswith("0") else text


def years(value: float, language: str) -> str:
    """An age for people: 17.99 (up to the 18th birthday) reads as 17."""
    if value - int(value) >= 0.9:
        value = int(value)
    text = f"{value:g}"
    return text.replace(".", ",") if language == "it" else text


class VisitorScreen(KioskScreen):
    """A visitor screen with the shared styles, layout breakpoints and usage counting.

    Language switches are counted by `KioskApp.set_language`.
    """

    CSS_PATH = "visitor.tcss"
    # The panels the kiosk meets: 57×16 (-narrow -tiny), 80×24 and 91×23 (-medium -short),
    # about 137×36 and 200×60 (-wide -tall). Each visitor screen is laid out for each class.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (20, "-short"), (TALL_ROWS, "-tall")]  # noqa: RUF012

    def on_mount(self) -> None:
        # Textual also runs KioskScreen.on_mount (handlers run along the MRO), after this one.
        self.visit = self.kiosk.visit  # counts made after the visit ended link nothing

    def count(self, kind: str, key: str) -> None:
        """Record anonymously that `key` (a slug) was looked at, off the UI thread."""
        self.kiosk.record_usage(kind, key, getattr(self, "visit", None))

    def ages_text(
        self, min_age: float | None, max_age: float | None, groups: tuple[str, ...] = ()
    ) -> str:
        """Who a service is for: an age range when known, else the age group names."""
        lang = self.kiosk.language
        if min_age is not None and max_age is not None:
            if min_age <= 0 and max_age >= 99:
                return self._("tutte le età")
            if max_age >= 99:
                return self._("da {min} anni in su").format(min=years(min_age, lang))
            return self._("{min}–{max} anni").format(
                min=years(min_age, lang), max=years(max_age, lang)
            )
        return ", ".join(groups)

    def weekday(self, number: int) -> str:
        """The name of a weekday (0 = Monday) in the visitor's language (CLDR)."""
        return weekday_name(number, self.kiosk.language)

    def day_text(self, day: dt.date) -> str:
        """'sabato 5 dicembre 2026' in the visitor's language (CLDR full date)."""
        return full_date(day, self.kiosk.language)

    def service_tile(self, card: ServiceCard, group_names: dict[str, str]) -> Tile:
        """A big card for one service: name, one-line summary, ages, where."""
        subtitle = self.card_subtitle(card, group_names)
        return Tile(card.name, subtitle, value=card.slug, classes="card service-card")

    def refill_tile(self, tile: Tile, card: ServiceCard, group_names: dict[str, str]) -> None:
        """Show another service on a card already on screen (cheaper than a new card)."""
        tile.value = card.slug
        tile.title = card.name
        tile.subtitle = self.card_subtitle(card, group_names)

    def card_subtitle(self, card: ServiceCard, group_names: dict[str, str]) -> str:
        """The lines under a card's name: summary, then ages and where."""
        groups = tuple(group_names.get(g, g) for g in card.age_groups)
        facts = []
        ages = self.ages_text(card.min_age, card.max_age, groups)
        if ages:
            facts.append(self._("Per: {ages}").format(ages=ages))
        # a service of the whole Piana is for every comune: its page says so, the card need not
        where = "" if card.comune == ALL_COMUNI else card.comune or card.location
        if where:
            facts.append(self._("Dove: {place}").format(place=where))
        return card.summary + ("\n" + "  ·  ".join(facts) if facts else "")

    # --- "Il mio comune": one tap narrows the results, until the visit ends ------------------

    def comune_chip(self) -> Button:
        """The comune on the results, one tap away: ✕ clears the visitor's choice; with none,
        the kiosk's own comune (the hint) narrows them, or the chooser below is shown."""
        chosen, hint = self.kiosk.comune, self.kiosk.settings.comune
        if chosen:
            return Button(label("✕ " + chosen), id="clear-comune", classes="chip")
        if hint:
            return Button(
                label("+ " + hint),
                id="comune-hint",
                name=hint,
                classes="chip comune-chip",
            )
        return Button(label("+ " + self._("Il mio comune")), id="pick-comune", classes="chip")

    def compose_comuni(self) -> ComposeResult:
        """'Il mio comune': the seven comuni (the kiosk's own first) and all of them."""
        yield self.comuni_group()

    def comuni_group(self) -> Vertical:
        """The comuni chips as one group (a screen may mount it after its first frame)."""
        chosen, hint = self.kiosk.comune, self.kiosk.settings.comune
        order = (hint, *(c for c in COMUNI if c != hint)) if hint else COMUNI
        chips = []
        for name in order:
            text = self._("{comune} (qui)").format(comune=name) if name == hint else name
            chip = Button(
                label(text),
                id=f"chip-comune-{comune_key(name)}",
                name=name,
                classes="chip comune-chip",
            )
            mark_chosen(chip, text, name == chosen)
            chips.append(chip)
        every = self._("Tutti i comuni")
        chip = Button(label(every), id="chip-comune-tutti", classes="chip comune-chip")
        mark_chosen(chip, every, not chosen)
        chips.append(chip)
        return Vertical(
            Static(label(self._("Il mio comune")), classes="filter-title"),
            TileGrid(*chips, classes="chips", breakpoints=CHIP_COLUMNS),
            classes="filter-group",
            id="comune-filter",
        )

    def comune_tapped(self, button: Button) -> None:
        """A comune chip: choose it (tapped again, or 'Tutti': every comune)."""
        name = button.name or ""
        self.kiosk.choose_comune("" if name == self.kiosk.comune else name)
        self.reload()

    def clear_comune(self) -> None:
        self.kiosk.choose_comune("")
        self.reload()

    def show_comuni(self) -> None:
        self.scroll_to_group("#comune-filter")

    def scroll_to_group(self, selector: str) -> None:
        """Bring a group of chips to the top of the page. A group still to come (built after
        the page's first frame) is built now, and shown once it is laid out."""
        if not self.query(selector):
            self.mount_later_parts()
            self.call_after_refresh(self._scroll_to_group, selector)
            return
        self._scroll_to_group(selector)

    def _scroll_to_group(self, selector: str) -> None:
        for group in self.query(selector):  # none if the page changed meanwhile
            group.scroll_visible(top=True, animate=False)

    def mount_later_parts(self) -> None:
        """Build now what the page adds after its first frame (subclasses)."""

    def services_count(self, count: int) -> str:
        return self.ngettext("{count} servizio", "{count} servizi", count).format(count=count)

    def open_service(self, slug: str) -> None:
        self.post_message(OpenService(slug))

    def open_office(self) -> None:
        self.post_message(OpenOffice())


def short_link(link: str) -> str:
    """The link as a person would type it: no scheme."""
    return re.sub(r"^https?://", "", link)


def fact(title: str, text: str) -> Static:
    """A labelled line of the page; `text` is volunteer text, never parsed as markup."""
    return Static(
        Content.assemble((printable(title), "bold"), "\n", printable(text)), classes="fact"
    )


def compose_waitlist(screen: VisitorScreen, waitlist: WaitlistInfo | None) -> ComposeResult:
    """The join button of an open list; a closed or full list points to the front office."""
    if waitlist is None:
        return
    with Vertical(id="waitlist-box", classes="waitlist-box"):
        if waitlist.is_open and not waitlist.full:
            yield Button(
                label(screen._("Mettiti in lista d'attesa")), id="join-waitlist", variant="primary"
            )
            yield Static(
                label(screen._("Ricevi un codice per controllare il tuo posto in lista.")),
                classes="muted",
            )
            return
        if waitlist.is_open:
            text = screen._("La lista d'attesa è al completo: chiedi allo sportello.")
        else:
            text = screen._("La lista d'attesa è chiusa in questo momento: chiedi allo sportello.")
        yield Static(label(text), id="waitlist-unavailable")
        yield Button(label(screen._("Vai allo sportello")), id="waitlist-office")


def when_text(screen: VisitorScreen, event: EventInfo) -> str:
    """'sabato 5 dicembre 2026, ore 16:30–18:00' in the visitor's language."""
    hours = clock_time(event.starts_at)
    same_day = event.ends_at is not None and event.ends_at.date() == event.starts_at.date()
    if event.ends_at is not None and same_day:
        hours += "–" + clock_time(event.ends_at)
    text = screen._("{day}, ore {time}").format(
        day=screen.day_text(event.starts_at.date()), time=hours
    )
    if event.ends_at is not None and not same_day:
        text += " – " + screen.day_text(event.ends_at.date()) + " " + clock_time(event.ends_at)
    return text


def place_text(event: EventInfo) -> str:
    """Where the event is: place and comune."""
    return where_text(event.place, event.comune)
