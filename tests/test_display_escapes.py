"""Terminal escapes in the database never reach the terminal: every shown text is stripped."""

from __future__ import annotations

import json
import re

import pytest
from textual.pilot import Pilot

from kiosk.app import KioskApp
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.screens.visitor.search import SearchScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.text import printable
from tests.support.pilot import make_test_app

SLUG = "percorso-nascita"
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: writes the visitor's clipboard
TITLE = "\x1b]2;title\x07"  # OSC 2: changes the window title
MOUSE_OFF = "\x1b[?1000l"  # switches mouse reporting off: touch dead until restart
C1_CSI = "\x9b?1003l"  # the same, with the one-byte CSI
# Textual's own output: cursor moves and colours (CSI with digits only, ending in H or m).
TEXTUAL_SEQUENCE = re.compile(r"\x1b\[[0-9;]*[Hm]")


def poison_the_database() -> None:
    """What a volunteer's YAML escapes (or a hand-made SQL update) put in the tables."""
    from kiosk.models import Need, Service, ServiceText

    service = Service.get(Service.slug == SLUG)
    (
        ServiceText.update(
            name=f"Percorso{CLIPBOARD} nascita{TITLE}",
            summary=f"Corsi{MOUSE_OFF} per genitori{C1_CSI}",
            description=f"# Il percorso\n\nIncontri{CLIPBOARD} di gruppo.{MOUSE_OFF}\x7f",
            location=f"Sede{TITLE} del centro",
        )
        .where(ServiceText.service == service)
        .execute()
    )
    need = Need.get(Need.slug == "nascita")
    labels = json.loads(need.labels)
    labels["name"]["it"] = f"Nascita{MOUSE_OFF}"
    labels.setdefault("description", {})["it"] = f"Percorso nascita{CLIPBOARD}"
    Need.update(labels=json.dumps(labels)).where(Need.id == need.id).execute()


def terminal_output(app: KioskApp) -> str:
    """What Textual would write to the terminal for a full redraw of the current screen."""
    update = app.screen._compositor.render_update(full=True)
    assert update is not None
    return update.render_segments(app.console)  # type: ignore[attr-defined]


def assert_no_foreign_escape(output: str) -> None:
    rest = TEXTUAL_SEQUENCE.sub("", output)
    controls = sorted({f"U+{ord(c):04X}" for c in rest if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F})
    assert controls in ([], ["U+000A"]), f"control characters reach the terminal: {controls}"
    for payload in ("]52;", "]2;title", "?1000l"):  # whole ESC sequences go, not just ESC
        assert payload not in output


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("screen", ["needs", "browse", "service", "search"])
async def test_escapes_in_service_texts_never_reach_the_terminal(
    sqlite_url: str, screen: str
) -> None:
    app = make_test_app(sqlite_url)
    poison_the_database()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        if screen == "needs":
            app.push_screen(NeedChoiceScreen())
        elif screen == "browse":
            app.push_screen(BrowseScreen(need="nascita"))
        elif screen == "service":
            app.push_screen(ServiceDetailScreen(SLUG))
        else:
            app.push_screen(SearchScreen())
            await settle(pilot)
            for key in "percorso":
                await pilot.press(key)
        await settle(pilot)
        output = terminal_output(app)
        assert "Percorso nascita" in output  # the text itself is still shown
        assert_no_foreign_escape(output)


def test_printable_keeps_text_and_drops_controls() -> None:
    assert printable(f"a{CLIPBOARD}b{TITLE}c{MOUSE_OFF}d") == "abcd"
    assert printable("riga 1\r\nriga 2\ttab") == "riga 1\nriga 2\ttab"
    assert printable("nul\x00 del\x7f c1\x85 bel\x07") == "nul del c1 bel"
    assert printable("Caffè 👨‍👩‍👧 — «ok»") == "Caffè 👨‍👩‍👧 — «ok»"
