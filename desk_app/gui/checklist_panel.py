"""The checklist of one detainer: each step with who, when due, its citation, and buttons.

A view only: it emits `done_requested` / `not_applicable_requested` with the step, and
the board controller opens the dialog and calls the service.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.detainer import DetainerSnapshot, StepSnapshot
from desk_app.domain.instants import format_local
from desk_app.domain.vocabulary import StepState, Trigger

WAITING_WORDS = {
    Trigger.ON_BAIL_DECISION: "due when bail is decided",
    Trigger.ON_RELEASE: "due on release",
    Trigger.ON_TRANSFER: "due on transfer",
    Trigger.ON_RECEIPT: "due on receipt",
}


class ChecklistPanel(QWidget):
    """The profile's steps in order, the due ones with Done / Not applicable buttons."""

    done_requested = Signal(object)  # StepSnapshot
    not_applicable_requested = Signal(object)  # StepSnapshot

    def __init__(self, zone: ZoneInfo, interactive: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._interactive = interactive
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        # Never squeeze a step below its own height: the scroll area scrolls instead.
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)

    def show_detainer(self, detainer: DetainerSnapshot | None) -> None:
        """Rebuild the list for `detainer` (or clear it)."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if detainer is None:
            return
        for step in detainer.steps:
            self._layout.addWidget(self._step_row(step, detainer.is_active))
        self._layout.addStretch(1)

    def _step_row(self, step: StepSnapshot, active: bool) -> QFrame:
        frame = QFrame()
        frame.setObjectName("stepRow")
        frame.setProperty("state", self._state_word(step))
        grid = QGridLayout(frame)
        grid.setContentsMargins(6, 4, 6, 4)
        mark = {StepState.DONE: "✔", StepState.NOT_APPLICABLE: "–"}.get(step.state, "☐")
        title = QLabel(f"{mark}  {step.text}" + ("  (required to close)" if step.blocking
                                                  else ""))
        title.setWordWrap(True)
        font = title.font()
        font.setBold(step.is_due)
        title.setFont(font)
        grid.addWidget(title, 0, 0)
        detail = QLabel(f"{step.duty} · {self._when(step)} · {step.citation}")
        detail.setObjectName("stepDetail")
        detail.setWordWrap(True)
        grid.addWidget(detail, 1, 0)
        if step.is_due and active and self._interactive:
            done = QPushButton("Done…")
            done.setToolTip("Record who did it and when")
            done.clicked.connect(lambda: self.done_requested.emit(step))
            na = QPushButton("Not applicable…")
            na.setToolTip("A reason is required")
            na.clicked.connect(lambda: self.not_applicable_requested.emit(step))
            grid.addWidget(done, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(na, 0, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.setColumnStretch(0, 1)
        frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return frame

    def _when(self, step: StepSnapshot) -> str:
        if step.state is StepState.DONE and step.done_at:
            note = f" — {step.note}" if step.note else ""
            return f"done by {step.done_by}, {format_local(step.done_at, self._zone)}{note}"
        if step.state is StepState.NOT_APPLICABLE and step.done_at:
            return f"not applicable ({step.note}), {step.done_by}"
        if step.due_at:
            return f"due since {format_local(step.due_at, self._zone)}"
        return WAITING_WORDS[step.trigger]

    @staticmethod
    def _state_word(step: StepSnapshot) -> str:
        if step.is_due:
            return "due"
        return "waiting" if step.is_open else "finished"
