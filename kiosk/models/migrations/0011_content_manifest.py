"""The files of a content folder as its last publish saw them (sizes and times, never texts):
a sync of an unchanged folder, even in a new process, does not parse it again."""

import peewee as pw
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    class ContentManifest(pw.Model):
        id = pw.AutoField()
        folder = pw.TextField(unique=True)  # absolute path, as content_sync.folder
        data = pw.TextField()  # JSON: checker, publish, version, files, entries

        class Meta:
            database = db
            table_name = "content_manifest"

    db.create_tables([ContentManifest], safe=True)
