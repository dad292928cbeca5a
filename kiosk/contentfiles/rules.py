"""Rules across the fields of one file: age ranges, dates in order, sensitive waitlists."""

from __future__ import annotations

from kiosk.cli_text import _
from kiosk.contentfiles.problems import Reporter
from kiosk.contentfiles.values import Values


def check_age_range(values: Values, rep: Reporter, required: bool) -> bool:
    """min_age and max_age come together and in order; True when fine."""
    has_min, has_max = values.seen("min_age"), values.seen("max_age")
    if not has_min and not has_max:
        if required:
            rep.add(
                values.line,
                _("una fascia d'età richiede `min_age` e `max_age` (o `expecting: true`)"),
                _("aggiungi: min_age: 0 e max_age: 2.99"),
            )
            return False
        return True
    if has_min != has_max:
        present, absent = ("min_age", "max_age") if has_min else ("max_age", "min_age")
        example = "max_age: 99" if absent == "max_age" else "min_age: 0"
        rep.add(
            values.line_of(present),
            _("`{present}` richiede anche `{absent}`", present=present, absent=absent),
            _("aggiungi: {example}", example=example),
        )
        return False
    low, high = values.number("min_age"), values.number("max_age")
    if low is not None and high is not None and high < low:
        rep.add(
            values.line_of("max_age"),
            _(
                "max_age ({high}) è minore di min_age ({low})",
                high=format(high, "g"),
                low=format(low, "g"),
            ),
            _("scambia i due numeri"),
        )
        return False
    return True


def check_common(folder: str, values: Values, body: str, body_line: int, rep: Reporter) -> None:
    """Rules across fields of one service/event file."""
    check_age_range(values, rep, required=False)
    if folder == "services":
        if not body.strip():
            rep.add(
                max(body_line - 1, 1),
                _("manca la descrizione: non c'è testo dopo il --- di chiusura"),
                _("scrivi qualche riga sul servizio sotto il secondo ---"),
            )
        start, end = values.date("visible_from"), values.date("visible_until")
        if start and end and end < start:
            rep.add(
                values.line_of("visible_until"),
                _("visible_until viene prima di visible_from"),
                _("scambia le due date"),
            )
    else:
        start_at, end_at = values.datetime("starts_at"), values.datetime("ends_at")
        if start_at and end_at and end_at <= start_at:
            rep.add(
                values.line_of("ends_at"),
                _("ends_at deve venire dopo starts_at"),
                _("controlla la data e l'ora"),
            )
    waitlist = values.sub("waitlist")
    if waitlist is not None and waitlist.flag("sensitive") and "name" in waitlist.strings("fields"):
        rep.add(
            waitlist.line_of("fields"),
            _("una lista d'attesa riservata usa solo il codice e non chiede mai il nome"),
            _("togli name da fields"),
        )
        values.failed.add("waitlist")
