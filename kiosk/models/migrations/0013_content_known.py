"""What the last publish knew of each service and event (its files' content hashes and the
fields other files' checks read): a sync after an edit parses only the files that changed."""

import peewee as pw
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    migrator.migrate(migrator.add_column("content_manifest", "items", pw.TextField(default="")))


def down(migrator: SchemaMigrator, db: pw.Database) -> None:
    migrator.migrate(migrator.drop_column("content_manifest", "items"))
