"""The content schema: one declaration per content kind; the checker's tables derive from it.

Each field of a content file is declared once, here, as a dataclass field with its kind, limits
and an example line (`content(...)`). The checker's tables (`table_of`), the loader's items (built
from the checked values) and the sync's column values all come from these declarations.
"""

# ruff: noqa: RUF009  (`content(...)` returns a dataclasses.field, as the declaration intends)

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from kiosk.cli_text import _
from kiosk.comuni import COMUNI
from kiosk.contentfiles.fields import Kind, content, table_of, texts_of, translation_table_of

WEEKDAYS = ("lun", "mar", "mer", "gio", "ven", "sab", "dom")  # index = weekday, 0 = Monday
PROVIDER_KINDS = ("comune", "ets", "asl", "altro")
WAITLIST_FIELD_CHOICES = ("name", "contact", "party_size", "child_age", "note")
SLUG_RE = re.compile(r"[a-z0-9-]+")
MAX_AGE = 120.0

# A text in several languages: {"it": "...", "en": "..."}; "it" is always present.
Localized = dict[str, str]
# Opening hours: weekday 0=Monday -> (("09:00", "13:00"), ...)
Hours = dict[int, tuple[tuple[str, str], ...]]


# --- nested mappings ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class WaitlistSettings:
    WHAT: ClassVar[str] = _("lista d'attesa")

    open: bool = content(Kind.BOOL, "true", required=True, column="is_open")
    capacity: int | None = content(Kind.INT, "20", minimum=1)
    fields: tuple[str, ...] = content(
        Kind.CHOICES, "[name, contact]", choices=WAITLIST_FIELD_CHOICES, default=("name", "contact")
    )
    retention_days: int = content(Kind.INT, "180", required=True, minimum=1, maximum=730)
    sensitive: bool = content(Kind.BOOL, "false")
    # Hours a freed seat stays offered to the first in line before it passes to the next one.
    offer_hours: int = content(Kind.INT, "48", default=48, minimum=1, maximum=720)

    @staticmethod
    def implied(written: dict[str, object]) -> dict[str, object]:
        """A sensitive list is code-only: it asks nothing unless `fields` says otherwise."""
        return {"fields": ()} if written.get("sensitive") and "fields" not in written else {}


@dataclass(frozen=True, kw_only=True)
class Provider:
    WHAT: ClassVar[str] = _("ente")

    name: str = content(Kind.LINE, '"Comune di Lucca"', required=True, max_len=120)
    kind: str = content(Kind.CHOICE, "comune", required=True, choices=PROVIDER_KINDS)


@dataclass(frozen=True, kw_only=True)
class Source:
    """A public page a record's facts come from, and the day someone read it."""

    WHAT: ClassVar[str] = _("fonte")

    url: str = content(Kind.URL, '"https://www.comune.lucca.it/..."', required=True)
    read: dt.date = content(Kind.DATE, "2026-12-02", required=True, past=True)
    about: str = content(Kind.LINE, '"<what this source supports>"', max_len=200)


# --- fields shared by several kinds ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Reviewed:
    """Where a record's facts come from, who last verified it, when, what staff must check."""

    sources: tuple[Source, ...] = content(
        Kind.MAPPINGS, '[{url: "https://...", read: 2026-12-02}]', of=Source
    )
    assured_date: dt.date = content(Kind.DATE, "2026-11-21", required=True)
    assured_by: str = content(Kind.LINE, '"<role of who checked it>"', required=True, max_len=120)
    needs_review: bool = content(Kind.BOOL, "true")
    review_note: str = content(Kind.TEXT, '"<what staff must verify>"')


@dataclass(frozen=True, kw_only=True)
class AgeRange:
    """The ages a service or event is for: listed groups and/or a range in years."""

    age_groups: tuple[str, ...] = content(Kind.SLUGS, "[0-3]")
    min_age: float | None = content(Kind.NUMBER, "0", minimum=0, maximum=MAX_AGE)
    max_age: float | None = content(Kind.NUMBER, "3", minimum=0, maximum=MAX_AGE)


_WAITLIST_EXAMPLE = "{open: true, retention_days: 180}"


# --- translations awaiting a native speaker's review -------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TranslationMarks:
    """What a translation file (<slug>.<lang>.md) may say about itself besides its texts."""

    # true: written for the project, not yet checked by a native speaker (who removes the line)
    translation_review: bool = content(Kind.BOOL, "true")


@dataclass(frozen=True, kw_only=True)
class ReviewedTranslations:
    """The languages whose texts in one YAML file await a native speaker's review.

    At the top of needs.yaml and age_groups.yaml (beside the list), a field of office.yaml.
    """

    WHAT: ClassVar[str] = "file"

    translation_review: tuple[str, ...] = content(Kind.TRANSLATIONS, "[fr, ro, sq, uk]")


# --- needs.yaml, age_groups.yaml, office.yaml ---------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NeedItem:
    WHAT: ClassVar[str] = _("bisogno")

    slug: str = content(Kind.SLUG, "nascita", required=True)
    position: int  # order in the file
    name: Localized = content(
        Kind.LOCALIZED, '{it: "Nascita e neogenitori"}', required=True, max_len=80
    )
    description: Localized = content(Kind.LOCALIZED, '{it: "..."}')
    icon: str = content(Kind.LINE, '"🍼"', max_len=8)
    translation_review: tuple[str, ...] = ()  # from the top of needs.yaml (ReviewedTranslations)


@dataclass(frozen=True, kw_only=True)
class AgeGroupItem:
    WHAT: ClassVar[str] = _("fascia d'età")

    slug: str = content(Kind.SLUG, "0-3", required=True)
    position: int
    name: Localized = content(Kind.LOCALIZED, '{it: "Bambini 0-3 anni"}', required=True, max_len=80)
    expecting: bool = content(Kind.BOOL, "true")
    min_age: float | None = content(Kind.NUMBER, "0", minimum=0, maximum=MAX_AGE)
    max_age: float | None = content(Kind.NUMBER, "2.99", minimum=0, maximum=MAX_AGE)
    translation_review: tuple[str, ...] = ()  # from the top of age_groups.yaml


@dataclass(frozen=True, kw_only=True)
class OfficeItem(Reviewed, ReviewedTranslations):
    WHAT: ClassVar[str] = _("sportello")

    name: Localized = content(
        Kind.LOCALIZED, '{it: "Centro per le Famiglie"}', required=True, max_len=80
    )
    # a single text is the Italian one
    location: Localized = content(Kind.LOCALIZED, '{it: "<building, street>"}', required=True)
    comune: str = content(Kind.CHOICE, "Lucca", required=True, choices=COMUNI)
    hours: Hours = content(Kind.HOURS, '{lun: ["09:00-13:00"]}')
    closed: tuple[dt.date, ...] = content(Kind.DATES, '["2026-12-25"]')
    note: Localized = content(Kind.LOCALIZED, '{it: "..."}')
    contacts: Localized = content(Kind.LOCALIZED, '{it: "..."}')


# --- services/<slug>.md ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ServiceTexts:
    """The translatable texts of a service: the Italian file has them all, a translation some."""

    name: str = content(Kind.LINE, '"Percorso nascita"', required=True, max_len=80)
    summary: str = content(
        Kind.LINE, '"<one line, at most 160 characters>"', required=True, max_len=160
    )
    description: str = content(Kind.TEXT, body=True)  # the Markdown body
    eligibility: str = content(Kind.TEXT, '"..."')
    application_process: str = content(Kind.TEXT, '"..."')
    # stored as text, one document per line
    required_documents: str = content(Kind.TEXTS, '["documento d\'identità"]')
    fees: str = content(Kind.TEXT, '"gratuito"')
    schedule: str = content(Kind.TEXT, '"..."')
    contacts: str = content(Kind.TEXT, '"tel. 0583 000000"')
    location: str = content(Kind.TEXT, '"..."')


@dataclass(frozen=True, kw_only=True)
class ServiceItem(AgeRange, Reviewed):
    WHAT: ClassVar[str] = _("servizio")

    slug: str = content(Kind.SLUG, "<file name without .md>", required=True)
    source_path: str  # relative to the content dir, e.g. "services/percorso-nascita.md"
    texts: dict[str, dict[str, str]] = texts_of(ServiceTexts, marks=TranslationMarks)
    # the languages whose translation file says `translation_review: true`
    translation_review: tuple[str, ...] = ()
    # Words families use for the service, per language, separated by commas: search finds them.
    keywords: Localized = content(
        Kind.LOCALIZED, '{it: "separazione, affido", en: "separation, foster care"}', max_len=400
    )
    needs: tuple[str, ...] = content(Kind.SLUGS, "[nascita]", required=True, min_items=1)
    languages: tuple[str, ...] = content(Kind.LANGS, "[it, en]")
    # Where it is offered: some of the seven comuni, or `tutti` (the whole Piana), in COMUNI order.
    comune: tuple[str, ...] = content(Kind.COMUNI, "[Lucca, Capannori]", choices=COMUNI)
    url: str = content(Kind.URL, '"https://..."')
    provider: Provider = content(
        Kind.MAPPING, '{name: "Comune di Lucca", kind: comune}', required=True, of=Provider
    )
    visible_from: dt.date | None = content(Kind.DATE, "2026-01-01")
    visible_until: dt.date | None = content(Kind.DATE, "2027-06-30")
    waitlist: WaitlistSettings | None = content(
        Kind.MAPPING, _WAITLIST_EXAMPLE, of=WaitlistSettings
    )

    @property
    def provider_name(self) -> str:
        return self.provider.name

    @property
    def provider_kind(self) -> str:
        return self.provider.kind


# --- events/<slug>.md --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EventTexts:
    """The translatable texts of an event."""

    title: str = content(Kind.LINE, '"..."', required=True, max_len=120)
    summary: str = content(
        Kind.LINE, '"<one line, at most 160 characters>"', required=True, max_len=160
    )
    description: str = content(Kind.TEXT, body=True)
    place: str = content(Kind.TEXT, '"..."', required=True)


@dataclass(frozen=True, kw_only=True)
class EventItem(AgeRange, Reviewed):
    WHAT: ClassVar[str] = _("evento")

    slug: str = content(Kind.SLUG, "<file name without .md>", required=True)
    source_path: str
    texts: dict[str, dict[str, str]] = texts_of(EventTexts, marks=TranslationMarks)
    translation_review: tuple[str, ...] = ()  # languages whose translation awaits review
    starts_at: dt.datetime = content(Kind.DATETIME, '"2026-12-05 16:30"', required=True)
    ends_at: dt.datetime | None = content(Kind.DATETIME, '"2026-12-05 18:00"')
    comune: str = content(Kind.CHOICE, "Lucca", choices=COMUNI)
    service: str = content(Kind.SLUG, "percorso-nascita")
    url: str = content(Kind.URL, '"https://..."')
    waitlist: WaitlistSettings | None = content(
        Kind.MAPPING, _WAITLIST_EXAMPLE, of=WaitlistSettings
    )


# --- derived: the checker's tables -----------------------------------------------------------

NEED_TABLE = table_of(NeedItem)
AGE_GROUP_TABLE = table_of(AgeGroupItem)
OFFICE_TABLE = table_of(OfficeItem)
SERVICE_TABLE = table_of(ServiceItem)
SERVICE_TRANSLATION_TABLE = translation_table_of(ServiceItem)
EVENT_TABLE = table_of(EventItem)
EVENT_TRANSLATION_TABLE = translation_table_of(EventItem)
LIST_FILE_TABLE = table_of(ReviewedTranslations)  # the top of needs.yaml and age_groups.yaml
