"""Search in any script, on SQLite and PostgreSQL: capitals and Latin accents never matter,
Cyrillic is searched as Cyrillic, and an existing database is reindexed by 0006."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playhouse.migrations import Runner

from kiosk import catalogue
from kiosk.models import (
    close_database,
    database,
    is_sqlite,
    migrate,
    open_database,
    pending_migrations,
)
from kiosk.models.schema import MIGRATIONS_DIR
from kiosk.sync import sync_directory
from kiosk.text import search_fold, search_tokens
from tests.support.scripts import LANGUAGE_CLASS, write_language_class

TODAY = dt.date(2026, 11, 21)


def found(lang: str, words: str) -> list[str]:
    page = catalogue.search_services(lang, words, today=TODAY)
    unpaged = [c.slug for c in catalogue.find_services(lang, query=words, today=TODAY)]
    assert sorted(c.slug for c in page.cards) == sorted(unpaged)  # both searches agree
    return [c.slug for c in page.cards]


def test_tokens_in_any_script() -> None:
    assert search_tokens("привіт діти") == ["привіт", "діти"]
    assert search_tokens("ШКОЛА") == ["школа"]
    assert search_tokens("Școală, Noël, garçon") == ["scoala", "noel", "garcon"]
    assert search_tokens("şcoală") == ["scoala"]  # the cedilla s of old keyboards too
    # й and ї are letters of their own in Ukrainian, not и and і with an accent
    assert search_tokens("Йти, ЇЖАК") == ["йти", "їжак"]
    assert search_tokens("за\u0301мок") == ["замок"]  # a stress mark is not a letter
    # an apostrophe inside a Ukrainian word, however typed, is part of it
    assert search_tokens("сім'я") == search_tokens("сім’я") == search_tokens("сімʼя") == ["сімя"]
    assert search_tokens("Αθήνα") == ["αθηνα"]
    assert search_tokens("中文学校 学") == ["中文学校", "学"]  # one ideograph is a word
    assert search_tokens("हिन्दी") == ["हिन्दी"]  # vowel signs stay in their word
    assert search_tokens("ＡＢＣ ﬁle") == ["abc", "file"]


def test_indexed_text_is_the_words_one_space_apart() -> None:
    assert search_fold("Caffè  dei\tgenitori: P.I.P.P.I.!") == "caffe dei genitori pippi"
    assert search_fold("МОВНА школа, 0-3") == "мовна школа 0 3"


@pytest.mark.parametrize("words", ["ШКОЛА", "школа", "Школа", "шко", "сім'ї", "СІМ’Ї", "мови"])
def test_capital_cyrillic_finds_the_ukrainian_text(db: str, content_dir: Path, words: str) -> None:
    sync_directory(write_language_class(content_dir))
    assert LANGUAGE_CLASS in found("uk", words)  # the bundled uk texts may match too


def test_ukrainian_family_words_are_searched(db: str, content_dir: Path) -> None:
    sync_directory(write_language_class(content_dir))
    assert LANGUAGE_CLASS in found("uk", "УРОКИ")
    assert found("it", "уроки") == []  # an Italian visitor searches the Italian texts


@pytest.mark.parametrize("words", ["scoala", "SCOALA", "școală", "şcoală", "parinti"])
def test_romanian_without_diacritics_finds_the_romanian_text(
    db: str, content_dir: Path, words: str
) -> None:
    sync_directory(write_language_class(content_dir))
    assert LANGUAGE_CLASS in found("ro", words)


def test_the_italian_text_is_still_found_in_every_language(db: str, content_dir: Path) -> None:
    sync_directory(write_language_class(content_dir))
    for lang in ("uk", "ro", "it"):
        assert LANGUAGE_CLASS in found(lang, "lingua italiana")


def test_short_i_is_not_searched_as_i(db: str, content_dir: Path) -> None:
    """ "й" (short i) is a letter of its own: "мамий" is not "мами"+"и"."""
    sync_directory(write_language_class(content_dir))
    assert LANGUAGE_CLASS in found("uk", "мами")
    assert found("uk", "маміи") == found("uk", "мамий") == []


def test_0006_reindexes_a_database_written_by_the_previous_kiosk(
    db_url: str, content_dir: Path
) -> None:
    """Texts synced before 0006 were folded the old way (no Cyrillic word could be found, й
    lost its mark); after 0006 they are found, and the family words the old index held stay."""
    open_database(db_url)
    migrate()
    sync_directory(write_language_class(content_dir))
    # Rewind to 0005: 0012 and later undone, the old index text and FTS5 table, no 0006.
    Runner(database.obj, directory=str(MIGRATIONS_DIR)).down("0012_search_index")
    p = "?" if is_sqlite() else "%s"
    old = "курс італіиськоі для батьків школа італіиськоі мови для сімʼі уроки мова"
    database.execute_sql(
        f"UPDATE service_text SET search_text = {p} WHERE lang = 'uk' AND service_id = "
        f"(SELECT id FROM service WHERE slug = {p})",
        (old, LANGUAGE_CLASS),
    )
    if is_sqlite():
        database.execute_sql("DROP TABLE service_search")
        database.execute_sql(
            "CREATE VIRTUAL TABLE service_search USING fts5(service_id UNINDEXED, "
            "lang UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        database.execute_sql(
            "INSERT INTO service_search (service_id, lang, body) "
            "SELECT service_id, lang, search_text FROM service_text"
        )
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0006_unicode_search'")
    close_database()

    open_database(db_url)
    rerun = [
        "0006_unicode_search",
        "0012_search_index",
        "0013_content_known",
        "0014_join_indexes",
        "0015_drop_search_view",
    ]
    assert pending_migrations() == rerun
    assert migrate() == rerun
    assert LANGUAGE_CLASS in found("uk", "ШКОЛА")
    assert LANGUAGE_CLASS in found("uk", "італійської")  # й as written
    assert LANGUAGE_CLASS in found("uk", "уроки")  # a family word only the old index held
    assert LANGUAGE_CLASS in found("ro", "scoala")
    assert LANGUAGE_CLASS in found("it", "genitori")
    assert migrate() == []
