"""Need tiles never show half a description: it is there whole on a tall panel, or not at all."""

from __future__ import annotations

import pytest

from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.widgets.tiles import Tile
from tests.support.pilot import make_test_app
from tests.support.visitor import settle

ADOPTION = "Informazioni e accompagnamento su adozione e affido familiare."


@pytest.mark.parametrize(
    ("size", "described"), [((91, 23), False), ((80, 24), False), ((137, 36), True)]
)
async def test_a_description_is_whole_or_absent(
    sqlite_url: str, size: tuple[int, int], described: bool
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=size) as pilot:
        app.push_screen(NeedChoiceScreen())
        await settle(pilot)
        tile = next(t for t in app.screen.query(Tile) if t.value == "adozione-affido")
        label = str(tile.label)
        assert ("Informazioni e" in label) is described
        if described:  # and then every line of it is inside the tile
            assert ADOPTION in label.replace("\n", " ")
            lines = [line for line in tile.render_lines(tile.region.reset_offset) if line]
            drawn = " ".join("".join(seg.text for seg in line).strip() for line in lines)
            assert "familiare." in drawn
