"""What the last publish knew of each service and event: enough to leave its files unparsed.

A service (or event) whose files all have the content hash they had when it was last published
is not parsed again: its item is already in the database, and the checks across files (its
needs and age groups still exist, the service an event names, the age warnings) read the few
fields kept here, with their lines, so their messages are the ones a full check prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kiosk.contentfiles.values import Values

# The fields that checks across files read (kiosk.contentfiles.loader, ages).
CROSS_FILE_FIELDS = ("needs", "age_groups", "service", "min_age", "max_age")
_LISTS = ("needs", "age_groups")
_NUMBERS = ("min_age", "max_age")


@dataclass(frozen=True)
class Known:
    """One published service or event: the sha-256 of each of its files (the Italian one and
    its translations) and its fields that other files' checks read."""

    files: Mapping[str, str]  # file (relative to the folder) -> hex sha-256 of its bytes
    line: int  # the first line of its fields
    fields: Mapping[str, object]  # field -> checked value (CROSS_FILE_FIELDS only)
    lines: Mapping[str, int]  # field -> its line
    published: str = field(default="", compare=False)  # its fingerprint in the database

    @classmethod
    def of(cls, files: Mapping[str, str], values: Values) -> Known:
        """What to remember of a checked file's `values`."""
        return cls(
            dict(files),
            values.line,
            {k: values.data[k] for k in CROSS_FILE_FIELDS if k in values.data},
            {k: values.lines[k] for k in CROSS_FILE_FIELDS if k in values.lines},
        )

    def values(self) -> Values:
        """The fields as a check left them (nothing failed: it was published)."""
        return Values(self.line, dict(self.fields), dict(self.lines))

    def to_json(self, published: str) -> list[object]:
        """This record as JSON can hold it, with the item's fingerprint once `published`."""
        return [self.files, self.line, self.fields, self.lines, published]  # tuples: lists

    @classmethod
    def from_json(cls, data: object) -> Known | None:
        """The record `to_json` wrote; None for anything else (the item is parsed again)."""
        if not isinstance(data, list) or len(data) != 5:
            return None
        files, line, fields, lines, published = data
        if not (
            isinstance(files, dict)
            and type(line) is int
            and isinstance(fields, dict)
            and isinstance(lines, dict)
            and all(type(n) is int for n in lines.values())
            and isinstance(published, str)
        ):
            return None
        values: dict[str, object] = {}
        for name, value in fields.items():
            if name in _LISTS and type(value) is list and all(type(v) is str for v in value):
                values[name] = tuple(value)
            elif name in _NUMBERS and type(value) in (int, float):
                values[name] = float(value)
            elif name == "service" and type(value) is str:
                values[name] = value
            else:
                return None
        return cls(files, line, values, lines, published)
