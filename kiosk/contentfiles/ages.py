"""Warnings (not errors) about ages that contradict each other in a service file."""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.cli_text import _
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
                    _(
                        "la fascia d'età `{slug}` ({low}–{high}) è fuori dalle età di questo "
                        "servizio (min_age {min_age}, max_age {max_age}): il filtro 'Per chi?' "
                        "mostrerebbe il servizio a chi non è destinato",
                        slug=slug,
                        low=format(g_low, "g"),
                        high=format(g_high, "g"),
                        min_age=format(low, "g"),
                        max_age=format(high, "g"),
                    ),
                    _(
                        "lascia solo le età che il servizio serve davvero: togli la fascia, o "
                        "cambia min_age/max_age"
                    ),
                )
            )
    return found
