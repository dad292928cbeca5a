"""'Di cosa hai bisogno?': one big tile per need, with how many services each has."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk import catalogue
from kiosk.messages import OpenBrowse
from kiosk.pictograms import pictogram
from kiosk.records import NeedInfo
from kiosk.screens.base import label
from kiosk.screens.visitor.base import CHOICE_COLUMNS, TALL_ROWS, VisitorScreen
from kiosk.widgets.tiles import Tile, TileGrid


class NeedChoiceScreen(VisitorScreen):
    """The needs as tiles; a tap shows the matching services (an age can be added there)."""

    needs: reactive[list[NeedInfo] | None] = reactive(None, recompose=True)

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(label(self._("Di cosa hai bisogno?")), classes="screen-title")
        if self.needs is None:
            yield Static(label(self._("Un momento…")), classes="loading")
            return
        with TileGrid(id="need-tiles", classes="choice-tiles", breakpoints=CHOICE_COLUMNS):
            for need in self.needs:
                icon = pictogram(need.icon, self.kiosk.settings.pictograms)
                title = f"{icon}  {need.name}" if icon else need.name
                # The description only on a tall panel: on a low one the tile would cut it
                # mid-sentence after a one-line name ("Adozione e affido / … / Informazioni e").
                described = need.description if self.app.size.height >= TALL_ROWS else ""
                subtitle = "\n".join(
                    part for part in (self.services_count(need.service_count), described) if part
                )
                yield Tile(title, subtitle, value=need.slug, classes="need-tile")

    def reload(self) -> None:
        lang, comune = self.kiosk.language, self.kiosk.comune or None
        self.load_then(lambda: catalogue.list_needs(lang, comune=comune), self.show_needs)

    def show_needs(self, needs: list[NeedInfo]) -> None:
        self.needs = needs

    @on(Button.Pressed, ".need-tile")
    def need_chosen(self, event: Button.Pressed) -> None:
        if isinstance(event.button, Tile) and event.button.value:
            self.count("need", event.button.value)
            self.post_message(OpenBrowse(need=event.button.value))
