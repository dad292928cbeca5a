"""What YAML 1.1 (and 1.2) would silently make of a plain scalar: `9:30` is 570, `no` is false."""

from __future__ import annotations

import re

from kiosk.cli_text import _

_NULL = re.compile(r"~|null|Null|NULL")
_TRUE = re.compile(r"y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON")
_FALSE = re.compile(r"n|N|no|No|NO|false|False|FALSE|off|Off|OFF")
_SEXAGESIMAL_INT = re.compile(r"[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+")
_SEXAGESIMAL_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*")
_BINARY = re.compile(r"[-+]?0b[01_]+")
_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+")
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_OCTAL12 = re.compile(r"0o[0-7]+")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_TIMESTAMP_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)

# Any text one of the patterns above (or a special key) could read: everything else is text.
_ANY = re.compile(
    "|".join(
        f"(?:{pattern.pattern})"
        for pattern in (
            _NULL, _TRUE, _FALSE, _SEXAGESIMAL_INT, _SEXAGESIMAL_FLOAT, _BINARY, _HEX, _OCTAL,
            _OCTAL12, _LEADING_ZERO, _DECIMAL, _FLOAT, _TIMESTAMP_DATE, _TIMESTAMP,
        )
    )
    + "|<<|="
)  # fmt: skip


A_DATE = _("una data")
A_DATETIME = _("una data con l'ora")


def _base60(text: str) -> str:
    sign = -1 if text.startswith("-") else 1
    total = 0.0
    for part in text.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + float(part)
    value = sign * total
    return str(int(value)) if value == int(value) else str(value)


def yaml11_reading(text: str) -> str | None:
    """What a YAML 1.1/1.2 loader would silently read this plain scalar as, or None if text."""
    if text == "" or not _ANY.fullmatch(text):
        return None
    if _NULL.fullmatch(text):
        return _("null (nessun valore)")
    if _TRUE.fullmatch(text):
        return _("il valore logico true (vero)")
    if _FALSE.fullmatch(text):
        return _("il valore logico false (falso)")
    if _SEXAGESIMAL_INT.fullmatch(text) or _SEXAGESIMAL_FLOAT.fullmatch(text):
        return _("il numero {number}", number=_base60(text))
    if _BINARY.fullmatch(text):
        return _("il numero binario {number}", number=int(text.replace("_", ""), 0))
    if _HEX.fullmatch(text):
        return _("il numero esadecimale {number}", number=int(text.replace("_", ""), 0))
    if _OCTAL.fullmatch(text) and text.lstrip("+-") != "0":
        digits = text.replace("_", "")
        return _("il numero ottale {number} (lo 0 iniziale si perde)", number=int(digits, 8))
    if _OCTAL12.fullmatch(text):
        return _("il numero ottale {number}", number=int(text, 0))
    if _LEADING_ZERO.fullmatch(text):
        return _("un numero (lo 0 iniziale si perde)")
    if _DECIMAL.fullmatch(text):
        return _("il numero {number}", number=text.replace("_", ""))
    special = text.lstrip("+-").lower() in (".inf", ".nan")
    if _FLOAT.fullmatch(text) and (special or any(c.isdigit() for c in text)):
        return _("il numero {number}", number=text)
    if _TIMESTAMP_DATE.fullmatch(text):
        return A_DATE
    if _TIMESTAMP.fullmatch(text):
        return A_DATETIME
    if text in ("<<", "="):
        return _("una chiave speciale di YAML")
    return None
