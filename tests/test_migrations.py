"""An older database is upgraded in place and keeps its data."""

from __future__ import annotations

from pathlib import Path

from playhouse.migrations import Runner

from kiosk import catalogue
from kiosk.models import (
    ALL_MODELS,
    applied_migrations,
    close_database,
    database,
    is_sqlite,
    migrate,
    open_database,
    pending_migrations,
)
from kiosk.models.schema import MIGRATIONS_DIR


def test_upgrade_from_first_schema_keeps_data(db_url: str) -> None:
    open_database(db_url)
    assert migrate("0001_initial") == ["0001_initial"]
    p = "?" if is_sqlite() else "%s"
    database.execute_sql(
        f"INSERT INTO service (slug, source_path, languages, comune, url, assured_by, "
        f"needs_review, review_note, content_hash, updated_at) "
        f"VALUES ({p}, '', 'it', 'Lucca', '', '', {p}, '', 'x', {p})",
        ("caffe-genitori", False, "2026-01-01 00:00:00"),
    )
    service_id = database.execute_sql("SELECT id FROM service").fetchone()[0]
    database.execute_sql(
        f"INSERT INTO service_text (service_id, lang, name, summary, description, eligibility, "
        f"application_process, required_documents, fees, schedule, contacts, location) "
        f"VALUES ({p}, 'it', {p}, {p}, '', '', '', '', '', '', '', '')",
        (service_id, "Caffè dei genitori", "Incontri"),
    )
    database.execute_sql(
        f"INSERT INTO waitlist (service_id, is_open, fields, retention_days, sensitive, last_seq) "
        f"VALUES ({p}, {p}, 'name,contact', 180, {p}, 1)",
        (service_id, True, False),
    )
    waitlist_id = database.execute_sql("SELECT id FROM waitlist").fetchone()[0]
    database.execute_sql(
        f"INSERT INTO waitlist_entry (waitlist_id, seq, code, status, name, phone, email, "
        f"contact_key, note, extra_consent, kiosk_id, created_at, updated_at) "
        f"VALUES ({p}, 1, 'ACD34', 'waiting', 'Anna', '3331234567', '', 'k', '', {p}, 'k1', "
        f"{p}, {p})",
        (waitlist_id, False, "2026-01-01 00:00:00", "2026-01-01 00:00:00"),
    )
    close_database()

    # A newer kiosk starts on the old database.
    open_database(db_url)
    newer = [
        "0002_search",
        "0003_search_rank",
        "0004_content_folder",
        "0005_sources",
        "0006_unicode_search",
        "0007_outbox",
        "0008_offers",
        "0009_comuni",
        "0010_translation_review",
        "0011_content_manifest",
        "0012_search_index",
        "0013_content_known",
        "0014_join_indexes",
        "0015_drop_search_view",
    ]
    assert pending_migrations() == newer
    assert migrate() == newer
    assert applied_migrations() == ["0001_initial", *newer]
    name, phone = database.execute_sql(
        "SELECT name, phone FROM waitlist_entry WHERE code = 'ACD34'"
    ).fetchone()
    assert (name, phone) == ("Anna", "3331234567")
    # The old Italian text is not a translation awaiting review.
    (marked,) = database.execute_sql("SELECT translation_review FROM service_text").fetchone()
    assert not marked
    # Seat offers (0008): the old list offers for 48 hours, the old entry holds no offer.
    hours = database.execute_sql("SELECT offer_hours FROM waitlist").fetchone()[0]
    expires = database.execute_sql(
        "SELECT offer_expires_at FROM waitlist_entry WHERE code = 'ACD34'"
    ).fetchone()[0]
    assert (hours, expires) == (48, None)
    # The old service is findable by the new free-text search.
    found = catalogue.find_services("it", query="caffe")
    assert [c.slug for c in found] == ["caffe-genitori"]
    # Its one comune is where it is offered: "Il mio comune" finds it there, not elsewhere.
    assert [c.slug for c in catalogue.find_services("it", comune="Lucca")] == ["caffe-genitori"]
    assert catalogue.find_services("it", comune="Porcari") == []
    # Room for a list of comuni (PostgreSQL enforces the column's length).
    six = "Lucca,Capannori,Altopascio,Porcari,Montecarlo,Villa Basilica"
    database.execute_sql(f"UPDATE service SET comune = {p}", (six,))
    assert migrate() == []  # nothing left to do
    close_database()


def test_the_old_search_view_is_gone_and_comes_back_on_a_downgrade(kiosk_db: Path) -> None:
    """0015 drops the `service_search` view of 0012 (nothing writes there); its down()
    restores it, and migrating again drops it once more, search answering throughout."""

    def objects() -> set[str]:
        rows = database.execute_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'service_search%'"
        ).fetchall()
        return {name for (name,) in rows}

    assert objects() == set()
    assert catalogue.search_services("it", "genitori").total > 0
    Runner(database.obj, directory=str(MIGRATIONS_DIR)).down("0015_drop_search_view")
    assert objects() == {"service_search", "service_search_insert", "service_search_delete"}
    assert pending_migrations() == ["0015_drop_search_view"]
    assert migrate() == ["0015_drop_search_view"]
    assert objects() == set()
    assert catalogue.search_services("it", "famiglie").total > 0


# Indexes the models cannot declare: partial ones (0014: the contacts entries have) and
# SQLite's covering index that its search names (0012: INDEXED BY).
UNDECLARED_INDEXES = {
    "waitlist_entry_phone_given",
    "waitlist_entry_email_given",
    "service_text_id_service",
}


def test_the_models_declare_the_indexes_of_a_migrated_database(db: str) -> None:
    """kiosk.models.tables describes the schema the migrations build: each index it declares
    (a lookup the code relies on being fast, a uniqueness it relies on) exists, on the same
    columns in the same order, unique where declared so; and each index a migration made is
    declared there (but for UNDECLARED_INDEXES)."""
    for model in ALL_MODELS:
        table = model._meta.table_name
        present = {
            (tuple(i.columns), i.unique): i.name
            for i in database.get_indexes(table)
            if i.name not in UNDECLARED_INDEXES and i.columns != ["id"]  # the primary key
        }
        declared = {
            (tuple(field.column_name for field in index._expressions), index._unique)
            for index in model._meta.fields_to_index()
        }
        assert declared <= set(present), (table, declared - set(present))
        assert set(present) <= declared, (table, [present[k] for k in set(present) - declared])
