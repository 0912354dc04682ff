"""The checklist of one detainer: each step with who, when due, its citation, and buttons.

Open steps come first, the due ones in the order they fell due, then those still
waiting for their trigger; finished steps are folded under a "Done (n)" line that
stays opened or closed as the officer left it. The buttons sit on each row's first
line, so after Done… on the top step the next step's Done… is where the mouse is.

A view only: it emits `done_requested` / `not_applicable_requested` with the step, and
the board controller opens the dialog and calls the service.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QToolButton,
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


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when the row is too narrow for it (the row's
    tooltip holds the whole step): every step then takes the same two lines."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Draw the text cut to the label's width."""
        del event
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """As narrow as the row needs; the height of one line."""
        return QSize(0, super().minimumSizeHint().height())


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
        self._layout.setSpacing(2)
        # Never squeeze a step below its own height: the scroll area scrolls instead.
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self._show_finished = False
        self.fold: QToolButton | None = None
        self.finished_rows: list[QFrame] = []

    def set_interactive(self, interactive: bool) -> None:
        """Offer the Done… and N/A… buttons or not (the signed-in person's role); takes
        effect at the next `show_detainer`."""
        self._interactive = interactive

    @property
    def interactive(self) -> bool:
        """Whether the Done… and N/A… buttons are offered (the role)."""
        return self._interactive

    def show_detainer(self, detainer: DetainerSnapshot | None) -> None:
        """Rebuild the list for `detainer` (or clear it)."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.fold = None
        self.finished_rows = []
        if detainer is None:
            return
        due = sorted((s for s in detainer.steps if s.is_due),
                     key=lambda s: s.due_at or datetime.max.replace(tzinfo=UTC))
        waiting = [s for s in detainer.steps if s.is_open and not s.is_due]
        finished = [s for s in detainer.steps if not s.is_open]
        for step in (*due, *waiting):
            self._layout.addWidget(self._step_row(step, detainer.is_active))
        if finished:
            self.fold = QToolButton()
            self.fold.setObjectName("doneFold")
            self.fold.setText(f"Done ({len(finished)})")
            self.fold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.fold.setCheckable(True)
            self.fold.setAutoRaise(True)
            self.fold.setChecked(self._show_finished)
            self._arrow(self._show_finished)
            self.fold.toggled.connect(self._toggle_finished)
            self._layout.addWidget(self.fold)
            for step in finished:
                row = self._step_row(step, detainer.is_active)
                row.setVisible(self._show_finished)
                self.finished_rows.append(row)
                self._layout.addWidget(row)
        self._layout.addStretch(1)

    def _toggle_finished(self, shown: bool) -> None:
        """Open or fold the finished steps; the choice holds for the next detainer."""
        self._show_finished = shown
        self._arrow(shown)
        for row in self.finished_rows:
            row.setVisible(shown)

    def _arrow(self, shown: bool) -> None:
        if self.fold is not None:
            self.fold.setArrowType(Qt.ArrowType.DownArrow if shown
                                   else Qt.ArrowType.RightArrow)

    def _step_row(self, step: StepSnapshot, active: bool) -> QFrame:
        frame = QFrame()
        frame.setObjectName("stepRow")
        frame.setProperty("state", self._state_word(step))
        frame.setProperty("step_id", step.step_id)
        grid = QGridLayout(frame)
        grid.setContentsMargins(6, 2, 6, 2)
        grid.setVerticalSpacing(0)
        mark = {StepState.DONE: "✔", StepState.NOT_APPLICABLE: "–"}.get(step.state, "☐")
        title = ElidedLabel(f"{mark}  {step.text}")
        font = title.font()
        font.setBold(step.is_due)
        title.setFont(font)
        grid.addWidget(title, 0, 0)
        required = "required to close · " if step.blocking else ""
        detail = QLabel(f"{required}{step.duty} · {self._when(step)}")
        frame.setToolTip(f"{step.text} ({step.citation})")
        detail.setObjectName("stepDetail")
        detail.setWordWrap(True)
        grid.addWidget(detail, 1, 0)
        if step.is_due and active and self._interactive:
            done = QPushButton("Done…")
            done.setToolTip("Record who did it and when")
            done.clicked.connect(lambda: self.done_requested.emit(step))
            na = QPushButton("N/A…")
            na.setToolTip("Not applicable: a reason is required")
            na.setAccessibleName("Not applicable…")
            na.clicked.connect(lambda: self.not_applicable_requested.emit(step))
            grid.addWidget(done, 0, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(na, 0, 2, 2, 1, Qt.AlignmentFlag.AlignTop)
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
