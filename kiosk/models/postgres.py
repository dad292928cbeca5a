"""PostgreSQL for kiosks that share one list: limits on every connection, a client deadline
on every round trip (a frozen network path ends in DatabaseUnavailable, never a hang), and a
COMMIT whose answer never came reported as OutcomeUnknown. kiosk.models.db opens it."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

import peewee

from kiosk.errors import DatabaseUnavailable, OutcomeUnknown

DEADLINE_GRACE = 2.0  # seconds the client waits beyond the server's statement_timeout


@dataclass(frozen=True)
class Timeouts:
    """Limits on every PostgreSQL connection, in seconds (0 turns one off).

    `statement`, `lock` and `idle_in_transaction` are the server's own timeouts; the client
    also gives up on any round trip after `statement` + DEADLINE_GRACE seconds, which is what
    ends the wait when the network path itself is frozen. Keepalives find a dead peer while
    the connection is idle.
    """

    connect: float = 5
    statement: float = 10
    lock: float = 5
    idle_in_transaction: float = 30
    keepalive_idle: float = 10
    keepalive_interval: float = 5
    keepalive_count: int = 3

    def connect_params(self) -> dict[str, Any]:
        """libpq connection parameters for these limits."""
        options = " ".join(
            f"-c {name}={int(seconds * 1000)}"
            for name, seconds in (
                ("statement_timeout", self.statement),
                ("lock_timeout", self.lock),
                ("idle_in_transaction_session_timeout", self.idle_in_transaction),
            )
        )
        return {
            "connect_timeout": max(1, round(self.connect)) if self.connect else 0,
            "keepalives": 1,
            "keepalives_idle": max(1, round(self.keepalive_idle)),
            "keepalives_interval": max(1, round(self.keepalive_interval)),
            "keepalives_count": max(1, self.keepalive_count),
            "options": options,
        }

    def deadline(self) -> float | None:
        """Seconds the client waits for any one answer (None: no limit)."""
        return self.statement + DEADLINE_GRACE if self.statement else None


def postgresql_database(url: str, timeouts: Timeouts) -> peewee.PostgresqlDatabase:
    # playhouse.db_url imports every extension of peewee, PostgreSQL's too: only here.
    from playhouse.db_url import parse

    url = url.replace("postgres://", "postgresql://", 1)
    params = parse(url)
    given_options = params.pop("options", "")
    params.update(timeouts.connect_params())
    if given_options:  # the operator's own options come last and win
        params["options"] = f"{params['options']} {given_options}"
    name = params.pop("database")
    db = TimedPostgresqlDatabase(name, **params)
    db.deadline = timeouts.deadline()
    return db


class _Watchdog:
    """One thread that cuts the socket of a round trip that outlives its deadline."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._watched: dict[int, tuple[float, int]] = {}  # token -> (deadline, socket fd)
        self._fired: set[int] = set()
        self._next = 0
        self._thread: threading.Thread | None = None

    @contextmanager
    def watch(self, fd: int, seconds: float) -> Iterator[None]:
        with self._lock:
            self._next += 1
            token = self._next
            self._watched[token] = (time.monotonic() + seconds, fd)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                self._thread.start()
            self._lock.notify()
        try:
            yield
        except Exception as exc:
            if self._forget(token):
                raise DatabaseUnavailable(
                    f"the database did not answer within {seconds:g} s: nothing was saved"
                ) from exc
            raise
        finally:
            self._forget(token)

    def _forget(self, token: int) -> bool:
        """Stop watching `token`; True if its deadline had passed."""
        with self._lock:
            self._watched.pop(token, None)
            fired = token in self._fired
            self._fired.discard(token)
            return fired

    def _run(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                for token, (deadline, fd) in list(self._watched.items()):
                    if deadline <= now:
                        del self._watched[token]
                        self._fired.add(token)
                        _cut(fd)
                waits = [deadline - now for deadline, _fd in self._watched.values()]
                self._lock.wait(timeout=min(waits) if waits else None)


def _cut(fd: int) -> None:
    """Shut the socket down: the blocked driver call returns with a connection error."""
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


_WATCHDOG = _Watchdog()
_unbounded = threading.local()


@contextmanager
def unbounded() -> Iterator[None]:
    """Let this thread's statements run without the client deadline (VACUUM, migrations)."""
    previous = getattr(_unbounded, "on", False)
    _unbounded.on = True
    try:
        yield
    finally:
        _unbounded.on = previous


class TimedPostgresqlDatabase(peewee.PostgresqlDatabase):
    """PostgreSQL where no round trip waits longer than `deadline` seconds.

    A COMMIT whose answer never came is OutcomeUnknown: it may have been applied.
    """

    deadline: float | None = None

    def _round_trip(self) -> Any:
        if self.deadline is None or getattr(_unbounded, "on", False):
            return nullcontext()
        conn = self.connection()  # type: ignore[no-untyped-call]  # untyped in peewee's stub
        try:
            fd = conn.fileno()
        except Exception:  # the driver knows the link is gone: the call fails at once
            return nullcontext()
        return _WATCHDOG.watch(fd, self.deadline)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        with self._round_trip():
            return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]  # untyped in peewee's stub

    def begin(self, isolation_level: Any = None) -> None:
        with self._round_trip():
            super().begin(isolation_level)

    def rollback(self) -> None:
        with self._round_trip():
            super().rollback()

    def commit(self) -> None:
        with committing(), self._round_trip():
            super().commit()


@contextmanager
def committing() -> Iterator[None]:
    """Around a COMMIT, or on PostgreSQL a message sent outside a transaction (which commits
    by itself): an answer that never came leaves the outcome unknown (OutcomeUnknown); an
    error the server answered with means that nothing was saved."""
    try:
        yield
    except (DatabaseUnavailable, peewee.OperationalError, peewee.InterfaceError) as exc:
        if _server_answered(exc):
            raise  # the server refused it: rolled back, known not saved
        raise OutcomeUnknown(
            "the connection broke while saving: the change may or may not be saved"
        ) from exc


def _server_answered(exc: BaseException) -> bool:
    """True if the error came from the server (it has an SQLSTATE), not from a lost link."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "pgcode", None):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
