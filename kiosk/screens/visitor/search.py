"""Free-text search with an on-screen keyboard in the visitor's alphabet; results update as the
visitor types."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal
from textual.reactive import reactive, var
from textual.widgets import Button, Input, Static

from kiosk import catalogue, usage
from kiosk.messages import OpenNeeds
from kiosk.records import ServiceCard
from kiosk.screens.base import label
from kiosk.screens.visitor.base import CARD_COLUMNS, VisitorScreen
from kiosk.text import clean_input, search_tokens
from kiosk.widgets.keyboard import OnScreenKeyboard
from kiosk.widgets.layouts import layouts_for
from kiosk.widgets.tiles import Tile, TileGrid

MAX_QUERY = 60
RESULTS_SHOWN = 24  # cards built per search; the count line says how many more matched
COMPACT_KEYS_BELOW = 20  # rows: on a 57×16 panel the keys are one row high
# A query counts once its answer has been on screen this long with no key pressed (or when the
# visitor leaves, opens a result or presses Enter): each finished query, not each keystroke.
COUNT_PAUSE = 2.0


@dataclass(frozen=True)
class Found:
    """The services found for one query (kept in memory only, never stored)."""

    query: str
    language: str
    comune: str  # the visitor's "Il mio comune" ("" = every comune)
    cards: tuple[ServiceCard, ...]  # the best-ranked first page only
    total: int  # every service that matched
    group_names: dict[str, str]


class SearchResults(TileGrid):
    """The cards of what was found. A keystroke that finds other services shows them on the
    cards already there (cards added or removed at the end only); the grid is rebuilt only
    when what surrounds the cards changes (nothing found, another comune)."""

    found: reactive[Found | None] = reactive(None)

    def __init__(self, *, id: str, breakpoints: Sequence[tuple[int, int]]) -> None:
        super().__init__(id=id, breakpoints=breakpoints)
        self._shape: tuple[object, ...] | None = None

    @staticmethod
    def shape(found: Found | None) -> tuple[object, ...]:
        """What the grid holds besides the cards; cards alone change in place."""
        if found is None:
            return (None,)
        return (found.comune, not found.cards, found.language, found.group_names)

    def watch_found(self, found: Found | None) -> None:
        screen = self.screen
        shape = self.shape(found)
        tiles = list(self.query_children("Tile.service-card").results(Tile))
        if (
            found is None
            or shape != self._shape
            or not tiles
            or not isinstance(screen, SearchScreen)
        ):
            self._shape = shape
            self.refresh(recompose=True)
            return
        for tile, card in zip(tiles, found.cards, strict=False):
            screen.refill_tile(tile, card, found.group_names)
        extra = [screen.service_tile(c, found.group_names) for c in found.cards[len(tiles) :]]
        if extra:
            self.mount_all(extra, after=tiles[-1])
        for tile in tiles[len(found.cards) :]:
            tile.remove()
        self.scroll_home(animate=False)  # the best match first, as for a new grid

    def compose(self) -> ComposeResult:
        screen = self.screen
        found = self.found
        if found is None or not isinstance(screen, SearchScreen):
            return
        if found.comune:  # narrowed to "Il mio comune": one tap widens again
            yield screen.comune_chip()
        if not found.cards:  # nothing found: the needs and the desk are one tap away
            yield Button(label(screen._("Di cosa hai bisogno?")), id="search-needs")
            yield Button(label(screen._("Vai allo sportello")), id="search-office")
        for card in found.cards:
            yield screen.service_tile(card, found.group_names)
        if found.cards or found.comune:
            yield from screen.compose_comuni()


class SearchScreen(VisitorScreen):
    """Type a word, see the services; accents and capitals do not matter.

    What the visitor types is never stored or logged: usage counts only that a search was
    made and whether it found something, once per finished query (see COUNT_PAUSE).
    """

    AUTO_FOCUS = "#search-input"

    keyboard_shown: var[bool] = var(True)

    def __init__(self) -> None:
        super().__init__()
        self.typed_text = ""  # as typed, kept for a language switch; never stored or logged
        self.query_text = ""
        self.found: Found | None = None
        self._counted_query: str | None = None
        self._shown_at: float | None = None  # when the answer to query_text was shown
        self._relabelling = False  # taps on the language switch while it recomposes
        # One search at a time: keys pressed while it runs make one more search, for the text
        # as it is when the first answer comes (a fast typist never queues stale queries).
        self._searching = False
        self._again = False

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(id="search-bar"):
            yield Input(
                self.typed_text,
                placeholder=self._("Scrivi qui, per esempio: nascita"),
                max_length=MAX_QUERY,
                select_on_focus=False,  # a tap on the field must not make the next key wipe it
                id="search-input",
            )
            yield Button(label(self._("⌨ Tastiera")), id="show-keyboard")
            # Beside the input, not under it: with the keys out, a row less for the results.
            yield Static(id="search-count")
        yield SearchResults(id="search-results", breakpoints=CARD_COLUMNS)
        with Center(id="search-keyboard"):
            yield OnScreenKeyboard(
                compact=self.app.size.height < COMPACT_KEYS_BELOW,  # 57×16: input in sight
                target_id="search-input",
                layouts=layouts_for(self.kiosk.language),
                enter=True,
                shift_label=self._("⇧ Maiusc"),
                space_label=self._("Spazio"),
                enter_label=self._("Cerca"),
            )

    def on_mount(self) -> None:
        super().on_mount()
        self.watch_keyboard_shown(self.keyboard_shown)
        self.set_interval(0.5, self.count_when_paused, name="search-pause")

    def relabel(self) -> None:
        """Show the screen in the new language, keeping what was typed."""
        self._rendered_language = self.kiosk.language
        if self._relabelling:
            return  # the recompose under way picks up the latest language
        self._relabelling = True

        async def again() -> None:
            try:
                language = None
                while language != self.kiosk.language and self.in_use:
                    language = self.kiosk.language
                    await self.recompose()
                if not self.in_use:
                    return  # the visitor left meanwhile
                self.watch_keyboard_shown(self.keyboard_shown)
                for field in self.query("#search-input").results(Input):
                    field.focus()
                self.reload()
            finally:
                self._relabelling = False

        self.call_later(again)

    def watch_keyboard_shown(self, shown: bool) -> None:
        for keyboard in self.query("#search-keyboard"):
            keyboard.display = shown
        for button in self.query("#show-keyboard"):
            button.display = not shown

    # --- searching --------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def query_changed(self, event: Input.Changed) -> None:
        self.typed_text = event.value
        query = clean_input(event.value, MAX_QUERY)
        if query != self.query_text:
            self.query_text = query
            self._shown_at = None  # typing on: the query is not finished
            self.reload()

    def reload(self) -> None:
        query, lang, comune = self.query_text, self.kiosk.language, self.kiosk.comune
        if not search_tokens(query):  # nothing yet, or a lone letter: it would match all
            self.found = None
            self.show_found()
            return
        if self._searching:
            self._again = True  # searched again for the latest text when this answer comes
            return
        self._searching = True

        def fetch() -> Found:
            groups = {g.slug: g.name for g in catalogue.list_age_groups(lang)}  # cached
            page = catalogue.search_services(
                lang, query, limit=RESULTS_SHOWN, comune=comune or None
            )
            return Found(query, lang, comune, page.cards, page.total, groups)

        self.load_then(fetch, self.show_results, self.search_failed)

    def searched(self) -> None:
        """The search under way has answered: search again if the text changed meanwhile."""
        self._searching = False
        if self._again:
            self._again = False
            self.reload()

    def search_failed(self, error: Exception) -> None:
        self.searched()
        self.load_failed(error)

    def show_results(self, found: Found) -> None:
        self.searched()
        current = (self.query_text, self.kiosk.language, self.kiosk.comune)
        if (found.query, found.language, found.comune) == current:
            self.found = found  # else the visitor has typed on: a newer answer is coming
            self._shown_at = self.kiosk.clock()
            self.show_found()

    def show_found(self) -> None:
        count = self.query_one("#search-count", Static)
        found = self.found
        if found is None and self.query_text:  # one letter only: too common to search
            count.update(label(self._("Scrivi almeno due lettere.")))
        elif found is None:
            count.update(label(self._("Scrivi una parola: i servizi compaiono qui.")))
        elif not found.cards:
            count.update(
                label(
                    self._(
                        "Nessun servizio trovato. Prova un'altra parola, scegli di cosa hai "
                        "bisogno o chiedi allo sportello."
                    )
                )
            )
        else:
            text = self.services_count(found.total)
            more = found.total - len(found.cards)
            if found.total > catalogue.COUNT_CAP:  # counting stopped there
                text = self._("più di {count} servizi").format(count=catalogue.COUNT_CAP)
                text += " · " + self._("scrivi un'altra parola per restringere")
            elif more > 0:
                text += " · " + self.ngettext(
                    "{count} altro risultato: scrivi un'altra parola per restringere",
                    "altri {count} risultati: scrivi un'altra parola per restringere",
                    more,
                ).format(count=more)
            count.update(label(text))
        self.query_one(SearchResults).found = found

    def count_when_paused(self) -> None:
        """Count the query on screen once the visitor has stopped typing for COUNT_PAUSE."""
        if self._shown_at is not None and self.kiosk.clock() - self._shown_at >= COUNT_PAUSE:
            self.count_search()

    def count_search(self) -> None:
        """Count the query on screen once: that it happened and whether it found anything,
        never what was typed. A query whose answer never reached the screen is not counted."""
        found = self.found
        if not self.query_text or self._counted_query == self.query_text:
            return
        if found is None or found.query != self.query_text:
            return
        self._counted_query = self.query_text
        self.count("search", usage.search_bucket(found.total))

    # --- taps -------------------------------------------------------------------------------

    @on(OnScreenKeyboard.Enter)
    @on(Input.Submitted, "#search-input")
    def see_results(self) -> None:
        self.count_search()
        self.keyboard_shown = False

    @on(Button.Pressed, "#show-keyboard")
    def show_keyboard(self) -> None:
        self.keyboard_shown = True
        self.query_one("#search-input", Input).focus()

    @on(Button.Pressed, ".service-card")
    def service_chosen(self, event: Button.Pressed) -> None:
        if isinstance(event.button, Tile) and event.button.value:
            self.count_search()
            self.open_service(event.button.value)

    @on(Button.Pressed, ".comune-chip")
    def choose_comune(self, event: Button.Pressed) -> None:
        self.count_search()
        self.comune_tapped(event.button)

    @on(Button.Pressed, "#clear-comune")
    def comune_cleared(self) -> None:
        self.clear_comune()

    def on_screen_resume(self) -> None:
        # the visitor may have chosen "Il mio comune" on another screen meanwhile
        if self.found is not None and self.found.comune != self.kiosk.comune:
            self.reload()

    @on(Button.Pressed, "#search-office")
    def office_chosen(self) -> None:
        self.count_search()
        self.open_office()

    @on(Button.Pressed, "#search-needs")
    def needs_chosen(self) -> None:
        self.count_search()
        self.post_message(OpenNeeds())

    def on_unmount(self) -> None:
        # The visitor left (Back, Home, idle) after searching; during shutdown the app may
        # refuse new workers, and counting is not worth an error.
        with suppress(Exception):
            self.count_search()
