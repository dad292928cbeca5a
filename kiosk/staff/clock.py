"""Time helpers: the database stores naive UTC, staff read the centre's local time."""

from __future__ import annotations

import datetime as dt

from kiosk.catalogue import LOCAL_TZ


def to_local(utc: dt.datetime) -> dt.datetime:
    """Naive UTC (as stored) to naive Europe/Rome."""
    return utc.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ).replace(tzinfo=None)


def local_today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()
