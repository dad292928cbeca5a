"""Frozen dataclasses the services layer returns to the UI (never Peewee rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class NeedInfo:
    slug: str
    name: str
    description: str
    icon: str
    service_count: int


@dataclass(frozen=True)
class AgeGroupInfo:
    slug: str
    name: str
    min_age: float | None
    max_age: float | None
    expecting: bool
    service_count: int


@dataclass(frozen=True)
class WaitlistInfo:
    is_open: bool
    full: bool
    sensitive: bool
    fields: tuple[str, ...]
    retention_days: int
    capacity: int | None
    waiting: int


@dataclass(frozen=True)
class ServiceCard:
    """What a result list shows for one service."""

    slug: str
    name: str
    summary: str
    min_age: float | None
    max_age: float | None
    age_groups: tuple[str, ...]
    location: str
    comune: str
    has_open_waitlist: bool


@dataclass(frozen=True)
class SearchPage:
    """The best-ranked cards of a free-text search, and how many services matched in all."""

    cards: tuple[ServiceCard, ...]
    total: int


@dataclass(frozen=True)
class ServiceDetail:
    slug: str
    name: str
    summary: str
    description: str  # Markdown written by volunteers
    eligibility: str
    application_process: str
    required_documents: tuple[str, ...]
    fees: str
    schedule: str
    contacts: str
    location: str
    comune: str
    languages: tuple[str, ...]
    needs: tuple[str, ...]  # need names in the visitor's language
    age_groups: tuple[str, ...]  # age group names in the visitor's language
    min_age: float | None
    max_age: float | None
    provider_name: str
    provider_kind: str
    link: str  # what the QR code carries
    assured_date: dt.date | None
    needs_review: bool
    waitlist: WaitlistInfo | None


@dataclass(frozen=True)
class EventInfo:
    slug: str
    title: str
    summary: str
    description: str
    place: str
    comune: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    min_age: float | None
    max_age: float | None
    service_slug: str
    link: str
    waitlist: WaitlistInfo | None


@dataclass(frozen=True)
class OfficeInfo:
    name: str
    location: str
    comune: str
    hours: tuple[tuple[int, tuple[tuple[str, str], ...]], ...]  # (weekday 0=Mon, ranges)
    open_now: bool
    next_opening: dt.datetime | None  # None when hours are unknown
    closes_at: str  # "HH:MM" when open now
    note: str
    contacts: str
    hours_known: bool
    needs_review: bool


@dataclass(frozen=True)
class PrivacyFacts:
    """The facts of a waitlist's privacy notice (GDPR art. 13); the wording is the screen's."""

    controller: str  # who decides about the data (Italian name; the catalogue may gloss it)
    controller_address: str
    retention_days: int  # days the data are kept after the list closes or the entry ends
    authority_site: str  # where to complain: the Garante's web site


@dataclass(frozen=True)
class JoinTarget:
    """The service or event a visitor is joining the waitlist of, as the join form needs it."""

    title: str
    link: str
    waitlist: WaitlistInfo | None
    privacy: PrivacyFacts | None = None  # None when there is no list to join
