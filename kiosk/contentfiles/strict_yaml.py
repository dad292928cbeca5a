"""Strict YAML: composed nodes kept as written text with line numbers, no silent YAML 1.1 casts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from kiosk.cli_text import _
from kiosk.contentfiles.problems import CONTROL_HINT, Reporter, control_name
from kiosk.contentfiles.yaml11 import yaml11_reading
from kiosk.contentfiles.yaml_messages import (
    NOT_A_WORD,
    TOO_DEEP,
    alias_refused,
    anchor_refused,
    show_tag,
    syntax_hint,
    tag_refused,
)

STR_TAG = "tag:yaml.org,2002:str"
_REFUSED_TAG = "tag:kiosk,2026:refused"


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar exactly as written; `reading` says what YAML 1.1 would make of it if plain."""

    text: str
    line: int
    plain: bool
    reading: str | None = None  # e.g. "the number 570"; None when it stays text

    @property
    def empty(self) -> bool:
        return self.plain and self.text == ""


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple[Node, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Entry:
    key_line: int
    value: Node


@dataclass(frozen=True, slots=True)
class Map:
    entries: dict[str, Entry]
    line: int


@dataclass(frozen=True, slots=True)
class Refused:
    """A node already reported (explicit tag, anchor, alias): callers skip it silently."""

    line: int


Node = Scalar | Seq | Map | Refused


# --- parsing ------------------------------------------------------------------------------


def _unclosed_quote_line(text: str, up_to: int) -> int | None:
    """The last 0-based line up to `up_to` with an odd number of double quotes, if any."""
    lines = text.split("\n")[: up_to + 1]
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].replace('\\"', "")
        if line.lstrip().startswith("#"):
            continue
        if line.count('"') % 2:
            return index
    return None


class _Refusing:
    """A composer that reports aliases, anchors and explicit tags and drops them."""

    refusals: list[tuple[int, str, str]]

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        line = event.start_mark.line if event.start_mark else 0
        if isinstance(event, AliasEvent):
            self.get_event()  # type: ignore[attr-defined]
            self.refusals.append(alias_refused(line, event.anchor))
            return ScalarNode(_REFUSED_TAG, "", event.start_mark, event.end_mark)  # type: ignore[arg-type]
        refused = False
        if isinstance(event, NodeEvent) and event.anchor is not None:
            self.refusals.append(anchor_refused(line, event.anchor))
            event.anchor = None
            refused = True
        tag = getattr(event, "tag", None)
        if tag is not None:
            self.refusals.append(tag_refused(line, tag))
            event.tag = None
            refused = True
        node: yaml.Node | None = super().compose_node(parent, index)  # type: ignore[misc]
        if refused and node is not None:
            node.tag = _REFUSED_TAG
        return node


class _StrictLoader(_Refusing, yaml.SafeLoader):
    """The pure-Python strict loader: slower, and the one whose error messages are shown."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.refusals = []


# libyaml (PyYAML's C parser) when PyYAML was built with it: several times faster.
FAST_LOADER: type | None = None
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    FAST_LOADER = CParser


def _convert(node: yaml.Node, offset: int, rep: Reporter) -> Node:
    line = node.start_mark.line + 1 + offset
    if node.tag == _REFUSED_TAG:
        return Refused(line)
    if isinstance(node, ScalarNode):
        return _scalar(node.value, line, not node.style)
    if isinstance(node, SequenceNode):
        return Seq(tuple(_convert(item, offset, rep) for item in node.value), line)
    if isinstance(node, MappingNode):
        entries: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if key_node.tag == _REFUSED_TAG:
                continue
            if not isinstance(key_node, ScalarNode):
                rep.add(key_line, *NOT_A_WORD)
                continue
            key = key_node.value
            problem = _key_problem(key, key_line, entries)
            if problem:
                rep.add(*problem)
                continue
            entries[key] = Entry(key_line, _convert(value_node, offset, rep))
        return Map(entries, line)
    return Refused(line)  # pragma: no cover - PyYAML has no other node kinds


def _scalar(value: str, line: int, plain: bool) -> Scalar:
    return Scalar(value, line, plain, _plain_reading(value) if plain else None)


_RESOLVER = Resolver()
# The first characters of a plain scalar that YAML may read as something other than text
# (yaml11_reading's patterns and PyYAML's implicit resolvers): any other is text at once.
_MAYBE_NOT_TEXT = frozenset("~nNyYtTfFoO+-.0123456789<=").union(
    key[:1] for key in Resolver.yaml_implicit_resolvers if key
)
_ANY_FIRST = None in Resolver.yaml_implicit_resolvers  # a resolver for any first character


@lru_cache(maxsize=8192)  # files repeat their words: slugs, numbers, dates, comuni, true
def _plain_reading(value: str) -> str | None:
    """What YAML would make of this plain scalar (`yaml11_reading`, else its resolved tag);
    None when it stays text."""
    if not value or (value[0] not in _MAYBE_NOT_TEXT and not _ANY_FIRST):
        return None
    reading = yaml11_reading(value)
    if reading is None:
        tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
        if tag != STR_TAG:
            reading = _("un valore {tag}", tag=show_tag(tag))
    return reading


def _key_problem(key: str, line: int, entries: dict[str, Entry]) -> tuple[int, str, str] | None:
    """Why the field `key` cannot be kept (a control character, already there), if so."""
    control = control_name(key)
    if control:
        return (
            line,
            _(
                "il nome di un campo contiene il carattere di controllo invisibile {control}",
                control=control,
            ),
            CONTROL_HINT,
        )
    if key in entries:
        first = entries[key].key_line
        return (
            line,
            _("campo `{key}` ripetuto (c'è già alla riga {first})", key=key, first=first),
            _("tieni una sola riga `{key}:`", key=key),
        )
    return None


_Problems = list[tuple[int, str, str]]


class _NotOneDocument(Exception):
    """The stream holds more than one document: the pure-Python parser words it."""


class _EventComposer:
    """Strict nodes straight from libyaml's events, as `_StrictLoader` + `_convert` make them.

    `refusals` (anchors, aliases, tags) are reported whatever happens to their node; other
    problems only for the parts that are kept, in document order, as `_convert` does.
    """

    def __init__(self, parser: Any, offset: int) -> None:
        self.parser = parser
        self.offset = offset
        self.refusals: _Problems = []

    def document(self, problems: _Problems) -> Node | None:
        parser = self.parser
        parser.get_event()  # stream start
        root = None
        if not parser.check_event(StreamEndEvent):
            parser.get_event()  # document start
            root = self.node(problems)
            parser.get_event()  # document end
        if not parser.check_event(StreamEndEvent):
            raise _NotOneDocument
        return root

    def node(self, problems: _Problems, key: bool = False) -> Node:
        """The next node; a `key`'s YAML reading is not worked out (only its text is used)."""
        event = self.parser.get_event()
        line = event.start_mark.line + 1 + self.offset
        kind = type(event)
        if kind is ScalarEvent and event.anchor is None and event.tag is None:  # most nodes
            plain = not event.style
            reading = _plain_reading(event.value) if plain and not key else None
            return Scalar(event.value, line, plain, reading)
        if kind is AliasEvent:
            self.refusals.append(alias_refused(line, event.anchor))
            return Refused(line)
        refused = False
        if event.anchor is not None:
            self.refusals.append(anchor_refused(line, event.anchor))
            refused = True
        if event.tag is not None:
            self.refusals.append(tag_refused(line, event.tag))
            refused = True
        kept: _Problems = [] if refused else problems  # a refused node's insides are dropped
        if kind is ScalarEvent:
            return Refused(line)
        check_event = self.parser.check_event
        if kind is SequenceStartEvent:
            items = []
            while not check_event(SequenceEndEvent):
                items.append(self.node(kept))
            self.parser.get_event()
            return Refused(line) if refused else Seq(tuple(items), line)
        entries: dict[str, Entry] = {}
        while not check_event(MappingEndEvent):
            name = self.node([], key=True)
            inside: _Problems = []
            value = self.node(inside)
            if isinstance(name, Refused):
                continue
            if not isinstance(name, Scalar):
                kept.append((name.line, *NOT_A_WORD))
                continue
            problem = _key_problem(name.text, name.line, entries)
            if problem:
                kept.append(problem)
                continue
            if inside:
                kept.extend(inside)
            entries[name.text] = Entry(name.line, value)
        self.parser.get_event()
        return Refused(line) if refused else Map(entries, line)


def parse_yaml(text: str, rep: Reporter, line_offset: int = 0) -> Node | None:
    """Parse one YAML document strictly; problems go to `rep`; None when nothing usable.

    `line_offset` is added to YAML's 1-based lines (e.g. 1 for front matter after `---`).
    libyaml parses when available; a document it refuses is parsed again in pure Python,
    whose messages (and lines) are the ones the volunteer reads.
    """
    if FAST_LOADER is None:
        return _parse_slowly(text, rep, line_offset)
    parser = FAST_LOADER(text)
    composer = _EventComposer(parser, line_offset)
    problems: _Problems = []
    try:
        root = composer.document(problems)
    except (yaml.YAMLError, RecursionError, _NotOneDocument):
        return _parse_slowly(text, rep, line_offset)
    finally:
        parser.dispose()
    for found in (*composer.refusals, *problems):
        rep.add(*found)
    return root


def _parse_slowly(text: str, rep: Reporter, line_offset: int) -> Node | None:
    try:
        loader = _StrictLoader(text)
    except yaml.YAMLError as exc:  # ReaderError: control characters and the like
        position = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, position) + 1 + line_offset
        rep.add(
            line,
            _("il file contiene un carattere di controllo invisibile"),
            syntax_hint(str(exc)),
        )
        return None
    try:
        root = loader.get_single_node()
    except RecursionError:
        rep.add(1 + line_offset, *TOO_DEEP)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it starts
        yaml_line = mark.line if mark else 0
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        hint = syntax_hint(what)
        unclosed = _unclosed_quote_line(text, yaml_line)
        if unclosed is not None and unclosed != yaml_line:
            yaml_line = unclosed
            hint = _('una virgoletta non è chiusa in questa riga: termina il testo con "')
        rep.add(yaml_line + 1 + line_offset, _("errore di sintassi YAML: {what}", what=what), hint)
        return None
    except yaml.YAMLError as exc:
        rep.add(1 + line_offset, _("errore YAML: {error}", error=str(exc)), syntax_hint(str(exc)))
        return None
    finally:
        loader.dispose()
    return _finish(loader, root, rep, line_offset)


def _finish(
    loader: _Refusing, root: yaml.Node | None, rep: Reporter, line_offset: int
) -> Node | None:
    for yaml_line, message, hint in loader.refusals:
        rep.add(yaml_line + 1 + line_offset, message, hint)
    if root is None:
        return None
    try:
        return _convert(root, line_offset, rep)
    except RecursionError:
        rep.add(1 + line_offset, *TOO_DEEP)
        return None
