"""Typed readers of strict YAML scalars: each reports its own problem, None on failure."""

from __future__ import annotations

import datetime as dt
import re

from kiosk.cli_text import _
from kiosk.contentfiles.problems import CONTROL_HINT, Reporter, control_name
from kiosk.contentfiles.strict_yaml import Map, Node, Scalar, Seq
from kiosk.contentfiles.yaml11 import A_DATE, A_DATETIME

# What a value should be, as the messages say it (made once: every scalar read names one).
A_TEXT = _("un testo")
A_NUMBER = _("un numero")
A_WHOLE_NUMBER = _("un numero intero")
TRUE_OR_FALSE = _("true oppure false")
A_TIME = _("un orario")
A_TIME_RANGE = _("una fascia oraria")


def _line(key: str, value: str) -> str:
    return f"{key}: {value}" if key else value


def _fix(key: str, value: str) -> str:
    return _("scrivi: {example}", example=_line(key, value))


def _label(key: str) -> str:
    return f"`{key}`" if key else _("elemento dell'elenco")


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def scalar_or_report(
    node: Node, key: str, rep: Reporter, expected: str, example: str, label: str = ""
) -> Scalar | None:
    """The node as a Scalar, or None after reporting that a single value was expected.

    A scalar holding a control character (a terminal escape, except newline and tab) is refused
    here, before any reader echoes its text.
    """
    if isinstance(node, Scalar):
        control = control_name(node.text, allow="\n\t")
        if control:
            rep.add(
                node.line,
                _(
                    "{what} contiene il carattere di controllo invisibile {control}, che può "
                    "prendere il controllo dello schermo del totem",
                    what=_label(label or key),
                    control=control,
                ),
                CONTROL_HINT,
            )
            return None
        return node
    if isinstance(node, Seq):
        rep.add(
            node.line,
            _("{what} deve essere {expected}, non un elenco", what=_label(key), expected=expected),
            _fix(key, example),
        )
    elif isinstance(node, Map):
        rep.add(
            node.line,
            _(
                "{what} deve essere {expected}, non un insieme di campi",
                what=_label(key),
                expected=expected,
            ),
            _fix(key, example),
        )
    return None


def read_text(
    node: Node, key: str, rep: Reporter, example: str = '"..."', label: str = ""
) -> str | None:
    """Text exactly as written; plain scalars YAML 1.1 would convert are reported.

    `key` is shown in hints (empty for list items); `label` names the value in messages.
    """
    scalar = scalar_or_report(node, key, rep, A_TEXT, example, label)
    if scalar is None:
        return None
    if scalar.plain and scalar.reading is not None:
        rep.add(
            scalar.line,
            _(
                "{what}: {text} è letto da YAML come {reading}, non come testo",
                what=_label(label or key),
                text=scalar.text,
                reading=scalar.reading,
            ),
            _("mettilo tra virgolette — {example}", example=_line(key, _quoted(scalar.text))),
        )
        return None
    text = scalar.text.strip()
    if scalar.plain and len(text) > 1 and text[0] in "“”‘’" and text[-1] in "“”‘’":
        rep.add(
            scalar.line,
            _(
                "{what} usa le virgolette tipografiche {open}…{close} (da un programma di "
                "videoscrittura), che YAML tiene come parte del testo",
                what=_label(label or key),
                open=text[0],
                close=text[-1],
            ),
            _("usa le virgolette dritte — {example}", example=_line(key, _quoted(text[1:-1]))),
        )
        return None
    return scalar.text


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")


def _number_hint(key: str, text: str, integer: bool) -> str:
    t = text.strip().strip("\"'")
    if re.fullmatch(r"-?[0-9]+,[0-9]+", t) and not integer:
        return _fix(key, t.replace(",", "."))
    if re.fullmatch(r"-?0[0-9]+(?:\.[0-9]+)?", t):
        fixed = t.lstrip("-").lstrip("0") or "0"
        if fixed.startswith("."):
            fixed = "0" + fixed
        return _fix(key, ("-" if t.startswith("-") else "") + fixed)
    if integer:
        return _fix(key, "3")
    return _("scrivi: {example} (oppure 0.5)", example=_line(key, "3"))


def read_number(node: Node, key: str, rep: Reporter) -> float | None:
    """A plain decimal like 3 or 0.5; no leading zeros, no exponents, no sexagesimal."""
    scalar = scalar_or_report(node, key, rep, A_NUMBER, "3")
    if scalar is None:
        return None
    text = scalar.text.strip()
    if _NUMBER.fullmatch(text):
        return float(text)
    if re.fullmatch(r"-?0[0-9]+(?:\.[0-9]+)?", text):
        message = _("{what}: {text} comincia con uno zero", what=_label(key), text=text)
    else:
        message = _(
            "{what} deve essere un numero, non {text}", what=_label(key), text=_quoted(scalar.text)
        )
    rep.add(scalar.line, message, _number_hint(key, text, integer=False))
    return None


def read_int(node: Node, key: str, rep: Reporter) -> int | None:
    """A plain whole number like 20; no leading zeros."""
    scalar = scalar_or_report(node, key, rep, A_WHOLE_NUMBER, "20")
    if scalar is None:
        return None
    text = scalar.text.strip()
    if _INT.fullmatch(text):
        return int(text)
    if re.fullmatch(r"-?0[0-9]+", text):
        message = _("{what}: {text} comincia con uno zero", what=_label(key), text=text)
    else:
        message = _(
            "{what} deve essere un numero intero, non {text}",
            what=_label(key),
            text=_quoted(scalar.text),
        )
    rep.add(scalar.line, message, _number_hint(key, text, integer=True))
    return None


_YES_WORDS = {"yes", "y", "on", "si", "sì", "vero", "1"}
_NO_WORDS = {"no", "n", "off", "falso", "0"}


def read_bool(node: Node, key: str, rep: Reporter) -> bool | None:
    """Only true or false (any case)."""
    scalar = scalar_or_report(node, key, rep, TRUE_OR_FALSE, "true")
    if scalar is None:
        return None
    word = scalar.text.strip().lower()
    if word in ("true", "false"):
        return word == "true"
    guess = "true" if word in _YES_WORDS else "false" if word in _NO_WORDS else "true"
    rep.add(
        scalar.line,
        _(
            "{what}: {text} non è accettato in un campo sì/no",
            what=_label(key),
            text=_quoted(scalar.text),
        ),
        _("scrivi true oppure false — {fix}", fix=_fix(key, guess)),
    )
    return None


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DMY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_YMD_LOOSE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _guess_date(text: str) -> dt.date | None:
    for pattern, order in ((_DMY, (2, 1, 0)), (_YMD_LOOSE, (0, 1, 2))):
        m = pattern.fullmatch(text)
        if m:
            parts = [int(g) for g in m.groups()]
            try:
                return dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


def read_date(node: Node, key: str, rep: Reporter, label: str = "") -> dt.date | None:
    """An ISO date 2026-11-21, plain or quoted."""
    scalar = scalar_or_report(node, key, rep, A_DATE, "2026-11-21", label)
    if scalar is None:
        return None
    text = scalar.text.strip()
    name = _label(label or key)
    m = _DATE.fullmatch(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            rep.add(
                scalar.line,
                _("{what}: {text} non è una data che esiste", what=name, text=text),
                _fix(key, "2026-11-21"),
            )
            return None
    guess = _guess_date(text)
    example = guess.isoformat() if guess else "2026-11-21"
    rep.add(
        scalar.line,
        _(
            "{what}: {text} non è una data scritta come AAAA-MM-GG (YYYY-MM-DD)",
            what=name,
            text=_quoted(scalar.text),
        ),
        _fix(key, example),
    )
    return None


_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_LOOSE_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")


def _fix_time(text: str) -> str:
    m = _LOOSE_TIME.fullmatch(text.strip())
    if m and int(m[1]) < 24 and int(m[2]) < 60:
        return f"{int(m[1]):02d}:{m[2]}"
    return "09:30"


def _number_trap(scalar: Scalar, key: str, rep: Reporter, fixed: str) -> bool:
    """Report a plain scalar YAML would turn into a number/date; True when reported."""
    if scalar.plain and scalar.reading is not None:
        rep.add(
            scalar.line,
            _(
                "{what}: {text} è letto da YAML come {reading}",
                what=_label(key),
                text=scalar.text,
                reading=scalar.reading,
            ),
            _("scrivilo tra virgolette — {example}", example=_line(key, _quoted(fixed))),
        )
        return True
    return False


def read_time(node: Node, key: str, rep: Reporter) -> str | None:
    """A time "HH:MM" (quoted; plain 09:30 is tolerated as YAML keeps it as text)."""
    scalar = scalar_or_report(node, key, rep, A_TIME, '"09:30"')
    if scalar is None:
        return None
    if _number_trap(scalar, key, rep, _fix_time(scalar.text)):
        return None
    text = scalar.text.strip()
    if _TIME.fullmatch(text):
        return text
    rep.add(
        scalar.line,
        _(
            "{what}: {text} non è un orario scritto come HH:MM",
            what=_label(key),
            text=_quoted(scalar.text),
        ),
        _fix(key, _quoted(_fix_time(text))),
    )
    return None


_RANGE = re.compile(r"(\S+)\s*-\s*(\S+)")


def read_time_range(node: Node, key: str, rep: Reporter) -> tuple[str, str] | None:
    """An opening range "09:00-13:00" (start before end)."""
    scalar = scalar_or_report(node, key, rep, A_TIME_RANGE, '"09:00-13:00"')
    if scalar is None:
        return None
    m = _RANGE.fullmatch(scalar.text.strip())
    if m:
        fixed = f"{_fix_time(m[1])}-{_fix_time(m[2])}"
    elif _LOOSE_TIME.fullmatch(scalar.text.strip()):
        fixed = f"{_fix_time(scalar.text)}-HH:MM"
    else:
        fixed = "09:00-13:00"
    if _number_trap(scalar, key, rep, fixed):
        return None
    if m and _TIME.fullmatch(m[1]) and _TIME.fullmatch(m[2]):
        if m[1] >= m[2]:
            rep.add(
                scalar.line,
                _("{what}: {text} finisce prima di cominciare", what=_label(key), text=scalar.text),
                _("scrivi prima l'ora di apertura, per esempio {example}", example='"09:00-13:00"'),
            )
            return None
        return (m[1], m[2])
    rep.add(
        scalar.line,
        _(
            "{what}: {text} non è una fascia d'apertura HH:MM-HH:MM",
            what=_label(key),
            text=_quoted(scalar.text),
        ),
        _fix(key, _quoted(fixed)),
    )
    return None


_DATETIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]([0-9]{2}:[0-9]{2})")
_LOOSE_DATETIME = re.compile(r"(\S+)[ T]+([0-9]{1,2}[:.][0-9]{2})(?::[0-9]{2})?")


def read_datetime(node: Node, key: str, rep: Reporter) -> dt.datetime | None:
    """A local date and time "YYYY-MM-DD HH:MM" (quoted; no seconds, no time zone)."""
    scalar = scalar_or_report(node, key, rep, A_DATETIME, '"2026-12-05 16:30"')
    if scalar is None:
        return None
    text = scalar.text.strip()
    loose = _LOOSE_DATETIME.fullmatch(text)
    if loose:
        day = _guess_date(loose[1])
        fixed = f"{day.isoformat() if day else 'YYYY-MM-DD'} {_fix_time(loose[2])}"
    elif _LOOSE_TIME.fullmatch(text):
        fixed = f"YYYY-MM-DD {_fix_time(text)}"
    else:
        day = _guess_date(text)
        fixed = f"{day.isoformat()} HH:MM" if day else "2026-12-05 16:30"
    if scalar.plain and scalar.reading is not None and scalar.reading != A_DATETIME:
        if scalar.reading == A_DATE:
            rep.add(
                scalar.line,
                _("{what}: {text} non ha l'ora", what=_label(key), text=text),
                _fix(key, _quoted(fixed)),
            )
        else:
            _number_trap(scalar, key, rep, fixed)
        return None
    m = _DATETIME.fullmatch(text)
    if m and _TIME.fullmatch(m[2]):
        try:
            return dt.datetime.fromisoformat(f"{m[1]} {m[2]}")
        except ValueError:
            pass
    rep.add(
        scalar.line,
        _(
            "{what}: {text} non è una data con l'ora scritta come AAAA-MM-GG HH:MM "
            "(YYYY-MM-DD HH:MM)",
            what=_label(key),
            text=_quoted(scalar.text),
        ),
        _fix(key, _quoted(fixed)),
    )
    return None
