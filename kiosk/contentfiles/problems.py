"""What is wrong in a content file: `path:line: message — hint`, printed safely."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kiosk.cli_text import _, render
from kiosk.i18n import SOURCE_LANGUAGE

# C0 controls, DEL and C1 controls: what a terminal may read as the start of an escape sequence.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x09: "TAB",
    0x0A: "LF",
    0x0B: "VT",
    0x0C: "FF",
    0x0D: "CR",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEL",
    0x9B: "CSI",
    0x9D: "OSC",
}


@cache
def _controls_except(allow: str) -> re.Pattern[str]:
    allowed = {ord(c) for c in allow}
    codes = [c for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in allowed]
    return re.compile("[" + "".join(f"\\x{c:02x}" for c in codes) + "]")


def control_name(text: str, allow: str = "") -> str:
    """The first control character in `text` (those in `allow` aside), named; "" when none."""
    if text.isprintable():  # no control character at all (the usual case, checked in C)
        return ""
    match = _controls_except(allow).search(text)
    if match is None:
        return ""
    code = ord(match.group())
    name = _CONTROL_NAMES.get(code)
    return f"{name} (U+{code:04X})" if name else f"U+{code:04X}"


def _visible(text: str) -> str:
    """`text` with every control character written as an escape, safe to print on a terminal."""
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, printed as `path:line: message — hint`."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)

    def render(self, lang: str) -> str:
        """The problem in `lang` (the checker writes Italian; `Msg` remembers the msgid)."""
        message, hint = render(self.message, lang), render(self.hint, lang)
        text = f"{self.path}:{self.line}: {message}"
        return _visible(f"{text} — {hint}" if hint else text)


@dataclass
class Reporter:
    """Collects problems for one file; `path` is printed as given."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, max(line, 1), message, hint))


CONTROL_HINT = _(
    "toglilo (tra virgolette doppie non scrivere sequenze come \\e, \\a, \\x1b o \\u009b)"
)
