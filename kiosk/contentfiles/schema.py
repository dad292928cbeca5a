"""Declarative field tables for every content file kind, and the checker that applies them."""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from kiosk.config import KNOWN_LANGUAGES
from kiosk.contentfiles.strict_yaml import (
    Map,
    Node,
    Refused,
    Reporter,
    Scalar,
    Seq,
    read_bool,
    read_date,
    read_datetime,
    read_int,
    read_number,
    read_text,
    read_time_range,
)

COMUNI = (
    "Lucca",
    "Capannori",
    "Altopascio",
    "Porcari",
    "Montecarlo",
    "Pescaglia",
    "Villa Basilica",
)
WEEKDAYS = ("lun", "mar", "mer", "gio", "ven", "sab", "dom")  # index = weekday, 0 = Monday
PROVIDER_KINDS = ("comune", "ets", "asl", "altro")
WAITLIST_FIELD_CHOICES = ("name", "contact", "party_size", "child_age", "note")
SLUG_RE = re.compile(r"[a-z0-9-]+")
MAX_AGE = 120.0


class Kind(enum.Enum):
    TEXT = "text"  # free text, may span lines
    LINE = "one-line text"
    SLUG = "slug"
    SLUGS = "list of slugs"
    TEXTS = "list of texts"
    LOCALIZED = "text per language"
    NUMBER = "number"
    INT = "whole number"
    BOOL = "true or false"
    DATE = "date"
    DATETIME = "date and time"
    URL = "web address"
    CHOICE = "choice"
    CHOICES = "list of choices"
    LANGS = "list of language codes"
    HOURS = "opening hours"
    DATES = "list of dates"
    MAPPING = "set of fields"


@dataclass(frozen=True)
class Field:
    """One field: its kind, whether required, limits, and an example line used in hints."""

    name: str
    kind: Kind
    required: bool = False
    example: str = ""  # a correct line, e.g. 'assured_date: 2026-11-21'
    max_len: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    min_items: int = 0
    table: Table | None = None  # for Kind.MAPPING


@dataclass(frozen=True)
class Table:
    """The fields of one kind of mapping; `italian_only` lists fields refused in translations."""

    what: str
    fields: tuple[Field, ...]
    italian_only: frozenset[str] = frozenset()

    def get(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _f(name: str, kind: Kind, example: str, **kw: object) -> Field:
    return Field(name, kind, example=f"{name}: {example}", **kw)  # type: ignore[arg-type]


# --- tables -------------------------------------------------------------------------------

WAITLIST_TABLE = Table(
    "waitlist",
    (
        _f("open", Kind.BOOL, "true", required=True),
        _f("capacity", Kind.INT, "20", minimum=1),
        _f("fields", Kind.CHOICES, "[name, contact]", choices=WAITLIST_FIELD_CHOICES),
        _f("retention_days", Kind.INT, "180", required=True, minimum=1, maximum=730),
        _f("sensitive", Kind.BOOL, "false"),
    ),
)

PROVIDER_TABLE = Table(
    "provider",
    (
        _f("name", Kind.LINE, '"Comune di Lucca"', required=True, max_len=120),
        _f("kind", Kind.CHOICE, "comune", required=True, choices=PROVIDER_KINDS),
    ),
)

NEED_TABLE = Table(
    "need",
    (
        _f("slug", Kind.SLUG, "nascita", required=True),
        _f("name", Kind.LOCALIZED, '{it: "Nascita e neogenitori"}', required=True, max_len=80),
        _f("description", Kind.LOCALIZED, '{it: "..."}'),
        _f("icon", Kind.LINE, '"🍼"', max_len=8),
    ),
)

AGE_GROUP_TABLE = Table(
    "age group",
    (
        _f("slug", Kind.SLUG, "0-3", required=True),
        _f("name", Kind.LOCALIZED, '{it: "Bambini 0-3 anni"}', required=True, max_len=80),
        _f("expecting", Kind.BOOL, "true"),
        _f("min_age", Kind.NUMBER, "0", minimum=0, maximum=MAX_AGE),
        _f("max_age", Kind.NUMBER, "2.99", minimum=0, maximum=MAX_AGE),
    ),
)

_REVIEW_FIELDS = (
    _f("assured_date", Kind.DATE, "2026-11-21", required=True),
    _f("assured_by", Kind.LINE, '"<role of who checked it>"', required=True, max_len=120),
    _f("needs_review", Kind.BOOL, "true"),
    _f("review_note", Kind.TEXT, '"<what staff must verify>"'),
)

OFFICE_TABLE = Table(
    "office",
    (
        _f("name", Kind.LOCALIZED, '{it: "Centro per le Famiglie"}', required=True, max_len=80),
        _f("location", Kind.TEXT, '"<building, street>"', required=True),
        _f("comune", Kind.CHOICE, "Lucca", required=True, choices=COMUNI),
        _f("hours", Kind.HOURS, '{lun: ["09:00-13:00"]}'),
        _f("closed", Kind.DATES, '["2026-12-25"]'),
        _f("note", Kind.LOCALIZED, '{it: "..."}'),
        _f("contacts", Kind.LOCALIZED, '{it: "..."}'),
        *_REVIEW_FIELDS,
    ),
)

_AGE_FIELDS = (
    _f("age_groups", Kind.SLUGS, "[0-3]"),
    _f("min_age", Kind.NUMBER, "0", minimum=0, maximum=MAX_AGE),
    _f("max_age", Kind.NUMBER, "3", minimum=0, maximum=MAX_AGE),
)

SERVICE_TRANSLATABLE = (
    "name",
    "summary",
    "eligibility",
    "application_process",
    "required_documents",
    "fees",
    "schedule",
    "contacts",
    "location",
)

SERVICE_TABLE = Table(
    "service",
    (
        _f("slug", Kind.SLUG, "<file name without .md>", required=True),
        _f("name", Kind.LINE, '"Percorso nascita"', required=True, max_len=80),
        _f(
            "summary", Kind.LINE, '"<one line, at most 160 characters>"', required=True, max_len=160
        ),
        _f("needs", Kind.SLUGS, "[nascita]", required=True, min_items=1),
        *_AGE_FIELDS,
        _f("eligibility", Kind.TEXT, '"..."'),
        _f("application_process", Kind.TEXT, '"..."'),
        _f("required_documents", Kind.TEXTS, '["documento d\'identità"]'),
        _f("fees", Kind.TEXT, '"gratuito"'),
        _f("languages", Kind.LANGS, "[it, en]"),
        _f("location", Kind.TEXT, '"..."'),
        _f("comune", Kind.CHOICE, "Lucca", choices=COMUNI),
        _f("schedule", Kind.TEXT, '"..."'),
        _f("contacts", Kind.TEXT, '"tel. 0583 000000"'),
        _f("url", Kind.URL, '"https://..."'),
        _f(
            "provider",
            Kind.MAPPING,
            '{name: "Comune di Lucca", kind: comune}',
            required=True,
            table=PROVIDER_TABLE,
        ),
        *_REVIEW_FIELDS,
        _f("visible_from", Kind.DATE, "2026-01-01"),
        _f("visible_until", Kind.DATE, "2027-06-30"),
        _f("waitlist", Kind.MAPPING, "{open: true, retention_days: 180}", table=WAITLIST_TABLE),
    ),
)

SERVICE_TRANSLATION_TABLE = Table(
    "service translation",
    (
        _f("slug", Kind.SLUG, "<same slug as the Italian file>"),
        *(
            replace(f, required=False)
            for f in SERVICE_TABLE.fields
            if f.name in SERVICE_TRANSLATABLE
        ),
    ),
    italian_only=frozenset(SERVICE_TABLE.names) - set(SERVICE_TRANSLATABLE) - {"slug"},
)

EVENT_TRANSLATABLE = ("title", "summary", "place")

EVENT_TABLE = Table(
    "event",
    (
        _f("slug", Kind.SLUG, "<file name without .md>", required=True),
        _f("title", Kind.LINE, '"..."', required=True, max_len=120),
        _f("starts_at", Kind.DATETIME, '"2026-12-05 16:30"', required=True),
        _f("ends_at", Kind.DATETIME, '"2026-12-05 18:00"'),
        _f("place", Kind.TEXT, '"..."', required=True),
        _f("comune", Kind.CHOICE, "Lucca", choices=COMUNI),
        _f(
            "summary", Kind.LINE, '"<one line, at most 160 characters>"', required=True, max_len=160
        ),
        *_AGE_FIELDS,
        _f("service", Kind.SLUG, "percorso-nascita"),
        _f("url", Kind.URL, '"https://..."'),
        *_REVIEW_FIELDS,
        _f("waitlist", Kind.MAPPING, "{open: true, retention_days: 180}", table=WAITLIST_TABLE),
    ),
)

EVENT_TRANSLATION_TABLE = Table(
    "event translation",
    (
        _f("slug", Kind.SLUG, "<same slug as the Italian file>"),
        *(replace(f, required=False) for f in EVENT_TABLE.fields if f.name in EVENT_TRANSLATABLE),
    ),
    italian_only=frozenset(EVENT_TABLE.names) - set(EVENT_TRANSLATABLE) - {"slug"},
)


# --- checked values -----------------------------------------------------------------------


@dataclass
class Values:
    """The fields of one mapping that passed their checks, with the line of every field seen."""

    line: int
    data: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # present but wrong (already reported)
    missing: set[str] = field(default_factory=set)  # required but absent (already reported)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.missing

    def seen(self, name: str) -> bool:
        return name in self.data or name in self.failed

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)

    def text(self, name: str) -> str:
        value = self.data.get(name)
        return value if isinstance(value, str) else ""

    def number(self, name: str) -> float | None:
        value = self.data.get(name)
        return (
            float(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else None
        )

    def integer(self, name: str) -> int | None:
        value = self.data.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name)
        return value if isinstance(value, bool) else default

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None

    def datetime(self, name: str) -> dt.datetime | None:
        value = self.data.get(name)
        return value if isinstance(value, dt.datetime) else None

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name)
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, tuple) else ()

    def localized(self, name: str) -> dict[str, str]:
        value = self.data.get(name)
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
        return {"it": ""}

    def dates(self, name: str) -> tuple[dt.date, ...]:
        value = self.data.get(name)
        return tuple(v for v in value if isinstance(v, dt.date)) if isinstance(value, tuple) else ()

    def hours(self, name: str) -> dict[int, tuple[tuple[str, str], ...]]:
        value = self.data.get(name)
        return value if isinstance(value, dict) else {}  # type: ignore[return-value]

    def sub(self, name: str) -> Values | None:
        value = self.data.get(name)
        return value if isinstance(value, Values) else None


# --- checking -----------------------------------------------------------------------------


def closest(
    word: str, options: tuple[str, ...] | list[str] | set[str] | frozenset[str]
) -> str | None:
    """The closest option to `word` (case-insensitive), or None."""
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(
    word: str, options: tuple[str, ...] | list[str] | set[str] | frozenset[str]
) -> str:
    best = closest(word, options)
    return f"did you mean `{best}`?" if best else ""


def slugify(text: str) -> str:
    """A slug suggestion: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "nome-del-file"


def _is_empty(node: Node) -> bool:
    return isinstance(node, Scalar) and node.plain and node.text == ""


def check_mapping(
    node: Node | None, table: Table, rep: Reporter, line: int = 1, italian_file: str = ""
) -> Values:
    """Check `node` against `table`: unknown/misplaced fields, missing required ones, each value.

    `line` is used when there is no mapping at all (e.g. empty front matter); `italian_file`
    names the file that Italian-only fields found in a translation belong to.
    """
    if node is None or _is_empty(node):
        values = Values(line)
        node_map = Map({}, line)
    elif isinstance(node, Map):
        values = Values(node.line)
        node_map = node
    else:
        if not isinstance(node, Refused):
            rep.add(
                node.line,
                f"the {table.what} must be a set of `field: value` lines",
                f"start with: {table.fields[0].example}",
            )
        return Values(node.line, failed=set(table.names))
    for name, entry in node_map.entries.items():
        values.lines[name] = entry.key_line
        spec = table.get(name)
        if spec is None:
            values.failed.add(name)
            if name in table.italian_only:
                rep.add(
                    entry.key_line,
                    f"`{name}`: this field belongs in the Italian file",
                    f"move it to {italian_file or 'the Italian file'} (translations: texts only)",
                )
            else:
                suggestion = did_you_mean(name, table.names)
                rep.add(
                    entry.key_line,
                    f"unknown field `{name}` in the {table.what}",
                    suggestion or f"remove it; known fields: {', '.join(table.names)}",
                )
            continue
        if isinstance(entry.value, Refused):
            values.failed.add(name)
            continue
        if _is_empty(entry.value):
            if spec.required:
                values.failed.add(name)
                rep.add(entry.key_line, f"`{name}` is empty", f"write: {spec.example}")
            continue
        result = check_value(spec, entry.value, rep)
        if result is None:
            values.failed.add(name)
        else:
            values.data[name] = result
    for spec in table.fields:
        if spec.required and not values.seen(spec.name):
            values.missing.add(spec.name)
            rep.add(values.line, f"missing required field `{spec.name}`", f"add: {spec.example}")
    return values


def check_value(spec: Field, node: Node, rep: Reporter) -> object | None:
    """The checked value of one field, or None after reporting what is wrong."""
    key = spec.name
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LINE):
        return _check_text(spec, node, rep, key)
    if kind is Kind.SLUG:
        return _check_slug(node, key, rep)
    if kind is Kind.URL:
        return _check_url(node, key, rep)
    if kind is Kind.CHOICE:
        return _check_choice(spec, node, key, rep)
    if kind is Kind.NUMBER:
        return _check_range(spec, read_number(node, key, rep), node, rep)
    if kind is Kind.INT:
        number = read_int(node, key, rep)
        return None if _check_range(spec, number, node, rep) is None else number
    if kind is Kind.BOOL:
        return read_bool(node, key, rep)
    if kind is Kind.DATE:
        return read_date(node, key, rep)
    if kind is Kind.DATETIME:
        return read_datetime(node, key, rep)
    if kind is Kind.LOCALIZED:
        return _check_localized(spec, node, rep)
    if kind is Kind.HOURS:
        return _check_hours(spec, node, rep)
    if kind is Kind.MAPPING:
        assert spec.table is not None
        if not isinstance(node, Map):
            rep.add(
                getattr(node, "line", 1),
                f"`{key}` must be a set of fields",
                f"write: {spec.example}",
            )
            return None
        sub = check_mapping(node, spec.table, rep)
        return sub if sub.ok else None
    return _check_list(spec, node, rep)


def _check_text(spec: Field, node: Node, rep: Reporter, key: str) -> str | None:
    text = read_text(node, key, rep, spec.example.partition(": ")[2])
    if text is None:
        return None
    line = getattr(node, "line", 1)
    if spec.kind is Kind.LINE and "\n" in text.strip():
        rep.add(line, f"`{key}` must be one line", f'write it on one line: {key}: "..."')
        return None
    if spec.max_len is not None and len(text.strip()) > spec.max_len:
        rep.add(
            line,
            f"`{key}` is {len(text.strip())} characters long; the limit is {spec.max_len}",
            "shorten it (details go in the description)",
        )
        return None
    if spec.required and not text.strip():
        rep.add(line, f"`{key}` is empty", f"write: {spec.example}")
        return None
    return text.strip() if spec.kind is Kind.LINE else text.strip("\n")


def _check_slug(node: Node, key: str, rep: Reporter) -> str | None:
    text = read_text(node, key, rep, "percorso-nascita")
    if text is None:
        return None
    if not SLUG_RE.fullmatch(text):
        rep.add(
            getattr(node, "line", 1),
            f"`{key}`: {text!r} may use only lowercase letters, digits and -",
            f"write: {key}: {slugify(text)}" if key else f"write: {slugify(text)}",
        )
        return None
    return text


def _check_url(node: Node, key: str, rep: Reporter) -> str | None:
    text = read_text(node, key, rep, '"https://..."')
    if text is None:
        return None
    url = text.strip()
    try:
        parts = urlsplit(url)
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. a malformed [IPv6] host
        valid = False
    if not valid or any(c.isspace() for c in url):
        rep.add(
            getattr(node, "line", 1),
            f"`{key}` must be a web address starting with https:// or http://",
            f'write: {key}: "https://www.example.it/pagina"',
        )
        return None
    return url


def _check_choice(spec: Field, node: Node, key: str, rep: Reporter) -> str | None:
    text = read_text(node, key, rep, spec.choices[0])
    if text is None:
        return None
    if text.strip() in spec.choices:
        return text.strip()
    best = closest(text.strip(), spec.choices)
    rep.add(
        getattr(node, "line", 1),
        f"`{key}`: {text!r} is not one of {', '.join(spec.choices)}",
        f"write: {key}: {best}" if best else f"write one of: {', '.join(spec.choices)}",
    )
    return None


def _check_range(spec: Field, number: float | None, node: Node, rep: Reporter) -> float | None:
    if number is None:
        return None
    line = getattr(node, "line", 1)
    if spec.minimum is not None and number < spec.minimum:
        rep.add(line, f"`{spec.name}` must be at least {spec.minimum:g}", f"write: {spec.example}")
        return None
    if spec.maximum is not None and number > spec.maximum:
        rep.add(line, f"`{spec.name}` must be at most {spec.maximum:g}", f"write: {spec.example}")
        return None
    return number


def _check_localized(spec: Field, node: Node, rep: Reporter) -> dict[str, str] | None:
    key = spec.name
    if isinstance(node, Scalar):  # a single text is the Italian one
        text = read_text(node, key, rep)
        if text is None:
            return None
        return _check_localized_texts(spec, {"it": text}, {"it": node.line}, node.line, rep)
    if not isinstance(node, Map):
        if isinstance(node, Seq):
            rep.add(
                node.line,
                f"`{key}` must be a text per language, not a list",
                f"write: {spec.example}",
            )
        return None
    texts: dict[str, str] = {}
    lines: dict[str, int] = {}
    ok = True
    for lang, entry in node.entries.items():
        if lang not in KNOWN_LANGUAGES:
            suggestion = did_you_mean(lang, KNOWN_LANGUAGES)
            rep.add(
                entry.key_line,
                f"`{key}`: unknown language `{lang}`",
                suggestion or f"use one of: {' '.join(KNOWN_LANGUAGES)}",
            )
            ok = False
            continue
        if isinstance(entry.value, Refused):
            ok = False
            continue
        text = read_text(entry.value, f"{key}.{lang}", rep)
        if text is None:
            ok = False
            continue
        texts[lang] = text
        lines[lang] = entry.key_line
    if "it" not in texts:
        if ok:
            rep.add(node.line, f"`{key}` has no Italian text", f"write: {spec.example}")
        return None
    result = _check_localized_texts(spec, texts, lines, node.line, rep)
    return result if ok else None


def _check_localized_texts(
    spec: Field, texts: dict[str, str], lines: dict[str, int], line: int, rep: Reporter
) -> dict[str, str] | None:
    ok = True
    cleaned: dict[str, str] = {}
    for lang, text in texts.items():
        value = text.strip()
        if spec.max_len is not None and len(value) > spec.max_len:
            rep.add(
                lines.get(lang, line),
                f"`{spec.name}.{lang}` has {len(value)} characters; the limit is {spec.max_len}",
                "shorten it",
            )
            ok = False
        cleaned[lang] = value
    if not cleaned.get("it"):
        rep.add(
            lines.get("it", line),
            f"`{spec.name}` has an empty Italian text",
            f"write: {spec.example}",
        )
        ok = False
    return cleaned if ok else None


def _check_hours(
    spec: Field, node: Node, rep: Reporter
) -> dict[int, tuple[tuple[str, str], ...]] | None:
    if not isinstance(node, Map):
        if not isinstance(node, Refused):
            rep.add(
                node.line,
                "`hours` must list weekdays (lun mar mer gio ven sab dom)",
                f"write: {spec.example}",
            )
        return None
    result: dict[int, tuple[tuple[str, str], ...]] = {}
    ok = True
    for day, entry in node.entries.items():
        if day not in WEEKDAYS:
            suggestion = did_you_mean(day, WEEKDAYS)
            rep.add(
                entry.key_line,
                f"`hours`: unknown weekday `{day}`",
                suggestion or f"use: {' '.join(WEEKDAYS)}",
            )
            ok = False
            continue
        value = entry.value
        items: tuple[Node, ...]
        if isinstance(value, Seq):
            items = value.items
        elif isinstance(value, Scalar) and value.empty:
            items = ()
        elif isinstance(value, Scalar):
            items = (value,)
        else:
            ok = False
            if isinstance(value, Map):
                rep.add(
                    value.line,
                    f"`{day}` must be a list of ranges",
                    f'write: {day}: ["09:00-13:00"]',
                )
            continue
        ranges: list[tuple[str, str]] = []
        for item in items:
            found = read_time_range(item, day, rep) if not isinstance(item, Refused) else None
            if found is None:
                ok = False
                continue
            if ranges and found[0] < ranges[-1][1]:
                rep.add(
                    getattr(item, "line", entry.key_line),
                    f"`{day}`: {found[0]}-{found[1]} overlaps or comes before the previous range",
                    "list the ranges in order, without overlaps",
                )
                ok = False
                continue
            ranges.append(found)
        result[WEEKDAYS.index(day)] = tuple(ranges)
    return result if ok else None


def _check_list(spec: Field, node: Node, rep: Reporter) -> tuple[object, ...] | None:
    key = spec.name
    if not isinstance(node, Seq):
        if isinstance(node, Refused):
            return None
        rep.add(
            node.line,
            f"`{key}` must be a list in [brackets]",
            f"write: {key}: [{node.text}]"
            if isinstance(node, Scalar)
            else f"write: {spec.example}",
        )
        return None
    if len(node.items) < spec.min_items:
        rep.add(
            node.line, f"`{key}` needs at least {spec.min_items} item", f"write: {spec.example}"
        )
        return None
    values: list[object] = []
    seen: set[object] = set()
    ok = True
    for item in node.items:
        if isinstance(item, Refused):
            ok = False
            continue
        value = _check_item(spec, item, rep)
        if value is None:
            ok = False
            continue
        if value in seen:
            rep.add(
                getattr(item, "line", node.line),
                f"`{key}`: {value} is listed twice",
                "keep it once",
            )
            ok = False
            continue
        seen.add(value)
        values.append(value)
    return tuple(values) if ok else None


def _check_item(spec: Field, item: Node, rep: Reporter) -> object | None:
    key = spec.name
    line = getattr(item, "line", 1)
    if spec.kind is Kind.DATES:
        return read_date(item, "", rep, label=key)
    text = read_text(item, "", rep, label=key)
    if text is None:
        return None
    text = text.strip()
    if not text:
        rep.add(line, f"`{key}` has an empty item", "remove it")
        return None
    if spec.kind is Kind.SLUGS and not SLUG_RE.fullmatch(text):
        rep.add(line, f"`{key}`: {text!r} is not a slug", f"write: {slugify(text)}")
        return None
    if spec.kind is Kind.LANGS and not re.fullmatch(r"[a-z]{2,3}", text):
        best = closest(text, KNOWN_LANGUAGES)
        rep.add(
            line,
            f"`{key}`: {text!r} is not a language code",
            f"write: {best}" if best else "write: it",
        )
        return None
    if spec.kind is Kind.CHOICES and text not in spec.choices:
        best = closest(text, spec.choices)
        rep.add(
            line,
            f"`{key}`: {text!r} is not one of {', '.join(spec.choices)}",
            f"did you mean `{best}`?" if best else f"use: {', '.join(spec.choices)}",
        )
        return None
    return text
