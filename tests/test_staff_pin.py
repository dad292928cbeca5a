"""Staff PIN: refusal of guessable PINs, scrypt storage, a throttle that survives a restart."""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import io
import threading
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.models import AuditLog, StaffCredential, close_database, open_database
from kiosk.staff import cli_commands, pin
from kiosk.staff.pin import PinRefused, ScryptParams

GOOD_PIN = "482915"
T0 = dt.datetime(2026, 3, 2, 9, 0, 0)  # naive UTC, like the database


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests hash with tiny parameters; one test checks the real default separately."""
    monkeypatch.setattr(pin, "SCRYPT_PARAMS", ScryptParams(n=16, r=1, p=1))


def audit_text() -> str:
    return "\n".join(
        " | ".join((row.actor, row.action, row.target, row.detail, row.kiosk_id))
        for row in AuditLog.select()
    )


def actions() -> list[str]:
    return [row.action for row in AuditLog.select().order_by(AuditLog.id)]


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        ("", "vuoto"),
        ("12345", "almeno 6"),
        ("48291a", "cifre 0-9"),
        ("４８２９１５", "cifre 0-9"),  # full-width digits are not 0-9
        ("482 915", "cifre 0-9"),
        ("1234567890123", "al massimo"),
        ("000000", "tutte uguali"),
        ("111111", "tutte uguali"),
        ("123456", "sequenza regolare"),
        ("654321", "sequenza regolare"),
        ("345678", "sequenza regolare"),
        ("890123", "sequenza regolare"),
        ("135791", "sequenza regolare"),
        ("112233", "sequenza regolare"),
        ("121212", "si ripete"),
        ("123123", "si ripete"),
        ("159753", "primi che si provano"),
    ],
)
def test_trivial_or_malformed_pins_are_refused(candidate: str, reason: str) -> None:
    problem = pin.pin_problem(candidate)
    assert problem is not None and reason in problem


def test_set_pin_stores_nothing_when_refused(db: str) -> None:
    for candidate in ("12345", "123456", "121212", "000000", "112233", "48291a"):
        with pytest.raises(PinRefused):
            pin.set_pin(candidate, kiosk_id="cpf-test")
    assert not pin.pin_is_set()
    assert not AuditLog.select().exists()


@pytest.mark.parametrize("candidate", [GOOD_PIN, "271828", "90817263"])
def test_reasonable_pins_are_accepted(candidate: str) -> None:
    assert pin.pin_problem(candidate) is None


def test_no_default_pin(db: str) -> None:
    assert not pin.pin_is_set()
    result = pin.verify_pin("000000", T0, kiosk_id="cpf-test")
    assert not result.ok
    assert result.reason == "not_set"
    assert not StaffCredential.select().exists()


def test_stored_hash_is_salted_scrypt_in_the_documented_form(db: str) -> None:
    pin.set_pin(GOOD_PIN, kiosk_id="cpf-test")
    stored = StaffCredential.get().pin_hash
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16", "1", "1")
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(digest)) == 32
    assert GOOD_PIN not in stored
    assert pin.hash_pin(GOOD_PIN) != pin.hash_pin(GOOD_PIN)  # fresh salt every time


def test_default_parameters_are_owasps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pin, "SCRYPT_PARAMS", pin.OWASP_SCRYPT)
    assert ScryptParams(n=2**17, r=8, p=1) == pin.OWASP_SCRYPT
    stored = pin.hash_pin(GOOD_PIN)
    assert stored.startswith("scrypt$131072$8$1$")
    assert pin.pin_matches(GOOD_PIN, stored)


def test_verify_right_and_wrong_pin(db: str) -> None:
    pin.set_pin(GOOD_PIN, kiosk_id="cpf-test")
    assert pin.verify_pin(GOOD_PIN, T0, kiosk_id="cpf-test").ok
    wrong = pin.verify_pin("482916", T0, kiosk_id="cpf-test")
    assert not wrong.ok and wrong.reason == "wrong" and wrong.retry_after_seconds == 0
    assert actions() == ["admin_pin_set", "admin_login_ok", "admin_login_failed"]


def test_pepper_takes_part_in_the_hash(db: str) -> None:
    pin.set_pin(GOOD_PIN, kiosk_id="cpf-test", pepper="s3cret")
    assert pin.verify_pin(GOOD_PIN, T0, kiosk_id="cpf-test", pepper="s3cret").ok
    assert not pin.verify_pin(GOOD_PIN, T0, kiosk_id="cpf-test").ok


def test_tampered_hash_never_matches() -> None:
    assert not pin.pin_matches(GOOD_PIN, "plain")
    assert not pin.pin_matches(GOOD_PIN, "scrypt$1048577$8$1$AAAA$AAAA")
    huge = pin.hash_pin(GOOD_PIN).replace("scrypt$16$", f"scrypt${2**24}$")
    assert not pin.pin_matches(GOOD_PIN, huge)  # refused before asking for 16 GiB


def test_delay_doubles_after_three_failures_up_to_15_minutes() -> None:
    assert [pin.throttle_delay(n) for n in range(8)] == [0, 0, 0, 5, 10, 20, 40, 80]
    assert pin.throttle_delay(11) == 900
    assert pin.throttle_delay(1000) == 900


def test_throttle_refuses_unchecked_while_waiting(db: str) -> None:
    pin.set_pin(GOOD_PIN, kiosk_id="cpf-test")
    for i in range(3):
        result = pin.verify_pin("000001", T0 + dt.timedelta(seconds=i), kiosk_id="cpf-test")
    assert result.retry_after_seconds == 5
    # Even the right PIN is refused (and not checked) during the wait.
    early = pin.verify_pin(GOOD_PIN, T0 + dt.timedelta(seconds=4), kiosk_id="cpf-test")
    assert (early.ok, early.reason, early.retry_after_seconds) == (False, "throttled", 3)
    fourth = pin.verify_pin("000001", T0 + dt.timedelta(seconds=8), kiosk_id="cpf-test")
    assert fourth.retry_after_seconds == 10
    late = pin.verify_pin(GOOD_PIN, T0 + dt.timedelta(seconds=18), kiosk_id="cpf-test")
    assert late.ok
    # Success resets the counter: one more failure costs no wait.
    again = pin.verify_pin("000001", T0 + dt.timedelta(seconds=19), kiosk_id="cpf-test")
    assert again.retry_after_seconds == 0
    assert actions().count("admin_login_throttled") == 1


def test_throttle_survives_a_restart(db: str) -> None:
    pin.set_pin(GOOD_PIN, kiosk_id="cpf-test")
    for seconds in (0, 0, 0, 5, 15):  # each after the previous wait ran out
        pin.verify_pin("999991", T0 + dt.timedelta(seconds=seconds), kiosk_id="cpf-test")
    close_database()
    open_database(db)
    result = pin.verify_pin(GOOD_PIN, T0 + dt.timedelta(seconds=25), kiosk_id="cpf-test")
    assert result.reason == "throttled"
    assert result.retry_after_seconds == 10  # 5 failures: 20 s from the last one


def test_audit_never_contains_a_pin(db: str) -> None:
    tried = ["739104", "739105", "12345", "739106", "739107"]
    pin.set_pin(GOOD_PIN, kiosk_id="cpf-test", pepper="pep")
    for i, candidate in enumerate(tried):
        pin.verify_pin(candidate, T0 + dt.timedelta(minutes=20 * i), kiosk_id="cpf-test")
    pin.verify_pin(GOOD_PIN, T0 + dt.timedelta(hours=5), kiosk_id="cpf-test", pepper="pep")
    text = audit_text()
    assert "admin_login_ok" in text and "admin_login_failed" in text
    for secret in [GOOD_PIN, "pep", *tried]:
        assert secret not in text
    assert all(row.actor == "staff@cpf-test" for row in AuditLog.select().offset(1))


# ------------------------------------------------------------------ kiosk admin set-pin


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def run_set_pin(db: str, tmp_path: Path, stdin_text: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    settings = Settings(database_url=db, kiosk_id="cpf-test", staff_dir=tmp_path / "staff")
    code = cli_commands.dispatch(
        parse(["admin", "set-pin"]),
        settings,
        stdin=io.StringIO(stdin_text),
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


def test_cli_set_pin_reads_twice_from_stdin(db: str, tmp_path: Path) -> None:
    code, out, err = run_set_pin(db, tmp_path, f"{GOOD_PIN}\n{GOOD_PIN}\n")
    assert (code, out, err) == (0, "PIN del personale impostato.\n", "")
    assert pin.verify_pin(GOOD_PIN, T0, kiosk_id="cpf-test").ok
    code, out, _ = run_set_pin(db, tmp_path, "271828\r\n271828\r\n")
    assert (code, out) == (0, "PIN del personale cambiato.\n")
    assert pin.verify_pin("271828", T0, kiosk_id="cpf-test").ok
    assert GOOD_PIN not in audit_text() and "271828" not in audit_text()


@pytest.mark.parametrize(
    ("stdin_text", "message"),
    [
        ("123456\n123456\n", "kiosk: PIN rifiutato: le cifre seguono una sequenza regolare"),
        ("482915\n482916\n", "kiosk: i due PIN sono diversi"),
        ("482915\n", "kiosk: servono due righe con il PIN"),
        ("", "kiosk: servono due righe con il PIN"),
    ],
)
def test_cli_set_pin_refusals_are_one_line(
    db: str, tmp_path: Path, stdin_text: str, message: str
) -> None:
    code, out, err = run_set_pin(db, tmp_path, stdin_text)
    assert code == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not pin.pin_is_set()


def test_cli_never_takes_the_pin_from_argv(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse(["admin", "set-pin", GOOD_PIN])
    assert "unrecognized arguments" in capsys.readouterr().err


# ------------------------------------------------------------------ race and decay


def test_simultaneous_wrong_pins_check_no_more_than_the_free_ones(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight wrong PINs at once: 3 are checked, 5 refused unchecked (SQLite and PostgreSQL).

    Every hash is held until all eight attempts have either reached the hash or been refused,
    so an attempt that read the throttle before the others counted would be seen."""
    pin.set_pin(GOOD_PIN, kiosk_id="cpf-test")
    attempts = 8
    real_matches = pin.pin_matches
    state = threading.Condition()
    hashed: list[str] = []
    refused: list[str] = []

    def held_matches(candidate: str, stored: str, *, pepper: str = "") -> bool:
        with state:
            hashed.append(candidate)
            state.notify_all()
            state.wait_for(lambda: len(hashed) + len(refused) == attempts, timeout=30)
        return real_matches(candidate, stored, pepper=pepper)

    monkeypatch.setattr(pin, "pin_matches", held_matches)
    start = threading.Barrier(attempts)
    results: list[str] = []

    def attempt(i: int) -> None:
        start.wait(timeout=30)
        try:
            result = pin.verify_pin(f"90715{i}", T0, kiosk_id="cpf-test").reason
        except Exception as exc:  # shows in the assertion below
            result = f"{type(exc).__name__}: {exc}"
        finally:
            close_database()  # this thread's connection
        with state:
            results.append(result)
            if result == "throttled":
                refused.append(result)
                state.notify_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["throttled"] * 5 + ["wrong"] * 3
    assert len(hashed) == pin.FREE_FAILURES
    assert pin.retry_after(T0) == pin.BASE_DELAY


def test_failures_decay_so_nobody_is_locked_out_for_long(db: str) -> None:
    pin.set_pin(GOOD_PIN, kiosk_id="cpf-test")
    when = T0
    for _ in range(40):  # a storm: every wrong PIN as soon as the pad opens again
        result = pin.verify_pin("739104", when, kiosk_id="cpf-test")
        when += dt.timedelta(seconds=result.retry_after_seconds)
    # However long it goes on, the wait stays bounded by the decay, far below the cap...
    assert result.reason == "wrong" and result.retry_after_seconds <= 2 * pin.DECAY_SECONDS
    # ...and once it stops, one quiet hour forgets it all: a typo then costs nothing.
    later = when + dt.timedelta(hours=1)
    typo = pin.verify_pin("739105", later, kiosk_id="cpf-test")
    assert (typo.reason, typo.retry_after_seconds) == ("wrong", 0)
    assert pin.verify_pin(GOOD_PIN, later + dt.timedelta(seconds=1), kiosk_id="cpf-test").ok


def test_decay_forgets_one_failure_per_quiet_period() -> None:
    last = T0
    assert pin.decayed_failures(5, last, T0 + dt.timedelta(seconds=pin.DECAY_SECONDS - 1)) == 5
    assert pin.decayed_failures(5, last, T0 + dt.timedelta(seconds=pin.DECAY_SECONDS)) == 4
    assert pin.decayed_failures(5, last, T0 + dt.timedelta(hours=5)) == 0
    assert pin.decayed_failures(1000, last, T0) == pin.MAX_COUNTED
    assert pin.throttle_delay(pin.MAX_COUNTED) == pin.MAX_DELAY
