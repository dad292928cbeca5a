"""Each content publish remembers the folder it came from (absolute path; '' before this)."""

import peewee as pw
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    migrator.migrate(migrator.add_column("content_sync", "folder", pw.TextField(default="")))
