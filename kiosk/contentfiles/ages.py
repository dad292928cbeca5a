"""Warnings (not errors) about ages that contradict each other in a service file."""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.contentfiles.problems import Problem
from kiosk.contentfiles.schema import AgeGroupItem
from kiosk.contentfiles.values import Values


def age_warnings(path: str, values: Values, groups: Iterable[AgeGroupItem]) -> list[Problem]:
    """Each listed age group that lies wholly outside the service's own `min_age`–`max_age`.

    Such a pair makes the "Per chi?" filter show the service to people it is not for (e.g.
    `min_age: 0, max_age: 17.99` with `age_groups: [adulti]`): the volunteer should keep only the
    ages the service really serves. A warning, so a published file is never blocked by it."""
    low, high = values.number("min_age"), values.number("max_age")
    if low is None or high is None:
        return []
    ranges = {
        g.slug: (g.min_age, g.max_age)
        for g in groups
        if not g.expecting and g.min_age is not None and g.max_age is not None
    }
    found = []
    for slug in values.strings("age_groups"):
        if slug not in ranges:
            continue  # expecting, or unknown (reported as an error elsewhere)
        g_low, g_high = ranges[slug]
        if g_high < low or g_low > high:
            found.append(
                Problem(
                    path,
                    values.line_of("age_groups"),
                    f"age group `{slug}` ({g_low:g}–{g_high:g}) is outside this service's ages "
                    f"(min_age {low:g}, max_age {high:g}), so the 'Per chi?' filter shows the "
                    "service to people it is not for",
                    "keep only the ages the service really serves: remove the group, or change "
                    "min_age/max_age",
                )
            )
    return found
