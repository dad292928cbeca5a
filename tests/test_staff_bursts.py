"""Staff see the joins of the last minutes per kiosk and remove a burst of made-up entries."""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

import pytest

from kiosk.clock import utcnow
from kiosk.config import Settings
from kiosk.models import AuditLog, Service, Waitlist, WaitlistEntry
from kiosk.staff import cli_commands
from kiosk.staff.bursts import recent_entries, remove_entries
from kiosk.sync import sync_directory
from kiosk.waitlist import JoinLimits, JoinRefused, join_waitlist
from kiosk.waitlist_codes import JoinForm

BIRTH = "percorso-nascita"
UNLIMITED = JoinLimits(per_kiosk=10_000, per_list=10_000)  # the burst got through somehow


@pytest.fixture
def small_list(db: str, content_dir: Path) -> Waitlist:
    """Percorso nascita with 5 places: one real visitor, then a burst from one kiosk."""
    sync_directory(content_dir)
    waitlist = Waitlist.select().join(Service).where(Service.slug == BIRTH).get()
    Waitlist.update(capacity=5).where(Waitlist.id == waitlist.id).execute()
    now = utcnow()
    join_waitlist(
        BIRTH,
        JoinForm(name="Vera", phone="347 765 4321"),
        kiosk_id="cpf-lucca",
        now=now - dt.timedelta(hours=3),
    )
    for i in range(4):
        join_waitlist(
            BIRTH,
            JoinForm(name=f"x{i}", phone=f"333000000{i}"),
            kiosk_id="cpf-porcari",
            now=now - dt.timedelta(seconds=30 - i),
            limits=UNLIMITED,
        )
    return waitlist


def test_recent_entries_by_kiosk_and_time_then_removed(small_list: Waitlist) -> None:
    with pytest.raises(JoinRefused) as caught:  # the list is full of made-up entries
        join_waitlist(BIRTH, JoinForm(name="Reale", phone="3471234567"), kiosk_id="cpf-lucca")
    assert caught.value.reason == "full"
    recent = recent_entries(10)
    assert [e.name for e in recent] == ["x3", "x2", "x1", "x0"]  # newest first; Vera is older
    assert {e.kiosk_id for e in recent} == {"cpf-porcari"}
    assert recent_entries(10, kiosk_id="cpf-lucca") == []
    assert [e.name for e in recent_entries(240, kiosk_id="cpf-lucca")] == ["Vera"]
    assert len(recent_entries(10, waitlist=BIRTH)) == 4
    with pytest.raises(LookupError):
        recent_entries(10, waitlist="no-such-list")
    WaitlistEntry.update(status="enrolled").where(WaitlistEntry.name == "x0").execute()
    assert remove_entries(recent, kiosk_id="cpf-lucca", actor="staff@cpf-lucca") == 3
    assert remove_entries(recent, kiosk_id="cpf-lucca") == 0  # already gone: nothing twice
    statuses = {e.name: e.status for e in WaitlistEntry.select()}
    assert statuses == {"Vera": "waiting", "x0": "enrolled", "x1": "removed", "x2": "removed",
                        "x3": "removed"}  # fmt: skip
    audited = AuditLog.select().where(AuditLog.action == "waitlist_status").count()
    assert audited == 3
    # The places are free again for the real visitor, who comes second after Vera.
    joined = join_waitlist(BIRTH, JoinForm(name="Reale", phone="3471234567"), kiosk_id="cpf-lucca")
    assert joined.position == 2 and not joined.already_registered


def run(argv: list[str], db: str, tmp_path: Path) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    settings = Settings(database_url=db, kiosk_id="cpf-lucca", staff_dir=tmp_path / "staff")
    code = cli_commands.dispatch(parser.parse_args(argv), settings, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_kiosk_admin_recent_lists_and_removes_a_burst(
    small_list: Waitlist, db: str, tmp_path: Path
) -> None:
    code, out, _ = run(
        ["admin", "recent", "--minutes", "5", "--kiosk", "cpf-porcari"], db, tmp_path
    )
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "4 iscrizioni negli ultimi 5 minuti dal totem cpf-porcari."
    assert all(
        "cpf-porcari  percorso-nascita" in line and "in attesa" in line for line in lines[:4]
    )
    assert "Vera" not in out
    assert WaitlistEntry.select().where(WaitlistEntry.status == "removed").count() == 0
    code, out, _ = run(
        ["admin", "recent", "--minutes", "5", "--kiosk", "cpf-porcari", "--remove"], db, tmp_path
    )
    assert code == 0 and out.splitlines()[-1] == "4 iscrizioni attive segnate come rimosse."
    removed = {e.name for e in WaitlistEntry.select().where(WaitlistEntry.status == "removed")}
    assert removed == {"x0", "x1", "x2", "x3"}
    actors = {a.actor for a in AuditLog.select().where(AuditLog.action == "waitlist_status")}
    assert actors == {"cli@cpf-lucca"}
    code, _, err = run(["admin", "recent", "--list", "nessuna"], db, tmp_path)
    assert code == 1 and "nessuna lista d'attesa per 'nessuna'" in err


def test_minutes_must_be_sensible() -> None:
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    for bad in ("0", "-5", "abc", "20000"):
        with pytest.raises(SystemExit):
            parser.parse_args(["admin", "recent", "--minutes", bad])
