"""A content folder's files as the last publish saw them, kept in the database.

`content sync` of a folder whose every file has the same size, modification and change time
as when it was last published (by this same checker, to this database, with nothing
published since) is answered from the manifest: nothing is read or parsed, even in a new
process. Any difference (a file added, removed, edited or touched; another checker; another
publish in between) makes a full sync, which writes a new manifest. Texts are never kept here.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from kiosk.models import ContentManifest

FileStats = dict[str, list[int]]


@cache
def checker() -> str:
    """The checking and syncing code itself: a new kiosk version re-checks every file."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*(here / "contentfiles").glob("*.py"), here / "sync.py"]):
        digest.update(path.name.encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()[:16]


def folder_files(folder: Path) -> FileStats:
    """Every file under `folder` (hidden files and folders such as .git aside): its size,
    modification and change times in nanoseconds."""
    files: FileStats = {}
    root = str(folder)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path)
            except OSError:
                continue  # gone meanwhile: the manifest will differ next time
            files[os.path.relpath(path, root)] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    return files


def unchanged_since(key: str, files: FileStats, publish_id: int) -> tuple[list[str], str]:
    """The 'kind:slug' entries and the version of folder `key` when none of its files changed
    since the sync that recorded them and `publish_id` is still the newest publish; else
    ([], "")."""
    row = ContentManifest.get_or_none(ContentManifest.folder == key)
    if row is None:
        return [], ""
    try:
        data = json.loads(row.data)
    except ValueError:
        return [], ""
    same = (
        data.get("checker") == checker()
        and data.get("publish") == publish_id
        and data.get("files") == files
    )
    if not same:
        return [], ""
    return [str(e) for e in data.get("entries", [])], str(data.get("version", ""))


def remember(key: str, files: FileStats, publish_id: int, version: str, entries: list[str]) -> None:
    """Record what the publish `publish_id` of folder `key` saw."""
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
    updated = ContentManifest.update(data=data).where(ContentManifest.folder == key).execute()
    if not updated:
        ContentManifest.create(folder=key, data=data)
