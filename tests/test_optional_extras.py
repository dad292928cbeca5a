"""The quick start installs the kiosk without extras: nothing on the way to the first screen, the
staff status or an error message may need the `printer` extra (python-escpos, Pillow)."""

from __future__ import annotations

import subprocess
import sys

BLOCK_EXTRAS = """
import importlib.abc, sys

class NoExtras(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PIL", "escpos"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoExtras())
import kiosk.app, kiosk.navigation, kiosk.staff.status, kiosk.cli
print("ok")
"""


def test_the_kiosk_and_its_status_import_without_the_printer_extra() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_EXTRAS], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
