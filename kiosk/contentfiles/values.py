"""Checked values of one mapping, and the item built from them by its declaration."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kiosk.contentfiles.fields import Kind, Spec, spec_of

T = TypeVar("T")


@dataclass
class Values:
    """The fields of one mapping that passed their checks, with the line of every field seen."""

    line: int
    data: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # present but wrong (already reported)
    missing: set[str] = field(default_factory=set)  # required but absent (already reported)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.missing

    def copy(self) -> Values:
        """A copy whose bookkeeping (failed, missing) can change without touching this one."""
        return Values(
            self.line, dict(self.data), dict(self.lines), set(self.failed), set(self.missing)
        )

    def seen(self, name: str) -> bool:
        return name in self.data or name in self.failed

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)

    def text(self, name: str) -> str:
        value = self.data.get(name)
        return value if isinstance(value, str) else ""

    def number(self, name: str) -> float | None:
        value = self.data.get(name)
        return (
            float(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else None
        )

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name)
        return value if isinstance(value, bool) else default

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None

    def datetime(self, name: str) -> dt.datetime | None:
        value = self.data.get(name)
        return value if isinstance(value, dt.datetime) else None

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name)
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, tuple) else ()

    def sub(self, name: str) -> Values | None:
        value = self.data.get(name)
        return value if isinstance(value, Values) else None


_SPECS: dict[type, tuple[tuple[str, Spec], ...]] = {}


def _specs(cls: type) -> tuple[tuple[str, Spec], ...]:
    """(name, spec) of the content fields of `cls`, in field order (worked out once)."""
    found = _SPECS.get(cls)
    if found is None:
        fields = dataclasses.fields(cls)
        found = _SPECS[cls] = tuple((f.name, s) for f in fields if (s := spec_of(f)) is not None)
    return found


def build(cls: type[T], values: Values, **given: object) -> T:
    """An item of declaration `cls` from checked `values`; `given` fills fields not in a file.

    Fields the file does not have keep their declared default; a nested mapping is built from
    its own declaration. A declaration may add what its written fields imply (`implied`).
    """
    written: dict[str, Any] = {}
    data = values.data
    for name, spec in _specs(cls):
        if name in given or name not in data:
            continue
        value = data[name]
        if spec.kind is Kind.MAPPING and spec.of is not None and isinstance(value, Values):
            value = build(spec.of, value)
        elif spec.kind is Kind.MAPPINGS and spec.of is not None and isinstance(value, tuple):
            value = tuple(build(spec.of, v) for v in value if isinstance(v, Values))
        written[name] = value
    implied = getattr(cls, "implied", None)
    if callable(implied):
        written.update(implied(written))
    return cls(**written, **given)
