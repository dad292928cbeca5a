"""Where a service is offered: a row per comune (or 'tutti', the whole Piana) to filter on.

`service.comune` keeps the same list as text for display ('Lucca,Capannori' or 'tutti'),
widened on PostgreSQL (SQLite does not enforce lengths). Existing services keep their one
comune; the next content sync rewrites both from the files.
"""

import peewee as pw
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Service(Base):
        slug = pw.CharField(max_length=64, unique=True)

    class ServiceComune(Base):
        service = pw.ForeignKeyField(Service, on_delete="CASCADE")
        comune = pw.CharField(max_length=20, index=True)

        class Meta:
            indexes = ((("service", "comune"), True),)

    db.create_tables([ServiceComune])
    if not isinstance(db, pw.SqliteDatabase):
        db.execute_sql("ALTER TABLE service ALTER COLUMN comune TYPE VARCHAR(200)")
    db.execute_sql(
        "INSERT INTO service_comune (service_id, comune) "
        "SELECT id, comune FROM service WHERE comune <> ''"
    )
