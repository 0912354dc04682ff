"""Print shows the page and a real print dialog; Save as PDF… beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from desk_app.gui.main_window import MainWindow
from desk_app.gui.print_preview import PrintPreview
from desk_app.store.desk import Desk
from tests.gui.conftest import OFFICER, log_detainer


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> MainWindow:
    """The board with one detainer selected."""
    log_detainer(desk, "D26-0412", "Nguyen Thi Minh Khai")
    main = MainWindow(desk, OFFICER)
    qtbot.addWidget(main)
    main.timer.stop()
    main.resize(1366, 768)
    main.show()
    return main


def drive_preview(monkeypatch: pytest.MonkeyPatch, act: object) -> list[PrintPreview]:
    """Replace the preview's exec by `act(dialog)` on the shown dialog."""
    opened: list[PrintPreview] = []

    def fake_exec(self: PrintPreview) -> int:
        opened.append(self)
        self.show()
        act(self)  # type: ignore[operator]
        self.hide()
        return self.result()

    monkeypatch.setattr(PrintPreview, "exec", fake_exec)
    return opened


def test_ctrl_p_prints_the_record_through_the_print_dialog(
        window: MainWindow, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+P: preview of the record; Print… opens the print dialog; the pages go to
    the printer chosen there (here a PDF printer, read back)."""
    paper = tmp_path / "paper.pdf"
    asked: list[QPrinter] = []

    def choose_printer(dialog: QPrintDialog) -> int:
        asked.append(dialog.printer())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(paper))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_printer)

    def press_print(dialog: PrintPreview) -> None:
        assert "D26-0412" in dialog.windowTitle()
        assert dialog.preview.pageCount() == dialog.document.pageCount() >= 1
        room = window.screen().availableGeometry()  # the buttons are on the screen
        assert dialog.height() <= room.height() and dialog.width() <= room.width()
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    opened = drive_preview(monkeypatch, press_print)
    qtbot.keyClick(window.board.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)  # off the GUI thread
    assert len(opened) == 1 and len(asked) == 1
    assert opened[0].result() == QDialog.DialogCode.Accepted
    printed = PdfReader(paper)
    assert len(printed.pages) == opened[0].document.pageCount()
    source = PdfReader(opened[0].pdf)
    assert "D26-0412" in source.pages[0].extract_text()
    # The rendered file lives in a folder only this user can open.
    assert opened[0].pdf.parent.stat().st_mode & 0o077 == 0


def test_page_setup_is_remembered_for_the_next_print(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Landscape chosen in Page setup… is what the next print starts with."""

    def landscape(dialog: QPageSetupDialog) -> int:
        dialog.printer().setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog.printer().setPageSize(QPageSize(QPageSize.PageSizeId.Legal))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPageSetupDialog, "exec", landscape)
    seen: list[tuple[QPageLayout.Orientation, QPageSize.PageSizeId]] = []

    def set_up_then_close(dialog: PrintPreview) -> None:
        layout = dialog.printer.pageLayout()
        seen.append((layout.orientation(), layout.pageSize().id()))
        qtbot.mouseClick(dialog.setup_button, Qt.MouseButton.LeftButton)
        dialog.reject()

    drive_preview(monkeypatch, set_up_then_close)
    qtbot.keyClick(window.board.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)  # off the GUI thread
    window.activateWindow()  # the closed preview handed the focus back
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.board.table, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)  # off the GUI thread
    assert seen[1] == (QPageLayout.Orientation.Landscape, QPageSize.PageSizeId.Legal)
    assert seen[0] != seen[1]


def test_save_as_pdf_beside_print(window: MainWindow, qtbot: QtBot, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Save as PDF… writes the arrestee copy where the person chose."""
    target = tmp_path / "copy.pdf"
    proposed: list[str] = []

    def choose(_parent: object, _title: str, name: str, _filter: str) -> tuple[str, str]:
        proposed.append(name)
        return str(target), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)

    def save(dialog: PrintPreview) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.summary.text() == f"Saved at {target}."
        dialog.reject()

    drive_preview(monkeypatch, save)
    qtbot.keyClick(window.board.table, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)  # off the GUI thread
    assert proposed == ["arrestee-copy-D26-0412.pdf"]
    assert "D26-0412" in PdfReader(target).pages[0].extract_text()
