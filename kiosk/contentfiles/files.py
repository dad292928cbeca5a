"""Content files on disk: reading them safely, their names, links in their Markdown bodies."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.cli_text import _
from kiosk.config import KNOWN_LANGUAGES
from kiosk.contentfiles.known import Known
from kiosk.contentfiles.markdown import LINKS, link_problem, split_front_matter
from kiosk.contentfiles.problems import Problem, Reporter
from kiosk.contentfiles.schema import SLUG_RE
from kiosk.contentfiles.strict_yaml import Node, parse_yaml
from kiosk.contentfiles.suggest import did_you_mean, slugify

MAX_FILE_BYTES = 64 * 1024
IGNORED_FILES = frozenset({"LEGGIMI.md", "README.md"})
TOP_FILES = ("needs.yaml", "age_groups.yaml", "office.yaml")
ITEM_DIRS = ("services", "events")
# Extensions that look like content but are not read where they are (likely a naming mistake).
_SUSPICIOUS_EXTENSIONS = (".markdown", ".txt", ".yaml", ".yml", ".MD", ".Md", ".mD")

_FILE_NAME = re.compile(r"(?P<stem>[^.]+)(?:\.(?P<lang>[^.]+))?\.md")


class NotRegularFile(OSError):
    """The path is a pipe, device, socket or folder: reading it could block or never end."""


class FileTooLarge(OSError):
    """The file is over the size limit; `size` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular_file(path: Path | str, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, checked on the opened file.

    Opening without blocking and checking the open descriptor means a FIFO swapped in after
    a first look cannot hang the reader, and an oversized file is never read. Without
    `follow_links`, a symbolic link is not opened (OSError ELOOP).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(str(path))
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        data = os.read(fd, limit + 1)
        while len(data) < min(info.st_size, limit + 1):  # a short read: the rest
            more = os.read(fd, limit + 1 - len(data))
            if not more:
                break
            data += more
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew after the check
        raise FileTooLarge(len(data))
    return data


@dataclass
class ContentFiles:
    """The files of one content folder: each read at most once, problems collected per file."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    read_files: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root_real = self.root.resolve()
        self._root_text = str(self.root)
        self._prefix = os.path.join(self._root_text, "")  # the folder, ending with a slash
        self._paths: dict[str, str] = {}
        self._reporters: dict[str, Reporter] = {}
        self._dirs_inside: dict[str, bool] = {}
        self._texts: dict[str, str | None] = {}
        self.hashes: dict[str, str] = {}  # file -> hex sha-256 of its bytes, for each file read

    def path_of(self, rel: str) -> str:
        """The file's path as printed in problems (computed once per file)."""
        path = self._paths.get(rel)
        if path is None:  # as str(self.root / rel) writes it, without pathlib's cost
            path = rel if self._root_text == "." else os.path.join(self._root_text, rel)
            self._paths[rel] = path
        return path

    def reporter(self, rel: str) -> Reporter:
        rep = self._reporters.get(rel)
        if rep is None:
            rep = self._reporters[rel] = Reporter(self.path_of(rel), self.problems)
        return rep

    def count(self, rel: str) -> int:
        path = self.path_of(rel)
        return sum(1 for p in self.problems if p.path == path)

    def inside(self, path: Path) -> bool:
        """Whether `path`, links followed, is inside the content folder."""
        try:
            if path.is_symlink():
                return path.resolve().is_relative_to(self.root_real)
            return path.parent.resolve().is_relative_to(self.root_real)
        except (OSError, RuntimeError):
            return False

    def _folder_inside(self, folder: str) -> bool:
        """Whether `folder` (relative to the content folder, "" for itself), links followed,
        is inside the content folder (resolved once)."""
        inside = self._dirs_inside.get(folder)
        if inside is None:
            inside = (self.root / folder).resolve().is_relative_to(self.root_real)
            self._dirs_inside[folder] = inside
        return inside

    def _read_bytes(self, rel: str) -> bytes | None:
        """The bytes of a file that is no link, in a folder inside the content folder: one
        open, no look beforehand; None when it is a link or its folder leads elsewhere."""
        folder, _slash, _name = rel.rpartition("/")
        try:
            if not self._folder_inside(folder):
                return None
        except (OSError, RuntimeError):
            return None
        try:
            return read_regular_file(self._prefix + rel, MAX_FILE_BYTES, follow_links=False)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a symbolic link: checked the long way
                return None
            raise

    def read(self, rel: str) -> str | None:
        """The text of one file; problems for links leaving the folder, size, binary, encoding.

        A file is read once: asked again, the same text (or None) comes back, with no new
        problem."""
        if rel in self._texts:
            return self._texts[rel]
        text = self._texts[rel] = self._read_text(rel)
        return text

    def _read_text(self, rel: str) -> str | None:
        rep = self.reporter(rel)
        try:
            data = self._read_bytes(rel)
            if data is None:
                path = self.root / rel
                if not self.inside(path):
                    rep.add(
                        1,
                        _(
                            "questo file è un collegamento a un posto fuori dalla cartella dei "
                            "contenuti"
                        ),
                        _("sostituisci il collegamento con un file vero (copia qui il testo)"),
                    )
                    return None
                data = read_regular_file(path, MAX_FILE_BYTES)
        except NotRegularFile:
            rep.add(
                1,
                _("non è un file normale (una pipe, un dispositivo o un socket)"),
                _("sostituiscilo con un file di testo o toglilo"),
            )
            return None
        except FileTooLarge as exc:
            rep.add(
                1,
                _(
                    "file troppo grande: {size} byte; il limite è {limit} (64 KiB)",
                    size=exc.size,
                    limit=MAX_FILE_BYTES,
                ),
                _("accorcialo o dividilo in più file"),
            )
            return None
        except OSError as exc:
            rep.add(
                1,
                _("impossibile leggere il file: {error}", error=exc.strerror or str(exc)),
                _("controlla che esista e sia leggibile"),
            )
            return None
        self.read_files[rel] = data
        self.hashes[rel] = hashlib.sha256(data).hexdigest()
        if b"\x00" in data:
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            rep.add(
                line,
                _("questo non è un file di testo (dati binari)"),
                _("salvalo come testo semplice (UTF-8)"),
            )
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            rep.add(
                line,
                _("il file non è testo UTF-8"),
                _("salvalo come UTF-8 (nell'editor: Salva con codifica UTF-8)"),
            )
            return None
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text.removeprefix("\ufeff")

    def unchanged(self, known: Known, files: list[str]) -> bool:
        """Whether an item's `files` are the ones `known` lists, each with the same content
        hash, and their links still stay inside the folder (else it is checked in full)."""
        if len(files) != len(known.files) or any(rel not in known.files for rel in files):
            return False
        bodies = []
        for rel in files:
            text = self.read(rel)
            parts = split_front_matter(text) if text is not None else None
            if parts is None or self.hashes[rel] != known.files[rel]:
                return False
            bodies.append((rel, parts[1], parts[2]))
        before = len(self.problems)
        for rel, body, body_line in bodies:
            self.check_links(rel, body, body_line)
        return len(self.problems) == before

    def check_links(self, rel: str, body: str, first_line: int) -> None:
        rep = self.reporter(rel)
        file_dir: Path | None = None
        for pattern, mark in LINKS:
            if mark not in body:  # what every match holds: most bodies have no links
                continue
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
            rep.add(
                1,
                _("impossibile elencare la cartella: {error}", error=exc.strerror or str(exc)),
                _("controlla i suoi permessi"),
            )
            return []

    def names(self, rel: str) -> list[tuple[str, bool]]:
        """(name, whether a folder, links followed) of each entry of a folder, sorted by name;
        a problem (and none) when it cannot be listed."""
        folder = os.path.join(self._root_text, rel)
        found: list[tuple[str, bool]] = []
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    found.append((entry.name, is_dir))
        except OSError as exc:
            rep = Reporter(str(self.root / rel), self.problems)
            rep.add(
                1,
                _("impossibile elencare la cartella: {error}", error=exc.strerror or str(exc)),
                _("controlla i suoi permessi"),
            )
            return []
        return sorted(found)

    def scan_top_level(self) -> None:
        known = (*TOP_FILES, *ITEM_DIRS)
        top = self.entries("")
        for name in TOP_FILES:
            if not self.exists(name):
                close = [
                    p.name for p in top if did_you_mean(p.name, [name]) and p.name not in known
                ]
                hint = (
                    _("rinomina {old} in {new}", old=close[0], new=name)
                    if close
                    else _("crea {name}", name=name)
                )
                self.reporter(name).add(1, _("manca {name}", name=name), hint)
        for path in top:
            name = path.name
            if name in known or name in IGNORED_FILES or name.startswith(("_", ".")):
                continue
            if path.is_file() and path.suffix.lower() in (".yaml", ".yml", ".md", ".markdown"):
                suggestion = did_you_mean(name, known)
                self.reporter(name).add(
                    1,
                    _("{name} non è un file dei contenuti e non viene letto", name=name),
                    suggestion or _("i servizi vanno in services/, gli eventi in events/"),
                )

    def load_yaml_file(self, rel: str) -> Node | None:
        """The file's YAML; None when unreadable, empty or broken (already reported)."""
        text = self.read(rel)
        if text is None:
            return None
        before = self.count(rel)
        node = parse_yaml(text, self.reporter(rel))
        if node is None and self.count(rel) == before:
            self.reporter(rel).add(1, _("il file è vuoto"), _("guarda LEGGIMI.md per un esempio"))
        return node

    def list_dir(self, folder: str) -> list[tuple[str, str, str]]:
        """(rel, slug, lang) of every Markdown file in `folder`; naming mistakes are reported."""
        base = self.root / folder
        if not self.exists(folder):
            return []
        if not self.inside(base):
            self.reporter(folder).add(
                1,
                _(
                    "{folder}/ è un collegamento a un posto fuori dalla cartella dei contenuti",
                    folder=folder,
                ),
                _("rendila una cartella vera"),
            )
            return []
        if not base.is_dir():
            self.reporter(folder).add(
                1,
                _("{folder} deve essere una cartella", folder=folder),
                _("crea la cartella {folder}/", folder=folder),
            )
            return []
        found = []
        for name, is_dir in self.names(folder):
            rel = f"{folder}/{name}"
            if name.startswith(("_", ".")) or name in IGNORED_FILES or is_dir:
                continue
            rep = self.reporter(rel)
            if not name.endswith(".md"):
                if name.endswith(_SUSPICIOUS_EXTENSIONS):
                    stem = name.split(".", 1)[0]
                    rep.add(
                        1,
                        _(
                            "{name} non viene letto: i file dei contenuti finiscono in .md",
                            name=name,
                        ),
                        _("rinominalo {name}", name=stem + ".md"),
                    )
                continue
            m = _FILE_NAME.fullmatch(name)
            if m is None:
                rep.add(
                    1,
                    _("nome di file inatteso {name}", name=name),
                    _("chiamalo <slug>.md o <slug>.<lingua>.md, per esempio x.en.md"),
                )
                continue
            stem, lang = m["stem"], m["lang"] or "it"
            if not SLUG_RE.fullmatch(stem):
                rep.add(
                    1,
                    _("il nome del file può usare solo lettere minuscole, cifre e -"),
                    _("rinominalo {name}", name=slugify(stem) + name[len(stem) :]),
                )
                continue
            if m["lang"] == "it":
                rep.add(
                    1,
                    _("il file italiano non ha il suffisso della lingua"),
                    _("rinominalo {name}", name=stem + ".md"),
                )
                continue
            if lang not in KNOWN_LANGUAGES:
                suggestion = did_you_mean(lang, KNOWN_LANGUAGES)
                rep.add(
                    1,
                    _("lingua sconosciuta `{lang}` nel nome del file", lang=lang),
                    suggestion or _("usa una di: {choices}", choices=" ".join(KNOWN_LANGUAGES)),
                )
                continue
            found.append((rel, stem, lang))
        return found
