"""Each benchmark: run the real code on the bench data several times, keep every timing.

A `Result` is one line of the table: what was measured, the median (or the worst, or
the peak memory), and the budget it is held to. Nothing here changes the program.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bench.baseline import expiry_by_hours
from bench.datagen import COMMON_NAME_QUERY, FULL_NAME_QUERY

MB = 1024 * 1024


@dataclass
class Result:
    """One row of the table."""

    what: str
    measured: float | None  # seconds, or bytes when unit is "MB"; None: not measurable
    budget: float | None
    unit: str = "s"
    note: str = ""
    runs: list[float] = field(default_factory=list)

    @property
    def met(self) -> bool | None:
        """None when there is no budget or nothing could be measured."""
        if self.budget is None or self.measured is None:
            return None
        return self.measured <= self.budget

    @property
    def ratio(self) -> float | None:
        """Measured over budget: under 1 is within it."""
        if self.budget is None or self.measured is None:
            return None
        return self.measured / self.budget


def timed(work: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock seconds of `runs` calls of `work`."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


# -- the detainer clock ------------------------------------------------------------------


def random_starts(count: int, seed: int, now: datetime, years: int = 10) -> list[datetime]:
    """`count` instants to the second, spread evenly over `years` before `now`."""
    rng = random.Random(seed)
    seconds = int(timedelta(days=365.25 * years).total_seconds())
    first = now - timedelta(seconds=seconds)
    return [first + timedelta(seconds=rng.randrange(seconds)) for _ in range(count)]


def bench_expiry(now: datetime, runs: int, count: int = 100_000,
                 baseline_count: int = 10_000) -> list[Result]:
    """Expiry of 100,000 random starts, and the hour-by-hour baseline on a sample."""
    from desk_app.domain.clock import DetainerClock

    starts = random_starts(count, 7, now)
    times = []
    for _ in range(runs):
        clock = DetainerClock()  # a fresh clock each run: nothing carried between runs
        expiry = clock.expiry
        started = time.perf_counter()
        for start in starts:
            expiry(start)
        times.append(time.perf_counter() - started)
    clock = DetainerClock()
    sample = starts[:baseline_count]
    started = time.perf_counter()
    slow = [expiry_by_hours(clock, start) for start in sample]
    baseline = (time.perf_counter() - started) * count / baseline_count
    wrong = sum(1 for start, answer in zip(sample, slow, strict=True)
                if clock.expiry(start) != answer)
    if wrong:
        raise AssertionError(f"DetainerClock.expiry and the hour-by-hour baseline disagree "
                             f"on {wrong} of {baseline_count} starts")
    median = statistics.median(times)
    return [
        Result(f"expiry, {count:,} random starts over ten years", median, 1.0, runs=times,
               note=f"{baseline / median:.0f}x faster than hour-by-hour stepping"),
        Result(f"  baseline: hour-by-hour stepping ({baseline_count:,} timed, scaled)",
               baseline, None, note=f"answers equal on all {baseline_count:,}"),
    ]


# -- the board ---------------------------------------------------------------------------


def bench_board_tick(url: str, now: datetime, ticks: int = 300,
                     warm_up: int = 20) -> list[Result]:
    """Once-a-second tick of the board with every active detainer on it.

    Two budgets. The board itself, as the main window builds it: the model advances
    the countdowns and emits dataChanged, the proxy and the table (shown offscreen,
    1366x768) repaint. Then the main window's whole tick, what the desk officer's
    screen does once a second: the board, the alert queue, the status-bar clock and
    the selected detainer's detail panel, with their repaints.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desk_app.domain.actor import Actor
    from desk_app.domain.time_source import FixedTime
    from desk_app.domain.vocabulary import Role
    from desk_app.gui.board_model import COL_LEFT, BoardModel
    from desk_app.gui.board_view import BoardView
    from desk_app.gui.main_window import MainWindow
    from desk_app.store.desk import open_desk

    app = QApplication.instance() or QApplication([sys.argv[0]])
    clock = FixedTime(now)
    desk = open_desk(url, clock)
    try:
        model = BoardModel(desk.profile, desk.clock, desk.thresholds, now)
        board = BoardView(model, desk.clock)
        board.resize(1366, 768)
        board.show()
        model.set_rows(desk.detainers.active(), now)
        board.table.sortByColumn(COL_LEFT, Qt.SortOrder.AscendingOrder)
        board.table.selectRow(0)
        app.processEvents()
        rows = model.rowCount()
        changes = []
        model.urgency_changed.connect(lambda *_: changes.append(1))
        second = 0

        def tick_board() -> None:
            model.tick(clock.now())
            app.processEvents()  # the repaints, as the event loop would do them

        board_times = _ticks(clock, now, tick_board, warm_up, ticks)
        second += warm_up + ticks
        board.close()

        window = MainWindow(desk, Actor("Bench Officer", Role.DESK_OFFICER))
        window.timer.stop()  # the benchmark ticks, not the timer
        window.live.stop()  # showEvent starts it again: the listener runs as at a desk
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        ticked: list[tuple[float, bool]] = []  # each tick's time; did a new alert show?

        def tick_window() -> None:
            before = window.alerts.current
            started = time.perf_counter()
            window.tick()
            app.processEvents()
            current = window.alerts.current
            ticked.append((time.perf_counter() - started,
                           current is not None and current is not before))

        _ticks(clock, now + timedelta(seconds=second), tick_window, warm_up, ticks)
        window.close()
    finally:
        desk.db.close()
    kept = ticked[warm_up:]
    steady = [elapsed for elapsed, alert in kept if not alert]
    alert_ticks = [elapsed for elapsed, alert in kept if alert]
    alert_note = (f"{len(alert_ticks)} tick(s) showing a new alert (the banner, its audit "
                  f"entry written) left out: worst {max(alert_ticks) * 1000:.0f} ms"
                  if alert_ticks else "no new alert in these ticks")
    note = f"{rows} rows, {len(changes)} urgency changes in {warm_up + ticks} ticks"
    return [
        Result(f"board tick, {rows} active (median of {len(board_times)})",
               statistics.median(board_times), 0.004, runs=board_times, note=note),
        Result(f"board tick, {rows} active (worst of {len(board_times)})",
               max(board_times), 0.016, runs=board_times),
        Result(f"main window tick (+ status bar, detail panel), median of "
               f"{len(steady)}", statistics.median(steady), 0.003, runs=steady),
        Result(f"main window tick (+ status bar, detail panel), worst of "
               f"{len(steady)}", max(steady), 0.008, runs=steady, note=alert_note),
    ]


TICK_TIME_CAP = 60.0  # seconds: a board that slow is measured on fewer ticks


def _ticks(clock: object, start: datetime, work: Callable[[], None], warm_up: int,
           ticks: int) -> list[float]:
    """Time `work` once per simulated second; the first `warm_up` are not kept.

    Stops early (keeping at least 3) once the ticks have taken TICK_TIME_CAP seconds.
    """
    times: list[float] = []
    began = time.perf_counter()
    for second in range(1, warm_up + ticks + 1):
        clock.set(start + timedelta(seconds=second))  # type: ignore[attr-defined]
        started = time.perf_counter()
        work()
        elapsed = time.perf_counter() - started
        if second > warm_up or elapsed > 1.0:
            times.append(elapsed)
        if len(times) >= 3 and time.perf_counter() - began > TICK_TIME_CAP:
            break
    return times


# -- start-up and memory (the program as a user starts it) -------------------------------


def isolated_env(folder: Path) -> dict[str, str]:
    """The environment of a fresh workstation account: no settings files, no DESK_DB_URL."""
    env = dict(os.environ)
    env.pop("DESK_DB_URL", None)
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(folder), XDG_DATA_HOME=str(folder / "d"),
               XDG_CONFIG_HOME=str(folder / "c"), XDG_STATE_HOME=str(folder / "s"),
               XDG_CACHE_HOME=str(folder / "k"), XDG_CONFIG_DIRS=str(folder / "site"))
    return env


def start_board(command: list[str], url: str, env: dict[str, str],
                *extra: str) -> tuple[float, float, int]:
    """Start the board until shown; return wall seconds, its own figure, peak RSS bytes."""
    started = time.perf_counter()
    child = subprocess.Popen([*command, "--db", url, *extra, "--quit-after-paint"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stderr is not None
    line = child.stdout.readline()
    wall = time.perf_counter() - started
    rest = child.stdout.read()
    errors = child.stderr.read()
    # wait4 gives this child's own rusage (getrusage(RUSAGE_CHILDREN) mixes all children).
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    found = re.search(r"board shown after ([0-9.]+) s", line)
    if child.returncode != 0 or not found:
        raise RuntimeError(f"the board did not start (exit {child.returncode}): "
                           f"{line}{rest}{errors}".strip())
    rss = usage.ru_maxrss * 1024  # kilobytes on Linux
    return wall, float(found.group(1)), rss


def bench_start_up(command: list[str], url: str, runs: int) -> list[Result]:
    """`desk-app --quit-after-paint` against the 50,000-detainer database, as a subprocess."""
    with tempfile.TemporaryDirectory(prefix="desk-bench-home-") as home:
        env = isolated_env(Path(home))
        start_board(command, url, env)  # first run warms the disk cache; not counted
        measured = [start_board(command, url, env) for _ in range(runs)]
    walls = [m[0] for m in measured]
    inside = [m[1] for m in measured]
    peak = max(m[2] for m in measured)
    return [
        Result("start-up to board shown, 50,000 history (SQLite)", statistics.median(walls),
               2.0, runs=walls, note=f"process start to the line; the program itself says "
                                     f"{statistics.median(inside):.2f} s"),
        Result("resident memory, 50,000 history, board open", peak, 300 * MB, unit="MB",
               note=f"peak RSS of the process, worst of {runs}"),
        first_start(command, runs=3),
    ]


def first_start(command: list[str], runs: int) -> Result:
    """`make run` on a new database: start-up to the board, demo sign-ins made first."""
    walls = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="desk-bench-first-") as home:
            url = f"sqlite:///{home}/new.sqlite3"
            walls.append(start_board(command, url, isolated_env(Path(home)),
                                     "--demo-if-new")[0])
    return Result("first start to board shown, new database (--demo-if-new)",
                  statistics.median(walls), 3.0, runs=walls,
                  note="migrations and the demo sign-ins; the demo detainers follow on screen")


# -- history, exports and reports (in this process, on the same desk) --------------------


def bench_history(url: str, runs: int) -> list[Result]:
    """History search by name: a full name (few hits) and a family name (over the limit)."""
    from desk_app.store.desk import open_desk
    from desk_app.store.detainer_service import HistoryFilter

    desk = open_desk(url)
    results = []
    try:
        for query, label in ((FULL_NAME_QUERY, "full name"),
                             (COMMON_NAME_QUERY, "common family name")):
            where = HistoryFilter(text=query)
            found = len(desk.detainers.history(where))
            times = timed(lambda w=where: desk.detainers.history(w), runs)
            results.append(Result(f"history search, {label} '{query}'",
                                  statistics.median(times), 0.100, runs=times,
                                  note=f"{found} shown (limit {where.limit})"))
    finally:
        desk.db.close()
    return results


def bench_tracking(url: str, runs_csv: int, runs_xlsx: int, folder: Path) -> list[Result]:
    """The tracking sheet of every detainer, as CSV and as XLSX."""
    from desk_app.records.tracking_sheet import export_tracking
    from desk_app.store.desk import open_desk

    desk = open_desk(url)
    results = []
    try:
        for suffix, runs, budget in ((".csv", runs_csv, 2.0), (".xlsx", runs_xlsx, 10.0)):
            out = folder / f"tracking{suffix}"
            rows = 0

            def export(out: Path = out) -> None:
                nonlocal rows
                rows = export_tracking(desk.reports.tracking_sheet(), out)

            times = timed(export, runs)
            size = out.stat().st_size / MB
            results.append(Result(f"tracking sheet {suffix[1:].upper()}, {rows:,} rows",
                                  statistics.median(times), budget, runs=times,
                                  note=f"{size:.1f} MB"))
    finally:
        desk.db.close()
    return results


def bench_quarterly(url: str, now: datetime, runs: int, folder: Path) -> list[Result]:
    """The quarterly report PDF of the last full quarter, drawn from the whole history."""
    what = "quarterly report PDF over the whole history"
    try:
        from desk_app.records.report_quarterly import render_quarterly
    except ImportError as exc:
        return [Result(what, None, 5.0, note=f"not yet measurable ({exc})")]
    from desk_app.store.desk import open_desk

    desk = open_desk(url)
    local = now.astimezone(desk.zone)
    quarter = (local.month - 1) // 3  # the last full quarter: 0 means Q4 of last year
    year = local.year if quarter else local.year - 1
    quarter = quarter or 4
    out = folder / "quarterly.pdf"
    try:
        times = timed(lambda: render_quarterly(desk.reports.quarterly(year, quarter),
                                               desk.reports.heading("Bench Analyst"), out),
                      runs)
    finally:
        desk.db.close()
    return [Result(f"quarterly report PDF, Q{quarter} {year}", statistics.median(times), 5.0,
                   runs=times, note=f"{out.stat().st_size / 1024:.0f} KB")]
