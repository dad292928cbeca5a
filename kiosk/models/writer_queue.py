"""One queue for the SQLite writers of every kiosk process on a machine: a lock file.

SQLite lets one writer in at a time and leaves the others to retry: whoever retries at the
right moment goes next, however long the others have waited, and every retry costs CPU the
writer inside needs. Here a writer first waits for an exclusive lock (flock) on a file beside
the database, sleeping in the kernel, which wakes it when the holder lets go; only then does
it BEGIN. The lock is held from BEGIN to COMMIT or ROLLBACK, and the kernel drops it when its
process ends, however it ends. A holder that hangs (stopped, swapped out) holds everybody up
for at most the busy timeout: then the wait ends with DatabaseUnavailable, nothing saved.
"""

from __future__ import annotations

import fcntl
import logging
import os
import queue
import threading
from dataclasses import dataclass, field

from kiosk.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

SUFFIX = "-writers"  # beside kiosk.db: kiosk.db-writers


@dataclass
class _Wait:
    """One blocked acquisition, handed to the waiter thread."""

    fd: int
    done: threading.Event = field(default_factory=threading.Event)
    mutex: threading.Lock = field(default_factory=threading.Lock)
    granted: bool = False
    abandoned: bool = False


class WriterQueue:
    """The exclusive lock on `path`, taken with a time limit (flock itself has none).

    An uncontended lock is taken at once. Otherwise one thread per process waits in flock for
    each blocked writer in turn and hands the lock over; a writer that gave up in the meantime
    gets nothing, and a lock granted to it late is let go at once. Each acquisition opens its
    own file description, so two threads of one process exclude each other too.
    """

    def __init__(self, path: str, owner_of: str | None = None) -> None:
        self.path = path
        self._owner_of = owner_of  # a file whose owner the lock file gets when root creates it
        self._waits: queue.SimpleQueue[_Wait] = queue.SimpleQueue()
        self._waiter: threading.Thread | None = None
        self._start = threading.Lock()

    def acquire(self, timeout: float) -> int:
        """The held lock's file descriptor (give it to `release`); DatabaseUnavailable after
        `timeout` seconds of waiting; OSError if the file cannot be opened."""
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            pass
        except BaseException:
            os.close(fd)
            raise
        wait = _Wait(fd)
        self._ensure_waiter()
        self._waits.put(wait)
        wait.done.wait(max(0.0, timeout))
        with wait.mutex:
            if wait.granted:
                return fd
            wait.abandoned = True  # the waiter closes fd: it may be inside flock() with it now
        raise DatabaseUnavailable(
            f"another kiosk process has been saving for over {timeout:g} s: nothing was saved"
        )

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CLOEXEC)
        except FileNotFoundError:
            pass
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        if os.geteuid() == 0 and self._owner_of:  # as SQLite does for -wal and -shm: an
            try:  # administrator's command must not lock the kiosk's own user out
                owner = os.stat(self._owner_of)
                os.fchown(fd, owner.st_uid, owner.st_gid)
            except OSError:
                pass
        return fd

    @staticmethod
    def release(fd: int) -> None:
        os.close(fd)  # closing the file description drops its lock

    def _ensure_waiter(self) -> None:
        with self._start:
            if self._waiter is None or not self._waiter.is_alive():
                self._waiter = threading.Thread(
                    target=self._serve, name="sqlite-writer-queue", daemon=True
                )
                self._waiter.start()

    def _serve(self) -> None:
        while True:
            wait = self._waits.get()
            with wait.mutex:
                if wait.abandoned:
                    os.close(wait.fd)
                    continue
            try:
                fcntl.flock(wait.fd, fcntl.LOCK_EX)
            except OSError:
                log.exception("waiting for the SQLite writers' lock failed")
                with wait.mutex:
                    wait.abandoned = True
                wait.done.set()
                os.close(wait.fd)
                continue
            with wait.mutex:
                if wait.abandoned:
                    os.close(wait.fd)  # granted too late: pass it on
                    continue
                wait.granted = True
            wait.done.set()
