"""Work-arounds for Textual (8.x) costs that a kiosk screen pays on every tap.

Styles of a widget not yet mounted. Textual recomputes a node's styles every time one of its
CSS classes changes, mounted or not: a `Button` sets three classes in its constructor (variant,
flat, compact) and `mark_chosen` one more, and each change ran the whole stylesheet against a
widget that has no parent yet. Mounting applies the stylesheet to every new widget anyway
(`App._register`), so those early runs are thrown away; on a browse screen they were a quarter
of the time from a tap to the painted cards. Here a class change on a widget that the app has
not registered yet only records the class; its styles are computed once, when it is mounted.

A screen shown for the first time. Its widgets are styled as they are mounted, and then
again, all of them, by the `ScreenResume` that `push_screen` sends, and again when the first
`Resize` sets its breakpoint classes (`-wide`, `-tall`...). The first resume of a screen
does not restyle it here (it was styled moments ago, with every stylesheet loaded), and
`preset_breakpoints` gives a screen its breakpoint classes before it is mounted, so the first
`Resize` finds nothing to change.

Layouts of the same size. A screen's first layout sends the screen a `Resize`, whose
handler lays the screen out again, and every screen under it too, though the terminal has
not changed size: for a pushed page that is two full layouts and renders where one does,
plus one for each screen below. A screen already laid out at this size is not laid out
again for a `Resize` when its breakpoint classes were preset for that size (a real change of
size still is, and so is a screen whose first `Resize` brings its breakpoint classes).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual._context import NoActiveAppError
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

_update_node_styles = DOMNode.update_node_styles


def _update_mounted_node_styles(self: DOMNode, animate: bool = True) -> None:
    if isinstance(self, Widget):
        try:
            registered = self in self.app._registry
        except NoActiveAppError:
            return
        if not registered:
            return  # styled when mounted (App._register applies the stylesheet)
    _update_node_styles(self, animate)


_on_screen_resume = Screen._on_screen_resume


def _on_first_screen_resume(self: Screen[Any], event: events.ScreenResume) -> None:
    if not getattr(self, "_kiosk_resumed", False):
        self._kiosk_resumed = True  # type: ignore[attr-defined]
        event = events.ScreenResume(refresh_styles=False)
    _on_screen_resume(self, event)


_refresh_layout = Screen._refresh_layout
_screen_resized = Screen._screen_resized


def _refresh_layout_noting_size(
    self: Screen[Any], size: Size | None = None, scroll: bool = False
) -> None:
    _refresh_layout(self, size, scroll)
    if not scroll and size is not None:
        self._kiosk_laid_out_at = size  # type: ignore[attr-defined]


def _screen_resized_when_changed(self: Screen[Any], size: Size) -> None:
    laid_out, preset = (
        getattr(self, name, None) for name in ("_kiosk_laid_out_at", "_kiosk_preset_at")
    )
    if laid_out == size == preset:
        return  # laid out at this size, with this size's breakpoint classes: nothing moved
    _screen_resized(self, size)


def preset_breakpoints(screen: Screen[Any], size: Size) -> None:
    """Give `screen` (not mounted yet) the breakpoint classes of a terminal of `size`."""
    app = screen.app
    horizontal = (
        app.HORIZONTAL_BREAKPOINTS
        if screen.HORIZONTAL_BREAKPOINTS is None
        else screen.HORIZONTAL_BREAKPOINTS
    ) or []
    vertical = (
        app.VERTICAL_BREAKPOINTS
        if screen.VERTICAL_BREAKPOINTS is None
        else screen.VERTICAL_BREAKPOINTS
    ) or []
    classes = {name: False for _, name in (*horizontal, *vertical)}
    for name in screen._get_breakpoint_classes(size.width, horizontal):
        classes[name] = True
    for name in screen._get_breakpoint_classes(size.height, vertical):
        classes[name] = True
    screen.update_classes(classes, animate=False)
    screen._kiosk_preset_at = size  # type: ignore[attr-defined]


def apply() -> None:
    """Install the work-arounds (idempotent)."""
    DOMNode.update_node_styles = _update_mounted_node_styles  # type: ignore[method-assign]
    Screen._on_screen_resume = _on_first_screen_resume  # type: ignore[method-assign]
    Screen._refresh_layout = _refresh_layout_noting_size  # type: ignore[method-assign]
    Screen._screen_resized = _screen_resized_when_changed  # type: ignore[method-assign]
