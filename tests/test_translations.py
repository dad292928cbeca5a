"""Every interface text the visitor or staff can read has an English translation."""

from __future__ import annotations

import ast
from pathlib import Path

import kiosk
from kiosk.i18n import catalog, parse_po

PACKAGE = Path(kiosk.__file__).parent


def interface_messages() -> dict[str, str]:
    """Italian msgids passed to `_()` / `self._()` / `translate(lang, ...)` in the UI code."""
    found: dict[str, str] = {}
    ui_files = [*PACKAGE.glob("screens/**/*.py"), *PACKAGE.glob("widgets/*.py"), PACKAGE / "app.py"]
    for path in ui_files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            args = node.args
            if name == "translate" and len(args) == 2:
                args = args[1:]
            elif name not in ("_", "gettext"):
                continue
            if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                found[args[0].value] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


def test_every_interface_text_has_an_english_translation() -> None:
    messages = interface_messages()
    assert len(messages) > 10  # the scan finds the UI's texts
    english = catalog("en")
    missing = [f"{where}: {msgid!r}" for msgid, where in messages.items() if msgid not in english]
    assert missing == []


def test_placeholders_survive_translation() -> None:
    english = catalog("en")
    for msgid, msgstr in english.items():
        for part in ("{", "}"):
            assert msgid.count(part) == msgstr.count(part), msgid


def test_po_parser_skips_fuzzy_and_header() -> None:
    text = 'msgid ""\nmsgstr "Language: en\\n"\n\n#, fuzzy\nmsgid "Casa"\nmsgstr "House"\n\n'
    text += 'msgid "Ciao"\nmsgstr ""\n"Hel"\n"lo"\n'
    assert parse_po(text) == {"Ciao": "Hello"}
