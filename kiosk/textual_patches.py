"""Work-arounds for Textual (8.x) costs that a kiosk screen pays on every tap.

Styles of a widget not yet mounted. Textual recomputes a node's styles every time one of its
CSS classes changes, mounted or not: a `Button` sets three classes in its constructor (variant,
flat, compact) and `mark_chosen` one more, and each change ran the whole stylesheet against a
widget that has no parent yet. Mounting applies the stylesheet to every new widget anyway
(`App._register`), so those early runs are thrown away; on a browse screen they were a quarter
of the time from a tap to the painted cards. Here a class change on a widget that the app has
not registered yet only records the class; its styles are computed once, when it is mounted.

A screen shown, or shown again. Its widgets are styled as they are mounted, and then
again, all of them, by the `ScreenResume` that `push_screen` sends, and again when the first
`Resize` sets its breakpoint classes (`-wide`, `-tall`...); Back restyles the whole screen
beneath once more. A screen styled with the app's current CSS is not restyled when it is
resumed here (a theme change, such as the contrast switch, restyles every screen in the
stack as it happens, and counts in `App._css_update_count`), and `preset_breakpoints` gives
a screen its breakpoint classes before it is mounted, so the first `Resize` finds nothing to
change.

Layouts of the same size. A screen's first layout sends the screen a `Resize`, whose
handler lays the screen out again, and every screen under it too, though the terminal has
not changed size: for a pushed page that is two full layouts and renders where one does,
plus one for each screen below. A screen already laid out at this size is not laid out
again for a `Resize` when its breakpoint classes were preset for that size (a real change of
size still is, and so is a screen whose first `Resize` brings its breakpoint classes). Nor is
a screen under the one shown, laid out at this size already: every page pushed over the
attract screen laid the attract screen out again.

A second layout after every first one. A layout gives each widget its size and its virtual
(scrollable) size; Textual sets the virtual size as a reactive that asks for a layout, so
every widget just mounted asked for another whole layout and render of the page, although
the sizes come from the layout just done. Here the layout records them without asking
(as Textual's own scroll-only layout does). A container whose scrollbar appears or goes
still asks for a new layout, through its scrollbar reactives. A widget that arranges its
children by its own width reads the width it is being arranged at (`TileGrid`,
`LanguageGrid`), not its size from the layout before.

Caches of a line of cells. Every `Strip` (one line of a widget, thousands per frame) made
seven small caches as it was created, used or not: a fifth of the time to paint a page went
to building them. Here a strip makes a cache when it first needs it.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual._context import NoActiveAppError
from textual.cache import FIFOCache
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
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


def _on_screen_resume_styled(self: Screen[Any], event: events.ScreenResume) -> None:
    if not getattr(self, "_kiosk_resumed", False):
        self._kiosk_resumed = True  # type: ignore[attr-defined]
        self._css_update_count = self.app._css_update_count  # styled as it was mounted
    if self._css_update_count == self.app._css_update_count:
        event = events.ScreenResume(refresh_styles=False)  # styled with this CSS already
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
    if laid_out == size and self is not self.app.screen:
        return  # a screen under the one shown, laid out at this size when it was shown
    _screen_resized(self, size)


_size_updated = Widget._size_updated


def _size_updated_by_layout(
    self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
) -> bool:
    return _size_updated(self, size, virtual_size, container_size, layout=False)


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


# Strip's caches and their sizes, as Strip.__init__ makes them (textual 8.2).
STRIP_CACHES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}


def _strip_init(self: Strip, segments: Any, cell_length: int | None = None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _strip_cache(self: Strip, name: str) -> FIFOCache[Any, Any]:
    """A cache slot read before it was set (slots raise AttributeError): made now."""
    size = STRIP_CACHES.get(name)
    if size is None:
        raise AttributeError(name)
    cache: FIFOCache[Any, Any] = FIFOCache(size)
    setattr(self, name, cache)
    return cache


def apply() -> None:
    """Install the work-arounds (idempotent)."""
    DOMNode.update_node_styles = _update_mounted_node_styles  # type: ignore[method-assign]
    Screen._on_screen_resume = _on_screen_resume_styled  # type: ignore[method-assign]
    Screen._refresh_layout = _refresh_layout_noting_size  # type: ignore[method-assign]
    Screen._screen_resized = _screen_resized_when_changed  # type: ignore[method-assign]
    Widget._size_updated = _size_updated_by_layout  # type: ignore[method-assign]
    if set(STRIP_CACHES) <= set(Strip.__slots__):  # the Strip this was written for
        Strip.__init__ = _strip_init  # type: ignore[method-assign]
        Strip.__getattr__ = _strip_cache  # type: ignore[attr-defined]
