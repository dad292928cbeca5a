"""Hatch build hook: compile every gettext catalogue (.po -> .mo) when a wheel is built.

Runs for regular and editable wheels (`pip install .`, `pip install -e .`, `python -m build`).
The `.mo` files are written next to their `.po` (they are gitignored) and forced into the
wheel as artifacts. Kept free of kiosk imports: the build runs before kiosk's dependencies
are installed (Babel comes from `[build-system] requires`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALES = Path("kiosk") / "locales"


def compile_catalogues(root: Path) -> list[Path]:
    """Write `<domain>.mo` beside every `<lang>/LC_MESSAGES/<domain>.po`; the written paths."""
    written = []
    for po in sorted((root / LOCALES).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parent.parent.name, domain=po.stem)
        mo = po.with_suffix(".mo")
        partial = mo.with_suffix(".mo.partial")  # a running kiosk never reads half a file
        with partial.open("wb") as target:
            write_mo(target, catalogue, use_fuzzy=False)
        partial.replace(mo)
        written.append(mo)
    return written


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        for mo in compile_catalogues(root):
            build_data["artifacts"].append(mo.relative_to(root).as_posix())
