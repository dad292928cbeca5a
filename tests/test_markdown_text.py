"""Descriptions written by volunteers in Markdown, drawn as wrapped text on one widget."""

from __future__ import annotations

from rich.cells import cell_len

from kiosk.widgets.markdown_text import MarkdownText

DESCRIPTION = """\
Vuoi informazioni su **affido** o *adozione*? Sei già
una famiglia affidataria?

## Come partecipare

- il **Centro Affidi**, che promuove l'affido e l'adozione nei comuni della Piana di Lucca;
- i servizi per l'adozione.
  1. primo passo
  2. secondo passo

> Una frase citata abbastanza lunga da andare a capo.

3. terzo
4. quarto

[Dettagli](https://www.comune.lucca.it/) e [la guida](../LEGGIMI.md),
[scrivi](mailto:cpf@example.it).
Testo [b]non[/b] markup [@click=app.quit]esci[/] e <b>HTML</b> come scritto.
"""


def plain_lines(width: int, text: str = DESCRIPTION) -> list[str]:
    return [line.plain for line in MarkdownText(text).lines(width)]


def test_paragraphs_lists_headings_and_quotes_read_as_on_paper() -> None:
    assert plain_lines(40) == [
        "Vuoi informazioni su affido o adozione?",
        "Sei già una famiglia affidataria?",
        "",
        "Come partecipare",
        "",
        "• il Centro Affidi, che promuove",  # a list item: its later lines under its text
        "  l'affido e l'adozione nei comuni della",
        "  Piana di Lucca;",
        "• i servizi per l'adozione.",  # a tight list: no empty line between items
        "  1. primo passo",
        "  2. secondo passo",
        "",
        "▌ Una frase citata abbastanza lunga da",
        "▌ andare a capo.",
        "",
        "3. terzo",  # a numbered list keeps its first number
        "4. quarto",
        "",
        "Dettagli (www.comune.lucca.it) e la",  # an address shown: nothing can be tapped
        "guida, scrivi (cpf@example.it). Testo",  # a link inside the content says nothing
        "[b]non[/b] markup",
        "[@click=app.quit]esci[/] e <b>HTML</b>",  # never markup, raw HTML as written
        "come scritto.",
    ]


def test_bold_italics_and_headings_are_styled_not_shown_as_stars() -> None:
    text = MarkdownText("Il **doposcuola** e *i compiti*\n\n# Orari").lines(80)
    first, heading = text[0], text[2]
    assert first.plain == "Il doposcuola e i compiti"
    styles = {first.plain[span.start : span.end]: str(span.style) for span in first.spans}
    assert styles == {"doposcuola": "bold", "i compiti": "italic"}
    assert heading.plain == "Orari" and "bold" in str(heading.spans[0].style)


def test_every_line_fits_the_narrowest_panel_and_the_widest() -> None:
    for width in (57 - 4, 80, 200):  # the page's margins and padding take a few cells
        lines = plain_lines(width)
        assert max(cell_len(line) for line in lines) <= width
        assert "".join(lines).replace(" ", "").count("CentroAffidi") == 1


def test_an_empty_or_odd_description_draws_without_error() -> None:
    assert plain_lines(30, "") == []
    assert plain_lines(30, "---\n\n```\ncodice\n```\n\n![foto della sala](sala.jpg)") == [
        "―――",
        "",
        "codice",
        "",
        "foto della sala",
    ]
    assert plain_lines(3, "parola-lunghissima-senza-spazi") == [
        "par", "ola", "-lu", "ngh", "iss", "ima", "-se", "nza", "-sp", "azi"
    ]  # fmt: skip
