"""Content files on disk: reading them safely, their names, links in their Markdown bodies."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from kiosk.config import KNOWN_LANGUAGES
from kiosk.contentfiles.problems import CONTROL_HINT, Problem, Reporter, control_name
from kiosk.contentfiles.schema import SLUG_RE
from kiosk.contentfiles.strict_yaml import Node, parse_yaml
from kiosk.contentfiles.suggest import did_you_mean, slugify

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
    found: list[tuple[int, str, str]] = []
    if not control_name(text, allow="\t\n"):
        return found  # the usual case: one scan of the whole body
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
class ContentFiles:
    """The files of one content folder: each read at most once, problems collected per file."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    read_files: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root_real = self.root.resolve()
        self._paths: dict[str, str] = {}
        self._real_dirs: dict[Path, Path] = {}

    def path_of(self, rel: str) -> str:
        """The file's path as printed in problems (computed once per file)."""
        path = self._paths.get(rel)
        if path is None:
            path = self._paths[rel] = str(self.root / rel)
        return path

    def reporter(self, rel: str) -> Reporter:
        return Reporter(self.path_of(rel), self.problems)

    def count(self, rel: str) -> int:
        path = self.path_of(rel)
        return sum(1 for p in self.problems if p.path == path)

    def inside(self, path: Path) -> bool:
        """Whether `path`, links followed, is inside the content folder."""
        try:
            if path.is_symlink():
                real = path.resolve()
            else:  # only the folder can lead elsewhere: resolve each folder once
                folder = self._real_dirs.get(path.parent)
                if folder is None:
                    folder = self._real_dirs[path.parent] = path.parent.resolve()
                real = folder / path.name
            return real.is_relative_to(self.root_real)
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
        file_dir: Path | None = None
        for pattern in (_INLINE_LINK, _REF_DEFINITION, _AUTOLINK, _HTML_URL):
            for match in pattern.finditer(body):
                if file_dir is None:  # only files with links need their real folder
                    file_dir = (self.root / rel).resolve().parent
                found = link_problem(match.group(1), file_dir, self.root_real)
                if found:
                    line = first_line + body.count("\n", 0, match.start(1))
                    rep.add(line, *found)

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
