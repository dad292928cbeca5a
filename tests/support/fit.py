"""Does every button show its whole label? A check on what the compositor drew, not a screenshot.

A label is clipped when a word of it is missing from the cells inside the button's border and
padding: cut at the right edge, wrapped onto a row the button does not have, ellipsised, or a
word broken across two rows. Buttons a visitor cannot see whole right now (scrolled out of sight,
under the on-screen keyboard) are left to tests/test_sizes.py.
"""

from __future__ import annotations

from textual.app import App
from textual.content import Content
from textual.errors import NoWidget
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button

KEYBOARDS = "#join-keys, #ticket-keys, #search-keyboard"


def _shown(widget: Widget) -> bool:
    return all(node.display and node.visible for node in widget.ancestors_with_self)


def drawn_text(app: App[None], region: Region) -> list[str]:
    """The text the compositor drew in `region` of the active screen, one string per row."""
    strips = app.screen._compositor.render_strips()
    return [strip.crop(region.x, region.right).text for strip in strips[region.y : region.bottom]]


def clipped_labels(app: App[None]) -> list[str]:
    """Each visible button of the active screen whose label is not drawn whole inside it."""
    screen = app.screen
    keys = [w.region for w in screen.query(KEYBOARDS) if _shown(w)]
    found = []
    for button in screen.query(Button):
        if not _shown(button) or any(button.region.overlaps(k) for k in keys):
            continue
        try:
            geometry = screen.find_widget(button)
        except NoWidget:
            continue  # scrolled out of sight
        if geometry.visible_region != geometry.region or not geometry.region.area:
            continue
        words = Content.from_text(button.label).plain.split()
        content = button.content_region
        drawn = " ".join(drawn_text(app, content)).split()
        missing = [word for word in words if word not in drawn]
        if missing:
            name = f"#{button.id}" if button.id else type(button).__name__
            found.append(
                f"{name} {content.width}×{content.height}: {missing} of "
                f"{Content.from_text(button.label).plain!r} not shown"
            )
    return found
