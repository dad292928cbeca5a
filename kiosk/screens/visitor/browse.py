"""Services matching a need and/or an age group, as big cards; filters change in one tap.

Thousands of services stay quick: one page of cards at a time ("show more" adds the next),
and a filter tap repaints the list and the filter row, not the whole screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk import catalogue, catalogue_pages
from kiosk.records import AgeGroupInfo, NeedInfo, SearchPage, ServiceCard
from kiosk.screens.base import label, mark_chosen
from kiosk.screens.visitor.base import (
    CARD_COLUMNS,
    CHIP_COLUMNS,
    VisitorScreen,
    cards_in_view,
)
from kiosk.widgets.more import MoreBelow
from kiosk.widgets.tiles import Tile, TileGrid


@dataclass(frozen=True)
class BrowseData:
    """One answer of the catalogue for one choice of filters."""

    language: str
    need: str | None
    age_group: str | None
    comune: str  # the visitor's "Il mio comune" ("" = every comune)
    needs: list[NeedInfo]
    age_groups: list[AgeGroupInfo]
    cards: list[ServiceCard]  # the first page
    total: int  # every service matching the filters

    @property
    def group_names(self) -> dict[str, str]:
        return {g.slug: g.name for g in self.age_groups}


class BrowseFilters(Horizontal):
    """One compact row: the count, the chosen filters (✕ clears), a tap to add the missing
    one; repainted alone when a filter changes."""

    data: reactive[BrowseData | None] = reactive(None, recompose=True)

    def __init__(self, data: BrowseData, *, id: str) -> None:
        super().__init__(id=id)
        self.set_reactive(BrowseFilters.data, data)

    def compose(self) -> ComposeResult:
        screen, data = self.screen, self.data
        if data is None or not isinstance(screen, BrowseScreen):
            return
        need_names = {n.slug: n.name for n in data.needs}
        yield Static(label(screen.services_count(data.total)), id="browse-count")
        if data.need:
            yield screen.chip("✕ " + need_names.get(data.need, data.need), "clear-need")
        else:
            yield screen.chip("+ " + screen._("Di cosa hai bisogno?"), "browse-pick-need")
        if data.age_group:
            name = data.group_names.get(data.age_group, data.age_group)
            yield screen.chip("✕ " + name, "clear-age")
        else:
            yield screen.chip("+ " + screen._("Per chi?"), "browse-pick-age")
        yield screen.comune_chip()


class BrowseList(Vertical):
    """The cards, a page at a time; repainted alone when a filter changes."""

    data: reactive[BrowseData | None] = reactive(None, recompose=True)

    def __init__(self, data: BrowseData, *, id: str) -> None:
        super().__init__(id=id)
        self.set_reactive(BrowseList.data, data)

    def compose(self) -> ComposeResult:
        screen, data = self.screen, self.data
        if data is None or not isinstance(screen, BrowseScreen):
            return
        yield from screen.results(data, data.group_names)


class BrowseScreen(VisitorScreen):
    """Cards of the services for a need and/or an age group.

    Filters not chosen yet are offered above the results (one tap adds one); the chosen ones
    show at the top with a cross (one tap clears) and below the results (one tap changes).
    """

    PRELOAD = True

    data: reactive[BrowseData | None] = reactive(None, recompose=True)

    def __init__(self, need: str | None = None, age_group: str | None = None) -> None:
        super().__init__()
        self.need = need
        self.age_group = age_group

    def reload(self) -> None:
        lang, need, age_group = self.kiosk.language, self.need, self.age_group
        comune = self.kiosk.comune

        def fetch() -> BrowseData:
            where = comune or None
            return BrowseData(
                lang,
                need,
                age_group,
                comune,
                catalogue.list_needs(lang, comune=where),
                catalogue.list_age_groups(lang, comune=where),
                *first_page(
                    catalogue_pages.browse_page(lang, need=need, age_group=age_group, comune=where)
                ),
            )

        self.load_then(fetch, self.show_browse)

    def show_browse(self, data: BrowseData) -> None:
        current = (self.kiosk.language, self.need, self.age_group, self.kiosk.comune)
        if (data.language, data.need, data.age_group, data.comune) != current:
            return  # a newer load is coming
        old = self.data
        if old is None or (old.language, old.comune) != (data.language, data.comune):
            self.data = data  # the first answer, or another comune: the whole screen
            return
        # Another need or age: the filter row, the cards and the chips' marks only.
        self.set_reactive(BrowseScreen.data, data)
        self.query_one(BrowseFilters).data = data
        self.query_one(BrowseList).data = data
        self.mark_filters(data)
        self.query_one("#browse-body").scroll_home(animate=False)

    def mark_filters(self, data: BrowseData) -> None:
        """The chips below the cards show the new choice (✓), the missing filter first."""
        for chip in self.query(".need-chip").results(Button):
            name = next((n.name for n in data.needs if n.slug == chip.name), str(chip.name))
            mark_chosen(chip, name, chip.name == data.need)
        for chip in self.query(".age-chip").results(Button):
            name = data.group_names.get(str(chip.name), str(chip.name))
            mark_chosen(chip, name, chip.name == data.age_group)
        need_title = self._("Cambia bisogno") if data.need else self._("Di cosa hai bisogno?")
        age_title = self._("Cambia età") if data.age_group else self._("Per chi?")
        if not self.query("#need-filter"):
            return  # not mounted yet: mount_later_parts builds them for this choice
        need_group, age_group = self.query_one("#need-filter"), self.query_one("#age-filter")
        need_group.query_one(".filter-title", Static).update(label(need_title))
        age_group.query_one(".filter-title", Static).update(label(age_title))
        body = self.query_one("#browse-body")
        if data.need:  # the missing filter first: it is the likelier next tap
            body.move_child(age_group, before=need_group)
        else:
            body.move_child(need_group, before=age_group)

    def show_more(self) -> None:
        """The next page of cards, added under those shown (nothing else is repainted)."""
        data = self.data
        if data is None:
            return
        lang, need, age_group, comune = data.language, data.need, data.age_group, data.comune
        shown = len(self.query("#browse-cards Tile.service-card"))
        if shown < len(data.cards):
            return  # (a tap quicker than a frame) the first page is still being added

        def fetch() -> tuple[BrowseData, int, SearchPage]:
            page = catalogue_pages.browse_page(
                lang, need=need, age_group=age_group, comune=comune or None, offset=shown
            )
            return data, shown, page

        self.load_then(fetch, self.add_page)

    def add_page(self, answer: tuple[BrowseData, int, SearchPage]) -> None:
        data, shown, page = answer
        if data is not self.data or shown != len(self.query("#browse-cards Tile.service-card")):
            return  # the filters changed, or this page is already there
        grid = self.query_one("#browse-cards", TileGrid)
        grid.mount_all([self.service_tile(card, data.group_names) for card in page.cards])
        self.update_more(shown + len(page.cards), data.total)

    def update_more(self, shown: int, total: int) -> None:
        for button in self.query("#browse-more").results(Button):
            left = total - shown
            button.display = left > 0
            button.label = label(self._("▼ Mostra altri servizi ({count})").format(count=left))

    def on_screen_resume(self) -> None:
        # the visitor may have chosen "Il mio comune" on another screen meanwhile
        if self.data is not None and self.data.comune != self.kiosk.comune:
            self.reload()

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        body = VerticalScroll(id="browse-body")
        yield MoreBelow(body, self._("▼ Altro"))  # 57×16: the next cards, one tap a page
        with body:
            data = self.data
            if data is None:
                yield Static(label(self._("Un momento…")), classes="loading")
                return
            yield BrowseFilters(data, id="browse-filters")
            yield BrowseList(data, id="browse-list")
        # The chips under the cards are below the fold on every panel: they come after the
        # page's first frame, which is then painted sooner.
        self.call_after_refresh(self.mount_later_parts)

    def mount_later_parts(self) -> None:
        """The filter chips: 'Il mio comune', then the needs and the age groups (the missing
        filter first); after the first frame, or at once for a chip tapped before it."""
        data = self.data
        if data is None or not self.is_attached or self.query("#need-filter"):
            return  # still loading (composed again with the answer), gone, or there already
        need_title = self._("Cambia bisogno") if data.need else self._("Di cosa hai bisogno?")
        age_title = self._("Cambia età") if data.age_group else self._("Per chi?")
        needs, ages = self.need_chips(data, need_title), self.age_chips(data, age_title)
        # the missing filter first: it is the likelier next tap
        groups = (ages, needs) if data.need else (needs, ages)
        self.query_one("#browse-body").mount_all([self.comuni_group(), *groups])

    def chip(self, text: str, id: str | None = None, name: str | None = None) -> Button:
        return Button(label(text), id=id, name=name, classes="chip")

    def need_chips(self, data: BrowseData, title: str) -> Vertical:
        needs = [(n.slug, n.name) for n in data.needs]
        return self.chip_group("need", needs, data.need, title)

    def age_chips(self, data: BrowseData, title: str) -> Vertical:
        groups = [(g.slug, g.name) for g in data.age_groups]
        return self.chip_group("age", groups, data.age_group, title)

    def chip_group(
        self, kind: str, options: list[tuple[str, str]], chosen: str | None, title: str
    ) -> Vertical:
        """The titled chips of one filter (`kind` "need" or "age"), the chosen one marked."""
        chips = []
        for slug, name in options:
            chip = self.chip(name, f"chip-{kind}-{slug}", slug)
            chip.add_class(f"{kind}-chip")
            mark_chosen(chip, name, slug == chosen)
            chips.append(chip)
        return Vertical(
            Static(label(title), classes="filter-title"),
            TileGrid(*chips, classes="chips", breakpoints=CHIP_COLUMNS),
            classes="filter-group",
            id=f"{kind}-filter",
        )

    def results(self, data: BrowseData, group_names: dict[str, str]) -> ComposeResult:
        if not data.cards:
            with Vertical(id="browse-empty", classes="empty"):
                yield Static(
                    label(self._("Nessun servizio corrisponde a questa scelta.")),
                    classes="empty-title",
                )
                yield Static(
                    label(
                        self._(
                            "Prova a togliere un filtro, oppure chiedi allo sportello: "
                            "ti aiutiamo a trovare la risposta giusta."
                        )
                    )
                )
                yield Button(label(self._("Vai allo sportello")), id="browse-office")
            return
        shown = cards_in_view(self.app.size)  # the rest after the first frame
        first, rest = data.cards[:shown], data.cards[shown:]
        with TileGrid(
            id="browse-cards",
            classes="cards",
            breakpoints=CARD_COLUMNS,
            later=(lambda: [self.service_tile(c, group_names) for c in rest]) if rest else None,
        ):
            for card in first:
                yield self.service_tile(card, group_names)
        left = data.total - len(data.cards)
        more = Button(
            label(self._("▼ Mostra altri servizi ({count})").format(count=left)),
            id="browse-more",
            classes="chip",
        )
        more.display = left > 0
        yield more

    # --- taps -------------------------------------------------------------------------------

    def refilter(self, need: str | None, age_group: str | None) -> None:
        self.need, self.age_group = need, age_group
        self.reload()

    @on(Button.Pressed, ".need-chip")
    def choose_need(self, event: Button.Pressed) -> None:
        slug = event.button.name
        if slug == self.need:
            self.refilter(None, self.age_group)
        elif slug:
            self.count("need", slug)
            self.refilter(slug, self.age_group)

    @on(Button.Pressed, ".age-chip")
    def choose_age_group(self, event: Button.Pressed) -> None:
        slug = event.button.name
        if slug == self.age_group:
            self.refilter(self.need, None)
        elif slug:
            self.count("age_group", slug)
            self.refilter(self.need, slug)

    @on(Button.Pressed, "#clear-need")
    def clear_need(self) -> None:
        self.refilter(None, self.age_group)

    @on(Button.Pressed, "#clear-age")
    def clear_age_group(self) -> None:
        self.refilter(self.need, None)

    @on(Button.Pressed, "#browse-pick-need")
    def pick_need(self) -> None:
        self.scroll_to_group("#need-filter")

    @on(Button.Pressed, "#browse-pick-age")
    def pick_age_group(self) -> None:
        self.scroll_to_group("#age-filter")

    @on(Button.Pressed, ".comune-chip")
    def choose_comune(self, event: Button.Pressed) -> None:
        self.comune_tapped(event.button)

    @on(Button.Pressed, "#clear-comune")
    def comune_cleared(self) -> None:
        self.clear_comune()

    @on(Button.Pressed, "#pick-comune")
    def pick_comune(self) -> None:
        self.show_comuni()

    @on(Button.Pressed, ".service-card")
    def service_chosen(self, event: Button.Pressed) -> None:
        if isinstance(event.button, Tile) and event.button.value:
            self.open_service(event.button.value)

    @on(Button.Pressed, "#browse-more")
    def more_chosen(self) -> None:
        self.show_more()

    @on(Button.Pressed, "#browse-office")
    def office_chosen(self) -> None:
        self.open_office()


def first_page(page: SearchPage) -> tuple[list[ServiceCard], int]:
    return list(page.cards), page.total
