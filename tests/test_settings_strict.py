"""Bad settings and arguments: one clear line naming the setting, never a traceback or a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ConfigError, load_settings


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "not-a-folder"
    path.write_text("x", encoding="utf-8")
    return path


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run `kiosk argv`; it must stop with code 2 and a single line on stderr."""
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    return err


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://[bad",
        "postgresql://kiosk@db.example.org:abc/kiosk",
        "postgresql://kiosk@db.example.org:99999/kiosk",
    ],
)
def test_unusable_postgresql_address_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    monkeypatch.setenv("KIOSK_DATABASE_URL", url)
    err = one_line_error(capsys, ["migrate"])
    assert "KIOSK_DATABASE_URL" in err and "postgresql://utente@host:5432/nomedb" in err


def test_sqlite_file_inside_a_file_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], a_file: Path
) -> None:
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{a_file}/sub/kiosk.db")
    err = one_line_error(capsys, ["migrate"])
    assert "KIOSK_DATABASE_URL" in err and f"{str(a_file)!r} è un file" in err


def test_sqlite_url_naming_a_folder_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{tmp_path}")
    err = one_line_error(capsys, ["migrate"])
    assert "KIOSK_DATABASE_URL" in err and "è una cartella" in err


def test_staff_dir_that_is_a_file_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], a_file: Path
) -> None:
    monkeypatch.setenv("KIOSK_STAFF_DIR", str(a_file))
    err = one_line_error(capsys, ["export"])
    assert "KIOSK_STAFF_DIR" in err and "è un file, non una cartella" in err


def test_good_addresses_still_pass(tmp_path: Path) -> None:
    for url in (
        f"sqlite:///{tmp_path}/new/folder/kiosk.db",
        "postgresql://kiosk@db.example.org:5432/kiosk",
        "postgres://kiosk@[::1]/kiosk",
    ):
        assert load_settings({"KIOSK_DATABASE_URL": url}).database_url == url


@pytest.mark.parametrize(
    ("toml", "dev"),
    [("dev = true", True), ("dev = false", False), ('dev = "true"', True), ('dev = "0"', False)],
)
def test_dev_accepts_booleans(tmp_path: Path, toml: str, dev: bool) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(toml + "\n", encoding="utf-8")
    assert load_settings({"KIOSK_CONFIG": str(config)}).dev is dev


@pytest.mark.parametrize("value", ['"no"', '"yes"', '"off"', "1", '""'])
def test_dev_refuses_anything_else(tmp_path: Path, value: str) -> None:
    """YAML-style 'no' was read as true (a non-empty string): a kiosk in dev mode, ctrl+q on."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f"dev = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"dev=.*scrivi true o false"):
        load_settings({"KIOSK_CONFIG": str(config)})


@pytest.mark.parametrize("months", ["-5", "0", "many"])
def test_review_months_must_be_positive(capsys: pytest.CaptureFixture[str], months: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["admin", "review", "--months", months])
    assert stopped.value.code == 2
    assert "--months" in capsys.readouterr().err
