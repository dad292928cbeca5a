"""Settings and the `kiosk` command: clear one-line errors, content check and sync."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ConfigError, load_settings


def test_defaults_use_bundled_content_and_sqlite_in_data_dir() -> None:
    settings = load_settings({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("kiosk.db")
    assert (settings.content_dir / "needs.yaml").is_file()
    assert (settings.language, settings.idle_timeout) == ("it", 60)
    assert settings.languages == ("it", "en", "fr", "ro", "sq", "uk")


def test_offered_languages_from_a_list_in_order(tmp_path: Path) -> None:
    assert load_settings({"KIOSK_LANGUAGES": " it, UK ,en"}).languages == ("it", "uk", "en")
    config = tmp_path / "kiosk.toml"
    config.write_text('language = "uk"\nlanguages = ["uk", "it"]\n', encoding="utf-8")
    assert load_settings({"KIOSK_CONFIG": str(config)}).languages == ("uk", "it")


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"KIOSK_IDLE_TIMEOUT": "soon"}, "KIOSK_IDLE_TIMEOUT"),
        ({"KIOSK_IDLE_TIMEOUT": "2"}, "tra 10 e 3600"),
        ({"KIOSK_DATABASE_URL": "mysql://x"}, "sqlite:///"),
        ({"KIOSK_LANGUAGE": "klingon"}, "scegli uno tra it, en"),
        ({"KIOSK_CONTENT_DIR": "/nonexistent/dir"}, "non è una cartella"),
        ({"KIOSK_PUBLIC_URL": "www.example.org"}, "collegamento completo"),
        ({"KIOSK_ID": "a b"}, "KIOSK_ID"),
        ({"KIOSK_LANGUAGES": "it,ar"}, "KIOSK_LANGUAGES='it,ar': 'ar' non è tra"),
        ({"KIOSK_LANGUAGES": "en,uk"}, "deve comprendere la lingua predefinita"),
    ],
)
def test_bad_values_are_refused_with_the_variable_named(env: dict, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    assert fragment in str(caught.value)


def test_toml_file_then_environment(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('kiosk_id = "cpf-capannori"\nidle_timeout = 90\n', encoding="utf-8")
    settings = load_settings({"KIOSK_CONFIG": str(config), "KIOSK_IDLE_TIMEOUT": "120"})
    assert settings.kiosk_id == "cpf-capannori" and settings.idle_timeout == 120
    config.write_text("idle_timeot = 90\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="impostazione sconosciuta"):
        load_settings({"KIOSK_CONFIG": str(config)})


def test_bad_setting_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "KIOSK_IDLE_TIMEOUT": "abc"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "content", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "KIOSK_IDLE_TIMEOUT" in done.stderr and "Traceback" not in done.stderr


def test_help_documents_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in (
        "KIOSK_DATABASE_URL",
        "KIOSK_CONTENT_DIR",
        "KIOSK_ID",
        "KIOSK_LANGUAGE",
        "KIOSK_LANGUAGES",
        "KIOSK_IDLE_TIMEOUT",
        "KIOSK_PUBLIC_URL",
    ):
        assert name in out


def test_content_check_is_clean_on_bundled_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "check"]) == 0
    assert "OK:" in capsys.readouterr().out


def test_content_check_reports_path_and_line(
    content_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content_dir / "services" / "spazi-gioco.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("comune:"))
    lines[number] = "comune: Lucca\ncontacts: 0583123456"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["content", "check", str(content_dir)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{number + 2}:" in out


def test_content_sync_twice(
    content_dir: Path,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KIOSK_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("KIOSK_CONTENT_DIR", str(content_dir))
    assert main(["content", "sync", str(content_dir)]) == 0
    first = capsys.readouterr().out
    assert "aggiunto: service:percorso-nascita" in first
    assert main(["content", "sync", str(content_dir)]) == 0
    assert "niente da pubblicare" in capsys.readouterr().out


def test_content_check_prints_age_warnings_and_still_passes(
    content_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content_dir / "services" / "mediazione-familiare.md"
    text = path.read_text(encoding="utf-8")
    assert "min_age" not in text  # an adults' service: groups only
    path.write_text(text.replace("\nneeds:", "\nmin_age: 0\nmax_age: 17.99\nneeds:", 1), "utf-8")
    assert main(["content", "check", str(content_dir)]) == 0
    out = capsys.readouterr().out
    assert f"attenzione: {path}:" in out and "è fuori dalle età di questo servizio" in out
    assert "OK:" in out
