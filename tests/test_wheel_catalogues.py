"""The built wheel carries compiled catalogues: an installed kiosk speaks every language whose
catalogues are in the source tree, without any .po to fall back on."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from kiosk import i18n_check
from kiosk.i18n import catalog

ROOT = i18n_check.ROOT
PROBE = "Per chi?"


def test_the_wheel_ships_a_mo_for_every_po(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: the build writes .mo next to the .po it compiles
    shutil.copytree(
        ROOT / "kiosk", source / "kiosk", ignore=shutil.ignore_patterns("*.mo", "__pycache__")
    )
    for name in ("pyproject.toml", "hatch_build.py", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("*.whl")
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(installed)
    catalogues = sorted(n for n in names if n.startswith("kiosk/locales/") and n.endswith(".po"))
    assert "kiosk/locales/en/LC_MESSAGES/visitor.po" in catalogues
    assert all(po[:-3] + ".mo" in names for po in catalogues)

    for po in installed.glob("kiosk/locales/*/LC_MESSAGES/*.po"):
        po.unlink()  # only the compiled catalogues are left to speak
    languages = sorted({Path(po).parts[2] for po in catalogues})
    script = (
        "import sys, kiosk; from kiosk.i18n import translate; print(kiosk.__file__); "
        f"print('|'.join(translate(lang, {PROBE!r}) for lang in sys.argv[1:]))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script, *languages],
        cwd=installed,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    where, shown = shown.splitlines()
    assert Path(where).is_relative_to(installed)  # the wheel's kiosk, not the checkout
    assert shown.split("|") == [catalog(lang)[PROBE] for lang in languages]
    assert "Who is it for?" in shown.split("|")
