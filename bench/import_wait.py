"""How long an officer's save waits while an analyst imports a big tracking sheet.

The import goes in batches (store/import_batches.py) so that other saves go in between;
`tests/reliability/test_big_import.py` proves that they do. Here the wait is measured:
a 3,000-row sheet is imported into a fresh SQLite desk while another thread logs
detainers as fast as it can, and the longest wait of one of those saves is the figure.
"""

from __future__ import annotations

import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.measure import Result

ROWS = 3000
WAIT_BUDGET = 1.0  # seconds


def bench_import_wait(rows: int = ROWS) -> list[Result]:
    """The longest and the median wait of a save made during a big import."""
    from desk_app.domain.time_source import SystemTime
    from desk_app.records.tracking_import import import_tracking
    from desk_app.store.desk import open_desk
    from tests.reliability import workers
    from tests.reliability.conftest import ADMIN, OFFICER
    from tests.reliability.test_big_import import big_sheet

    with tempfile.TemporaryDirectory(prefix="desk-import-bench-") as name:
        folder = Path(name)
        desk = open_desk(f"sqlite:///{folder / 'desk.sqlite3'}", SystemTime(),
                         "pittsfield-413")
        try:
            sheet = big_sheet(folder, rows)
            done = threading.Event()

            def run_import() -> None:
                try:
                    import_tracking(desk, sheet, ADMIN)
                finally:
                    done.set()

            importing = threading.Thread(target=run_import, daemon=True)
            waits: list[float] = []
            now = datetime.now(UTC)
            importing.start()
            while not done.is_set():
                started = time.perf_counter()
                desk.detainers.log(workers.new_form(f"D26-{len(waits) + 1:05d}", now),
                                   OFFICER)
                waits.append(time.perf_counter() - started)
            importing.join()
        finally:
            desk.db.close()
    waits.sort()
    note = f"{len(waits)} saves during a {rows}-row import"
    return [Result("save during a big import, longest wait", waits[-1], WAIT_BUDGET,
                   note=note, runs=waits),
            Result("save during a big import, median wait", waits[len(waits) // 2], None,
                   note=note)]
