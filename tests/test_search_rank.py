"""Ranked free-text search: best match first, a page of cards, the total of all matches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playhouse.migrations import Runner

from kiosk import catalogue
from kiosk.models import database, is_sqlite, migrate, open_database, pending_migrations
from kiosk.models.schema import MIGRATIONS_DIR
from kiosk.records import SearchPage
from kiosk.sync import sync_directory
from tests.support.visitor import write_service

TODAY = dt.date(2026, 11, 21)


def _services(content: Path, count: int) -> None:
    """`count` services that all mention "girotondo" once, in a long description."""
    filler = "Attività per le famiglie della Piana con operatori del centro. " * 6
    for i in range(count):
        write_service(
            content,
            f"attivita-{i:02d}",
            f'name: "Attività {i:02d}"\nsummary: "Incontri per famiglie"\n'
            "needs: [gioco-tempo-libero]\n",
            body=f"{filler} Una volta al mese si fa anche il girotondo. {filler}",
        )


def test_best_match_first_limit_and_total(db: str, content_dir: Path) -> None:
    _services(content_dir, 30)
    write_service(
        content_dir,
        "girotondo-in-piazza",
        'name: "Girotondo in piazza"\nsummary: "Il girotondo delle famiglie, ogni sabato"\n'
        "needs: [gioco-tempo-libero]\n",
        body="Girotondo per tutti.",
    )
    sync_directory(content_dir)

    page = catalogue.search_services("it", "girotondo", limit=5, today=TODAY)

    assert page.cards[0].slug == "girotondo-in-piazza"  # in the name, summary and short text
    assert len(page.cards) == 5
    assert page.total == 31
    assert len({c.slug for c in page.cards}) == 5
    # The same words through the unpaged search find the same services.
    assert len(catalogue.find_services("it", query="girotondo", today=TODAY)) == 31


def test_total_counts_only_visible_services_and_prefixes(db: str, content_dir: Path) -> None:
    _services(content_dir, 3)
    write_service(
        content_dir,
        "girotondo-estivo",
        'name: "Girotondo estivo"\nsummary: "Solo d\'estate"\nneeds: [gioco-tempo-libero]\n'
        "visible_from: 2027-06-01\nvisible_until: 2027-08-31\n",
    )
    sync_directory(content_dir)

    now = catalogue.search_services("it", "giroto", limit=20, today=TODAY)
    summer = catalogue.search_services("it", "giroto", limit=20, today=dt.date(2027, 7, 1))

    assert now.total == 3 and "girotondo-estivo" not in {c.slug for c in now.cards}
    assert summer.total == 4 and summer.cards[0].slug == "girotondo-estivo"


def test_no_words_or_no_match_is_an_empty_page(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    assert catalogue.search_services("it", "  ¿? ", today=TODAY) == SearchPage((), 0)
    assert catalogue.search_services("it", "zzzqqq", today=TODAY).total == 0


def test_search_falls_back_to_italian_text_for_english(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    english = catalogue.search_services("en", "birth", today=TODAY)
    italian_word = catalogue.search_services("en", "nascita", today=TODAY)
    assert "percorso-nascita" in {c.slug for c in english.cards}
    assert "percorso-nascita" in {c.slug for c in italian_word.cards}


def test_migration_applies_on_a_database_at_the_previous_schema(
    db_url: str, content_dir: Path
) -> None:
    open_database(db_url)
    migrate()
    sync_directory(content_dir)  # content already there when the search migrations come
    # Back to before 0003: 0012 and later undone, then 0003's column, its index, its record.
    Runner(database.obj, directory=str(MIGRATIONS_DIR)).down("0012_search_index")
    if not is_sqlite():
        database.execute_sql("DROP INDEX service_text_search_vector_idx")
        database.execute_sql("ALTER TABLE service_text DROP COLUMN search_vector")
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0003_search_rank'")
    rerun = [
        "0003_search_rank",
        "0012_search_index",
        "0013_content_known",
        "0014_join_indexes",
        "0015_drop_search_view",
    ]
    assert pending_migrations() == rerun

    assert migrate() == rerun

    page = catalogue.search_services("it", "famiglie", limit=3, today=TODAY)
    unpaged = {c.slug for c in catalogue.find_services("it", query="famiglie", today=TODAY)}
    assert page.total == len(unpaged) > 3
    assert len(page.cards) == 3 and {c.slug for c in page.cards} <= unpaged
    texts = database.execute_sql("SELECT count(*) FROM service_text").fetchone()[0]
    if is_sqlite():
        # Every text is in the full-text index, which follows the table from now on.
        indexed = database.execute_sql(
            "SELECT count(*) FROM service_text_search_docsize"
        ).fetchone()[0]
        assert indexed == texts
    else:
        # The texts already there are in the search table, and its vectors indexed.
        indexed = database.execute_sql("SELECT count(*) FROM service_text_search").fetchone()[0]
        assert indexed == texts
        indexes = database.execute_sql(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'service_text_search'"
        ).fetchall()
        assert any("gin (search_vector)" in row[0] for row in indexes)


def _last_analyze() -> object:
    """When the planner statistics were last refreshed by an ANALYZE (None: never)."""
    if is_sqlite():
        exists = database.execute_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone()[0]
        return (
            database.execute_sql("SELECT count(*) FROM sqlite_stat1").fetchone()[0]
            if exists
            else None
        )
    return database.execute_sql(
        "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'service_text'"
    ).fetchone()[0]


def test_sync_refreshes_planner_statistics_after_publishing(db: str, content_dir: Path) -> None:
    before = _last_analyze()
    sync_directory(content_dir, dry_run=True)
    assert _last_analyze() == before  # a preview publishes nothing
    sync_directory(content_dir)
    after = _last_analyze()
    assert after is not None and after != before
