"""'Il mio comune' for the services layer: which visible services a family of one comune sees.

A service is for a family of comune C when it is offered in C, in every comune ('tutti'), or
does not say where (it is not hidden for lack of a fact: the desk can tell). No Textual here.
"""

from __future__ import annotations

import peewee as pw

from kiosk.comuni import ALL_COMUNI, stored
from kiosk.models import Service, ServiceComune


def comune_filter(comune: str) -> pw.Expression:
    """The services a family of `comune` may use (peewee expression on Service)."""
    says_where = ServiceComune.select(ServiceComune.service)
    offered = says_where.where(ServiceComune.comune.in_([comune, ALL_COMUNI]))
    return Service.id.in_(offered) | Service.id.not_in(says_where)


def comune_sql(p: str, alias: str = "s") -> str:
    """The same condition as SQL on the service row `alias`; two parameters: comune, 'tutti'."""
    rows = f"SELECT 1 FROM service_comune AS c WHERE c.service_id = {alias}.id"
    return f"(NOT EXISTS ({rows}) OR EXISTS ({rows} AND c.comune IN ({p}, {p})))"


def comune_params(comune: str) -> tuple[str, str]:
    return (comune, ALL_COMUNI)


def shown_comuni(text: str) -> str:
    """The comuni of a service as a card shows them: 'Lucca, Capannori' or 'tutti'."""
    return ", ".join(stored(text))
