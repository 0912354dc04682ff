"""One reading of a fax for every board: the workstation that takes a fax in reads it
and keeps the reading; another board selecting the fax shows that reading and opens the
New detainer form pre-filled from it, without reading the fax again; a board that finds
no reading kept reads the fax itself, once. On SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bench.fax_forms import FaxValues
from desk_app.domain.intake import IntakeState
from desk_app.domain.time_source import FixedTime
from desk_app.gui.intake_queue import IntakePanel
from desk_app.gui.live_updates import LiveUpdates
from desk_app.gui.read_detainer_form import READ_INPUTS, READ_STYLE, ReadDetainerForm
from desk_app.records.form_reader import FaxReading
from desk_app.store.desk import Desk, open_desk
from desk_app.store.intake_service import IntakeService
from tests.gui.conftest import OFFICER, SERGEANT, WEDNESDAY_2PM, read_generated_fax

WITHIN_MS = 5000
Reader = Callable[[str, bytes], FaxReading]


@pytest.fixture(scope="module")
def fax(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FaxValues, FaxReading]:
    """One generated fine-resolution fax, and what the reader reads off it (once)."""
    return read_generated_fax(tmp_path_factory.mktemp("fax"), 11, "ice-0711.tif")


@pytest.fixture(params=["sqlite", "postgresql"])
def desks(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    """Two workstations of one department on one database: the booking desk that takes
    the fax in (A) and the sergeant's desk (B)."""
    url = (f"sqlite:///{tmp_path / 'desk.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    opened = [open_desk(url, FixedTime(WEDNESDAY_2PM), "pittsfield-413") for _ in "AB"]
    yield opened[0], opened[1]
    for desk in opened:
        desk.db.close()


class CountingReader:
    """A form reader that counts its calls and answers once `go` is set."""

    def __init__(self, reading: FaxReading) -> None:
        self.reading = reading
        self.calls: list[str] = []
        self.go = threading.Event()
        self.go.set()

    def __call__(self, file_name: str, _content: bytes) -> FaxReading:
        self.calls.append(file_name)
        assert self.go.wait(30), "the test never let the reader answer"
        return self.reading


def board(qtbot: QtBot, desk: Desk, reader: Reader, live: bool = False) -> IntakePanel:
    """A queue that never looks on a timer; hearing the other workstations if `live`."""
    panel = IntakePanel(desk, SERGEANT, reader=reader)
    qtbot.addWidget(panel)
    panel.timer.stop()
    if live:
        updates = LiveUpdates(desk.db, panel)
        panel.hear(updates.intake_changed, updates.resync_needed)
        with qtbot.waitSignal(updates.connected, timeout=WITHIN_MS):
            updates.start()
        panel.destroyed.connect(updates.stop)
    return panel


def read_values(reading: FaxReading) -> dict[str, object]:
    """The fields the reader read surely, with their values."""
    return {n: f.value for n, f in reading.fields.items() if f.value is not None}


def test_another_board_shows_the_kept_reading_and_logs_from_it_prefilled(
        qtbot: QtBot, desks: tuple[Desk, Desk],
        fax: tuple[Path, FaxValues, FaxReading]) -> None:
    """The sergeant's board would say "not read yet" and open an empty New detainer
    form for a fax the booking desk has read, or read the fax a second time."""
    here, there = desks
    path, values, reading = fax
    read = read_values(reading)
    assert read["file_number"] == values.file_number  # the reader did its part
    other_reader = CountingReader(reading)
    other = board(qtbot, there, other_reader, live=True)
    taking = board(qtbot, here, CountingReader(reading))
    entry = taking.take_in("District C-11", path)
    assert entry is not None
    # The reading kept at the booking desk is heard at the other board: "Read as".
    qtbot.waitUntil(lambda: other.table.rowCount() == 1
                    and other.table.item(0, 4).text() == "I-247A", timeout=WITHIN_MS * 3)
    other.select(entry.id)
    qtbot.waitUntil(lambda: entry.id in other.readings, timeout=WITHIN_MS)
    assert other_reader.calls == []  # shown from the kept reading, not read again
    shown = other.detail.text()
    assert f"{read['subject_name']}" in shown and f"A-number {values.file_number}" in shown
    dialog = other.log_selected()
    assert isinstance(dialog, ReadDetainerForm) and dialog.isVisible()
    for name, value in read.items():
        if name not in READ_INPUTS:
            continue
        editor = getattr(dialog, READ_INPUTS[name])
        text = editor.currentData() if hasattr(editor, "currentData") else editor.text()
        assert str(text) == str(value), name
        assert READ_STYLE in editor.styleSheet(), name  # marked as read until confirmed
        assert name in dialog.confirm_boxes, name
    assert dialog.file_number.text() == values.file_number
    crop = dialog.findChild(type(dialog.read_hint), "crop_file_number")
    assert crop is not None and not crop.pixmap().isNull()  # cut from the stored copy
    qtbot.keyClicks(dialog.detainer_number, "D26-0711")
    qtbot.keyClicks(dialog.case_number, "26-0711-AR")
    for box in dialog.confirm_boxes.values():
        box.setChecked(True)
    dialog.save()
    assert dialog.saved is not None
    assert there.detainers.get(dialog.saved.id).file_number == values.file_number
    logged = IntakeService(here).entry(entry.id)
    assert logged.state is IntakeState.LOGGED and logged.detainer_id == dialog.saved.id


def test_a_fax_nobody_read_is_read_by_the_board_that_selects_it_once(
        qtbot: QtBot, desks: tuple[Desk, Desk],
        fax: tuple[Path, FaxValues, FaxReading]) -> None:
    """A fax whose reading workstation closed before reading it would stay "not read"
    on every board, or be read twice at once by a board selected on it twice."""
    here, there = desks
    path, values, reading = fax
    item = IntakeService(here).take_in("District C-11", str(path), path.name, "image/tiff",
                                       path.read_bytes(), OFFICER)  # and never read
    reader = CountingReader(reading)
    reader.go.clear()
    other = board(qtbot, there, reader)
    other.select(item.id)
    qtbot.waitUntil(lambda: len(reader.calls) == 1, timeout=WITHIN_MS)
    assert other.detail.text() == f"Reading {path.name}…"
    other.table.clearSelection()
    other.select(item.id)  # selected again while it is being read
    other.read(item.id)
    reader.go.set()
    qtbot.waitUntil(lambda: item.id in other.readings, timeout=WITHIN_MS)
    assert reader.calls == [path.name]
    assert f"A-number {values.file_number}" in other.detail.text()
    assert IntakeService(here).entry(item.id).reading  # kept for every other board
    again = CountingReader(reading)
    taking = board(qtbot, here, again)
    taking.select(item.id)
    qtbot.waitUntil(lambda: item.id in taking.readings, timeout=WITHIN_MS)
    assert again.calls == []
    assert taking.readings[item.id].fields["file_number"].value == values.file_number
