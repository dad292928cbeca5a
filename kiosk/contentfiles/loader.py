"""Load and strictly check a content directory into a ContentBundle, collecting every problem."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from kiosk.config import KNOWN_LANGUAGES
from kiosk.contentfiles.bundle import (
    EVENT_TEXT_FIELDS,
    SERVICE_TEXT_FIELDS,
    AgeGroupItem,
    ContentBundle,
    EventItem,
    NeedItem,
    OfficeItem,
    Problem,
    ServiceItem,
    WaitlistSettings,
    control_name,
)
from kiosk.contentfiles.schema import (
    AGE_GROUP_TABLE,
    EVENT_TABLE,
    EVENT_TRANSLATION_TABLE,
    NEED_TABLE,
    OFFICE_TABLE,
    SERVICE_TABLE,
    SERVICE_TRANSLATION_TABLE,
    SLUG_RE,
    Table,
    Values,
    check_mapping,
    did_you_mean,
    slugify,
)
from kiosk.contentfiles.strict_yaml import (
    CONTROL_HINT,
    Map,
    Node,
    Refused,
    Reporter,
    Seq,
    parse_yaml,
)

MAX_FILE_BYTES = 64 * 1024
IGNORED_FILES = frozenset({"LEGGIMI.md", "README.md"})
TOP_FILES = ("needs.yaml", "age_groups.yaml", "office.yaml")
ITEM_DIRS = ("services", "events")
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Extensions that look like content but are not read where they are (likely a naming mistake).
_SUSPICIOUS_EXTENSIONS = (".markdown", ".txt", ".yaml", ".yml", ".MD", ".Md", ".mD")

_FILE_NAME = re.compile(r"(?P<stem>[^.]+)(?:\.(?P<lang>[^.]+))?\.md")
_INLINE_LINK = re.compile(r"!?\[(?:[^\]\\\n]|\\.)*\]\(\s*(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))*)")
_REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")
_HTML_URL = re.compile(r"""<[A-Za-z][^>]*?\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


class NotRegularFile(OSError):
    """The path is a pipe, device, socket or folder: reading it could block or never end."""


class FileTooLarge(OSError):
    """The file is over the size limit; `size` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, checked on the opened file.

    Opening without blocking and checking the open descriptor means a FIFO swapped in after
    a first look cannot hang the reader, and an oversized file is never read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(str(path))
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew after the check
        raise FileTooLarge(len(data))
    return data


def control_problems(text: str, first_line: int) -> list[tuple[int, str, str]]:
    """(line, message, hint) for each line of a Markdown body holding a control character."""
    found = []
    for offset, line in enumerate(text.split("\n")):
        control = control_name(line, allow="\t")
        if control:
            found.append(
                (
                    first_line + offset,
                    f"the text contains the invisible control character {control},"
                    " which can take over the kiosk's screen",
                    CONTROL_HINT,
                )
            )
    return found


def load_content(content_dir: Path) -> ContentBundle:
    """Read every content file under `content_dir`; never raises for bad content."""
    return _Loader(Path(content_dir)).load()


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, file line of the body's first line), or None without front matter.

    The front matter's first line is line 2 of the file.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def link_problem(target: str, file_dir: Path, root: Path) -> tuple[str, str] | None:
    """(message, hint) when a Markdown link target is not allowed, else None.

    `file_dir` is the real directory of the file containing the link; `root` the real content dir.
    """
    raw = target.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    compact = _INVISIBLE.sub("", unquote(raw))
    allowed = "link only to https://…, mailto:, tel: or a file inside the content folder"
    if not compact or compact.startswith("#"):
        return None
    scheme = _SCHEME.match(compact)
    if scheme and not compact.startswith(("/", "\\", ".")):
        name = scheme.group(1).lower()
        if name in LINK_SCHEMES:
            return None
        return f"link to `{name}:` is not allowed ({raw})", allowed
    path_text = unquote(raw.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if path_text.startswith("/") or compact.startswith(("/", "\\")):
        return f"link to an absolute path is not allowed ({raw})", allowed
    if not path_text:
        return None
    try:
        resolved = (file_dir / path_text).resolve()
    except (OSError, RuntimeError):
        return f"link target cannot be resolved ({raw})", allowed
    if not resolved.is_relative_to(root):
        return f"link leaves the content folder ({raw})", allowed
    return None


@dataclass
class _Draft:
    """One checked Italian service/event file, kept until cross-file checks are done."""

    slug: str
    rel: str
    values: Values
    body: str
    ok: bool
    texts: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class _Loader:
    root: Path
    problems: list[Problem] = field(default_factory=list)
    read_files: dict[str, bytes] = field(default_factory=dict)
    # file -> slug -> line, only for files that could be read (else references go unchecked)
    declared: dict[str, dict[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root_real = self.root.resolve()

    # -- helpers ----------------------------------------------------------------------------

    def reporter(self, rel: str) -> Reporter:
        return Reporter(str(self.root / rel), self.problems)

    def count(self, rel: str) -> int:
        path = str(self.root / rel)
        return sum(1 for p in self.problems if p.path == path)

    def inside(self, path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(self.root_real)
        except (OSError, RuntimeError):
            return False

    def read(self, rel: str) -> str | None:
        """The text of one file; problems for links leaving the folder, size, binary, encoding."""
        path = self.root / rel
        rep = self.reporter(rel)
        if not self.inside(path):
            rep.add(
                1,
                "this file is a link to a place outside the content folder",
                "replace the link with a real file (copy the text here)",
            )
            return None
        try:
            data = read_regular_file(path, MAX_FILE_BYTES)
        except NotRegularFile:
            rep.add(
                1,
                "not a regular file (a pipe, device or socket)",
                "replace it with a plain text file or remove it",
            )
            return None
        except FileTooLarge as exc:
            rep.add(
                1,
                f"file too large: {exc.size} bytes; the limit is {MAX_FILE_BYTES} (64 KiB)",
                "shorten it or split it into several files",
            )
            return None
        except OSError as exc:
            rep.add(
                1,
                f"cannot read the file: {exc.strerror or exc}",
                "check that it exists and is readable",
            )
            return None
        self.read_files[rel] = data
        if b"\x00" in data:
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            rep.add(line, "this is not a text file (binary data)", "save it as plain text (UTF-8)")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            rep.add(
                line,
                "the file is not UTF-8 text",
                "save it as UTF-8 (in the editor: Save with encoding UTF-8)",
            )
            return None
        return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    def check_links(self, rel: str, body: str, first_line: int) -> None:
        rep = self.reporter(rel)
        file_dir = (self.root / rel).resolve().parent
        for pattern in (_INLINE_LINK, _REF_DEFINITION, _AUTOLINK, _HTML_URL):
            for match in pattern.finditer(body):
                found = link_problem(match.group(1), file_dir, self.root_real)
                if found:
                    line = first_line + body.count("\n", 0, match.start(1))
                    rep.add(line, *found)

    # -- top-level files -----------------------------------------------------------------------

    def load(self) -> ContentBundle:
        if not self.root.is_dir():
            self.problems.append(
                Problem(
                    str(self.root),
                    1,
                    "the content folder does not exist or is not a folder",
                    "check KIOSK_CONTENT_DIR",
                )
            )
            return ContentBundle(problems=tuple(self.problems))
        self.scan_top_level()
        needs = self.load_needs()
        age_groups = self.load_age_groups()
        office = self.load_office()
        need_slugs = self.declared.get("needs.yaml")
        group_slugs = self.declared.get("age_groups.yaml")
        services = self.load_items("services", SERVICE_TABLE, SERVICE_TRANSLATION_TABLE)
        events = self.load_items("events", EVENT_TABLE, EVENT_TRANSLATION_TABLE)
        for draft in services.values():
            self.check_refs(draft, "needs", need_slugs, "needs.yaml")
            self.check_refs(draft, "age_groups", group_slugs, "age_groups.yaml")
        for draft in events.values():
            self.check_refs(draft, "age_groups", group_slugs, "age_groups.yaml")
            if draft.values.text("service"):
                self.check_refs(draft, "service", dict.fromkeys(services, 0), "services/")
        digest = hashlib.sha256()
        for rel, data in sorted(self.read_files.items()):
            digest.update(rel.encode("utf-8") + b"\x00" + str(len(data)).encode() + b"\x00")
            digest.update(data)
        return ContentBundle(
            needs=tuple(needs),
            age_groups=tuple(age_groups),
            services=tuple(self.service_item(d) for d in services.values() if d.ok),
            events=tuple(self.event_item(d) for d in events.values() if d.ok),
            office=office,
            problems=tuple(sorted(dict.fromkeys(self.problems), key=lambda p: (p.path, p.line))),
            version=digest.hexdigest()[:12],
        )

    def exists(self, rel: str) -> bool:
        path = self.root / rel
        return path.is_symlink() or path.exists()

    def entries(self, rel: str) -> list[Path]:
        """The sorted entries of a folder; a problem (and none) when it cannot be listed."""
        folder = self.root / rel if rel else self.root
        try:
            return sorted(folder.iterdir())
        except OSError as exc:
            rep = Reporter(str(folder), self.problems)
            rep.add(1, f"cannot list the folder: {exc.strerror or exc}", "check its permissions")
            return []

    def scan_top_level(self) -> None:
        known = (*TOP_FILES, *ITEM_DIRS)
        top = self.entries("")
        for name in TOP_FILES:
            if not self.exists(name):
                close = [
                    p.name for p in top if did_you_mean(p.name, [name]) and p.name not in known
                ]
                hint = f"rename {close[0]} to {name}" if close else f"create {name}"
                self.reporter(name).add(1, f"{name} is missing", hint)
        for path in top:
            name = path.name
            if name in known or name in IGNORED_FILES or name.startswith(("_", ".")):
                continue
            if path.is_file() and path.suffix.lower() in (".yaml", ".yml", ".md", ".markdown"):
                suggestion = did_you_mean(name, known)
                self.reporter(name).add(
                    1,
                    f"{name} is not a content file and is not read",
                    suggestion or "services go in services/, events in events/",
                )

    def load_yaml_file(self, rel: str) -> Node | None:
        """The file's YAML; None when unreadable, empty or broken (already reported)."""
        text = self.read(rel)
        if text is None:
            return None
        before = self.count(rel)
        node = parse_yaml(text, self.reporter(rel))
        if node is None and self.count(rel) == before:
            self.reporter(rel).add(1, "the file is empty", "see LEGGIMI.md for an example")
        return node

    def load_list(self, rel: str, top_key: str, table: Table) -> list[tuple[int, Values, bool]]:
        """Check every entry of a `top_key:` list; (position, values, entry without problems)."""
        if not self.exists(rel):
            return []
        node = self.load_yaml_file(rel)
        if node is None:
            return []
        rep = self.reporter(rel)
        items: tuple[Node, ...] = ()
        if isinstance(node, Seq):
            rep.add(
                node.line, f"the list must be under `{top_key}:`", f"add a first line: {top_key}:"
            )
            items = node.items
        elif isinstance(node, Map):
            for key, entry in node.entries.items():
                if key == top_key:
                    if isinstance(entry.value, Seq):
                        items = entry.value.items
                    elif not isinstance(entry.value, Refused):
                        rep.add(
                            entry.key_line,
                            f"`{top_key}` must be a list of entries starting with -",
                            f"see {table.fields[0].example}",
                        )
                else:
                    rep.add(
                        entry.key_line,
                        f"unknown field `{key}` at the top of {rel}",
                        did_you_mean(key, [top_key]) or f"only `{top_key}:` is allowed here",
                    )
            if top_key not in node.entries:
                rep.add(node.line, f"missing `{top_key}:` list", f"start the file with: {top_key}:")
        elif node is not None and not isinstance(node, Refused):
            rep.add(
                node.line,
                f"{rel} must contain a `{top_key}:` list",
                f"start the file with: {top_key}:",
            )
        declared: dict[str, int] = {}
        self.declared[rel] = declared
        result: list[tuple[int, Values, bool]] = []
        for position, item in enumerate(items):
            before = self.count(rel)
            values = check_mapping(item, table, rep, line=getattr(item, "line", 1))
            slug = values.text("slug")
            if slug:
                if slug in declared:
                    rep.add(
                        values.line_of("slug"),
                        f"duplicate slug `{slug}` (already at line {declared[slug]})",
                        "give each entry its own slug",
                    )
                else:
                    declared[slug] = values.line_of("slug")
            result.append((position, values, self.count(rel) == before))
        return result

    def load_needs(self) -> list[NeedItem]:
        needs = []
        for position, values, ok in self.load_list("needs.yaml", "needs", NEED_TABLE):
            if ok and values.ok:
                needs.append(
                    NeedItem(
                        slug=values.text("slug"),
                        position=position,
                        name=values.localized("name"),
                        description=values.localized("description"),
                        icon=values.text("icon"),
                    )
                )
        return needs

    def load_age_groups(self) -> list[AgeGroupItem]:
        groups = []
        rep = self.reporter("age_groups.yaml")
        for position, values, ok in self.load_list(
            "age_groups.yaml", "age_groups", AGE_GROUP_TABLE
        ):
            expecting = values.flag("expecting")
            has_ages = values.seen("min_age") or values.seen("max_age")
            if expecting and has_ages:
                rep.add(
                    values.line_of("expecting"),
                    "a group is either `expecting: true` or an age range, not both",
                    "remove min_age and max_age, or remove expecting",
                )
                ok = False
            elif not expecting and not self.check_age_range(values, rep, required=True):
                ok = False
            if ok and values.ok:
                groups.append(
                    AgeGroupItem(
                        slug=values.text("slug"),
                        position=position,
                        name=values.localized("name"),
                        min_age=values.number("min_age"),
                        max_age=values.number("max_age"),
                        expecting=expecting,
                    )
                )
        return groups

    def check_age_range(self, values: Values, rep: Reporter, required: bool) -> bool:
        """min_age and max_age come together and in order; True when fine."""
        has_min, has_max = values.seen("min_age"), values.seen("max_age")
        if not has_min and not has_max:
            if required:
                rep.add(
                    values.line,
                    "an age group needs `min_age` and `max_age` (or `expecting: true`)",
                    "add: min_age: 0 and max_age: 2.99",
                )
                return False
            return True
        if has_min != has_max:
            present, absent = ("min_age", "max_age") if has_min else ("max_age", "min_age")
            example = "max_age: 99" if absent == "max_age" else "min_age: 0"
            rep.add(values.line_of(present), f"`{present}` needs `{absent}` too", f"add: {example}")
            return False
        low, high = values.number("min_age"), values.number("max_age")
        if low is not None and high is not None and high < low:
            rep.add(
                values.line_of("max_age"),
                f"max_age ({high:g}) is smaller than min_age ({low:g})",
                "swap the two numbers",
            )
            return False
        return True

    def load_office(self) -> OfficeItem | None:
        rel = "office.yaml"
        if not self.exists(rel):
            return None
        node = self.load_yaml_file(rel)
        if node is None:
            return None
        before = self.count(rel)
        values = check_mapping(node, OFFICE_TABLE, self.reporter(rel))
        if not values.ok or self.count(rel) != before:
            return None
        return OfficeItem(
            name=values.localized("name"),
            location=values.text("location"),
            comune=values.text("comune"),
            hours=values.hours("hours"),
            closed=values.dates("closed"),
            note=values.localized("note"),
            contacts=values.localized("contacts"),
            needs_review=values.flag("needs_review"),
            review_note=values.text("review_note"),
            assured_date=values.date("assured_date"),
            assured_by=values.text("assured_by"),
        )

    # -- services and events -----------------------------------------------------------------

    def list_dir(self, folder: str) -> list[tuple[str, str, str]]:
        """(rel, slug, lang) of every Markdown file in `folder`; naming mistakes are reported."""
        base = self.root / folder
        if not self.exists(folder):
            return []
        if not self.inside(base):
            self.reporter(folder).add(
                1,
                f"{folder}/ is a link to a place outside the content folder",
                "make it a real folder",
            )
            return []
        if not base.is_dir():
            self.reporter(folder).add(
                1, f"{folder} must be a folder", f"create the folder {folder}/"
            )
            return []
        found = []
        for path in self.entries(folder):
            name = path.name
            rel = f"{folder}/{name}"
            if name.startswith(("_", ".")) or name in IGNORED_FILES or path.is_dir():
                continue
            rep = self.reporter(rel)
            if not name.endswith(".md"):
                if name.endswith(_SUSPICIOUS_EXTENSIONS):
                    stem = name.split(".", 1)[0]
                    rep.add(
                        1,
                        f"{name} is not read: content files end in .md",
                        f"rename it to {stem}.md",
                    )
                continue
            m = _FILE_NAME.fullmatch(name)
            if m is None:
                rep.add(
                    1,
                    f"unexpected file name {name}",
                    "name it <slug>.md or <slug>.<language>.md, e.g. x.en.md",
                )
                continue
            stem, lang = m["stem"], m["lang"] or "it"
            if not SLUG_RE.fullmatch(stem):
                rep.add(
                    1,
                    "the file name may use only lowercase letters, digits and -",
                    f"rename it to {slugify(stem)}{name[len(stem) :]}",
                )
                continue
            if m["lang"] == "it":
                rep.add(1, "the Italian file has no language suffix", f"rename it to {stem}.md")
                continue
            if lang not in KNOWN_LANGUAGES:
                suggestion = did_you_mean(lang, KNOWN_LANGUAGES)
                rep.add(
                    1,
                    f"unknown language `{lang}` in the file name",
                    suggestion or f"use one of: {' '.join(KNOWN_LANGUAGES)}",
                )
                continue
            found.append((rel, stem, lang))
        return found

    def read_front_matter(
        self, rel: str, table: Table, italian_file: str = ""
    ) -> tuple[Values, str, int] | None:
        text = self.read(rel)
        if text is None:
            return None
        rep = self.reporter(rel)
        parts = split_front_matter(text)
        if parts is None:
            if text.split("\n", 1)[0].rstrip() == "---":
                rep.add(
                    1,
                    "the fields block is not closed",
                    "add a line with only --- after the last field",
                )
            else:
                rep.add(
                    1,
                    "the file must start with a line `---`",
                    "put the fields between two lines of ---",
                )
            return None
        front, body, body_line = parts
        before = self.count(rel)
        node = parse_yaml(front, rep, line_offset=1)
        self.check_links(rel, body, body_line)
        for found in control_problems(body, body_line):
            rep.add(*found)
        if node is None and self.count(rel) != before:
            return None  # broken YAML: the fields cannot be checked
        values = check_mapping(node, table, rep, line=1, italian_file=italian_file)
        return values, body, body_line

    def load_items(self, folder: str, table: Table, translation_table: Table) -> dict[str, _Draft]:
        drafts: dict[str, _Draft] = {}
        entries = self.list_dir(folder)
        text_fields = SERVICE_TEXT_FIELDS if folder == "services" else EVENT_TEXT_FIELDS
        for rel, slug, lang in entries:
            if lang != "it":
                continue
            before = self.count(rel)
            loaded = self.read_front_matter(rel, table)
            if loaded is None:
                drafts[slug] = _Draft(slug, rel, Values(1), "", ok=False)
                continue
            values, body, body_line = loaded
            rep = self.reporter(rel)
            self.check_slug(values, slug, rep)
            self.check_common(folder, values, body, body_line, rep)
            draft = _Draft(slug, rel, values, body.strip(), ok=False)
            draft.texts["it"] = self.texts(values, draft.body, text_fields, complete=True)
            draft.ok = values.ok and self.count(rel) == before
            drafts[slug] = draft
        for rel, slug, lang in entries:
            if lang == "it":
                continue
            rep = self.reporter(rel)
            italian = f"{folder}/{slug}.md"
            before = self.count(rel)
            loaded = self.read_front_matter(rel, translation_table, italian_file=italian)
            if slug not in drafts:
                rep.add(
                    1, f"translation without the Italian file {italian}", f"create {italian} first"
                )
            if loaded is None:
                continue
            values, body, _ = loaded
            if values.text("slug") and values.text("slug") != slug:
                rep.add(
                    values.line_of("slug"),
                    f"slug `{values.text('slug')}` does not match the file name",
                    f"write: slug: {slug} (or remove the slug line)",
                )
            if slug in drafts and self.count(rel) == before:
                texts = self.texts(values, body.strip(), text_fields, complete=False)
                if texts:
                    drafts[slug].texts[lang] = texts
        return drafts

    def check_slug(self, values: Values, stem: str, rep: Reporter) -> None:
        slug = values.text("slug")
        if slug and slug != stem:
            rep.add(
                values.line_of("slug"),
                f"slug `{slug}` does not match the file name {stem}.md",
                f"write: slug: {stem} (or rename the file to {slug}.md)",
            )
            values.failed.add("slug")

    def check_common(
        self, folder: str, values: Values, body: str, body_line: int, rep: Reporter
    ) -> None:
        """Rules across fields of one service/event file."""
        self.check_age_range(values, rep, required=False)
        if folder == "services":
            if not body.strip():
                rep.add(
                    max(body_line - 1, 1),
                    "the description is missing: there is no text after the closing ---",
                    "write a few lines about the service below the second ---",
                )
            start, end = values.date("visible_from"), values.date("visible_until")
            if start and end and end < start:
                rep.add(
                    values.line_of("visible_until"),
                    "visible_until is before visible_from",
                    "swap the two dates",
                )
        else:
            start_at, end_at = values.datetime("starts_at"), values.datetime("ends_at")
            if start_at and end_at and end_at <= start_at:
                rep.add(
                    values.line_of("ends_at"),
                    "ends_at must be after starts_at",
                    "check the date and the time",
                )
        waitlist = values.sub("waitlist")
        if (
            waitlist is not None
            and waitlist.flag("sensitive")
            and "name" in waitlist.strings("fields")
        ):
            rep.add(
                waitlist.line_of("fields"),
                "a sensitive waitlist is code-only and never asks the name",
                "remove name from fields",
            )
            values.failed.add("waitlist")

    def check_refs(self, draft: _Draft, key: str, known: dict[str, int] | None, where: str) -> None:
        if known is None:
            return  # the list itself could not be read; its problem is already reported
        values = draft.values
        wanted = (values.text(key),) if key == "service" else values.strings(key)
        rep = self.reporter(draft.rel)
        for slug in wanted:
            if slug in known:
                continue
            suggestion = did_you_mean(slug, list(known))
            kind = {"needs": "need", "age_groups": "age group", "service": "service"}[key]
            listed = ", ".join(sorted(known)) or "none"
            rep.add(
                values.line_of(key),
                f"unknown {kind} `{slug}` (not in {where})",
                suggestion or f"use one of: {listed}",
            )
            draft.ok = False

    @staticmethod
    def texts(
        values: Values, body: str, text_fields: tuple[str, ...], complete: bool
    ) -> dict[str, str]:
        result: dict[str, str] = {}
        for name in text_fields:
            if name == "description":
                value = body
            elif name == "required_documents":
                value = "\n".join(values.strings(name))
            else:
                value = values.text(name)
            if complete or value:
                result[name] = value
        return result

    # -- building items ------------------------------------------------------------------

    @staticmethod
    def waitlist(values: Values) -> WaitlistSettings | None:
        sub = values.sub("waitlist")
        if sub is None:
            return None
        sensitive = sub.flag("sensitive")
        if sub.seen("fields"):
            fields = sub.strings("fields")
        else:
            fields = () if sensitive else ("name", "contact")
        return WaitlistSettings(
            open=sub.flag("open"),
            retention_days=sub.integer("retention_days") or 0,
            capacity=sub.integer("capacity"),
            fields=fields,
            sensitive=sensitive,
        )

    def service_item(self, draft: _Draft) -> ServiceItem:
        v = draft.values
        provider = v.sub("provider")
        return ServiceItem(
            slug=draft.slug,
            source_path=draft.rel,
            texts=draft.texts,
            needs=v.strings("needs"),
            age_groups=v.strings("age_groups"),
            min_age=v.number("min_age"),
            max_age=v.number("max_age"),
            languages=v.strings("languages"),
            comune=v.text("comune"),
            url=v.text("url"),
            provider_name=provider.text("name") if provider else "",
            provider_kind=provider.text("kind") if provider else "",
            assured_date=v.date("assured_date"),
            assured_by=v.text("assured_by"),
            needs_review=v.flag("needs_review"),
            review_note=v.text("review_note"),
            visible_from=v.date("visible_from"),
            visible_until=v.date("visible_until"),
            waitlist=self.waitlist(v),
        )

    def event_item(self, draft: _Draft) -> EventItem:
        v = draft.values
        starts_at = v.datetime("starts_at")
        assert starts_at is not None  # required: the draft would not be ok without it
        return EventItem(
            slug=draft.slug,
            source_path=draft.rel,
            texts=draft.texts,
            starts_at=starts_at,
            ends_at=v.datetime("ends_at"),
            comune=v.text("comune"),
            min_age=v.number("min_age"),
            max_age=v.number("max_age"),
            age_groups=v.strings("age_groups"),
            service=v.text("service"),
            url=v.text("url"),
            assured_date=v.date("assured_date"),
            assured_by=v.text("assured_by"),
            needs_review=v.flag("needs_review"),
            review_note=v.text("review_note"),
            waitlist=self.waitlist(v),
        )
