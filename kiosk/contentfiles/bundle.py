"""Validated content as plain frozen dataclasses: what the checker produces and the sync applies."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# A text in several languages: {"it": "...", "en": "..."}; "it" is always present.
Localized = dict[str, str]


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


def control_name(text: str, allow: str = "") -> str:
    """The first control character in `text` (those in `allow` aside), named; "" when none."""
    for match in CONTROL_CHARACTERS.finditer(text):
        char = match.group()
        if char not in allow:
            code = ord(char)
            name = _CONTROL_NAMES.get(code)
            return f"{name} (U+{code:04X})" if name else f"U+{code:04X}"
    return ""


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
        text = f"{self.path}:{self.line}: {self.message}"
        return _visible(f"{text} — {self.hint}" if self.hint else text)


@dataclass(frozen=True)
class NeedItem:
    slug: str
    position: int
    name: Localized
    description: Localized
    icon: str = ""


@dataclass(frozen=True)
class AgeGroupItem:
    slug: str
    position: int
    name: Localized
    min_age: float | None = None
    max_age: float | None = None
    expecting: bool = False


@dataclass(frozen=True)
class WaitlistSettings:
    open: bool
    retention_days: int
    capacity: int | None = None
    fields: tuple[str, ...] = ("name", "contact")
    sensitive: bool = False


# Translatable text fields of a service, per language.
SERVICE_TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "eligibility",
    "application_process",
    "required_documents",  # stored as text, one document per line
    "fees",
    "schedule",
    "contacts",
    "location",
)

EVENT_TEXT_FIELDS = ("title", "summary", "description", "place")


@dataclass(frozen=True)
class ServiceItem:
    slug: str
    source_path: str  # relative to the content dir, e.g. "services/percorso-nascita.md"
    texts: dict[str, dict[str, str]]  # lang -> {field in SERVICE_TEXT_FIELDS: text}; "it" complete
    needs: tuple[str, ...]
    age_groups: tuple[str, ...] = ()
    min_age: float | None = None
    max_age: float | None = None
    languages: tuple[str, ...] = ()
    comune: str = ""
    url: str = ""
    provider_name: str = ""
    provider_kind: str = ""
    assured_date: dt.date | None = None
    assured_by: str = ""
    needs_review: bool = False
    review_note: str = ""
    visible_from: dt.date | None = None
    visible_until: dt.date | None = None
    waitlist: WaitlistSettings | None = None


@dataclass(frozen=True)
class EventItem:
    slug: str
    source_path: str
    texts: dict[str, dict[str, str]]  # lang -> {field in EVENT_TEXT_FIELDS: text}
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    comune: str = ""
    min_age: float | None = None
    max_age: float | None = None
    age_groups: tuple[str, ...] = ()
    service: str = ""
    url: str = ""
    assured_date: dt.date | None = None
    assured_by: str = ""
    needs_review: bool = False
    review_note: str = ""
    waitlist: WaitlistSettings | None = None


@dataclass(frozen=True)
class OfficeItem:
    name: Localized
    location: str
    comune: str
    hours: dict[int, tuple[tuple[str, str], ...]]  # weekday 0=Monday -> (("09:00","13:00"), ...)
    closed: tuple[dt.date, ...]
    note: Localized
    contacts: Localized
    needs_review: bool
    review_note: str
    assured_date: dt.date | None
    assured_by: str


@dataclass(frozen=True)
class ContentBundle:
    """Everything in one content directory, validated; `problems` empty means it may be synced."""

    needs: tuple[NeedItem, ...] = ()
    age_groups: tuple[AgeGroupItem, ...] = ()
    services: tuple[ServiceItem, ...] = ()
    events: tuple[EventItem, ...] = ()
    office: OfficeItem | None = None
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    version: str = ""  # sha256 over the files read, first 12 hex digits

    @property
    def ok(self) -> bool:
        return not self.problems
