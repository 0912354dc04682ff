"""`make bench`: the performance budgets of Detainer Desk, measured on ten years of data.

    .venv/bin/python -m bench.run                 # generate the data, measure everything
    .venv/bin/python -m bench.run --keep /tmp/b   # ... and keep the database there
    .venv/bin/python -m bench.run --data /tmp/b   # reuse a kept database
    .venv/bin/python -m bench.run --only expiry,board
    .venv/bin/python -m bench.run --exe dist/detainer-desk/desk-app   # start the bundle

Prints one table (what, measured, budget, ratio to budget), then `N of M budgets met`;
exits 1 when any budget is missed. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import measure
from bench.fields_bench import bench_time_to_fields
from bench.import_wait import bench_import_wait
from bench.measure import MB, Result

SECTIONS = ("expiry", "board", "startup", "history", "tracking", "quarterly", "import",
            "fields")
WITHOUT_DATA = {"import", "fields"}  # sections that make their own data
DATA_FILE = "bench.sqlite3"
INFO_FILE = "bench-data.json"


def make_data(folder: Path, seed: int) -> tuple[str, datetime, str]:
    """The bench database in `folder` (made if absent): its URL, its `now`, a summary."""
    from bench.datagen import generate
    from desk_app.domain.profiles import DEFAULT_PROFILE_ID, find
    from desk_app.resources import policies_dir
    from desk_app.store.database import open_database

    url = f"sqlite:///{folder / DATA_FILE}"
    info = folder / INFO_FILE
    if info.exists():
        saved = json.loads(info.read_text(encoding="utf-8"))
        return url, datetime.fromisoformat(saved["now"]), f"reused: {saved['summary']}"
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    db = open_database(url)
    try:
        summary = str(generate(db, find(policies_dir(), DEFAULT_PROFILE_ID), now, seed))
    finally:
        db.close()
    info.write_text(json.dumps({"now": now.isoformat(), "seed": seed, "summary": summary}),
                    encoding="utf-8")
    return url, now, summary


def shown(value: float | None, unit: str) -> str:
    """A figure in the unit that reads best."""
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value / MB:.0f} MB"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def print_table(results: list[Result]) -> None:
    """The table: what, measured, budget, ratio to budget, verdict, and a note."""
    header = ("what", "measured", "budget", "ratio", "", "note")
    rows = []
    for r in results:
        verdict = {True: "ok", False: "MISSED", None: ""}[r.met]
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else ""
        rows.append((r.what, shown(r.measured, r.unit),
                     shown(r.budget, r.unit) if r.budget is not None else "",
                     ratio, verdict, r.note))
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(5)]
    line = "  ".join("-" * w for w in widths)
    print(line)
    print(_line(header, widths))
    print(line)
    for row in rows:
        print(_line(row, widths))
    print(line)


def _line(row: tuple[str, ...], widths: list[int]) -> str:
    """One table line: the first column to the left, figures to the right, note last."""
    cells = [cell.ljust(width) if i == 0 else cell.rjust(width)
             for i, (cell, width) in enumerate(zip(row[:5], widths, strict=True))]
    return "  ".join(cells) + (f"  {row[5]}" if row[5] else "")


def main(argv: list[str] | None = None) -> int:
    """Generate or reuse the data, run the chosen sections, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="folder of a kept bench database")
    parser.add_argument("--keep", type=Path, help="make the data in this folder and keep it")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections: {', '.join(SECTIONS)}")
    parser.add_argument("--exe", help="the program to start for start-up and memory "
                                      "(default: this Python running desk_app.cli)")
    parser.add_argument("--seed", type=int, default=413)
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")

    began = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Detainer Desk benchmarks: Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, load {load:.1f}, {datetime.now():%Y-%m-%d %H:%M}")
    scratch = Path(tempfile.mkdtemp(prefix="desk-bench-"))
    folder = args.data or args.keep or scratch / "data"
    try:
        if set(chosen) <= WITHOUT_DATA:
            url, now = "", datetime.now(UTC)
        else:
            url, now, summary = make_data(folder, args.seed)
            print(f"data: {summary}")
        command = [args.exe] if args.exe else [sys.executable, "-m", "desk_app.cli"]
        sections: dict[str, Callable[[], list[Result]]] = {
            "expiry": lambda: measure.bench_expiry(now, runs=5),
            "board": lambda: measure.bench_board_tick(url, now),
            "startup": lambda: measure.bench_start_up(command, url, runs=5),
            "history": lambda: measure.bench_history(url, runs=9),
            "tracking": lambda: measure.bench_tracking(url, runs_csv=5, runs_xlsx=3,
                                                       folder=scratch),
            "quarterly": lambda: measure.bench_quarterly(url, now, runs=3, folder=scratch),
            "import": bench_import_wait,
            "fields": bench_time_to_fields,
        }
        results: list[Result] = []
        for name in chosen:
            started = time.perf_counter()
            try:
                found = sections[name]()
            except Exception as exc:  # a section that breaks is a missed budget, not a crash
                traceback.print_exc()
                found = [Result(name, None, 0.0, note=f"FAILED: {type(exc).__name__}: {exc}")]
            print(f"  {name}: measured in {time.perf_counter() - started:.0f} s", flush=True)
            results.extend(found)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print_table(results)
    pending = [r for r in results if r.note.startswith("not yet measurable")]
    budgets = [r for r in results if r.budget is not None and r not in pending]
    met = sum(1 for r in budgets if r.met)
    print(f"whole run: {time.perf_counter() - began:.0f} s"
          + (f"; {len(pending)} budget(s) not yet measurable" if pending else ""))
    print(f"{met} of {len(budgets)} budgets met")
    return 0 if met == len(budgets) else 1


if __name__ == "__main__":
    sys.exit(main())
