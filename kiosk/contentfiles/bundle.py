"""Everything one content folder holds once checked: what the sync applies, with its problems."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kiosk.contentfiles.fields import text_fields
from kiosk.contentfiles.known import Known
from kiosk.contentfiles.problems import Problem
from kiosk.contentfiles.schema import (
    AgeGroupItem,
    EventItem,
    EventTexts,
    NeedItem,
    OfficeItem,
    ServiceItem,
    ServiceTexts,
)

# The per-language texts of a service and of an event (the columns of ServiceText / EventText).
SERVICE_TEXT_FIELDS = text_fields(ServiceTexts)
EVENT_TEXT_FIELDS = text_fields(EventTexts)


@dataclass(frozen=True)
class ContentBundle:
    """Everything in one content directory, validated; `problems` empty means it may be synced."""

    needs: tuple[NeedItem, ...] = ()
    age_groups: tuple[AgeGroupItem, ...] = ()
    services: tuple[ServiceItem, ...] = ()
    events: tuple[EventItem, ...] = ()
    office: OfficeItem | None = None
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    warnings: tuple[Problem, ...] = field(default_factory=tuple)  # shown, never block a sync
    version: str = ""  # sha256 over the files read, first 12 hex digits
    # Services and events whose files had not changed since the last publish (load_content's
    # `known`): not parsed, so not among the items above; the database holds them already.
    kept: Mapping[str, Known] = field(default_factory=dict)
    # What the next sync needs to know of every service and event ('service:slug' -> ...).
    known: Mapping[str, Known] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems
