"""Cold start: the real `kiosk run` in a terminal until the attract screen is painted; Chromium.

The kiosk runs in a new process on a pseudo-terminal of 137x36 (the size of the other UI rows),
exactly as the lobby's terminal starts it (`python -m kiosk run`, database already published).
The clock stops when the last byte of the first frame showing the whole attract screen (its last
tile) has reached the terminal; the process's RSS is read at that moment. Headless Chromium
showing an equivalent HTML page is timed the same way: from spawn until its screenshot of the
loaded page is on disk, with the RSS of all its processes summed. Imported by bench/run.py.
"""

from __future__ import annotations

import fcntl
import html
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

COLUMNS, ROWS = 137, 36
# The attract screen's last tile: once it is on the terminal, so is the screen above it.
ATTRACT_LAST_TILE = "Ho un codice"
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"  # Textual's frames after the first
QUIET = 0.2  # seconds without output: the frame being written is complete
LIMIT = 60.0  # seconds: a start that takes longer is reported as failed

IMPORT_AND_BUILD = """
import resource, time
start = time.perf_counter()
from kiosk.app import make_app
from kiosk.config import load_settings
app = make_app(load_settings())
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def kiosk_env(work: Path, url: str) -> dict[str, str]:
    """The environment of a kiosk started by the bench: no KIOSK_* of the caller's shell.

    Bytecode is written (to the bench's folder) and read back, as an installed kiosk has it:
    compiling the sources at each start is not what a restart costs.
    """
    import kiosk

    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # The kiosk the bench itself imported, whatever the current folder holds.
    source = str(Path(kiosk.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (source, env.get("PYTHONPATH"))))
    env.update(
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
        KIOSK_DATABASE_URL=url,
        XDG_DATA_HOME=str(work / "xdg-data"),
        XDG_STATE_HOME=str(work / "xdg-state"),
        TERM="xterm-256color",
        COLORTERM="truecolor",
    )
    return env


def import_and_build(work: Path) -> tuple[float, float]:
    """A new interpreter imports kiosk.app and builds the app (not run): seconds, peak RSS MB."""
    env = kiosk_env(work, f"sqlite:///{work / 'unused.db'}")
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_AND_BUILD],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def _frame_end(buf: bytes, marker_at: int, quiet: bool) -> int | None:
    """Where the frame holding the marker ends in `buf`; None while it may still be coming."""
    end = buf.find(SYNC_END, marker_at)
    if end >= 0:
        return end + len(SYNC_END)
    following = buf.find(SYNC_START, marker_at)
    if following >= 0:  # the first frame is written without sync marks: the next one begins
        return following
    return len(buf) if quiet else None


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` so far: what the start cost, whatever the load."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def attract_painted(work: Path, url: str) -> tuple[float, float, float]:
    """`python -m kiosk run` on a pseudo-terminal until attract is painted: seconds, RSS MB,
    and the CPU seconds the kiosk used until then."""
    marker = ATTRACT_LAST_TILE.encode()
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=kiosk_env(work, url),
        cwd=work,
        start_new_session=True,
    )
    os.close(slave)
    buf = b""
    # (bytes received so far, when, the kiosk's RSS and CPU seconds then): read as the bytes
    # come, since right after its first frame the kiosk goes on loading the other screens
    arrivals: list[tuple[int, float, float, float]] = []
    marker_at = -1
    try:
        while True:
            waiting = QUIET if marker_at >= 0 else LIMIT
            ready, _, _ = select.select([master], [], [], waiting)
            if ready:
                try:
                    data = os.read(master, 1 << 16)
                except OSError:  # the kiosk ended: its output is over
                    data = b""
                if not data:
                    raise RuntimeError(f"the kiosk ended before painting: {buf[-500:]!r}")
                buf += data
                now = time.perf_counter()
                arrivals.append((len(buf), now, _rss_mb(proc.pid), _cpu_seconds(proc.pid)))
                if marker_at < 0:
                    marker_at = buf.find(marker)
            elif marker_at < 0:
                raise RuntimeError("the attract screen was not painted in time")
            if marker_at >= 0:
                end = _frame_end(buf, marker_at, quiet=not ready)
                if end is not None:
                    _size, painted, rss, cpu = next(a for a in arrivals if a[0] >= end)
                    return painted - start, rss, cpu
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


# --- Chromium ---------------------------------------------------------------------------------


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def attract_html(languages: tuple[str, ...]) -> str:
    """A static page with the attract screen's content, in the kiosk's colours."""
    from kiosk.config import AUTONYMS

    tiles = (
        "Di cosa hai bisogno?",
        "Per chi?",
        "Cerca",
        "Lo sportello",
        "Eventi",
        ATTRACT_LAST_TILE,
    )
    buttons = "".join(f"<button>{html.escape(AUTONYMS.get(c, c))}</button>" for c in languages)
    grid = "".join(f"<button class=tile>{html.escape(t)}</button>" for t in tiles)
    return f"""<!doctype html><html lang=it><head><meta charset=utf-8>
<title>Centro per le Famiglie</title><style>
body {{ margin: 0; background: #0f2133; color: #e3ecf4; font: 20px sans-serif; }}
h1 {{ font-size: 64px; text-align: center; margin: 24px 0 8px; }}
p {{ text-align: center; margin: 0 0 16px; }}
.langs {{ display: flex; gap: 8px; justify-content: center; margin-bottom: 24px; }}
button {{ background: #e3ecf4; color: #0f2133; border: 0; padding: 8px 16px; font: inherit; }}
.tiles {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; margin: 0 48px; }}
.tile {{ font-weight: bold; padding: 48px 0; }}
</style></head><body>
<h1>Centro per le Famiglie</h1><p>Piana di Lucca · Tocca lo schermo per iniziare</p>
<div class=langs>{buttons}<button>◐ Contrasto</button></div>
<div class=tiles>{grid}</div></body></html>
"""


def _process_tree(root: int) -> Iterator[int]:
    """`root` and all its descendants now alive (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    todo = [root]
    while todo:
        pid = todo.pop()
        yield pid
        todo.extend(children.get(pid, ()))


def _tree_memory(root: int) -> tuple[float, float, int]:
    """Summed RSS and PSS (MB) of `root`'s process tree, and how many processes it has."""
    rss = pss = 0.0
    count = 0
    for pid in _process_tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) / 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) / 1024
            count += 1
        except OSError:  # it ended meanwhile
            continue
    return rss, pss, count


def chromium_painted(binary: str, page: Path, work: Path) -> tuple[float, float, float, int]:
    """Headless Chromium until its screenshot of `page` is written: seconds, RSS, PSS, processes.

    Memory is the largest sum seen while polling /proc every 10 ms (its processes come and go).
    """
    shot = work / "chromium.png"
    shot.unlink(missing_ok=True)
    args = [
        binary,
        "--headless",
        "--no-sandbox",  # the bench may run as root
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={work / 'chromium-profile'}",
        f"--window-size={COLUMNS * 10},{ROWS * 20}",
        f"--screenshot={shot}",
        page.as_uri(),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    painted = None
    peak = (0.0, 0.0, 0)
    try:
        while proc.poll() is None:
            memory = _tree_memory(proc.pid)
            if memory[0] > peak[0]:
                peak = memory
            if painted is None and shot.exists() and shot.stat().st_size > 0:
                painted = time.perf_counter() - start
            if time.perf_counter() - start > LIMIT:
                raise RuntimeError("Chromium did not finish in time")
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    if painted is None:
        if not shot.exists():
            raise RuntimeError(f"Chromium wrote no screenshot (exit {proc.returncode})")
        painted = time.perf_counter() - start
    return painted, *peak


def side_by_side(
    work: Path, url: str, reps: int, chromium: str | None
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float, int]]]:
    """`reps` kiosk starts on `url`, each followed by Chromium's when a binary is given.

    Alternating them puts both under the same load of a shared machine. One untimed start of
    each goes first: bytecode and Chromium's profile written, files in the page cache.
    """
    from kiosk.config import load_settings

    page = work / "attract.html"
    page.write_text(attract_html(load_settings({}).languages), encoding="utf-8")
    attract_painted(work, url)
    if chromium:
        chromium_painted(chromium, page, work)
    kiosk, browser = [], []
    for _ in range(reps):
        kiosk.append(attract_painted(work, url))
        if chromium:
            browser.append(chromium_painted(chromium, page, work))
    return kiosk, browser
