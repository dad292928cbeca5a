"""A Markdown file's front matter checked against its table, remembered by content hash.

Checking is a pure function of the file's text (links aside, which depend on the folder and are
checked on every load), so an unchanged file is not parsed again: the kiosk's staff reload and a
long-running sync reuse what the previous load of the same text found.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

from kiosk.cli_text import _
from kiosk.contentfiles.check import check_mapping
from kiosk.contentfiles.fields import Table
from kiosk.contentfiles.markdown import control_problems, split_front_matter
from kiosk.contentfiles.problems import Reporter
from kiosk.contentfiles.strict_yaml import parse_yaml
from kiosk.contentfiles.values import Values

# At most this many files are remembered (about 5 KB each with their text, so at most ~11 MB in
# the kiosk process); the rest are checked on every load.
CACHE_LIMIT = 2000


@dataclass(frozen=True)
class Checked:
    """The checked fields (None when the YAML is broken) and the Markdown body of one file."""

    values: Values | None
    body: str
    body_line: int


def check_front_matter(text: str, table: Table, italian_file: str, rep: Reporter) -> Checked | None:
    """Check the fields block and the body's characters; None when there is no fields block."""
    parts = split_front_matter(text)
    if parts is None:
        if text.split("\n", 1)[0].rstrip() == "---":
            rep.add(
                1,
                _("il blocco dei campi non è chiuso"),
                _("aggiungi una riga con solo --- dopo l'ultimo campo"),
            )
        else:
            rep.add(
                1,
                _("il file deve cominciare con una riga `---`"),
                _("metti i campi tra due righe ---"),
            )
        return None
    front, body, body_line = parts
    before = len(rep.problems)
    node = parse_yaml(front, rep, line_offset=1)
    for found in control_problems(body, body_line):
        rep.add(*found)
    if node is None and len(rep.problems) != before:
        return Checked(None, body, body_line)  # broken YAML: the fields cannot be checked
    return Checked(
        check_mapping(node, table, rep, line=1, italian_file=italian_file), body, body_line
    )


_Key = tuple[bytes, str, str]
_Entry = tuple[Checked | None, tuple[tuple[int, str, str], ...]]


class CheckedFiles:
    """What `check_front_matter` found, by (sha-256 of the file, table, Italian file name)."""

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self.limit = limit
        self._entries: dict[_Key, _Entry] = {}
        self._lock = threading.Lock()

    def check(
        self,
        data: bytes,
        text: str,
        table: Table,
        italian_file: str,
        rep: Reporter,
        used: set[_Key],
    ) -> Checked | None:
        """`check_front_matter`, reusing what an identical file gave; `used` gets its key."""
        key = (hashlib.sha256(data).digest(), table.what, italian_file)
        used.add(key)
        with self._lock:
            entry = self._entries.get(key)
        if entry is None:
            scratch = Reporter(rep.path)
            result = check_front_matter(text, table, italian_file, scratch)
            entry = (result, tuple((p.line, p.message, p.hint) for p in scratch.problems))
            with self._lock:
                if len(self._entries) < self.limit:
                    self._entries[key] = entry
        result, problems = entry
        for line, message, hint in problems:
            rep.add(line, message, hint)
        if result is None or result.values is None:
            return result
        # callers add their own failures to the values: each gets a copy
        return Checked(result.values.copy(), result.body, result.body_line)

    def keep_only(self, used: set[_Key]) -> None:
        """Forget files that the last load did not read (changed, renamed or removed)."""
        with self._lock:
            self._entries = {k: v for k, v in self._entries.items() if k in used}

    def __len__(self) -> int:
        return len(self._entries)


CHECKED_FILES = CheckedFiles()
