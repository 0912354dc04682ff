"""A large import goes in short batches: others save meanwhile, Cancel and kills leave
nothing half-imported.

400k rows on SQLite took 445 s in one transaction, with every other save refused as
"database busy" for 7 minutes; on PostgreSQL a 50k-row import held the audit lock and
froze another workstation's board for 131 s.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk_app.domain.time_source import SystemTime
from desk_app.domain.tracking_rows import COLUMNS
from desk_app.records.tracking_import import import_tracking
from desk_app.store.audit import verify_chain
from desk_app.store.desk import Desk, open_desk
from desk_app.store.import_batches import (
    BATCH,
    ImportCancelledError,
    ImportControl,
    finish_interrupted_imports,
)
from desk_app.store.models import AuditEntry, Detainer
from tests.reliability import workers
from tests.reliability.conftest import ADMIN, FIGURES, NOW, OFFICER, Dump, dumper
from tests.reliability.soak import scale
from tests.reliability.test_bad_import import good_row, write_sheet
from tests.reliability.test_crash import run_and_kill

# How long another save may wait is a budget of `make bench` (bench/import_wait.py);
# here it is shown that the saves go in between the import's batches.


def big_sheet(folder: Path, rows: int) -> Path:
    """A valid tracking sheet of `rows` closed detainers (CSV)."""
    return write_sheet(folder, list(COLUMNS[:12]), [good_row(i) for i in range(rows)],
                       False)


def _desk(where: str, request: pytest.FixtureRequest) -> Desk:
    return request.getfixturevalue("desk" if where == "sqlite" else "pg_desk")


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
def test_cancel_during_the_import_keeps_nothing(where: str, request: pytest.FixtureRequest,
                                                tmp_path: Path) -> None:
    desk = _desk(where, request)
    sheet = big_sheet(tmp_path, BATCH * 4 + 17)
    dump: Callable[[], Dump] = dumper(desk)
    before = dump()
    control = ImportControl()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= BATCH * 2:
            control.cancel.set()  # the analyst presses Cancel

    control.progress = progress
    with pytest.raises(ImportCancelledError, match="nothing of it was kept"):
        import_tracking(desk, sheet, ADMIN, control)
    assert seen[:2] == [BATCH, BATCH * 2]
    assert dump() == before


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
def test_other_saves_go_in_between_the_batches_of_a_big_import(
        where: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    desk = _desk(where, request)
    rows = scale(3000, 50_000)
    sheet = big_sheet(tmp_path, rows)
    outcome: list[object] = []
    importing = threading.Thread(
        target=lambda: outcome.append(import_tracking(desk, sheet, ADMIN)), daemon=True)
    waits: list[float] = []
    importing.start()
    number = 0
    while importing.is_alive():
        number += 1
        started = time.perf_counter()
        desk.detainers.log(workers.new_form(f"D26-{number:05d}", NOW), OFFICER)
        waits.append(time.perf_counter() - started)
    importing.join()
    report = outcome[0]
    assert report.imported == rows, report.lines()  # type: ignore[attr-defined]
    assert len(waits) >= 3, "the import ended before anything could be measured"
    with desk.db.sessions() as session:
        assert verify_chain(session).intact
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions.count("detainer imported") == rows
    first = actions.index("detainer imported")
    last = len(actions) - 1 - actions[::-1].index("detainer imported")
    during = actions[first:last + 1]
    # Saves between imported rows, in more than one gap: the import let go of the
    # database between its batches instead of holding it to the end.
    gaps = sum(1 for before, after in zip(during, during[1:], strict=False)
               if before == "detainer imported" and after == "detainer logged")
    assert gaps >= 2, f"other saves found room in {gaps} gap(s) of the import"
    FIGURES.append(f"big import ({where}): {rows} rows in batches of {BATCH}; "
                   f"{len(waits)} other saves meanwhile in {gaps} gaps, longest wait "
                   f"{max(waits):.2f} s (budget in make bench)")


def test_killed_import_is_undone_or_completed_at_the_next_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    open_desk(url, SystemTime(), "pittsfield-413").db.close()
    rows = scale(1500, 20_000)
    sheet = big_sheet(tmp_path, rows)
    rng = random.Random(8)
    kills = scale(8, 60)
    outcomes = {"none": 0, "all": 0}
    for kill in range(kills):
        report = tmp_path / f"import-{kill}.out"
        run_and_kill(workers.crash_import, url, str(sheet), str(report), kill, rng=rng,
                     report=report)
        desk = open_desk(url, SystemTime(), "pittsfield-413")
        try:
            finish_interrupted_imports(desk, ADMIN)  # what the next start-up does
            with desk.db.sessions() as session:
                imported = session.scalar(select(func.count()).select_from(Detainer))
                audited = session.scalar(select(func.count()).select_from(AuditEntry)
                                         .where(AuditEntry.action == "detainer imported"))
                assert verify_chain(session).intact
            assert imported in (0, rows), f"kill {kill} left {imported} of {rows} rows"
            assert audited == imported
            outcomes["all" if imported else "none"] += 1
            if imported:  # start the next round from an empty desk again
                break
        finally:
            desk.db.close()
    FIGURES.append(f"killed imports: {sum(outcomes.values())} kills survived, "
                   f"{outcomes['none']} undone whole, {outcomes['all']} complete")


def test_board_import_shows_progress_and_cancel_keeps_nothing(
        qtbot: QtBot, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

    from desk_app.gui.sheet_actions import SheetActions

    sheet = big_sheet(tmp_path, BATCH * 40)
    dump = dumper(desk)
    before = dump()
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = SheetActions(desk, ADMIN, parent)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(sheet), ""))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    actions.import_file()
    progress = actions.progress
    assert progress is not None
    qtbot.waitUntil(lambda: progress.value() > 0, timeout=30_000)
    assert progress.maximum() == 2 * BATCH * 40  # rows, then their audit entries
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: said != [], timeout=30_000)
    assert "cancelled; nothing of it was kept" in said[0]
    assert dump() == before
