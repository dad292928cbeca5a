"""The centre's clock: its time zone, now as the database stores it and as the centre reads it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

CENTRE_TZ = ZoneInfo("Europe/Rome")


def _now() -> dt.datetime:
    """The one reading of the real clock (aware); tests replace it (tests/support/clock.py)."""
    return dt.datetime.now(dt.UTC)


def utcnow() -> dt.datetime:
    """Naive UTC, as the database stores every moment."""
    return _now().astimezone(dt.UTC).replace(tzinfo=None)


def local_now() -> dt.datetime:
    """Naive local time of the centre (Europe/Rome): what visitors and staff read."""
    return _now().astimezone(CENTRE_TZ).replace(tzinfo=None)


def local_today() -> dt.date:
    """Today at the centre."""
    return local_now().date()


def to_local(utc: dt.datetime) -> dt.datetime:
    """Naive UTC (as stored) to the centre's naive local time."""
    return utc.replace(tzinfo=dt.UTC).astimezone(CENTRE_TZ).replace(tzinfo=None)


def to_utc(local: dt.datetime) -> dt.datetime:
    """The centre's naive local time to an aware UTC moment."""
    return local.replace(tzinfo=CENTRE_TZ).astimezone(dt.UTC)
