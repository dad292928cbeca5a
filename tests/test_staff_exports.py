"""Staff CSV exports: Italian spreadsheet conventions, formula-safe cells, private files."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import re
import stat
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.models import AuditLog, Waitlist
from kiosk.staff import cli_commands
from kiosk.staff.exports import (
    export_all_waitlists,
    export_waitlist,
    neutralise,
    write_csv,
)
from tests.support.staff_data import KIOSK, add_entry, make_lists, personal_strings

UNTRUSTED = [
    '=HYPERLINK("http://x")',
    "+SUM(1)",
    "-2",
    "@cmd",
    "\tx",
    "\rx",
    "[@click=app.quit]x[/]",
    "Mario [/]",
    'say "hi", then\nleave',
    'a,b;c"d',
    "line1\r\nline2",
    "famiglia 👨‍👩‍👧 ❤️",
    "x" * 10_000,
    "  =spaced",
    "",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOW = dt.datetime(2026, 3, 2, 8, 30, 15)  # naive UTC: 09:30:15 in Lucca


@pytest.fixture
def lists(db: str) -> dict[str, Waitlist]:
    return make_lists()


def expected(value: str) -> str:
    """The cell as exported: carriage returns dropped; a quote before a formula, even indented."""
    text = value.replace("\r", "")
    runs = text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START)
    return "'" + text if runs else text


def read_csv(path: Path) -> list[list[str]]:
    """The file as an Italian-locale spreadsheet reads it: `;` between fields, UTF-8 with BOM."""
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_neutralise_only_formula_starts() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("-2") == "'-2"
    assert neutralise("Mario") == "Mario"
    assert neutralise(-2) == "-2"  # numbers we wrote are numbers
    assert neutralise(None) == ""
    assert neutralise(dt.datetime(2026, 1, 2, 3, 4, 5)) == "02/01/2026 03:04"
    assert neutralise(dt.date(2026, 1, 2)) == "02/01/2026"
    assert neutralise(2.5) == "2,5"  # the Italian decimal comma
    assert neutralise(True) == "sì"


def test_indented_formulas_are_neutralised_too() -> None:
    """Spreadsheets skip blanks before a formula."""
    assert neutralise(" =1+1") == "' =1+1"
    assert neutralise("\u00a0\t+39 333") == "'\u00a0\t+39 333"
    assert neutralise("  Mario =1") == "  Mario =1"


def test_rows_written_past_the_services_layer_lose_control_characters(
    lists: dict[str, Waitlist], db: str, tmp_path: Path
) -> None:
    nul = "\x00" if db.startswith("sqlite") else ""  # PostgreSQL text cannot hold NUL at all
    add_entry(
        lists["nascita"],
        name=f"Anna{nul} Rossi\x1b]52;c;Zm9v\x07",
        note="\x1b[2J=cmd\x9b1m",
        phone=" =1+1",
    )
    result = export_waitlist("percorso-nascita", tmp_path / "out", kiosk_id=KIOSK, now=NOW)
    raw = result.path.read_bytes()
    assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", raw.replace(b"\r\n", b""))
    rows = read_csv(result.path)
    header = rows[0]
    last = rows[-1]
    assert last[header.index("Nome")] == "Anna Rossi"
    assert last[header.index("Nota")] == "'=cmd1m"  # the escape gone, then still formula-safe
    assert last[header.index("Telefono")] == "' =1+1"


def test_an_existing_staff_folder_open_to_others_is_closed(tmp_path: Path) -> None:
    folder = tmp_path / "staff"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    write_csv(folder, "w", ["a"], [["1"]], now=NOW)
    assert mode(folder) == 0o700


def test_untrusted_cells_round_trip_with_only_the_quote_added(tmp_path: Path) -> None:
    rows = [[value, f"n{i}"] for i, value in enumerate(UNTRUSTED)]
    result = write_csv(tmp_path / "staff", "test", ["value", "n"], rows, now=NOW)
    assert result.rows == len(UNTRUSTED)
    read = read_csv(result.path)
    assert read[0] == ["value", "n"]
    assert read[1:] == [[expected(v), f"n{i}"] for i, v in enumerate(UNTRUSTED)]
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the accents right
    assert raw.endswith(b'"\r\n')
    assert b'"value";"n"\r\n' in raw  # record ends as RFC 4180, every field quoted, `;`


def test_file_is_private_and_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "staff" / "exports"
    first = write_csv(folder, "waitlist-x", ["a"], [["1"]], now=NOW)
    second = write_csv(folder, "waitlist-x", ["a"], [["2"]], now=NOW)
    assert mode(folder) == 0o700
    assert mode(first.path) == mode(second.path) == 0o600
    assert first.path.name == "waitlist-x-20260302-083015.csv"
    assert second.path.name == "waitlist-x-20260302-083015-2.csv"
    assert read_csv(first.path)[1] == ["1"]


def test_a_symlink_planted_at_the_name_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "staff"
    folder.mkdir()
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep")
    (folder / "w-20260302-083015.csv").symlink_to(target)
    result = write_csv(folder, "w", ["a"], [["1"]], now=NOW)
    assert result.path.name == "w-20260302-083015-2.csv"
    assert target.read_text() == "keep"


def test_export_one_list(lists: dict[str, Waitlist], tmp_path: Path) -> None:
    for value in UNTRUSTED[:12]:
        add_entry(lists["nascita"], name=value[:120], note=value[:500])
    result = export_waitlist("percorso-nascita", tmp_path / "out", kiosk_id=KIOSK, now=NOW)
    assert result.path.name == "waitlist-percorso-nascita-20260302-093015.csv"  # local time
    assert mode(result.path) == 0o600
    rows = read_csv(result.path)
    header = rows[0]
    assert header[:5] == ["Lista", "Posizione", "Codice", "Data iscrizione", "Stato"]
    names = [row[header.index("Nome")] for row in rows[1:]]
    assert names[:4] == ["Anna Bianchi", "Marco Rossi", "Lucìa Nerì", "Gianni Verdi"]
    assert names[4:] == [expected(v) for v in UNTRUSTED[:12]]
    anna = rows[1]
    assert anna[header.index("Posizione")] == "1"
    assert anna[header.index("Telefono")] == "'+39 333 111 2222"  # + starts a formula too
    assert anna[header.index("Data iscrizione")] == "02/03/2026 09:01"  # dd/mm/yyyy, local time
    assert anna[header.index("Stato")] == "in attesa"
    assert anna[header.index("Altre attività")] == "no"  # the optional consent, never assumed
    assert result.rows == 16
    audit = AuditLog.get(AuditLog.action == "export_waitlist")
    assert audit.target == f"waitlist:{lists['nascita'].id}"
    assert audit.detail == f"rows=16 file={result.path.name}"


def test_export_everything_and_names_carry_no_personal_data(
    lists: dict[str, Waitlist], tmp_path: Path
) -> None:
    one = export_waitlist("mediazione-familiare", tmp_path, kiosk_id=KIOSK)
    event = export_waitlist("event:festa-di-primavera", tmp_path, kiosk_id=KIOSK)
    every = export_all_waitlists(tmp_path, kiosk_id=KIOSK)
    assert re.fullmatch(r"waitlist-mediazione-familiare-\d{8}-\d{6}\.csv", one.path.name)
    assert re.fullmatch(r"waitlist-event-festa-di-primavera-\d{8}-\d{6}\.csv", event.path.name)
    assert re.fullmatch(r"waitlist-all-\d{8}-\d{6}\.csv", every.path.name)
    assert every.rows == 6
    assert {row[0] for row in read_csv(every.path)[1:]} == {
        "percorso-nascita",
        "mediazione-familiare",
        "festa-di-primavera",
    }
    audit = "\n".join(f"{r.target}|{r.detail}" for r in AuditLog.select())
    for value in personal_strings():
        assert value not in one.path.name + every.path.name + audit
    with pytest.raises(LookupError):
        export_waitlist("non-esiste", tmp_path, kiosk_id=KIOSK)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_export(lists: dict[str, Waitlist], db: str, tmp_path: Path) -> None:
    settings = Settings(database_url=db, kiosk_id=KIOSK, staff_dir=tmp_path / "staff")
    out, err = io.StringIO(), io.StringIO()
    code = cli_commands.dispatch(
        parse(["export", "--service", "percorso-nascita"]), settings, stdout=out, stderr=err
    )
    assert code == 0, err.getvalue()
    written = list((tmp_path / "staff").iterdir())
    assert len(written) == 1 and out.getvalue() == f"{written[0]} (4 iscrizioni)\n"
    code = cli_commands.dispatch(
        parse(["export", "--out", str(tmp_path / "all")]), settings, stdout=out, stderr=err
    )
    assert code == 0 and len(list((tmp_path / "all").iterdir())) == 1
    code = cli_commands.dispatch(
        parse(["export", "--service", "nope"]), settings, stdout=out, stderr=err
    )
    assert code == 1
    assert (
        "nessuna lista d'attesa per 'nope'; liste: mediazione-familiare, percorso-nascita, event:"
        in err.getvalue()
    )
    assert AuditLog.select().where(AuditLog.actor == "cli@cpf-test").count() == 2


def test_statuses_dates_and_any_script_as_an_italian_spreadsheet_reads_them(
    lists: dict[str, Waitlist], tmp_path: Path
) -> None:
    add_entry(lists["nascita"], name="Олена Коваленко", status="no_show", child_age=4)
    add_entry(lists["nascita"], name="Ștefan Popescu", status="called")
    result = export_waitlist("percorso-nascita", tmp_path, kiosk_id=KIOSK, now=NOW)
    rows = read_csv(result.path)
    header = rows[0]
    by_name = {row[header.index("Nome")]: row for row in rows[1:]}
    olena = by_name["Олена Коваленко"]  # Cyrillic survives the BOM'd UTF-8 round trip
    assert olena[header.index("Stato")] == "assente"  # the staff screens' word, not no_show
    assert olena[header.index("Età bambino")] == "4"
    assert by_name["Ștefan Popescu"][header.index("Stato")] == "chiamato"
    statuses = {row[header.index("Stato")] for row in rows[1:]}
    assert statuses <= {"in attesa", "chiamato", "contattato", "iscritto", "assente", "rimosso"}
    assert "iscritto" in statuses and not any("_" in s for s in statuses)
    for row in rows[1:]:
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row[header.index("Data iscrizione")])
    assert "Олена Коваленко".encode() in result.path.read_bytes()


def test_cli_export_speaks_english_on_request(
    lists: dict[str, Waitlist], db: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=db, kiosk_id=KIOSK, staff_dir=tmp_path / "staff")
    out, err = io.StringIO(), io.StringIO()
    args = parse(["export", "--service", "nope"])
    args.lang = "en"
    assert cli_commands.dispatch(args, settings, stdout=out, stderr=err) == 1
    assert err.getvalue().startswith("kiosk: no waitlist for 'nope'; lists: mediazione-familiare")
    args = parse(["export", "--service", "mediazione-familiare"])
    args.lang = "en"
    assert cli_commands.dispatch(args, settings, stdout=out, stderr=err) == 0
    written = next((tmp_path / "staff").iterdir())
    assert read_csv(written)[0][0] == "Lista"  # the file stays Italian: it is the centre's
