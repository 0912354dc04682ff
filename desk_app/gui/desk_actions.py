"""What the desk does to a detainer through a dialog: log, bail, ERO, copy, release,
close, void, and each checklist step. The main window's actions and the checklist
buttons call these; each opens its dialog over the window, and the board refreshes
from the store's change feed afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QDialog

from desk_app.domain.detainer import StepSnapshot
from desk_app.domain.vocabulary import StepRecord
from desk_app.gui.close_dialog import (
    BailPostedDialog,
    CloseDialog,
    ReleaseDialog,
    ReleaseEligibleDialog,
    VoidDialog,
)
from desk_app.gui.custody_dialogs import (
    BailDecisionDialog,
    CopyServedDialog,
    EroNoticeDialog,
    StepDoneDialog,
    StepNotApplicableDialog,
)
from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.gui.dialog_run import run_then

if TYPE_CHECKING:
    from desk_app.gui.main_window import MainWindow

#: A custody dialog, opened as `Dialog(desk, actor, detainer_id, *extra, parent)`.
Dialog = TypeVar("Dialog", bound=QDialog)


class DeskActions:
    """The dialog-driven actions on the detainer selected on the board."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def _open(self, dialog_class: Callable[..., Dialog], *extra: Any,
              after: Callable[[Dialog], None] | None = None) -> None:
        """Open `dialog_class(desk, actor, detainer_id, *extra, window)`; `after(dialog)`
        runs once it is saved (also a draft reopened after the idle lock and saved)."""
        window = self.window
        detainer_id = window.board.selected_id()
        if window.tabs.currentWidget() is window.history:
            window.statusBar().showMessage(
                "Custody steps are recorded on the Board tab: open it (Alt+B) first.", 5000)
            return None
        if detainer_id is None:
            window.statusBar().showMessage("Select a detainer on the board first.", 5000)
            return None
        dialog = dialog_class(window.desk, window.actor, detainer_id,
                              *[e(detainer_id) if callable(e) else e for e in extra], window)
        run_then(dialog, after)

    def new_detainer(self, scan: Path | None = None) -> None:
        """Open the I-247A form (with a fax already attached, if given); select the new
        row once it is logged."""
        window = self.window
        dialog = DetainerFormDialog(window.desk, window.actor, window)
        if scan is not None:
            dialog.scan_picker.take(scan)

        def saved(dialog: DetainerFormDialog) -> None:
            if dialog.saved is not None:
                window.tabs.setCurrentWidget(window.board)
                window.board.select(dialog.saved.id)

        run_then(dialog, saved)

    def bail_decision(self) -> None:
        """Record the clerk's decision; open the ERO prompt at once when it is due."""
        def saved(dialog: Dialog) -> None:
            if isinstance(dialog, BailDecisionDialog) and dialog.ero_step is not None:
                self.notify_ero()

        self._open(BailDecisionDialog, after=saved)

    def bail_posted(self) -> None:
        """Record that monetary bail was posted."""
        self._open(BailPostedDialog)

    def notify_ero(self) -> None:
        """Record the notice to ICE ERO (Policy 413 §IV.A.3(g))."""
        self._open(EroNoticeDialog, lambda i: self._open_step(i, StepRecord.ERO_NOTICE))

    def copy_served(self) -> None:
        """Record that the arrestee was given a copy; print it if asked."""
        def saved(dialog: Dialog) -> None:
            if isinstance(dialog, CopyServedDialog) and dialog.print_requested:
                self.window.on_selected(self.window.scans.print_arrestee_copy)

        self._open(CopyServedDialog, lambda i: self._open_step(i, StepRecord.COPY_SERVED),
                   after=saved)

    def release_eligible(self) -> None:
        """Record the Trust Act §1 event that ended custody on the charge."""
        self._open(ReleaseEligibleDialog)

    def release(self) -> None:
        """Record that the person left custody."""
        self._open(ReleaseDialog)

    def close_detainer(self) -> None:
        """Close with an outcome; blocking steps first, or a supervisor's override."""
        self._open(CloseDialog)

    def void(self) -> None:
        """Void a mistaken entry, with a reason."""
        self._open(VoidDialog)

    def step_done(self, step: StepSnapshot) -> None:
        """Done on a checklist step: the ERO and copy steps open their own prompts."""
        rule = self._rule_of(step)
        if rule is StepRecord.ERO_NOTICE:
            self.notify_ero()
        elif rule is StepRecord.COPY_SERVED:
            self.copy_served()
        else:
            self._open(StepDoneDialog, step)

    def step_not_applicable(self, step: StepSnapshot) -> None:
        """Mark a step not applicable, with a reason."""
        self._open(StepNotApplicableDialog, step)

    def _rule_of(self, step: StepSnapshot) -> StepRecord | None:
        try:
            return self.window.desk.profile.step(step.step_id).records
        except KeyError:
            return None

    def _open_step(self, detainer_id: int, record: StepRecord) -> StepSnapshot | None:
        window = self.window
        rule = window.desk.profile.step_recording(record)
        if rule is None:
            return None
        snapshot = window.model.detainer(detainer_id) or window.desk.detainers.get(detainer_id)
        return next((s for s in snapshot.steps if s.step_id == rule.id and s.is_open), None)
