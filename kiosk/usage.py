"""Anonymous usage counts (what was looked at, per day and kiosk) — never who, never typed text."""

from __future__ import annotations

import datetime as dt
import re

from kiosk.clock import local_now
from kiosk.comuni import COMUNI, comune_key
from kiosk.models import UsageEvent

# comune: a visitor chose "Il mio comune" (key: lucca, villa-basilica…); search_need: the need
# opened after a search that found nothing, in the same visit (key: the need's slug).
KINDS = ("need", "age_group", "service", "search", "language", "event", "comune", "search_need")
# A search is counted by outcome only: what the visitor typed is never stored.
SEARCH_KEYS = ("", "results:0", "results:1+")
COMUNE_KEYS = tuple(comune_key(name) for name in COMUNI)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_KIOSK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def search_bucket(result_count: int) -> str:
    """The key a search is counted under."""
    return "results:0" if result_count == 0 else "results:1+"


def record(kind: str, key: str, lang: str, kiosk_id: str, day: dt.date | None = None) -> None:
    """Count one look at `key` (a slug or a language code); raises ValueError on anything else."""
    if kind not in KINDS:
        raise ValueError(f"unknown usage kind {kind!r}")
    if kind == "search":
        if key not in SEARCH_KEYS:
            raise ValueError("a search is counted as '', 'results:0' or 'results:1+', not its text")
    elif kind == "comune":
        if key not in COMUNE_KEYS:
            raise ValueError(f"not one of the seven comuni: {key!r}")
    elif kind == "language":
        if not _LANG.match(key):
            raise ValueError(f"not a language code: {key!r}")
    elif not _SLUG.match(key):
        raise ValueError(f"not a slug: {key!r}")
    if lang and not _LANG.match(lang):
        raise ValueError(f"not a language code: {lang!r}")
    if not _KIOSK.match(kiosk_id):
        raise ValueError(f"not a kiosk id: {kiosk_id!r}")
    UsageEvent.create(
        day=day or local_now().date(), kiosk_id=kiosk_id, kind=kind, key=key, lang=lang
    )
