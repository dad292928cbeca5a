"""The staff subcommands that copy the data out and back: `kiosk admin backup`, `kiosk admin
restore` and `kiosk export` (kiosk.staff.cli_commands dispatches to them)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TextIO

from kiosk.cli_text import _, ngettext
from kiosk.config import Settings
from kiosk.staff.cli_commands import _ensure_open, _put


def cmd_backup(
    settings: Settings,
    folder: Path | None,
    keep: int,
    out: TextIO,
    err: TextIO,
    lang: str = "it",
) -> int:
    import logging

    from kiosk.staff.backup import BackupError, backup_sqlite, default_backup_dir, sqlite_path

    log = logging.getLogger(__name__)
    try:
        db_path = sqlite_path(settings.database_url)
        result = backup_sqlite(
            db_path, folder or default_backup_dir(settings.database_url), keep=keep
        )
    except (BackupError, OSError, sqlite3.Error) as exc:
        log.error("backup failed: %s", exc)
        reason = exc.args[0] if isinstance(exc, BackupError) and exc.args else str(exc)
        _put(_("kiosk: backup non riuscito: {error}", error=reason), lang, err)
        return 1
    log.info("backup written: %s (%d bytes)", result.path, result.size)
    size = ngettext("1 byte", "{count} byte", result.size)
    _put(_("{path} ({size})", path=result.path, size=size), lang, out)
    for old in result.removed:
        _put(_("cancellato il vecchio backup {name}", name=old.name), lang, out)
    return 0


def cmd_restore(settings: Settings, file: Path, out: TextIO, err: TextIO, lang: str = "it") -> int:
    import logging

    from kiosk.models import close_database
    from kiosk.staff.backup import BackupError, default_backup_dir, restore_sqlite, sqlite_path

    log = logging.getLogger(__name__)
    try:
        db_path = sqlite_path(settings.database_url)
        close_database()
        info, safety = restore_sqlite(
            file, db_path, safety_folder=default_backup_dir(settings.database_url)
        )
    except (BackupError, OSError, sqlite3.Error) as exc:
        log.error("restore refused or failed: %s", exc)
        reason = exc.args[0] if isinstance(exc, BackupError) and exc.args else str(exc)
        refused = _("kiosk: ripristino: {error}; non è stato cambiato nulla.", error=reason)
        _put(refused, lang, err)
        return 1
    _ensure_open(settings)  # brings an older backup's schema up to date
    log.warning("database restored from %s", file)
    if safety:
        _put(_("il database precedente è salvato come {path}", path=safety), lang, out)
    entries = ngettext(
        "1 iscrizione in lista d'attesa",
        "{count} iscrizioni in lista d'attesa",
        info.waitlist_entries,
    )
    done = _(
        "ripristinato {file} ({entries}) in {database}; riavvia il totem: systemctl start kiosk",
        file=file,
        entries=entries,
        database=db_path,
    )
    _put(done, lang, out)
    return 0


def cmd_export(
    settings: Settings,
    service: str | None,
    folder: Path,
    out: TextIO,
    err: TextIO,
    lang: str = "it",
) -> int:
    from kiosk.staff.exports import export_all_waitlists, export_waitlist
    from kiosk.staff.waitlists import list_waitlists

    _ensure_open(settings)
    actor = f"cli@{settings.kiosk_id}"
    if service:
        try:
            result = export_waitlist(service, folder, kiosk_id=settings.kiosk_id, actor=actor)
        except LookupError:
            known = ", ".join(
                s.slug if s.kind != "event" else f"event:{s.slug}" for s in list_waitlists()
            )
            unknown = _(
                "kiosk: nessuna lista d'attesa per {service!r}; liste: {known}",
                service=service,
                known=known or _("nessuna"),
            )
            _put(unknown, lang, err)
            return 1
    else:
        result = export_all_waitlists(folder, kiosk_id=settings.kiosk_id, actor=actor)
    rows = ngettext("1 iscrizione", "{count} iscrizioni", result.rows)
    _put(_("{path} ({rows})", path=result.path, rows=rows), lang, out)
    return 0
