"""Frozen dataclasses the staff services return to the admin screens and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.cli_text import Msg, _, joined
from kiosk.statuses import ACTIVE, LABELS


@dataclass(frozen=True)
class PinResult:
    """Outcome of one PIN attempt; `retry_after_seconds` > 0 while the throttle refuses."""

    ok: bool
    retry_after_seconds: int = 0
    reason: str = ""  # ok | wrong | throttled | not_set


@dataclass(frozen=True)
class WaitlistSummary:
    """One list as the staff overview shows it (counts only, no entries)."""

    id: int
    kind: str  # service | event
    slug: str
    name: str
    is_open: bool
    sensitive: bool
    capacity: int | None
    retired: bool  # its service or event is no longer published
    counts: dict[str, int] = field(default_factory=dict)  # status -> entries

    @property
    def active(self) -> int:
        """Entries still in line (waiting, called or contacted)."""
        return sum(self.counts.get(s, 0) for s in ACTIVE)


@dataclass(frozen=True)
class StaffEntry:
    """One entry with its personal data, for staff eyes only; times are local (Europe/Rome)."""

    id: int
    waitlist_id: int
    list_kind: str
    list_slug: str
    list_name: str
    sensitive: bool
    position: int | None  # 1-based place among active entries; None once out of the line
    seq: int
    code: str
    status: str
    name: str
    phone: str
    email: str
    party_size: int | None
    child_age: int | None
    note: str
    kiosk_id: str
    created_at: dt.datetime
    updated_at: dt.datetime
    offered_at: dt.datetime | None
    extra_consent: bool = False  # optional yes to hearing about other activities of the centre
    notify_channels: str = ""  # "Avvisami quando tocca a me": '', 'email', 'sms', 'email,sms'
    lang: str = "it"  # the language the visitor used, and their messages are written in
    offer_expires_at: dt.datetime | None = None  # the last offer's deadline (local time)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


@dataclass(frozen=True)
class ReloadPreview:
    """What a content reload would do (or did): 'kind:slug' items, problems as `file:line: …`."""

    ok: bool
    version: str
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    applied: bool = False
    folder: str = ""  # the folder read (absolute path)
    # Why applying is refused: "" (it is not), "other_folder" (the last publish came from
    # another folder: applying would retire what was published from there) or "newer_publish"
    # (something was published after this preview was made).
    refused: str = ""
    last_folder: str = ""  # the last publish the database remembers
    last_version: str = ""
    last_at: dt.datetime | None = None
    last_id: int = 0  # identifies that publish: apply refuses if another came since

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired)

    @property
    def can_apply(self) -> bool:
        return self.ok and not self.refused


@dataclass(frozen=True)
class ReviewSource:
    """A public page a service's facts come from, as its content file lists it."""

    url: str
    read: str  # the day it was read, ISO (as written in the file)
    about: str = ""


@dataclass(frozen=True)
class ReviewItem:
    """A record (service, event or the office) a person should verify again."""

    slug: str
    name: str
    assured_date: dt.date | None
    needs_review: bool
    review_note: str
    source_path: str
    kind: str = "service"  # "service", "event" or "office"
    sources: tuple[ReviewSource, ...] = ()


@dataclass(frozen=True)
class TranslationReview:
    """Texts translated for the project that a native speaker should check, per item."""

    kind: str  # "office", "needs", "age_groups", "service" or "event"
    slug: str  # the service's or event's slug; the file's name for the YAML files
    name: str  # the Italian name (the file name for needs.yaml and age_groups.yaml)
    source_path: str  # the Italian file; each translation is <slug>.<lang>.md beside it
    langs: tuple[str, ...]  # the languages awaiting review

    @property
    def files(self) -> tuple[str, ...]:
        """The files a native speaker opens: one per language for services and events."""
        if self.kind in ("service", "event") and self.source_path.endswith(".md"):
            stem = self.source_path.removesuffix(".md")
            return tuple(f"{stem}.{lang}.md" for lang in self.langs)
        return (self.source_path,)


@dataclass(frozen=True)
class UsageCount:
    day: dt.date
    kiosk_id: str
    kind: str
    key: str
    count: int


@dataclass(frozen=True)
class UsageTotal:
    kind: str
    key: str
    count: int


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    count: int


@dataclass(frozen=True)
class UsageReport:
    """Anonymous usage over [start, end]: totals per kind/key and a zero-filled daily series."""

    start: dt.date
    end: dt.date
    kiosk_id: str | None
    totals: tuple[UsageTotal, ...]
    by_day: tuple[DayCount, ...]
    kiosks: tuple[str, ...]


@dataclass(frozen=True)
class UsageFigures:
    """One period's report and its totals per kiosk (what the statistics screen shows)."""

    report: UsageReport
    per_kiosk: dict[str, int]


@dataclass(frozen=True)
class AuditRecord:
    at: dt.datetime  # UTC, as stored
    actor: str
    action: str
    target: str
    detail: str
    kiosk_id: str


@dataclass(frozen=True)
class SystemStatus:
    kiosk_id: str
    database_kind: str
    database_ok: bool
    database_ms: float | None
    database_error: str
    content_version: str
    last_sync_at: dt.datetime | None  # UTC, as stored
    last_sync_actor: str
    waitlist_totals: dict[str, int]
    review_count: int
    pin_set: bool
    problems: tuple[str, ...] = ()  # what a monitoring check must flag (exit non-zero)
    outbox_queued: int = 0  # messages to families waiting to be sent
    outbox_failed: int = 0  # messages that failed for good (kept until the entry goes)
    outbox_channels: tuple[str, ...] = ()  # channels configured: email, sms
    # The receipt printer (kiosk.printing.device.PrinterState): setting, its answer now, and
    # the last ticket's outcome at this kiosk ('' when none since the kiosk started).
    printer_setting: str = "none"
    printer_state: str = "none"
    printer_last: str = ""
    printer_last_at: dt.datetime | None = None  # local time
    offers_open: int = 0  # seats offered and waiting for an answer

    @property
    def healthy(self) -> bool:
        """Database reachable and no problem found (purge, content)."""
        return self.database_ok and not self.problems

    def printer_line(self) -> str:
        if self.printer_setting == "none":
            return _("stampante: nessuna (KIOSK_PRINTER)")
        if self.printer_last and self.printer_last_at:
            return _(
                "stampante: {setting} {state}; ultimo biglietto {last} il {when}",
                setting=self.printer_setting,
                state=self.printer_state,
                last=self.printer_last,
                when=self.printer_last_at.strftime("%d/%m/%Y %H:%M"),
            )
        return _(
            "stampante: {setting} {state}", setting=self.printer_setting, state=self.printer_state
        )

    def lines(self) -> list[str]:
        """Plain text for the CLI (Italian `Msg`s, shown in the operator's language)."""
        db = (
            _(
                "database: {kind} ok ({ms} ms)",
                kind=self.database_kind,
                ms=format(self.database_ms, ".1f"),
            )
            if self.database_ok and self.database_ms is not None
            else _(
                "database: {kind} ERRORE {error}",
                kind=self.database_kind,
                error=self.database_error,
            )
        )
        sync = (
            _(
                "contenuti: versione {version}, sincronizzati il {when} UTC da {actor}",
                version=self.content_version,
                when=self.last_sync_at.strftime("%d/%m/%Y %H:%M"),
                actor=self.last_sync_actor,
            )
            if self.last_sync_at
            else _("contenuti: mai sincronizzati")
        )
        known = [s for s in LABELS if s in self.waitlist_totals]
        unknown = sorted(set(self.waitlist_totals) - set(known))
        parts: list[str] = [
            _("{status} {count}", status=Msg(LABELS[s]), count=self.waitlist_totals[s])
            for s in known
        ]
        parts += [f"{s} {self.waitlist_totals[s]}" for s in unknown]
        totals = joined(parts) if parts else _("nessuna")
        pin = _("impostato") if self.pin_set else _("NON IMPOSTATO (kiosk admin set-pin)")
        return [
            _("totem: {kiosk}", kiosk=self.kiosk_id),
            db,
            sync,
            _("iscrizioni in lista d'attesa: {totals}", totals=totals),
            _("servizi da verificare: {count}", count=self.review_count),
            _(
                "messaggi: {queued} in coda, {failed} non riusciti (canali: {channels})",
                queued=self.outbox_queued,
                failed=self.outbox_failed,
                channels=", ".join(self.outbox_channels) or _("nessuno configurato"),
            ),
            _("PIN del personale: {state}", state=pin),
            _("offerte di posto aperte: {count}", count=self.offers_open),
            self.printer_line(),
            *(_("PROBLEMA: {problem}", problem=problem) for problem in self.problems),
        ]
