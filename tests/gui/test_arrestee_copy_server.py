"""The arrestee copy names who served it, never whoever printed it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.vocabulary import Role
from desk_app.gui.custody_dialogs import CopyServedDialog
from desk_app.gui.main_window import MainWindow
from desk_app.gui.print_preview import PrintPreview
from desk_app.store.desk import Desk
from tests.gui.conftest import OFFICER, log_detainer

WALSH = Actor("Ofc. S. Walsh", Role.DESK_OFFICER)
CLERK = Actor("M. Dube (Records)", Role.RECORDS_CLERK)


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> MainWindow:
    """One detainer whose IMC scan was done by the arresting officer, Walsh."""
    detainer_id = log_detainer(desk, "D26-0501", "Maria Lopez")
    desk.custody.complete_step(detainer_id, "scan_into_imc", WALSH)
    main = MainWindow(desk, OFFICER)
    qtbot.addWidget(main)
    main.timer.stop()
    main.resize(1366, 768)
    main.show()
    return main


def copy_text(window: MainWindow, qtbot: QtBot, tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> str:
    """Print the copy (Ctrl+Shift+P), Save as PDF… from the preview, read the cover."""
    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args: (str(target), "PDF (*.pdf)"))

    def save(dialog: PrintPreview) -> int:
        dialog.show()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PrintPreview, "exec", save)
    qtbot.keyClick(window.board.table, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)  # off the GUI thread
    return " ".join(PdfReader(target).pages[0].extract_text().split())


def test_copy_given_defaults_to_the_arresting_officer_and_the_copy_names_them(
        window: MainWindow, desk: Desk, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Reyes records that Walsh (the arresting officer) handed the copy over; the
    records clerk prints it later: the cover says Walsh served it."""
    offered: list[str] = []

    def record(dialog: CopyServedDialog) -> int:
        dialog.show()
        offered.extend(dialog.served_by.itemText(i) for i in range(dialog.served_by.count()))
        assert dialog.served_by.currentText() == WALSH.name
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(CopyServedDialog, "exec", record)
    window.acts.copy_served()
    assert offered == [WALSH.name, OFFICER.name]
    saved = desk.detainers.get(window.board.selected_id())
    assert saved.copy_served_by == WALSH.name
    window.set_actor(CLERK)
    text = copy_text(window, qtbot, tmp_path, monkeypatch)
    assert f"Served by {WALSH.name}" in text
    assert f"Signature of {WALSH.name}" in text
    assert "Signature of M. Dube" not in text and "Served by M. Dube" not in text


def test_a_copy_printed_before_service_leaves_the_server_to_be_written_in(
        window: MainWindow, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not yet served: a blank line for the serving officer's hand signature."""
    window.set_actor(CLERK)
    text = copy_text(window, qtbot, tmp_path, monkeypatch)
    assert "Name and signature of the serving officer" in text
    assert "M. Dube" not in text.split("Printed by")[0]


def test_the_server_can_be_typed(window: MainWindow, desk: Desk, qtbot: QtBot,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Another officer served it: their name typed in the field is what is stored."""

    def record(dialog: CopyServedDialog) -> int:
        dialog.show()
        dialog.served_by.lineEdit().selectAll()
        qtbot.keyClicks(dialog.served_by.lineEdit(), "Ofc. P. Nguyen")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(CopyServedDialog, "exec", record)
    window.acts.copy_served()
    assert desk.detainers.get(window.board.selected_id()).copy_served_by == "Ofc. P. Nguyen"
