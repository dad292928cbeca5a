"""The `kiosk` command speaks Italian to volunteers and staff, English on request."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kiosk import cli_text
from kiosk.cli import main
from kiosk.cli_text import _, choose_language, language_from_environment, ngettext
from kiosk.i18n import LOCALES_DIR, translate_plural
from tests.test_content_check import SERVICE, edit, make_content

KIOSK_DIR = Path(cli_text.__file__).parent
CLI_PO = LOCALES_DIR / "en" / "LC_MESSAGES" / "cli.po"
# Files whose `_()` / `ngettext()` messages belong to the `cli` catalogue domain.
CLI_SOURCES = (
    "cli.py",
    "cli_parser.py",
    "config.py",
    "sync.py",
    "models/schema.py",
    "staff/cli_args.py",
    "staff/cli_commands.py",
    "staff/status.py",
    "staff/records.py",
    "staff/backup.py",
    "staff/pin.py",
    "notify/settings.py",
    *(f"contentfiles/{p.name}" for p in sorted((KIOSK_DIR / "contentfiles").glob("*.py"))),
)
# The runtime of issue 11 point 1 (gettext/Babel) reads plural entries; the old one did not.
PLURALS_READ = translate_plural("en", "1 iscrizione", "{count} iscrizioni", 2) == "{count} entries"
needs_plural_runtime = pytest.mark.skipif(
    not PLURALS_READ, reason="English plural forms need the gettext runtime (issue 11, point 1)"
)


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "it"),
        ({"LANG": "C.UTF-8"}, "it"),
        ({"LANG": "it_IT.UTF-8"}, "it"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "it"),  # the command speaks only Italian and English
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "it_IT.UTF-8"}, "it"),  # LC_ALL wins over LANG
        ({"LANG": "it_IT.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "it_IT.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "it"),
        ({"LANGUAGE": "fr:en", "LANG": "it_IT.UTF-8"}, "en"),  # a list: the first we speak
        ({"LANGUAGE": "fr", "LANG": "en_GB.UTF-8"}, "en"),
    ],
)
def test_language_follows_the_locale_variables(env: dict[str, str], lang: str) -> None:
    assert language_from_environment(env) == lang


def test_the_flag_beats_the_environment() -> None:
    assert choose_language("en", {"LC_ALL": "it_IT.UTF-8"}) == "en"
    assert choose_language("it", {"LANG": "en_GB.UTF-8"}) == "it"
    assert choose_language(None, {"LANG": "en_GB.UTF-8"}) == "en"


def test_italian_plurals_and_late_english() -> None:
    assert [ngettext("1 file", "{count} file", n) for n in (0, 1, 3)] == [
        "0 file",
        "1 file",
        "3 file",
    ]
    assert ngettext("1 servizio", "{count} servizi", 2) == "2 servizi"
    assert ngettext("1 problema", "{count} problemi", 1) == "1 problema"
    message = _("manca il campo obbligatorio `{name}`", name="summary")
    assert message == "manca il campo obbligatorio `summary`"  # a str, Italian
    assert message.render("en") == "missing required field `summary`"
    nested = _("scrivi: {example}", example=_("scrivi: campo: valore"))
    assert nested.render("en") == "write: write: field: value"


@needs_plural_runtime
def test_english_plurals() -> None:
    assert ngettext("1 servizio", "{count} servizi", 1).render("en") == "1 service"
    assert ngettext("1 servizio", "{count} servizi", 5).render("en") == "5 services"
    assert ngettext("1 iscrizione", "{count} iscrizioni", 2).render("en") == "2 entries"


def broken_folder(tmp_path: Path) -> Path:
    """The minimal content folder with one required field missing (reported at line 2)."""
    service = edit(SERVICE, 'assured_by: "Segreteria del Centro"\n', "")
    return make_content(tmp_path, {"services/percorso-nascita.md": service})


def test_content_check_speaks_italian_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken_folder(tmp_path)
    assert main(["content", "check", str(root)]) == 1
    out = capsys.readouterr().out
    path = root / "services" / "percorso-nascita.md"
    assert f"{path}:2: manca il campo obbligatorio `assured_by`" in out  # file:line kept
    assert "aggiungi: assured_by:" in out
    assert f"1 problema in {root}: niente può essere pubblicato" in out


def test_content_check_counts_in_italian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_content(tmp_path)
    assert main(["content", "check", str(root)]) == 0
    out = capsys.readouterr().out
    assert f"OK: 1 servizio, 1 evento, 2 bisogni, 2 fasce d'età in {root}" in out


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["--lang", "en", "content", "check"], {}),
        (["content", "check", "--lang", "en"], {}),
        (["content", "check"], {"LANG": "en_GB.UTF-8"}),
        (["content", "check"], {"LC_MESSAGES": "en_US.UTF-8", "LANG": "it_IT.UTF-8"}),
    ],
)
def test_content_check_in_english_on_request(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    env: dict[str, str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    root = broken_folder(tmp_path)
    assert main([*argv, str(root)]) == 1
    out = capsys.readouterr().out
    path = root / "services" / "percorso-nascita.md"
    assert f"{path}:2: missing required field `assured_by` — add: assured_by:" in out
    assert "manca" not in out.splitlines()[0]


def test_lc_all_italian_wins_over_an_english_lang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("LC_ALL", "it_IT.UTF-8")
    assert main(["content", "check", str(broken_folder(tmp_path))]) == 1
    assert "manca il campo obbligatorio" in capsys.readouterr().out


@needs_plural_runtime
def test_content_check_summary_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken_folder(tmp_path)
    assert main(["--lang", "en", "content", "check", str(root)]) == 1
    assert f"1 problem in {root}: nothing can be published" in capsys.readouterr().out
    assert main(["--lang", "en", "content", "check", str(make_content(tmp_path / "ok"))]) == 0
    assert "OK: 1 service, 1 event, 2 needs, 2 age groups" in capsys.readouterr().out


def test_help_is_italian_and_english_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    italian = capsys.readouterr().out
    assert italian.startswith("uso: kiosk")
    assert "volontari: controlla e pubblica i file dei contenuti" in italian
    assert "impostazioni (variabili d'ambiente):" in italian
    with pytest.raises(SystemExit):
        main(["--lang", "en", "content", "sync", "--help"])
    english = capsys.readouterr().out
    assert english.startswith("usage: kiosk content sync")
    assert "show what would change, change nothing" in english


def test_a_refused_argument_is_explained_in_the_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["admin", "review", "--months", "0"])
    assert "errore: argument --months: 0 mesi: scrivi da 1 a 120" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "admin", "review", "--months", "0"])
    assert "error: argument --months: 0 months: write 1 to 120" in capsys.readouterr().err


def test_configuration_error_in_both_languages(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_IDLE_TIMEOUT", "presto")
    assert main(["content", "check"]) == 2
    assert capsys.readouterr().err == (
        "kiosk: errore di configurazione: KIOSK_IDLE_TIMEOUT='presto' non è un numero intero "
        "di secondi\n"
    )
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert main(["content", "check"]) == 2
    assert capsys.readouterr().err == (
        "kiosk: configuration error: KIOSK_IDLE_TIMEOUT='presto' is not a whole number of seconds\n"
    )


def _po_msgids(text: str) -> set[str]:
    """Every msgid (singular and plural) of a .po file with a non-empty English text."""
    found: set[str] = set()
    entries = re.split(r"\n\s*\n", text)
    for entry in entries:
        fields: dict[str, str] = {}
        current = ""
        for line in entry.splitlines():
            head = re.match(r"(msgid|msgid_plural|msgstr(?:\[\d\])?) (\".*\")$", line)
            if head:
                current = head.group(1)
                fields[current] = ast.literal_eval(head.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        english = fields.get("msgstr") or fields.get("msgstr[0]")
        if fields.get("msgid") and english:
            found.add(fields["msgid"])
            if "msgid_plural" in fields:
                found.add(fields["msgid_plural"])
    return found


def test_every_cli_message_has_an_english_translation() -> None:
    translated = _po_msgids(CLI_PO.read_text(encoding="utf-8"))
    missing = []
    for rel in CLI_SOURCES:
        tree = ast.parse((KIOSK_DIR / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            count = {"_": 1, "ngettext": 2}.get(node.func.id, 0)
            for arg in node.args[:count]:
                if isinstance(arg, ast.Constant) and arg.value not in translated:
                    missing.append(f"{rel}:{node.lineno}: {arg.value!r}")
    assert missing == []
