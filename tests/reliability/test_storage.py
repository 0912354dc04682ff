"""A read-only or full database: the officer is told so, and keeps what was typed.

Read-only is simulated by opening the file with `?mode=ro` (and `PRAGMA query_only`),
since the tests may run as root, who ignores file permissions; a full disk by SQLite's
`max_page_count` set to the file's current size on every connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import event, text

from desk_app.domain.errors import DeskError
from desk_app.domain.text_lengths import NOTE
from desk_app.domain.time_source import FixedTime
from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.store.db_errors import (
    DAMAGED,
    FULL,
    READ_ONLY,
    DatabaseDamagedError,
    DatabaseFullError,
    DatabaseReadOnlyError,
    StorageError,
)
from desk_app.store.desk import Desk, open_desk
from tests.reliability import workers
from tests.reliability.conftest import NOW, OFFICER, dump_database

Breaker = Callable[[Desk], Desk]


def read_only_uri(desk: Desk, path: Path) -> Desk:
    """The same file reopened read-only, as a share IT made read-only would be."""
    desk.db.close()
    return open_desk(f"sqlite:///file:{path}?mode=ro&uri=true", FixedTime(NOW))


def query_only(desk: Desk, _path: Path) -> Desk:
    """Every connection refuses writes (PRAGMA query_only)."""
    event.listen(desk.db.engine, "connect",
                 lambda conn, _record: conn.execute("PRAGMA query_only=ON"))
    desk.db.engine.dispose()
    return desk


def disk_full(desk: Desk, _path: Path) -> Desk:
    """The file may not grow by one page (as on a full disk): no free page left in it."""
    with desk.db.engine.connect() as connection:
        connection.execute(text("VACUUM"))
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        pages = connection.execute(text("PRAGMA page_count")).scalar_one()
    event.listen(desk.db.engine, "connect",
                 lambda conn, _record: conn.execute(f"PRAGMA max_page_count={pages}"))
    desk.db.engine.dispose()
    return desk


CASES = {"read-only file": (read_only_uri, DatabaseReadOnlyError, READ_ONLY),
         "query_only": (query_only, DatabaseReadOnlyError, READ_ONLY),
         "disk full": (disk_full, DatabaseFullError, FULL)}


@pytest.fixture(params=list(CASES))
def broken(request: pytest.FixtureRequest, desk: Desk,
           db_path: Path) -> Iterator[tuple[Desk, type[StorageError], str]]:
    """A desk with one detainer already stored, whose database then stops accepting."""
    desk.detainers.log(workers.new_form("OLD-00001", desk.time.now()), OFFICER)
    breaker, kind, message = CASES[request.param]
    opened = breaker(desk, db_path)
    yield opened, kind, message
    opened.db.close()


def big_form(number: str, desk: Desk) -> object:
    """A detainer with long text, so that it needs new pages in the file."""
    form = workers.new_form(number, desk.time.now())
    return form.__class__(**{**form.__dict__, "offenses": "Larceny over $1200; " * 190})


def test_service_refuses_in_plain_words_and_changes_nothing(
        broken: tuple[Desk, type[StorageError], str]) -> None:
    """A full or read-only database would show a driver traceback, or half a change."""
    desk, kind, message = broken
    before = dump_database(desk.db.engine)
    (old,) = desk.detainers.active()
    attempts = [
        lambda: desk.detainers.log(big_form("NEW-00001", desk), OFFICER),  # type: ignore
        lambda: desk.detainers.edit(old.id, old.version, {"offenses": "x" * 3000}, OFFICER),
        lambda: desk.custody.complete_step(old.id, old.steps[0].step_id, OFFICER,
                                           "n" * NOTE),  # the longest note kept
        lambda: desk.detainers.attach(old.id, "scan.pdf", "application/pdf",
                                      b"%PDF-1.4\n" + b"0" * 20000, OFFICER),
    ]
    for attempt in attempts:
        with pytest.raises(kind) as refused:
            attempt()
        assert isinstance(refused.value, DeskError)
        assert str(refused.value) == message
    assert dump_database(desk.db.engine) == before
    assert [d.id for d in desk.detainers.active()] == [old.id]  # reading still works


def test_form_stays_open_with_what_was_typed(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        broken: tuple[Desk, type[StorageError], str]) -> None:
    """The officer would lose a typed detainer, or believe it was logged."""
    desk, _kind, message = broken
    monkeypatch.setattr(QMessageBox, "question",  # only when the test ends
                        lambda *_a: QMessageBox.StandardButton.Yes)
    before = dump_database(desk.db.engine)
    dialog = DetainerFormDialog(desk, OFFICER)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.detainer_number, "D-2026-0999")
    dialog.subject_name.setText("Nguyễn Văn Anh")  # QTest types ASCII only
    qtbot.keyClicks(dialog.case_number, "26-1187-AR")
    dialog.offenses.setPlainText("Larceny over $1200; " * 190)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.result() != dialog.DialogCode.Accepted
    assert message in dialog.status_label.text()
    assert dialog.detainer_number.text() == "D-2026-0999"
    assert dialog.subject_name.text() == "Nguyễn Văn Anh"
    assert dialog.case_number.text() == "26-1187-AR"
    assert dialog.offenses.toPlainText().startswith("Larceny over $1200;")
    assert dump_database(desk.db.engine) == before


def test_commits_reach_the_disk_and_a_damaged_file_points_to_the_backups(
        desk: Desk, tmp_path: Path) -> None:
    """A power cut would lose the last commits (synchronous=NORMAL); a damaged file would
    send people to a backup that does not exist, or show a driver traceback."""
    with desk.db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database at all " * 400)
    with pytest.raises(DatabaseDamagedError) as refused:
        open_desk(f"sqlite:///{damaged}", FixedTime(NOW))
    assert str(refused.value) == DAMAGED
    assert "desk-app restore BACKUP --replace" in DAMAGED and "docs/backup.md" in DAMAGED
    assert (Path(__file__).parents[2] / "docs" / "backup.md").is_file()
