"""A content folder as its last publish saw it, kept in the database.

`content sync` of a folder whose every file has the same size, modification and change time
as when it was last published (by this same checker, to this database, with nothing
published since) is answered from the manifest: nothing is read or parsed, even in a new
process. When some file differs (added, removed, edited or touched), the folder is read
again, but a service or event whose files all kept their content hash (sha-256) is not parsed
again: the manifest remembers, per service and event, its files' hashes and the few fields
that checks across files read (kiosk.contentfiles.known). Another checker, or another publish
in between, makes a full sync. Texts are never kept here.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiosk.contentfiles.known import Known
from kiosk.models import ContentManifest


@cache
def checker() -> str:
    """The checking and syncing code itself: a new kiosk version re-checks every file."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    code = [*(here / "contentfiles").glob("*.py"), *here.glob("sync*.py")]
    code += [here / "config.py", here / "comuni.py"]  # the languages and comuni files may name
    for path in sorted(code):
        digest.update(path.name.encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()[:16]


def folder_state(folder: Path) -> str:
    """A fingerprint of every file under `folder` (hidden files and folders such as .git
    aside): its name, size, modification and change times in nanoseconds."""
    found: list[str] = []
    pending = [("", str(folder))]
    seen: set[tuple[int, int]] = set()  # folders walked: a link back up is not walked again
    while pending:
        prefix, path = pending.pop()
        try:
            st = os.stat(path)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            listing = os.scandir(path)
        except OSError:
            continue  # gone or unreadable: the sync reports it
        with listing:
            for entry in listing:
                if entry.name.startswith("."):
                    continue
                rel = prefix + entry.name
                try:
                    if entry.is_dir():  # a linked folder too: the loader reads it
                        pending.append((rel + "/", entry.path))
                        continue
                    st = entry.stat()
                except OSError:
                    continue  # gone meanwhile: the fingerprint will differ next time
                found.append(f"{rel}\x00{st.st_size}\x00{st.st_mtime_ns}\x00{st.st_ctime_ns}")
    found.sort()
    return hashlib.sha256("\n".join(found).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What the publish `publish` of a folder saw: its files' fingerprint (folder_state), the
    version and the 'kind:slug' entries it left in the database."""

    publish: int
    files: str
    version: str
    entries: list[str]


def manifest(key: str, publish_id: int) -> Manifest | None:
    """The manifest of folder `key` if this checker wrote it for publish `publish_id` (the
    newest one); else None."""
    row = ContentManifest.select(ContentManifest.data).where(ContentManifest.folder == key).first()
    if row is None:
        return None
    try:
        data = json.loads(row.data)
        found = Manifest(
            int(data["publish"]), str(data["files"]), str(data["version"]), list(data["entries"])
        )
    except (ValueError, TypeError, KeyError):
        return None
    if data.get("checker") != checker() or found.publish != publish_id:
        return None
    return Manifest(found.publish, found.files, found.version, [str(e) for e in found.entries])


def known_items(key: str) -> dict[str, Known]:
    """What the manifest of folder `key` knows of each service and event ('kind:slug')."""
    row = ContentManifest.select(ContentManifest.items).where(ContentManifest.folder == key).first()
    try:
        items = json.loads(row.items) if row is not None and row.items else {}
    except ValueError:
        return {}
    if not isinstance(items, dict):
        return {}
    found = {label: Known.from_json(record) for label, record in items.items()}
    return {label: record for label, record in found.items() if record is not None}


def remember(
    key: str,
    files: str,
    publish_id: int,
    version: str,
    entries: list[str],
    known: Mapping[str, Known],
    published: Mapping[str, str],
) -> None:
    """Record what the publish `publish_id` of folder `key` saw: `known` of each service and
    event, with the fingerprint `published` holds for it in the database."""
    data = json.dumps(
        {
            "checker": checker(),
            "publish": publish_id,
            "version": version,
            "files": files,
            "entries": entries,
        },
        separators=(",", ":"),
    )
    items = json.dumps(
        {label: record.to_json(published.get(label, "")) for label, record in known.items()},
        separators=(",", ":"),
    )
    query = ContentManifest.update(data=data, items=items).where(ContentManifest.folder == key)
    if not query.execute():
        ContentManifest.create(folder=key, data=data, items=items)
