"""Tile and TileGrid: untrusted titles stay plain text; columns follow the width."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button

from kiosk.widgets.tiles import Tile, TileGrid

HOSTILE = "[@click=app.quit]x[/]"


class TilesApp(App[None]):
    """A grid of the given widgets; records the values of pressed tiles."""

    def __init__(self, *widgets: Widget) -> None:
        super().__init__()
        self.widgets = widgets
        self.pressed: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield TileGrid(*self.widgets)

    @on(Button.Pressed, ".tile")
    def tile_pressed(self, event: Button.Pressed) -> None:
        assert isinstance(event.button, Tile)
        self.pressed.append(event.button.value)


def drawn_text(widget: Widget) -> str:
    """The characters the widget draws, border and padding included."""
    width, height = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def title_offset(widget: Widget, text: str) -> tuple[int, int]:
    """Where `text` starts inside the drawn widget (x, y)."""
    for y, line in enumerate(drawn_text(widget).splitlines()):
        if text in line:
            return line.index(text), y
    raise AssertionError(f"{text!r} is not drawn")


async def test_markup_in_a_title_is_shown_literally_and_runs_nothing() -> None:
    app = TilesApp(Tile(HOSTILE, HOSTILE, value="hostile"))
    async with app.run_test(size=(80, 24)) as pilot:
        tile = app.query_one(Tile)
        assert tile.label.plain == f"{HOSTILE}\n{HOSTILE}"
        x, y = title_offset(tile, HOSTILE)
        # Click on the "x" that markup would have made an @click link.
        await pilot.click(tile, offset=(x + HOSTILE.index("]x") + 1, y))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None
        assert app.pressed == ["hostile"]


async def test_the_same_click_quits_with_a_plain_button() -> None:
    """Control for the test above: a Button given the string does run the action."""
    app = TilesApp(Button(HOSTILE))
    async with app.run_test(size=(80, 24)) as pilot:
        button = app.query_one(Button)
        x, y = title_offset(button, "x")
        await pilot.click(button, offset=(x, y))
        await pilot.pause()
        assert app.return_code == 0


async def test_unbalanced_markup_does_not_raise() -> None:
    app = TilesApp(Tile("Mario [/]", "[/] Rossi [b]"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tile = app.query_one(Tile)
        text = drawn_text(tile)
        assert "Mario [/]" in text
        assert "[/] Rossi [b]" in text
        tile.title = "Anna [/]"
        await pilot.pause()
        assert "Anna [/]" in drawn_text(tile)


async def test_tiles_are_big() -> None:
    app = TilesApp(Tile("Percorso nascita", "Corsi"), Tile("Eventi"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for tile in app.query(Tile):
            assert tile.outer_size.height >= 5
            assert tile.outer_size.width >= 30


async def test_column_count_follows_the_width() -> None:
    tiles = [Tile(f"Servizio {n}", value=str(n)) for n in range(6)]
    app = TilesApp(*tiles)
    async with app.run_test(size=(50, 40)) as pilot:
        grid = app.query_one(TileGrid)
        await pilot.pause()
        for width, columns in ((50, 1), (80, 2), (119, 2), (120, 3), (200, 3)):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            assert grid.columns == columns, width
            lefts = {tile.region.x for tile in tiles}
            assert len(lefts) == columns, width
