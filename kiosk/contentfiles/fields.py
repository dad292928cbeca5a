"""How a content field is declared (dataclass field metadata) and the checker's tables derived."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any

from kiosk.cli_text import _

_SPEC = "kiosk.content"  # the metadata key of a content field


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
    TRANSLATIONS = "list of translated languages"  # known language codes other than Italian
    HOURS = "opening hours"
    DATES = "list of dates"
    MAPPING = "set of fields"
    MAPPINGS = "list of sets of fields"
    COMUNI = "comune, list of comuni or tutti"


LIST_KINDS = frozenset(
    {Kind.SLUGS, Kind.TEXTS, Kind.CHOICES, Kind.LANGS, Kind.TRANSLATIONS, Kind.DATES}
)


@dataclass(frozen=True)
class Spec:
    """What the declaration says about one field, before it knows its name."""

    kind: Kind
    example: str = ""  # the value part of a correct line, e.g. '2026-11-21'
    required: bool = False
    max_len: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    min_items: int = 0
    of: type | None = None  # the declaration of a Kind.MAPPING value (each Kind.MAPPINGS item)
    column: str = ""  # the database column, when it is not named like the field
    body: bool = False  # a text taken from the Markdown body, not from the front matter
    texts: type | None = None  # this field holds, per language, the texts declared by `texts`
    marks: type | None = None  # what a translation file may say about itself besides its texts
    past: bool = False  # a date that cannot be after today (e.g. the day a page was read)


@dataclass(frozen=True)
class Field:
    """One field as the checker sees it: its kind, whether required, limits, an example line."""

    name: str
    kind: Kind
    required: bool = False
    example: str = ""  # a correct line, e.g. 'assured_date: 2026-11-21'
    max_len: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    min_items: int = 0
    of: type | None = None  # for Kind.MAPPING: the declaration of the nested fields
    past: bool = False  # for Kind.DATE: today at the latest

    @property
    def table(self) -> Table | None:
        return table_of(self.of) if self.of is not None else None


@dataclass(frozen=True)
class Table:
    """The fields of one kind of mapping; `italian_only` lists fields refused in translations,
    `translation_only` the fields only a translation file may have."""

    what: str
    fields: tuple[Field, ...]
    italian_only: frozenset[str] = frozenset()
    translation_only: frozenset[str] = frozenset()

    def get(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in reversed(self.fields)}  # the first of a name wins

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


_EMPTY: dict[Kind, Callable[[], object]] = {
    Kind.LOCALIZED: lambda: {"it": ""},
    Kind.HOURS: dict,
}
_BLANK: dict[Kind, object] = {
    Kind.TEXT: "",
    Kind.LINE: "",
    Kind.SLUG: "",
    Kind.URL: "",
    Kind.CHOICE: "",
    Kind.BOOL: False,
    Kind.MAPPINGS: (),
    Kind.COMUNI: (),
    **dict.fromkeys(LIST_KINDS, ()),
}


def content(
    kind: Kind, example: str = "", *, default: Any = dataclasses.MISSING, **spec: Any
) -> Any:
    """A dataclass field that is also a content field; optional fields get an empty default.

    `example` is the value of a correct line, shown in hints (`write: name: <example>`).
    """
    meta = {_SPEC: Spec(kind, example, **spec)}
    if spec.get("required"):
        return dataclasses.field(metadata=meta)
    if default is not dataclasses.MISSING:
        return dataclasses.field(default=default, metadata=meta)
    if kind in _EMPTY:
        return dataclasses.field(default_factory=_EMPTY[kind], metadata=meta)
    return dataclasses.field(default=_BLANK.get(kind), metadata=meta)


def texts_of(declaration: type, marks: type | None = None) -> Any:
    """The field holding lang -> {text field: text}, the text fields declared by `declaration`.

    `marks` declares what a translation file may say about itself besides its texts.
    """
    return dataclasses.field(metadata={_SPEC: Spec(Kind.TEXT, texts=declaration, marks=marks)})


def spec_of(f: dataclasses.Field[Any]) -> Spec | None:
    spec = f.metadata.get(_SPEC)
    return spec if isinstance(spec, Spec) else None


def declared(cls: type) -> tuple[tuple[str, Spec], ...]:
    """(name, spec) of every content field of `cls`: its own fields first, then its mixins'."""
    return _declared(cls)


@cache
def _declared(cls: type) -> tuple[tuple[str, Spec], ...]:
    every = [(f.name, s) for f in dataclasses.fields(cls) if (s := spec_of(f)) is not None]
    inherited = {
        f.name
        for base in cls.__mro__[1:]
        if dataclasses.is_dataclass(base)
        for f in dataclasses.fields(base)
    }
    return (
        *(p for p in every if p[0] not in inherited),
        *(p for p in every if p[0] in inherited),
    )


def _field(name: str, spec: Spec) -> Field:
    return Field(
        name,
        spec.kind,
        required=spec.required,
        example=f"{name}: {spec.example}",
        max_len=spec.max_len,
        minimum=spec.minimum,
        maximum=spec.maximum,
        choices=spec.choices,
        min_items=spec.min_items,
        of=spec.of,
        past=spec.past,
    )


def front_matter(cls: type) -> list[Field]:
    """The fields written in a file of kind `cls`, in declaration order (texts in place)."""
    found: list[Field] = []
    for name, spec in declared(cls):
        if spec.texts is not None:
            found.extend(front_matter(spec.texts))
        elif not spec.body:
            found.append(_field(name, spec))
    return found


def text_fields(cls: type) -> tuple[str, ...]:
    """The names of the per-language texts `cls` declares (body included), in order."""
    return tuple(name for name, _ in declared(cls))


def translatable(cls: type) -> type | None:
    """The declaration of the per-language texts of `cls`, if it has any."""
    return next((s.texts for _, s in declared(cls) if s.texts is not None), None)


def translation_marks(cls: type) -> tuple[Field, ...]:
    """The fields a translation file of `cls` may have besides its texts (e.g. a review mark)."""
    marks = next((s.marks for _, s in declared(cls) if s.marks is not None), None)
    return tuple(front_matter(marks)) if marks is not None else ()


@cache
def table_of(cls: type) -> Table:
    """The checker's table for the fields of `cls` (its `WHAT` names it in messages)."""
    return Table(
        getattr(cls, "WHAT", cls.__name__),
        tuple(front_matter(cls)),
        translation_only=frozenset(f.name for f in translation_marks(cls)),
    )


@cache
def translation_table_of(cls: type) -> Table:
    """What a translation file of `cls` may hold: a matching slug and the texts, all optional."""
    texts = translatable(cls)
    if texts is None:
        raise TypeError(f"{cls.__name__} declares no translatable texts")
    italian = table_of(cls)
    fields = tuple(replace(f, required=False) for f in front_matter(texts))
    slug = Field("slug", Kind.SLUG, example=_("slug: <lo stesso slug del file italiano>"))
    names = {f.name for f in fields}
    return Table(
        _("{what} (traduzione)", what=italian.what),
        (slug, *fields, *translation_marks(cls)),
        italian_only=frozenset(italian.names) - names - {"slug"},
    )
