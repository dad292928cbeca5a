"""Test content in other scripts and alphabets: one service with Italian, Ukrainian and
Romanian texts, written into a test's private content folder (never the bundled content)."""

from __future__ import annotations

from pathlib import Path

from tests.support.visitor import write_service

LANGUAGE_CLASS = "corso-di-lingua"


def write_language_class(content: Path) -> Path:
    """An Italian course for parents; its Ukrainian text says "школа", its Romanian "școală"."""
    write_service(
        content,
        LANGUAGE_CLASS,
        'name: "Corso di italiano per genitori"\n'
        'summary: "Lezioni di lingua italiana per mamme e papà."\n'
        'keywords: {it: "lezioni", uk: "мова, уроки"}\n'
        "needs: [gioco-tempo-libero]\n",
        "Lezioni in piccoli gruppi.",
    )
    services = content / "services"
    (services / f"{LANGUAGE_CLASS}.uk.md").write_text(
        '---\nname: "Курс італійської для батьків"\n'
        'summary: "ШКОЛА італійської мови для сім’ї: мами й тата вчаться разом."\n'
        "---\nЗаняття в малих групах.\n",
        encoding="utf-8",
    )
    (services / f"{LANGUAGE_CLASS}.ro.md").write_text(
        '---\nname: "Curs de italiană pentru părinți"\n'
        'summary: "Școală de limba italiană pentru mame și tați."\n'
        "---\nLecții în grupuri mici.\n",
        encoding="utf-8",
    )
    return content
