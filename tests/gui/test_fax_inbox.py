"""The fax inbox: a fax that lands in the folder is offered, and logs with its scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.gui.fax_inbox import FaxInbox
from desk_app.gui.main_window import MainWindow
from desk_app.store.desk import Desk
from tests.gui.conftest import OFFICER


def _one_page_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _one_page_pdf()


class Seconds:
    """A monotonic clock the test moves (a fax settles after three unchanged seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_only_new_scans_are_offered_once(qtbot: QtBot, tmp_path: Path) -> None:
    """Faxes already in the folder, and non-scans, must not be offered again and again."""
    (tmp_path / "old.pdf").write_bytes(PDF)
    seconds = Seconds()
    inbox = FaxInbox(clock=seconds)
    inbox.watch(str(tmp_path))
    offered: list[Path] = []
    inbox.fax_arrived.connect(offered.append)
    (tmp_path / "new.pdf").write_bytes(PDF)
    (tmp_path / "notes.txt").write_text("not a fax")
    inbox.scan_folder()
    assert offered == []  # just arrived: not settled yet
    seconds.now += 3
    inbox.scan_folder()
    inbox.scan_folder()
    assert offered == [tmp_path / "new.pdf"]


def test_offered_fax_opens_the_form_with_the_scan(qtbot: QtBot, desk: Desk, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Logging an offered fax must store the fax itself with the detainer."""
    window = MainWindow(desk, OFFICER)
    qtbot.addWidget(window)
    window.timer.stop()
    window.fax_inbox.watch(str(tmp_path))
    window.show()
    seconds = Seconds()
    window.fax_inbox.clock = seconds
    (tmp_path / "fax-0412.pdf").write_bytes(PDF)
    window.fax_inbox.scan_folder()
    seconds.now += 3
    window.fax_inbox.scan_folder()
    assert "fax-0412.pdf" in window.board.fax_label.text()

    def fill(dialog: DetainerFormDialog) -> int:
        dialog.show()
        qtbot.keyClicks(dialog.detainer_number, "D26-0412")
        qtbot.keyClicks(dialog.subject_name, "Jose Nunez")
        qtbot.keyClicks(dialog.case_number, "26-0412-AR")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(DetainerFormDialog, "exec", fill)
    qtbot.mouseClick(window.board.fax_button, Qt.MouseButton.LeftButton)
    (stored,) = desk.detainers.active()
    assert [a.file_name for a in stored.attachments] == ["fax-0412.pdf"]
    assert not window.board.fax_label.isVisible()
