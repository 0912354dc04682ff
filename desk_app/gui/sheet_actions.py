"""The tracking sheet from the GUI: export it to a file, or import a department's sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.stations import ALL_STATIONS, NO_STATION
from desk_app.gui.background import run_in_background
from desk_app.gui.signed_in import ActsForSignedIn, SignedIn, signed_in_source
from desk_app.records.commands import export_sheet, import_sheet
from desk_app.store.desk import Desk
from desk_app.store.import_batches import ImportControl

SHEET_FILTER = "Excel workbook (*.xlsx);;CSV (*.csv)"


class SheetActions(ActsForSignedIn):
    """Export and import, run off the GUI thread, with the outcome in plain words."""

    def __init__(self, desk: Desk, actor: Actor | SignedIn, parent: QWidget) -> None:
        self._desk = desk
        self.signed_in = signed_in_source(actor)
        self._parent = parent
        self.progress: QProgressDialog | None = None  # the running import's, if any

    def export(self) -> None:
        """Ask which station's (when the department has stations) and where, then write
        the tracking sheet as XLSX or CSV."""
        chosen, station = self.choose_station()
        if not chosen:
            return
        at = "" if station is None else "-" + "-".join((station or "no-station").split())
        path, _ = QFileDialog.getSaveFileName(self._parent, "Export the tracking sheet",
                                              f"ice-detainer-tracking-sheet{at}.xlsx",
                                              SHEET_FILTER)
        if path:
            run_in_background(lambda: export_sheet(self._desk, Path(path), self.actor,
                                                   station),
                              self._show, self._failed)

    def choose_station(self) -> tuple[bool, str | None]:
        """Whether to go on, and the station: None for every station's sheet, "" for the
        detainers without one; asked only in a department with stations."""
        stations = self._desk.stations
        if not stations:
            return True, None
        names = [ALL_STATIONS, *stations, NO_STATION]
        chosen, ok = QInputDialog.getItem(self._parent, "Export the tracking sheet",
                                          "The detainers of:", names, 0, False)
        if not ok:
            return False, None
        return True, (None if chosen == ALL_STATIONS else "" if chosen == NO_STATION
                      else chosen)

    def import_file(self) -> None:
        """Ask which file, then import it (all rows or none) in the background, with a
        progress bar whose Cancel leaves nothing of the import."""
        path, _ = QFileDialog.getOpenFileName(self._parent, "Import a tracking sheet", "",
                                              "Tracking sheets (*.xlsx *.csv)")
        if not path:
            return
        control = ImportControl()
        reached = [0, 0]  # rows done, rows in all: written by the import, read here

        def note(done: int, total: int) -> None:
            reached[:] = [done, total]

        control.progress = note
        dialog = QProgressDialog("Checking and importing the tracking sheet…", "Cancel", 0,
                                 0, self._parent)
        dialog.setWindowTitle("Import")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(control.cancel.set)
        timer = QTimer(dialog)
        timer.setInterval(100)
        timer.timeout.connect(lambda: self._advance(dialog, reached))
        timer.start()
        self.progress = dialog

        def finished(outcome: tuple[str, int]) -> None:
            timer.stop()
            dialog.reset()
            self._show(outcome)

        def failed(message: str) -> None:
            timer.stop()
            dialog.reset()
            self._failed(message)

        run_in_background(lambda: import_sheet(self._desk, Path(path), self.actor, control),
                          finished, failed)

    @staticmethod
    def _advance(dialog: QProgressDialog, reached: list[int]) -> None:
        done, total = reached
        if total:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
            if done * 2 >= total:  # the rows are in; the audit entries are being written
                dialog.setCancelButton(None)

    def _show(self, outcome: tuple[str, int]) -> None:
        text, status = outcome
        box = QMessageBox.information if status == 0 else QMessageBox.warning
        box(self._parent, "Tracking sheet", text)

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self._parent, "Tracking sheet",
                            f"The tracking sheet could not be processed: {message}")
