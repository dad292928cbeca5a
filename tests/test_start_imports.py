"""A kiosk (re)start paints its first screen without what that screen does not need.

Each test runs a fresh interpreter: in the test process everything is imported already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import BUNDLED_CONTENT_DIR
from kiosk.models import close_database, migrate, open_database
from kiosk.sync import sync_directory

REPO = Path(__file__).resolve().parents[1]

# What `kiosk run` leaves out until a visitor or the staff need it. A name stands for the
# module and every module under it.
NOT_AT_START = (
    "psycopg2",  # the PostgreSQL driver, for a SQLite kiosk
    "playhouse.db_url",  # imports every peewee extension, PostgreSQL's with its driver
    "yaml",  # the content checker's reader
    "kiosk.contentfiles",  # the content checker
    "kiosk.sync",
    "kiosk.screens.staff",  # the admin side
    "kiosk.staff.audit",
    "kiosk.notify.worker",  # messages to families (only with channels configured)
    "qrcode",  # QR codes on service and event pages
    "PIL",
    "markdown_it",  # Markdown descriptions and their code highlighter
    "pygments",
    "babel.messages",  # compiles catalogues: installed ones come compiled
    "kiosk.offers",  # the minute timer's job, imported by its thread
    "kiosk.screens.visitor.service_detail",  # visitor screens, imported after the first paint
    "kiosk.screens.visitor.search",
)

# `kiosk run` as the lobby's terminal starts it, up to the moment the App would run.
RUN_UNTIL_THE_APP = """
import json, sys
import kiosk.app, kiosk.supervisor

def report(settings):
    kiosk.app.make_app(settings)
    print(json.dumps(sorted(sys.modules)))
    return 0

kiosk.supervisor.run_kiosk = report
from kiosk.cli import main
sys.exit(main(["run"]))
"""


def run_until_the_app(url: str, tmp_path: Path) -> set[str]:
    """The modules a new `kiosk run` on `url` has imported when its App is built."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATABASE_URL=url, XDG_STATE_HOME=str(tmp_path / "xdg-state"))
    done = subprocess.run(
        [sys.executable, "-c", RUN_UNTIL_THE_APP],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def published(url: str) -> str:
    """`url`'s database migrated and holding the bundled content, as a kiosk finds it."""
    open_database(url)
    try:
        migrate()
        sync_directory(BUNDLED_CONTENT_DIR)
    finally:
        close_database()
    return url


def loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_a_restart_on_sqlite_imports_nothing_the_attract_screen_does_not_need(
    sqlite_url: str, tmp_path: Path
) -> None:
    modules = run_until_the_app(published(sqlite_url), tmp_path)
    assert "kiosk.screens.visitor.attract" in modules  # (the report comes from the real path)
    assert [name for name in NOT_AT_START if loaded(modules, name)] == []


@pytest.mark.postgres
def test_a_first_start_on_postgresql_loads_its_driver_and_publishes(
    pg_url: str, tmp_path: Path
) -> None:
    modules = run_until_the_app(pg_url, tmp_path)  # empty database: migrate, then content
    assert "psycopg2" in modules
    assert loaded(modules, "kiosk.sync")  # a first start loads the bundled content
    open_database(pg_url)
    try:
        from kiosk.models import Service

        assert Service.select().count() > 0
    finally:
        close_database()


PRELOAD_THEN_OPEN_EVERY_SCREEN = """
import json, sys
from kiosk.navigation import preload_screens, screen_for
from tests.test_navigation import REQUESTS

preload_screens()
before = set(sys.modules)
for kind, request in REQUESTS.items():
    if not kind.__name__.startswith("OpenStaff"):
        screen_for(request)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_preloading_covers_every_visitor_screen() -> None:
    """After the first paint the visitor screens are loaded: no first tap waits for an import."""
    done = subprocess.run(
        [sys.executable, "-c", PRELOAD_THEN_OPEN_EVERY_SCREEN],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
