"""The detail of the selected detainer: the clock and why, custody, ERO, copy, checklist."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import DetainerSnapshot, start_words
from desk_app.domain.instants import format_duration, format_local, isolate
from desk_app.domain.money import stored_amount_text
from desk_app.domain.urgency import Assessment, Urgency, excluded_in_window
from desk_app.gui.board_model import BoardModel
from desk_app.gui.checklist_panel import ChecklistPanel


class DetailPanel(QWidget):
    """Everything about one detainer that the desk needs: facts left, checklist right."""

    def __init__(self, clock: DetainerClock, interactive: bool = True,
                 parent: QWidget | None = None,
                 empty_text: str = "Select a detainer on the board") -> None:
        super().__init__(parent)
        self._clock = clock
        self._empty_text = empty_text
        self.title = QLabel(empty_text)
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.status = QLabel()
        self.status.setObjectName("detailStatus")
        self.status.setWordWrap(True)
        facts = QWidget()
        facts_layout = QVBoxLayout(facts)
        facts_layout.setContentsMargins(0, 0, 4, 0)
        self._clock_box, self._clock_form = self._section("The clock", facts_layout)
        self._custody_box, self._custody_form = self._section("Custody and notices",
                                                              facts_layout)
        self._form_box, self._form_form = self._section("Detainer", facts_layout)
        facts_layout.addStretch(1)
        steps = QWidget()
        steps_layout = QVBoxLayout(steps)
        steps_layout.setContentsMargins(4, 0, 0, 0)
        self.steps_title = QLabel("Checklist")
        self.steps_title.setObjectName("sectionTitle")
        self.checklist = ChecklistPanel(clock.zone, interactive)
        steps_layout.addWidget(self.steps_title)
        steps_layout.addWidget(self.checklist, 1)
        columns = QHBoxLayout()
        columns.addWidget(_scrolled(facts), 1)
        columns.addWidget(_scrolled(steps), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addLayout(columns, 1)
        self._status_key: Hashable = None
        # What the forms and the checklist were last filled from: the same again (a
        # re-sort, another row's change, a change heard back) redoes only the status.
        self._filled_from: tuple[object, ...] | None = None
        self.show_detainer(None, None)

    @staticmethod
    def _section(title: str, layout: QVBoxLayout) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addWidget(box)
        return box, form

    def show_detainer(self, detainer: DetainerSnapshot | None,
                      assessment: Assessment | None) -> None:
        """Fill the panel for `detainer` (None clears it); the same detainer as it stands
        again only redoes the status line, so the panel is not rebuilt for nothing."""
        self._status_key = None
        filled_from = None if detainer is None or assessment is None else (
            detainer, assessment.start, assessment.start_rule, assessment.expiry,
            self.checklist.interactive)
        if detainer is not None and assessment is not None \
                and filled_from == self._filled_from:
            self._show_status(detainer, assessment)
            return
        self._filled_from = filled_from
        for form in (self._clock_form, self._custody_form, self._form_form):
            while form.rowCount():
                form.removeRow(0)
        self.checklist.show_detainer(detainer)
        visible = detainer is not None and assessment is not None
        for box in (self._clock_box, self._custody_box, self._form_box, self.steps_title,
                    self.status):
            box.setVisible(visible)
        if detainer is None or assessment is None:
            self.title.setText(self._empty_text)
            self.status.setText("")
            return
        self.title.setText(f"{isolate(detainer.subject_name)}  ·  case "
                           f"{detainer.case_number}  ·  {detainer.form_type} "
                           f"{detainer.detainer_number}")
        self._show_status(detainer, assessment)
        self._fill_clock(detainer, assessment)
        self._fill_custody(detainer)
        self._fill_form(detainer)

    def _show_status(self, detainer: DetainerSnapshot, assessment: Assessment) -> None:
        """The status line and its colour (restyled only when the urgency changed)."""
        text = self._status_text(detainer, assessment)
        if text != self.status.text():
            self.status.setText(text)
        urgency = assessment.urgency.name.lower() if detainer.is_active else "closed"
        if self.status.property("urgency") != urgency:
            self.status.setProperty("urgency", urgency)
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)

    def refresh_status(self, model: BoardModel, position: int) -> None:
        """Once a second: redo the status line of the board's row at `position` only
        when what the row shows by itself (countdown, urgency, reason) has changed."""
        key = model.shown_state(position)
        if key == self._status_key:
            return
        self._status_key = key
        row = model.board_row(position)
        text = self._status_text(row.detainer, row.assessment)
        if text != self.status.text():
            self.status.setText(text)

    def _status_text(self, d: DetainerSnapshot, a: Assessment) -> str:
        if not d.is_active:
            ended = d.closed_at or d.voided_at
            closed = format_local(ended, self._clock.zone) if ended else ""
            what = f"Voided: {d.void_reason}" if d.voided_at else f"Closed: {d.outcome}"
            return f"{what} ({closed})"
        text = a.urgency.label
        held = a.held_past_eligibility()
        if held is not None:
            text += f" — held {format_duration(held)} past release"
        elif a.left is not None and a.urgency is not Urgency.EXPIRED:
            text += f" — {format_duration(a.left.wall)} left (wall clock), " \
                    f"{format_duration(a.left.counted)} counted"
        return text + (f"\n{a.reason}" if a.reason else "")

    def _row(self, form: QFormLayout, label: str, text: str) -> None:
        value = QLabel(text or "—")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(f"{label}:", value)

    def _when(self, instant: object) -> str:
        return format_local(instant, self._clock.zone) if isinstance(instant, datetime) else ""

    def _fill_clock(self, d: DetainerSnapshot, a: Assessment) -> None:
        f = self._clock_form
        self._row(f, "Fax received", self._when(d.received_at)
                  + (f" (corrected: {d.receipt_correction_reason})"
                     if d.receipt_correction_reason else ""))
        self._row(f, "Release-eligible", " · ".join(
            part for part in (self._when(d.release_eligible_at), d.eligibility_words) if part)
            or "not yet")
        self._row(f, "Clock counts from",
                  f"{start_words(d.clock_start_rule, a.start_rule)}: "
                  f"{self._when(a.start) or 'not started'}")
        self._row(f, "Expires", self._when(a.expiry) or "when the clock starts")
        excluded = excluded_in_window(d, self._clock)
        self._row(f, "Not counted", "; ".join(day.label() for day in excluded)
                  or "no weekend or holiday in the window")

    def _fill_custody(self, d: DetainerSnapshot) -> None:
        f = self._custody_form
        self._row(f, "Custody", d.custody_words)
        bail = ""
        if d.bail_decision:
            amount = stored_amount_text(d.bail_amount)
            bail = f"{d.bail_decision}{' ' + amount if amount else ''}, " \
                   f"{self._when(d.bail_decided_at)}"
        self._row(f, "Bail decision", bail or "not yet decided")
        ero = ""
        if d.ero_notified_at:
            ero = (f"{self._when(d.ero_notified_at)} by {d.ero_notified_by}, "
                   f"{d.ero_method} to {d.ero_contact}")
        self._row(f, "ICE ERO notified", ero or "no")
        copy = f"{self._when(d.copy_served_at)} by {d.copy_served_by}" \
            if d.copy_served_at else ""
        self._row(f, "Copy given to arrestee", copy or "no")
        scans = ", ".join(a.file_name for a in d.attachments)
        self._row(f, "Scanned detainer", scans or "not attached")

    def _fill_form(self, d: DetainerSnapshot) -> None:
        f = self._form_form
        born = f"{d.date_of_birth:%d %b %Y}" if d.date_of_birth else ""
        self._row(f, "Born / citizenship / sex", " / ".join(
            x for x in (born, d.citizenship, d.sex) if x))
        self._row(f, "Issued by", ", ".join(x for x in (d.issuing_officer, d.issuing_office,
                                                        d.issuing_phone) if x))
        self._row(f, "Reason", d.reason_for_detainer)
        self._row(f, "Subject ID / Event / File", " / ".join(
            x or "—" for x in (d.subject_id, d.event_number, d.file_number)))
        self._row(f, "Booking # / location", " / ".join(
            x for x in (d.booking_number, d.arrest_location) if x))
        self._row(f, "Offense(s)", d.offenses)
        self._row(f, "Resident / record", f"{'resident' if d.resident else 'non-resident'}; "
                  f"{'criminal history' if d.criminal_history else 'no criminal history'}")


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area
