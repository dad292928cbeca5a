"""Benchmarks of the kiosk: search, content sync, cold start, waitlist joins; prints one table.

    .venv/bin/python bench/run.py            # 11 and 1,000 services, SQLite and PostgreSQL
    .venv/bin/python bench/run.py --sizes 11,1000,10000
    .venv/bin/python bench/run.py --short    # small N, few runs: what CI runs so this cannot rot

PostgreSQL is used when reachable (KIOSK_BENCH_PG_URL, default postgresql://postgres@127.0.0.1:5432/
postgres): a throwaway database is created and dropped. Times are wall-clock on a shared
machine: read medians and ratios, and the load average printed with the table.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import BUNDLED, generate  # noqa: E402
from start import COLUMNS, ROWS, find_chromium, import_and_build, side_by_side  # noqa: E402
from ui import ui_worker  # noqa: E402

PG_ADMIN_URL = os.environ.get("KIOSK_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Words a visitor types. The generated services share a small vocabulary, so these common
# words match most of them (the worst case: everything is ranked and counted) ...
COMMON_QUERIES = ("c", "gio", "genitori", "laboratorio musica", "nascita", "affido")
# ... and these match a few (a service's number, as a rare word would): the index does the work.
RARE_QUERIES = ("4711", "servizio 42", "zzz")
JOIN_WORKERS = 8
JOIN_SLUG = "percorso-nascita"


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (p50 of [1, 2, 3] is 2)."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class Table:
    """Rows of the report: what was measured, on what, and its median and tail."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, what: str, size: str, db: str, samples: list[float], note: str = "") -> None:
        runs = len(samples)
        median = statistics.median(samples) * 1000 if samples else float("nan")
        p95 = percentile(samples, 95) * 1000 if samples else float("nan")
        self.rows.append((what, size, db, str(runs), f"{median:.1f}", f"{p95:.1f}", note))
        progress = f"  {what} [{size}, {db}]: median {median:.1f} ms, p95 {p95:.1f} ms {note}"
        print(progress, flush=True)

    def render(self) -> str:
        head = ("what", "N", "database", "runs", "median ms", "p95 ms", "note")
        rows = [head, *self.rows]
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]

        def line(r: tuple[str, ...]) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"

        sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        return "\n".join([line(head), sep, *(line(r) for r in self.rows)])


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def timed(call: Callable[..., object], *args: object) -> float:
    """Seconds `call(*args)` took."""
    start = time.perf_counter()
    call(*args)
    return time.perf_counter() - start


# --- databases --------------------------------------------------------------------------


def _pg_admin():  # type: ignore[no-untyped-def]
    from playhouse.db_url import connect

    db = connect(PG_ADMIN_URL, connect_timeout=3)
    db.connect()
    return db


def postgres_reachable() -> bool:
    try:
        _pg_admin().close()
    except Exception:
        return False
    return True


@contextmanager
def fresh_database(kind: str, workdir: Path) -> Iterator[str]:
    """An empty, migrated database of `kind`, opened; its URL. Dropped afterwards."""
    from kiosk.models import close_database, migrate, open_database

    if kind == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
        url = f"sqlite:///{path}"
        open_database(url)
        migrate()
        try:
            yield url
        finally:
            close_database()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    admin = _pg_admin()
    name = f"kiosk_bench_{uuid.uuid4().hex[:12]}"
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        open_database(url)
        migrate()
        yield url
    finally:
        close_database()
        admin.execute_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


# --- the measurements -------------------------------------------------------------------


def search_once(query: str) -> int:
    """One visitor search through the services layer; how many services matched."""
    from kiosk import catalogue

    return catalogue.search_services("it", query).total


def first_search(query: str) -> float:
    """Seconds of a search as if no visitor had typed it since the last publish: the pages
    kept of earlier searches are forgotten first (not timed)."""
    from kiosk import catalogue_cache

    catalogue_cache.forget_searches()
    return timed(search_once, query)


def bench_content(table: Table, sizes: list[int], kinds: list[str], reps: int, work: Path) -> None:
    """Per size and database: first sync, no-change sync, then search times."""
    from kiosk.sync import sync_directory

    for size in sizes:
        events = size // 20
        folder = BUNDLED if size == 11 else generate(size, work / f"c{size}", events=events)
        for kind in kinds:
            with fresh_database(kind, work):
                first = timed(sync_directory, folder)
                table.add("content sync, first publish", str(size), kind, [first])
                again = [timed(sync_directory, folder) for _ in range(max(1, reps // 3))]
                table.add("content sync, nothing changed", str(size), kind, again)
                for what, queries in (("common", COMMON_QUERIES), ("rare", RARE_QUERIES)):
                    # First time a word is typed since the publish (its page not kept yet;
                    # the first sample also learns which services are shown today) ...
                    first = [first_search(q) for _ in range(reps) for q in queries]
                    # ... and typed again (the page kept until the next publish).
                    matches = [search_once(q) for q in queries]  # each page kept once more
                    again = [timed(search_once, q) for _ in range(reps) for q in queries]
                    note = f"{len(queries)} queries; {min(matches)}-{max(matches)} matches"
                    for when, samples in (("first time", first), ("again", again)):
                        table.add(
                            f"search, services layer, {what} words, {when}",
                            str(size),
                            kind,
                            samples,
                            note,
                        )


def bench_cold_start(table: Table, kinds: list[str], reps: int, work: Path) -> None:
    """New processes: import + make_app; `kiosk run` until attract is painted; Chromium."""
    from kiosk.sync import sync_directory

    import_and_build(work)  # once untimed: the bytecode written, files in the page cache
    built = [import_and_build(work) for _ in range(reps)]
    table.add(
        "cold start: import + make_app",
        "-",
        "-",
        [t for t, _ in built],
        f"peak RSS median {statistics.median(r for _, r in built):.0f} MB",
    )
    chromium = find_chromium()
    if chromium is None:
        print("  cold start, headless Chromium: skipped (no chromium binary on PATH)", flush=True)
    for kind in kinds:
        with fresh_database(kind, work) as url:
            sync_directory(BUNDLED)
            browser = chromium if kind == "sqlite" else None  # one side-by-side is enough
            kiosk, chromium_runs = side_by_side(work, url, reps, browser)
        times = [t for t, _, _ in kiosk]
        table.add(
            "cold start: kiosk run -> attract painted",
            "11",
            kind,
            times,
            f"CPU {statistics.median(c for _, _, c in kiosk) * 1000:.0f} ms, RSS "
            f"{statistics.median(r for _, r, _ in kiosk):.0f} MB then; {COLUMNS}x{ROWS} pty",
        )
        if chromium_runs:
            seconds = [r[0] for r in chromium_runs]
            ratio = statistics.median(seconds) / statistics.median(times)
            table.add(
                "cold start: headless Chromium, same page",
                "-",
                "-",
                seconds,
                f"summed RSS median {statistics.median(r[1] for r in chromium_runs):.0f} MB "
                f"(PSS {statistics.median(r[2] for r in chromium_runs):.0f} MB, "
                f"{max(r[3] for r in chromium_runs)} processes); {ratio:.1f}x the kiosk's time",
            )


def join_worker(url: str, worker: int, count: int, barrier, results) -> None:  # type: ignore[no-untyped-def]
    """Join `count` times with distinct contacts; report each join's seconds and the errors."""
    from kiosk.models import close_database, open_database
    from kiosk.waitlist import JoinForm, JoinLimits, join_waitlist

    open_database(url, busy_timeout_ms=30_000)
    limits = JoinLimits(per_kiosk=1_000_000, per_list=1_000_000)
    times: list[float] = []
    errors: list[str] = []
    barrier.wait(timeout=120)
    for i in range(count):
        start = time.perf_counter()
        try:
            join_waitlist(
                JOIN_SLUG,
                JoinForm(name="Prova", phone=f"33{worker}{i:07d}"),
                kiosk_id=f"bench-{worker}",
                request_id=uuid.uuid4(),
                limits=limits,
            )
        except Exception as exc:  # counted, never hidden
            errors.append(type(exc).__name__)
        times.append(time.perf_counter() - start)
    close_database()
    results.put((times, errors))


def bench_joins(table: Table, kinds: list[str], count: int, work: Path) -> None:
    """JOIN_WORKERS processes released together, `count` joins each, on the bundled list."""
    from kiosk.sync import sync_directory

    ctx = multiprocessing.get_context("spawn")
    for kind in kinds:
        with fresh_database(kind, work) as url:
            sync_directory(BUNDLED)
            barrier = ctx.Barrier(JOIN_WORKERS)
            results = ctx.Queue()
            procs = [
                ctx.Process(target=join_worker, args=(url, w, count, barrier, results))
                for w in range(JOIN_WORKERS)
            ]
            for p in procs:
                p.start()
            times: list[float] = []
            errors: list[str] = []
            with_report = 0
            try:
                for _ in procs:
                    t, e = results.get(timeout=600)
                    times += t
                    errors += e
                    with_report += 1
            except queue.Empty:
                pass
            for p in procs:
                p.join(timeout=30)
                if p.is_alive():
                    p.kill()
            p99 = percentile(times, 99) * 1000 if times else float("nan")
            lost = JOIN_WORKERS - with_report
            table.add(
                f"waitlist join, {JOIN_WORKERS} processes x {count}",
                "-",
                kind,
                times,
                f"p99 {p99:.0f} ms; {len(errors)} errors; {_positions(len(times) - len(errors))}"
                + (f"; {lost} workers never reported" if lost else ""),
            )


def _positions(joined: int) -> str:
    """Whether the list holds exactly `joined` entries numbered 1..joined (no gap, no twin)."""
    from kiosk.models import Service, Waitlist, WaitlistEntry

    seqs = sorted(
        e.seq
        for e in WaitlistEntry.select(WaitlistEntry.seq)
        .join(Waitlist)
        .join(Service)
        .where(Service.slug == JOIN_SLUG)
    )
    return "positions gapless" if seqs == list(range(1, joined + 1)) else "POSITIONS WRONG"


def _answer(proc, results) -> dict:  # type: ignore[no-untyped-def]
    """What the UI process reports, however many cycles it runs; an error if it dies first."""
    while True:
        try:
            return results.get(timeout=10)  # type: ignore[no-any-return]
        except queue.Empty:
            if not proc.is_alive():
                return {"error": f"the UI process ended without a report (exit {proc.exitcode})"}


def bench_ui(
    table: Table, sizes: list[int], kinds: list[str], reps: int, cycles: int, work: Path
) -> None:
    """The real app headless, per size and database: keystroke/tap -> painted; RSS after
    visits."""
    from kiosk.sync import sync_directory

    ctx = multiprocessing.get_context("spawn")
    what = {
        "keystroke": "search, keystroke -> results painted",
        "browse": "browse a need, tap -> cards painted",
        "service": "service page, tap -> painted",
        "back": "back to the list, tap -> painted",
    }
    for size in sizes:
        folder = BUNDLED if size == 11 else generate(size, work / f"u{size}", events=size // 20)
        for kind in kinds:
            with fresh_database(kind, work) as url:
                sync_directory(folder)
                results = ctx.Queue()
                proc = ctx.Process(target=ui_worker, args=(url, reps, cycles, results))
                proc.start()
                try:
                    out = _answer(proc, results)
                finally:
                    proc.join(timeout=30)
                    if proc.is_alive():
                        proc.kill()
            if "error" in out:
                print(f"  ui [{size}, {kind}]: failed: {out['error']}", flush=True)
                continue
            for key, title in what.items():
                table.add(title, str(size), kind, out[key], "137x36, Pilot")
            table.add(
                f"memory after {cycles} visitor cycles",
                str(size),
                kind,
                [0.0],
                f"RSS {out['rss']:.0f} MB; "
                + ", ".join(f"after {c}: {mb:.0f} MB" for c, mb in sorted(out["rss_at"].items()))
                + " (search, browse, service, back, next visitor per cycle)",
            )


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of the kiosk (prints a table).")
    parser.add_argument("--short", action="store_true", help="small N, few runs (CI)")
    parser.add_argument("--sizes", help="services per content folder, e.g. 11,1000,10000")
    parser.add_argument("--reps", type=int, help="repetitions of each timed step")
    parser.add_argument("--joins", type=int, help="joins per process (8 processes)")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--cycles", type=int, help="visitor cycles before RSS is read (ui)")
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to leave out: cold, content, joins, ui"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in (args.sizes or ("11,60" if args.short else "11,1000")).split(",")]
    reps = args.reps or (3 if args.short else 10)
    joins = args.joins or (5 if args.short else 500)
    kinds = ["sqlite"]
    if not args.sqlite_only and postgres_reachable():
        kinds.append("postgres")
    print(f"bench: sizes {sizes}, {reps} runs, databases {kinds}; {load()}", flush=True)
    table = Table()
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    try:
        skip = set(args.skip.split(","))
        if "cold" not in skip:
            bench_cold_start(table, kinds, reps, work)
        if "content" not in skip:
            bench_content(table, sizes, kinds, reps, work)
        if "joins" not in skip:
            bench_joins(table, kinds, joins, work)
        if "ui" not in skip:
            cycles = args.cycles or (reps if args.short else 100)
            bench_ui(table, sizes, kinds, reps, cycles, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(table.render())
    print(f"\n{load()} (at the end); python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
