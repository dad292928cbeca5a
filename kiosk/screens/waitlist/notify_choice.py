"""The words of the join form's "Avvisami quando tocca a me" choice, for the channels offered."""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]


def notify_hint(_: Translate, channels: tuple[str, ...]) -> str:
    """How the visitor would be told, naming only the channels this kiosk has."""
    if set(channels) >= {"email", "sms"}:
        return _(
            "Facoltativo. Ti scriviamo per SMS al cellulare o per e-mail all'indirizzo che hai "
            "dato: la conferma, quando si libera un posto, se ti cancelli."
        )
    if "sms" in channels:
        return _(
            "Facoltativo. Ti scriviamo per SMS al cellulare che hai dato: la conferma, quando "
            "si libera un posto, se ti cancelli."
        )
    return _(
        "Facoltativo. Ti scriviamo per e-mail all'indirizzo che hai dato: la conferma, quando "
        "si libera un posto, se ti cancelli."
    )


def notify_problem(_: Translate, channels: tuple[str, ...]) -> str:
    """The error when the choice is ticked but no contact given can receive the messages."""
    if set(channels) >= {"email", "sms"}:
        return _("Per gli avvisi scrivi un numero di cellulare o un indirizzo e-mail.")
    if "sms" in channels:
        return _("Per gli avvisi scrivi un numero di cellulare.")
    return _("Per gli avvisi scrivi un indirizzo e-mail.")
