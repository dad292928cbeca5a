"""The shipped unit and installer files: the promises an administrator relies on."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "kiosk.service"
DEPLOY = ROOT / "deploy"


def _unit(path: Path) -> dict[str, list[str]]:
    """Every `Key=value` of a unit file, repeated keys kept in order."""
    values: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def test_cage_runs_without_vt_switching_as_the_kiosk_user() -> None:
    unit = _unit(UNIT)
    (start,) = unit["ExecStart"]
    assert "/usr/bin/cage -- " in start and " -s" not in start.split("--")[0]
    assert unit["User"] == ["kiosk"]
    assert "--config=/etc/sportello-cpf/foot.ini" in start
    assert "/opt/sportello-cpf/venv/bin/kiosk run" in start


def test_restart_policy_never_leaves_the_lobby_dark_for_long() -> None:
    unit = _unit(UNIT)
    assert unit["Restart"] == ["always"]
    assert int(unit["StartLimitBurst"][0]) >= 5
    assert int(unit["StartLimitIntervalSec"][0]) <= 600
    assert unit["OnFailure"] == ["kiosk-recover.service"]
    recover = _unit(DEPLOY / "kiosk-recover.service")
    sleeps = [int(s.split()[-1]) for s in recover["ExecStart"] if s.startswith("/bin/sleep")]
    assert sleeps and sum(sleeps) <= 120
    assert recover["ExecStart"][-1] == "/usr/bin/systemctl start --no-block kiosk.service"


def test_database_and_exports_live_in_the_state_directory_only() -> None:
    unit = _unit(UNIT)
    assert unit["StateDirectory"] == ["sportello-cpf"]
    assert unit["StateDirectoryMode"] == ["0700"]
    assert unit["ProtectSystem"] == ["strict"]
    env = " ".join(unit["Environment"])
    assert "KIOSK_DATABASE_URL=sqlite:///%S/sportello-cpf/kiosk.db" in env
    assert "KIOSK_STAFF_DIR=%S/sportello-cpf/exports" in env
    assert not any(k.startswith("ReadWritePaths") for k in unit)
    assert unit["UMask"] == ["0077"]


def test_tmpfiles_and_sysusers_make_private_folders_for_the_kiosk_user() -> None:
    rows = [
        line.split()
        for line in (DEPLOY / "sportello-cpf.tmpfiles").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    state = {row[1]: row[2:5] for row in rows}
    for folder in (
        "/var/lib/sportello-cpf",
        "/var/lib/sportello-cpf/backups",
        "/var/log/sportello-cpf",
    ):
        assert state[folder] == ["0700", "kiosk", "kiosk"]
    users = (DEPLOY / "sportello-cpf.sysusers").read_text()
    assert re.search(r"^u kiosk - .* /var/lib/sportello-cpf /usr/sbin/nologin$", users, re.M)


def test_foot_ini_sets_font_size_touch_and_disables_the_shell_shortcut() -> None:
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(DEPLOY / "foot.ini")
    assert ":size=18" in ini["main"]["font"] and "Noto Color Emoji" in ini["main"]["font"]
    assert "long-press-delay" in ini["touch"]
    assert ini["key-bindings"]["spawn-terminal"] == "none"
    assert ini["key-bindings"]["show-urls-launch"] == "none"


def test_env_example_is_all_comments_so_defaults_come_from_the_unit() -> None:
    lines = (DEPLOY / "kiosk.env.example").read_text().splitlines()
    assert all(not line.strip() or line.startswith("#") for line in lines)
    assert "#KIOSK_ID=" in "\n".join(lines)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_unit_exposure_is_at_most_3() -> None:
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", "--threshold=30", str(UNIT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-500:] + done.stderr
    score = re.search(r"exposure level for kiosk.service: ([\d.]+)", done.stdout)
    assert score and float(score.group(1)) <= 3.0
