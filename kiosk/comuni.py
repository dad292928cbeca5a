"""The seven comuni of the Piana di Lucca: names, the word for "all of them", the kiosk's own.

A service says for which comuni it is offered: some of the seven, or `tutti` (the whole Piana,
e.g. the intercomunal Centro per le Famiglie). A visitor narrows the results to "Il mio comune";
a service offered in every comune always matches. No Textual and no database here.
"""

from __future__ import annotations

import re

COMUNI = (
    "Lucca",
    "Capannori",
    "Altopascio",
    "Porcari",
    "Montecarlo",
    "Pescaglia",
    "Villa Basilica",
)
# What a content file writes, and the database stores, for a service of the whole Piana.
ALL_COMUNI = "tutti"


def comune_key(name: str) -> str:
    """The comune as a usage key and kiosk-id part: 'Villa Basilica' -> 'villa-basilica'."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


_BY_KEY = {comune_key(name): name for name in COMUNI}


def comune_named(text: str) -> str | None:
    """The comune `text` names (any case, spaces or dashes), or None."""
    return _BY_KEY.get(comune_key(text))


def normalised(names: tuple[str, ...]) -> tuple[str, ...]:
    """A service's comuni in the order of COMUNI; all seven (or `tutti`) is ('tutti',)."""
    if ALL_COMUNI in names or set(COMUNI) <= set(names):
        return (ALL_COMUNI,)
    return tuple(name for name in COMUNI if name in names)


def stored(text: str) -> tuple[str, ...]:
    """The comuni of a service as the database keeps them ('Lucca,Capannori' or 'tutti')."""
    return tuple(part for part in (p.strip() for p in text.split(",")) if part)


def offered_in(comuni: tuple[str, ...], comune: str) -> bool:
    """Whether a service offered in `comuni` is for a family of `comune`; one that does not
    say where it is offered is shown whatever the comune chosen (ask at the desk)."""
    return not comuni or ALL_COMUNI in comuni or comune in comuni


def comune_of_kiosk(kiosk_id: str) -> str | None:
    """The comune a kiosk id names as its site ('cpf-capannori' -> 'Capannori'), or None.

    The first comune among the id's parts, read left to right: 'cpf-villa-basilica' and
    'villa_basilica' name Villa Basilica, 'cpf-lucca-2' names Lucca, 'sportello-1' none.
    """
    key = comune_key(kiosk_id)
    parts = key.split("-")
    for start in range(len(parts)):
        for end in range(len(parts), start, -1):
            found = _BY_KEY.get("-".join(parts[start:end]))
            if found:
                return found
    return None
