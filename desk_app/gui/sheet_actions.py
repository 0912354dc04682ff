"""The tracking sheet from the GUI: export it to a file, or import a department's sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desk_app.domain.actor import Actor
from desk_app.gui.background import run_in_background
from desk_app.records.commands import export_sheet, import_sheet
from desk_app.store.desk import Desk

SHEET_FILTER = "Excel workbook (*.xlsx);;CSV (*.csv)"


class SheetActions:
    """Export and import, run off the GUI thread, with the outcome in plain words."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget) -> None:
        self._desk = desk
        self.actor = actor
        self._parent = parent

    def export(self) -> None:
        """Ask where, then write the tracking sheet as XLSX or CSV."""
        path, _ = QFileDialog.getSaveFileName(self._parent, "Export the tracking sheet",
                                              "ice-detainer-tracking-sheet.xlsx", SHEET_FILTER)
        if path:
            run_in_background(lambda: export_sheet(self._desk, Path(path), self.actor),
                              self._show, self._failed)

    def import_file(self) -> None:
        """Ask which file, then import it (all rows or none)."""
        path, _ = QFileDialog.getOpenFileName(self._parent, "Import a tracking sheet", "",
                                              "Tracking sheets (*.xlsx *.csv)")
        if path:
            run_in_background(lambda: import_sheet(self._desk, Path(path), self.actor),
                              self._show, self._failed)

    def _show(self, outcome: tuple[str, int]) -> None:
        text, status = outcome
        box = QMessageBox.information if status == 0 else QMessageBox.warning
        box(self._parent, "Tracking sheet", text)

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self._parent, "Tracking sheet",
                            f"The tracking sheet could not be processed: {message}")
