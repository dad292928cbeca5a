"""PostgreSQL behind a frozen network path: the join gives up in time and never lies."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

from kiosk import waitlist_join
from kiosk.errors import DatabaseUnavailable, OutcomeUnknown
from kiosk.models import Timeouts, close_database, migrate, open_database
from kiosk.sync import sync_directory
from kiosk.waitlist import JoinForm, JoinResult, join_waitlist

pytestmark = pytest.mark.postgres

SLUG = "percorso-nascita"
T = TypeVar("T")


class FreezableProxy:
    """A TCP proxy on 127.0.0.1 in front of PostgreSQL whose link can freeze on demand.

    Frozen, it stops forwarding in both directions but keeps every socket open, as a dead
    router or a pulled cable far away does: the kernel still accepts the client's bytes, so
    only the client's own deadline can end its wait.
    """

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._gate = threading.Condition()
        self._frozen = False
        self._closed = False
        self._freeze_before: bytes | None = None
        self._freeze_after: bytes | None = None
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    # --- control ----------------------------------------------------------------------------

    def freeze(self) -> None:
        with self._gate:
            self._frozen = True

    def freeze_before(self, pattern: bytes) -> None:
        """Freeze when the client sends `pattern`, keeping that message from the server."""
        with self._gate:
            self._freeze_before = pattern

    def freeze_after(self, pattern: bytes) -> None:
        """Freeze right after `pattern` reached the server (its answer is held)."""
        with self._gate:
            self._freeze_after = pattern

    def thaw(self) -> None:
        """Forward what was held, as a network path that comes back does."""
        with self._gate:
            self._frozen = False
            self._gate.notify_all()

    def close(self) -> None:
        with self._gate:
            self._closed = True
            self._gate.notify_all()
        self.listener.close()
        for sock in list(self._sockets):
            sock.close()

    # --- forwarding -------------------------------------------------------------------------

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, from_client: bool) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            with self._gate:
                if from_client and self._freeze_before and self._freeze_before in data:
                    self._freeze_before, self._frozen = None, True
                self._gate.wait_for(lambda: not self._frozen or self._closed)
                if self._closed:
                    return
            if not data:
                with contextlib.suppress(OSError):
                    target.shutdown(socket.SHUT_WR)
                return
            try:
                target.sendall(data)
            except OSError:
                return
            with self._gate:
                if from_client and self._freeze_after and self._freeze_after in data:
                    self._freeze_after, self._frozen = None, True


TIMEOUTS = Timeouts(connect=2, statement=1, lock=1, idle_in_transaction=2)
DEADLINE = 3.0  # statement timeout + the client's grace
SLACK = 2.0


@pytest.fixture
def direct(pg_url: str, content_dir: Path) -> Iterator[str]:
    """A migrated database with content; yields its direct URL."""
    open_database(pg_url)
    migrate()
    sync_directory(content_dir)
    close_database()
    yield pg_url


@pytest.fixture
def proxy(direct: str) -> Iterator[FreezableProxy]:
    parts = urlsplit(direct)
    link = FreezableProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    yield link
    close_database()
    link.close()


def through(proxy: FreezableProxy, url: str, timeouts: Timeouts = TIMEOUTS) -> None:
    parts = urlsplit(url)
    netloc = f"{parts.username}@127.0.0.1:{proxy.port}"
    open_database(urlunsplit(parts._replace(netloc=netloc)), timeouts=timeouts)


def stored(url: str, digits: str) -> int:
    """Entries with this phone, read over a direct connection (not through the proxy)."""
    with contextlib.closing(psycopg2.connect(url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM waitlist_entry WHERE phone LIKE %s", (f"%{digits}",))
        return int(cur.fetchone()[0])


def open_transactions(url: str) -> int:
    with contextlib.closing(psycopg2.connect(url)) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND state LIKE 'idle in transaction%%'"
        )
        return int(cur.fetchone()[0])


def until(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll `condition` (the server's own timers decide when it turns true)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def worker(proxy: FreezableProxy) -> Iterator[ThreadPoolExecutor]:
    """One worker thread, so its connection stays open between calls, as a pooled one's."""
    pool = ThreadPoolExecutor(max_workers=1)
    yield pool
    proxy.close()  # frees a call still blocked on the link
    pool.shutdown(wait=False, cancel_futures=True)


def timed(worker: ThreadPoolExecutor, fn: Callable[[], T]) -> tuple[T | BaseException, float]:
    """Run `fn` on the worker; the test itself never hangs on a stalled call."""
    started = time.monotonic()
    future = worker.submit(fn)
    try:
        result: T | BaseException = future.result(timeout=DEADLINE + 20)
    except Exception as exc:  # the outcome under test, or the test's own time-out
        result = exc
    return result, time.monotonic() - started


def join(phone: str, request_id: uuid.UUID | None = None, *, notify: bool = False) -> JoinResult:
    """A plain join is one message that commits by itself; one that queues a confirmation
    (notify) is a transaction of several round trips ending in COMMIT."""
    form = JoinForm(name="Anna", phone=phone, notify=notify)
    channels = ("sms",) if notify else ()
    return join_waitlist(SLUG, form, kiosk_id="cpf-test", request_id=request_id, channels=channels)


def test_join_on_a_frozen_link_fails_in_time_and_is_not_saved(
    direct: str, proxy: FreezableProxy, worker: ThreadPoolExecutor
) -> None:
    through(proxy, direct)
    assert worker.submit(join, "3331110001").result().position == 1  # connection open, warm
    proxy.freeze()
    outcome, elapsed = timed(worker, lambda: join("3331110002"))
    assert type(outcome) is DatabaseUnavailable, outcome
    assert elapsed < DEADLINE + SLACK
    proxy.thaw()
    assert stored(direct, "3331110002") == 0
    assert worker.submit(join, "3331110002").result().position == 2  # recovers by itself


def test_link_frozen_mid_transaction_rolls_back_on_the_server(
    direct: str, proxy: FreezableProxy, worker: ThreadPoolExecutor
) -> None:
    through(proxy, direct)
    worker.submit(join, "3331110001").result()
    proxy.freeze_after(b'INSERT INTO "waitlist_entry"')  # the row reached the server
    outcome, elapsed = timed(worker, lambda: join("3331110002", notify=True))
    assert type(outcome) is DatabaseUnavailable, outcome
    assert elapsed < DEADLINE + SLACK
    # The abandoned transaction holds the list's lock only until the server's idle timeout.
    assert until(lambda: open_transactions(direct) == 0, TIMEOUTS.idle_in_transaction + 10)
    proxy.thaw()
    assert stored(direct, "3331110002") == 0
    assert worker.submit(join, "3331110003").result().position == 2


def test_commit_lost_on_the_way_is_unknown_never_saved_nor_refused(
    direct: str, proxy: FreezableProxy, worker: ThreadPoolExecutor
) -> None:
    # The server waits longer than the client for an abandoned transaction: the held COMMIT
    # still lands when the link comes back, after the kiosk has given up on it.
    through(proxy, direct, Timeouts(connect=2, statement=1, lock=1, idle_in_transaction=60))
    worker.submit(join, "3331110001").result()
    request = uuid.uuid4()
    proxy.freeze_before(b"COMMIT")
    outcome, elapsed = timed(worker, lambda: join("3331110002", request, notify=True))
    assert type(outcome) is OutcomeUnknown, outcome
    assert elapsed < DEADLINE + SLACK
    proxy.thaw()
    assert until(lambda: stored(direct, "3331110002") == 1, 10)  # it was saved after all
    again = worker.submit(join, "3331110002", request).result()  # the form's retry
    assert (again.replayed, again.position) == (True, 2)
    assert stored(direct, "3331110002") == 1


def test_answer_lost_after_a_join_that_commits_by_itself_is_unknown_never_refused(
    direct: str, proxy: FreezableProxy, worker: ThreadPoolExecutor
) -> None:
    through(proxy, direct)
    worker.submit(join, "3331110001").result()
    request = uuid.uuid4()
    proxy.freeze_after(b'INSERT INTO "waitlist_entry"')  # the whole join reached the server
    outcome, elapsed = timed(worker, lambda: join("3331110002", request))
    assert type(outcome) is OutcomeUnknown, outcome  # not "not saved": it was
    assert elapsed < DEADLINE + SLACK
    assert stored(direct, "3331110002") == 1
    assert open_transactions(direct) == 0  # committed on the server, nothing left holding a lock
    proxy.thaw()
    again = worker.submit(join, "3331110002", request).result()  # the form's retry
    assert (again.replayed, again.position) == (True, 2)
    assert stored(direct, "3331110002") == 1


def test_a_join_is_not_confirmed_before_it_is_known_to_be_on_disk(
    direct: str, proxy: FreezableProxy, worker: ThreadPoolExecutor
) -> None:
    through(proxy, direct)
    worker.submit(join, "3331110001").result()
    request = uuid.uuid4()
    proxy.freeze_before(b"pg_logical_emit_message")  # committed; the flush never reaches it
    outcome, elapsed = timed(worker, lambda: join("3331110002", request))
    assert type(outcome) is OutcomeUnknown, outcome  # neither "saved" nor "not saved"
    assert elapsed < DEADLINE + SLACK
    assert stored(direct, "3331110002") == 1
    proxy.thaw()
    again = worker.submit(join, "3331110002", request).result()  # the form's retry
    assert (again.replayed, again.position) == (True, 2)


def test_without_the_flush_function_a_join_waits_for_the_disk_in_its_commit(
    direct: str,
    proxy: FreezableProxy,
    worker: ThreadPoolExecutor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(waitlist_join, "_PG_FLUSH_ALLOWED", "SELECT false")  # as if revoked
    through(proxy, direct)
    proxy.freeze_before(b"pg_logical_emit_message")  # would hang a join that used it
    assert worker.submit(join, "3331110001").result().position == 1
    assert stored(direct, "3331110001") == 1


def test_connecting_over_a_frozen_link_gives_up_after_connect_timeout(
    direct: str, proxy: FreezableProxy, worker: ThreadPoolExecutor
) -> None:
    proxy.freeze()
    through(proxy, direct)
    outcome, elapsed = timed(worker, lambda: join("3331110001"))
    assert isinstance(outcome, DatabaseUnavailable) and not isinstance(outcome, OutcomeUnknown)
    assert elapsed < TIMEOUTS.connect + SLACK


def test_every_connection_carries_the_timeouts_and_keepalives(direct: str) -> None:
    limits = Timeouts(connect=4, statement=7, lock=3, idle_in_transaction=40, keepalive_idle=11)
    open_database(direct, timeouts=limits)
    from kiosk.models import database

    dsn = database.connection().get_dsn_parameters()
    assert {k: dsn[k] for k in ("connect_timeout", "keepalives", "keepalives_idle")} == {
        "connect_timeout": "4",
        "keepalives": "1",
        "keepalives_idle": "11",
    }
    assert (dsn["keepalives_interval"], dsn["keepalives_count"]) == ("5", "3")

    shown = {
        name: database.execute_sql(f"SHOW {name}").fetchone()[0]
        for name in ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")
    }
    assert shown == {
        "statement_timeout": "7s",
        "lock_timeout": "3s",
        "idle_in_transaction_session_timeout": "40s",
    }
    close_database()
