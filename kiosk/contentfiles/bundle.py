"""Validated content as plain frozen dataclasses: what the checker produces and the sync applies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# A text in several languages: {"it": "...", "en": "..."}; "it" is always present.
Localized = dict[str, str]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, printed as `path:line: message — hint`."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


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
