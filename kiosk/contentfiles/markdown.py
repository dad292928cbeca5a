"""What a content file's Markdown holds: its fields block, control characters, links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from kiosk.cli_text import _
from kiosk.contentfiles.problems import CONTROL_HINT, control_name

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_INLINE_LINK = re.compile(r"!?\[(?:[^\]\\\n]|\\.)*\]\(\s*(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))*)")
_REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")
_HTML_URL = re.compile(r"""<[A-Za-z][^>]*?\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""")
# The line closing a front matter: `---` or `...`, maybe followed by blanks (as str.rstrip).
_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
# Each kind of link, with a piece of text every one of its matches contains.
LINKS = ((_INLINE_LINK, "]("), (_REF_DEFINITION, "]:"), (_AUTOLINK, "<"), (_HTML_URL, "<"))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


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
                    _(
                        "il testo contiene il carattere di controllo invisibile {control}, che "
                        "può prendere il controllo dello schermo del totem",
                        control=control,
                    ),
                    CONTROL_HINT,
                )
            )
    return found


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, file line of the body's first line), or None without front matter.

    The front matter's first line is line 2 of the file.
    """
    first, newline, rest = text.partition("\n")
    if first.rstrip() != "---" or not newline:
        return None
    fence = _CLOSING_FENCE.search(rest)
    if fence is None:
        return None
    start, end = fence.span()
    return rest[: max(start - 1, 0)], rest[end + 1 :], rest.count("\n", 0, start) + 3


def link_problem(target: str, file_dir: Path, root: Path) -> tuple[str, str] | None:
    """(message, hint) when a Markdown link target is not allowed, else None.

    `file_dir` is the real directory of the file containing the link; `root` the real content dir.
    """
    raw = target.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    compact = _INVISIBLE.sub("", unquote(raw))
    allowed = _(
        "collega solo a https://…, mailto:, tel: o a un file dentro la cartella dei contenuti"
    )
    if not compact or compact.startswith("#"):
        return None
    scheme = _SCHEME.match(compact)
    if scheme and not compact.startswith(("/", "\\", ".")):
        name = scheme.group(1).lower()
        if name in LINK_SCHEMES:
            return None
        return _(
            "il collegamento a `{scheme}:` non è ammesso ({link})", scheme=name, link=raw
        ), allowed
    path_text = unquote(raw.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if path_text.startswith("/") or compact.startswith(("/", "\\")):
        return _("il collegamento a un percorso assoluto non è ammesso ({link})", link=raw), allowed
    if not path_text:
        return None
    try:
        resolved = (file_dir / path_text).resolve()
    except (OSError, RuntimeError):
        return _("la destinazione del collegamento non si trova ({link})", link=raw), allowed
    if not resolved.is_relative_to(root):
        return _("il collegamento esce dalla cartella dei contenuti ({link})", link=raw), allowed
    return None
