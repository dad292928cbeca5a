"""The language picker: every offered language by its own name, from any visitor screen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.i18n import translate
from kiosk.screens.base import label
from kiosk.widgets.language_grid import LanguageGrid


class LanguagePickerScreen(ModalScreen[str | None]):
    """Answers the chosen language code, or None when closed without choosing."""

    ALLOW_SELECT = False
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (20, "-short"), (32, "-tall")]  # noqa: RUF012

    def __init__(self, languages: tuple[str, ...], current: str) -> None:
        super().__init__()
        self.languages = languages
        self.current = current
        self._answered = False

    def _(self, message: str) -> str:
        return translate(self.current, message)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(label(self._("Scegli la lingua")), id="picker-title")
            yield LanguageGrid.of(
                self.languages, id_prefix="pick-", chosen=self.current, id="picker-languages"
            )
            yield Button(label(self._("Chiudi")), id="picker-close")

    @on(Button.Pressed, ".language")
    def choose(self, event: Button.Pressed) -> None:
        event.stop()
        self.answer(event.button.name)

    @on(Button.Pressed, "#picker-close")
    def close(self, event: Button.Pressed) -> None:
        event.stop()
        self.answer(None)

    def answer(self, language: str | None) -> None:
        """Close with `language`, once: a second tap of a quick finger (or a tap queued before
        an idle reset removed the picker) must not close the screen underneath."""
        if self._answered or not self.is_current:
            return
        self._answered = True
        self.dismiss(language)
