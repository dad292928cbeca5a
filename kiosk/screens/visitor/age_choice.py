"""'Per chi?': one big tile per age group, with how many services each has."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk import catalogue
from kiosk.messages import OpenBrowse
from kiosk.records import AgeGroupInfo
from kiosk.screens.base import label
from kiosk.screens.visitor.base import CHOICE_COLUMNS, VisitorScreen
from kiosk.widgets.tiles import Tile, TileGrid


class AgeChoiceScreen(VisitorScreen):
    """The age groups as tiles; a tap shows the matching services (a need can be added there)."""

    groups: reactive[list[AgeGroupInfo] | None] = reactive(None, recompose=True)

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(label(self._("Per chi?")), classes="screen-title")
        if self.groups is None:
            yield Static(label(self._("Un momento…")), classes="loading")
            return
        with TileGrid(id="age-tiles", classes="choice-tiles", breakpoints=CHOICE_COLUMNS):
            for group in self.groups:
                yield Tile(
                    group.name,
                    self.services_count(group.service_count),
                    value=group.slug,
                    classes="age-tile",
                )

    def reload(self) -> None:
        lang, comune = self.kiosk.language, self.kiosk.comune or None
        self.load_then(lambda: catalogue.list_age_groups(lang, comune=comune), self.show_groups)

    def show_groups(self, groups: list[AgeGroupInfo]) -> None:
        self.groups = groups

    @on(Button.Pressed, ".age-tile")
    def age_group_chosen(self, event: Button.Pressed) -> None:
        if isinstance(event.button, Tile) and event.button.value:
            self.count("age_group", event.button.value)
            self.post_message(OpenBrowse(age_group=event.button.value))
