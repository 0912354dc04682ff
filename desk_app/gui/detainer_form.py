"""The "New detainer" dialog: Form I-247A typed in the minute the fax arrives.

The sections follow the paper form (form, subject, issuing office, boxes and
requests), then the booking record, the receipt time and the scan, and Tab walks
them in that order. Every edit re-runs `check_form`, so the officer sees what is
wrong while typing and "Log detainer" stays off until nothing is.
"""

from __future__ import annotations

import logging
from dataclasses import fields, replace
from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import MAX_LENGTHS, DetainerForm, DetainerSnapshot, check_form
from desk_app.domain.errors import DeskError, FieldError, InvalidFieldsError
from desk_app.domain.instants import format_local
from desk_app.domain.stations import station_label
from desk_app.domain.vocabulary import FormType
from desk_app.gui.checked_form import CheckedFormDialog
from desk_app.gui.checked_form import sentence as checked_sentence
from desk_app.gui.form_fields import (
    LinesEdit,
    ReceiptTimeEdit,
    caption,
    check,
    combo,
    form_type_combo,
    group,
    line_edit,
    parse_date_of_birth,
)
from desk_app.gui.scan_picker import ScanPicker
from desk_app.gui.time_typing import typing_hint
from desk_app.store.desk import Desk

log = logging.getLogger(__name__)

BOX_FIELDS = ("ground_final_order", "ground_pending_proceedings", "ground_biometric_match",
              "ground_statements", "box2_transferred", "request_notify", "request_hold",
              "request_serve_copy")
FORM_FIELDS = frozenset(f.name for f in fields(DetainerForm))
LABELS = {"detainer_number": "Detainer #", "subject_name": "Subject name",
          "case_number": "Case #", "date_of_birth": "Date of birth",
          "received_at": "Receipt time", "receipt_correction_reason": "Reason for correction",
          "attachment": "The scan"}
WIDE_ENOUGH = 1300  # room for long names, and still inside a 1366-pixel screen
TYPING_HINT = "type e.g. 1920 (today) or 12/06 1920"
REASON_CAPTION = "Reason for correcting the receipt time"
REASON_NEEDED = "Say why the receipt time is being corrected"
# (field, words on the form, the paper form's full wording as tooltip)
BOXES = (
    ("ground_final_order", "a final order of removal", ""),
    ("ground_pending_proceedings", "pending removal proceedings", ""),
    ("ground_biometric_match", "biometric confirmation + records checks",
     "Biometric confirmation of the subject's identity and records checks"),
    ("ground_statements", "statements or other reliable evidence",
     "Statements made by the subject, or other reliable evidence"),
    ("box2_transferred", "Box 2: transferred from DHS custody",
     "DHS transferred the subject to local custody and intends to resume custody"),
    ("request_notify", "Notify DHS before release",
     "As early as practicable, at least 48 hours before release if possible"),
    ("request_hold", "Hold up to 48 hours",
     "Beyond the time the subject would otherwise be released"),
    ("request_serve_copy", "Serve a copy on the subject",
     "ICE: the detainer takes effect only when a copy is served"),
)


def station_combo(desk: Desk) -> QComboBox:
    """The department's stations and "(no station)", this workstation's chosen."""
    box = combo([*((name, name) for name in desk.stations), (station_label(""), "")])
    box.setCurrentIndex(max(box.findData(desk.station), 0) if desk.station
                        else box.count() - 1)
    return box


def sentence(field: str, message: str) -> str:
    """A field error in the words of this form's labels."""
    return checked_sentence(field, message, LABELS)


class DetainerFormDialog(CheckedFormDialog):
    """Log a new detainer from the faxed form, checked as it is typed.

    Each input is an attribute named after its `DetainerForm` field (`detainer_number`,
    `subject_name`, `received_at`, ...), so errors from `check_form` or from the store
    land on the right input; `scan_picker` holds the scan. `saved` is the logged
    detainer after `accept()`. Private: `_slots` maps field names to their `FieldSlot`;
    `_server_errors` keeps errors the store returned, with the form they were about,
    while that field is unchanged; `_touched` says something was typed (marks show on
    the fields the cursor has left, and on all of them once a save is tried), so
    a blank form opens calm; `_pristine` is the blank form's values (Escape asks first
    once anything differs).
    """

    NOUN = "detainer"
    LIMITS = MAX_LENGTHS

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__("New detainer", parent)
        self.desk = desk
        self.actor = actor
        self.saved: DetainerSnapshot | None = None
        self._server_errors: list[tuple[FieldError, DetainerForm]] = []
        self._build()
        self._pristine = self._raw_values()
        self._connect()
        self._validate()
        self.resize(self._fitting_size())

    # --- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self._lay_out([
            (5, [self._form_section(), self._subject_section()]),
            (4, [self._office_section(), self._boxes_section()]),
            (5, [self._booking_section(), self._receipt_section(), self._scan_section()])],
            "Log detainer", "Log the detainer (Ctrl+S or Enter)")

    def _form_section(self) -> QWidget:
        box, form = group("1. Form")
        self.form_type = self._field(form, "form_type", "Form type", form_type_combo())
        self.detainer_number = self._field(form, "detainer_number", "Detainer #",
                                           line_edit("as printed on the fax"), required=True)
        self.subject_id = self._field(form, "subject_id", "Subject ID", line_edit())
        self.event_number = self._field(form, "event_number", "Event #", line_edit())
        self.file_number = self._field(form, "file_number", "File No.", line_edit())
        return box

    def _subject_section(self) -> QWidget:
        box, form = group("2. Subject")
        self.subject_name = self._field(form, "subject_name", "Name",
                                        line_edit("as written on the form"), required=True)
        self.date_of_birth = self._field(
            form, "date_of_birth", "Date of birth",
            line_edit("MM/DD/YYYY, blank if not known",
                      "Type it as on the fax (MM/DD/YYYY) or as YYYY-MM-DD"),
            reserve=True)
        self.citizenship = self._field(form, "citizenship", "Citizenship", line_edit())
        self.sex = self._field(form, "sex", "Sex",
                               combo([("", ""), ("M", "M"), ("F", "F"), ("X", "X")]))
        return box

    def _office_section(self) -> QWidget:
        box, form = group("3. Issuing DHS office")
        self.issuing_office = self._field(form, "issuing_office", "Office",
                                          line_edit("e.g. ERO Boston"))
        self.issuing_officer = self._field(form, "issuing_officer", "ICE official",
                                           line_edit("name and title"))
        self.issuing_phone = self._field(form, "issuing_phone", "Phone", line_edit())
        return box

    def _boxes_section(self) -> QWidget:
        box = QGroupBox("4. Probable cause and requests")
        layout = QVBoxLayout(box)
        box1 = QLabel("Box 1: probable cause, based on")
        box1.setToolTip("DHS has determined that probable cause exists that the subject is "
                        "removable, based on:")
        layout.addWidget(box1)
        boxes: dict[str, QCheckBox] = {}
        for name, text, tip in BOXES:
            if name == "request_notify":
                layout.addWidget(QLabel("DHS requests"))
            boxes[name] = check(text, tip, checked=name.startswith("request_"))
            layout.addWidget(boxes[name])
        self.ground_final_order = boxes["ground_final_order"]
        self.ground_pending_proceedings = boxes["ground_pending_proceedings"]
        self.ground_biometric_match = boxes["ground_biometric_match"]
        self.ground_statements = boxes["ground_statements"]
        self.box2_transferred = boxes["box2_transferred"]
        self.request_notify = boxes["request_notify"]
        self.request_hold = boxes["request_hold"]
        self.request_serve_copy = boxes["request_serve_copy"]
        return box

    def _booking_section(self) -> QWidget:
        box, form = group("5. Booking")
        self.case_number = self._field(form, "case_number", "Case #", line_edit(),
                                       required=True)
        self.booking_number = self._field(form, "booking_number", "Booking #", line_edit())
        self.arrest_location = self._field(form, "arrest_location", "Arrest location",
                                           line_edit())
        self.offenses = self._field(form, "offenses", "Offense(s)",
                                    LinesEdit(3, "one per line"))
        self.resident = check(f"Resident of {self.desk.municipality or 'the municipality'}")
        self.criminal_history = check("Has a criminal history")
        form.addRow("", self.resident)
        form.addRow("", self.criminal_history)
        self.reason_for_detainer = self._field(form, "reason_for_detainer",
                                               "Reason for detainer", line_edit())
        return box

    def _receipt_section(self) -> QWidget:
        box, form = group("6. Receipt of the fax")
        self.station = self._field(form, "station", "Station", station_combo(self.desk))
        self.station.setToolTip("The station whose fax line received the detainer; its "
                                "board shows it (this workstation's station by default)")
        self.zone_label = QLabel()
        self.zone_label.setToolTip(f"Department time: {self.desk.zone.key}")
        received = ReceiptTimeEdit(self.desk.time.now(), self.desk.zone)
        self.received_at = self._field(form, "received_at", "Received", received,
                                       beside=self.zone_label, reserve=True)
        # What typed digits read as ("1920" → today 19:20); its line is always there,
        # so the form does not move when it fills.
        self.receipt_hint = typing_hint(received, self._department_today)
        self.receipt_hint.setProperty("role", "hint")
        self.receipt_hint.setText(TYPING_HINT)
        self.receipt_hint.setMinimumHeight(self.receipt_hint.fontMetrics().height())
        form.addRow("", self.receipt_hint)
        self.receipt_correction_reason = self._field(
            form, "receipt_correction_reason", REASON_CAPTION, line_edit(), above=True,
            reserve=True)
        self.reason_caption = self._labels["receipt_correction_reason"]
        self.receipt_confirmed = check(
            "The receipt date is right", "Needed only for a fax received more than 30 days "
            "ago (an old date is most often a mistyped year, and expires the detainer at "
            "once) or later than this workstation's clock (a clock that is behind)")
        self.receipt_confirmed.toggled.connect(self._edited)
        form.addRow("", self.receipt_confirmed)
        return box

    def _department_today(self) -> date:
        return self.desk.time.now().astimezone(self.desk.zone).date()

    def _scan_section(self) -> QWidget:
        box, form = group("7. Scanned detainer")
        self.scan_picker = ScanPicker()
        form.addRow(self.scan_picker)
        return box

    def _fitting_size(self) -> QSize:
        """As big as the form wants, but no bigger than the screen (1366x768 desks)."""
        hint = self._content.sizeHint()
        return self._bounded(QSize(max(hint.width() + 40, WIDE_ENOUGH), hint.height() + 90))

    def _text_inputs(self) -> dict[str, QLineEdit]:
        """The one-line inputs, by their `DetainerForm` field."""
        return {
            "detainer_number": self.detainer_number, "subject_id": self.subject_id,
            "event_number": self.event_number, "file_number": self.file_number,
            "subject_name": self.subject_name, "citizenship": self.citizenship,
            "issuing_office": self.issuing_office, "issuing_officer": self.issuing_officer,
            "issuing_phone": self.issuing_phone, "case_number": self.case_number,
            "booking_number": self.booking_number, "arrest_location": self.arrest_location,
            "reason_for_detainer": self.reason_for_detainer}

    def _check_boxes(self) -> dict[str, QCheckBox]:
        """The ticked boxes, by their `DetainerForm` field."""
        return {
            "ground_final_order": self.ground_final_order,
            "ground_pending_proceedings": self.ground_pending_proceedings,
            "ground_biometric_match": self.ground_biometric_match,
            "ground_statements": self.ground_statements,
            "box2_transferred": self.box2_transferred, "request_notify": self.request_notify,
            "request_hold": self.request_hold, "request_serve_copy": self.request_serve_copy,
            "resident": self.resident, "criminal_history": self.criminal_history}

    def _connect(self) -> None:
        for edit in (*self._text_inputs().values(), self.date_of_birth,
                     self.receipt_correction_reason):
            edit.textChanged.connect(self._edited)
        for box in self._check_boxes().values():
            box.toggled.connect(self._edited)
        self.offenses.textChanged.connect(self._edited)
        self.sex.currentIndexChanged.connect(self._edited)
        self.station.currentIndexChanged.connect(self._edited)
        self.form_type.currentIndexChanged.connect(self._form_type_changed)
        self.received_at.dateTimeChanged.connect(self._edited)
        self.scan_picker.changed.connect(self._edited)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        boxes = self._check_boxes()
        chain: list[QWidget] = [
            self.form_type, self.detainer_number, self.subject_id, self.event_number,
            self.file_number, self.subject_name, self.date_of_birth, self.citizenship,
            self.sex, self.issuing_office, self.issuing_officer, self.issuing_phone,
            *(boxes[name] for name in BOX_FIELDS),
            self.case_number, self.booking_number, self.arrest_location, self.offenses,
            self.resident, self.criminal_history, self.reason_for_detainer,
            self.station, self.received_at, self.receipt_correction_reason,
            self.scan_picker.attach_button, self.scan_picker.remove_button,
            self.save_button, self.cancel_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.form_type.setFocus()

    # --- reading and checking ------------------------------------------------------------

    def current_form(self) -> tuple[DetainerForm, list[FieldError]]:
        """The form as typed so far, and what `check_form` cannot see (bad date, no reason)."""
        problems: list[FieldError] = []
        try:
            born = parse_date_of_birth(self.date_of_birth.text())
        except ValueError as exc:
            born = None
            problems.append(FieldError("date_of_birth", str(exc)))
        corrected = self.received_at.corrected()
        reason = self.receipt_correction_reason.text().strip() if corrected else ""
        if corrected and not reason:
            problems.append(FieldError("receipt_correction_reason", REASON_NEEDED))
        def typed(edit: QLineEdit) -> str:
            return edit.text().strip()

        form = DetainerForm(
            detainer_number=typed(self.detainer_number), subject_id=typed(self.subject_id),
            event_number=typed(self.event_number), file_number=typed(self.file_number),
            subject_name=typed(self.subject_name), citizenship=typed(self.citizenship),
            issuing_office=typed(self.issuing_office),
            issuing_officer=typed(self.issuing_officer),
            issuing_phone=typed(self.issuing_phone), case_number=typed(self.case_number),
            booking_number=typed(self.booking_number),
            arrest_location=typed(self.arrest_location),
            reason_for_detainer=typed(self.reason_for_detainer),
            ground_final_order=self.ground_final_order.isChecked(),
            ground_pending_proceedings=self.ground_pending_proceedings.isChecked(),
            ground_biometric_match=self.ground_biometric_match.isChecked(),
            ground_statements=self.ground_statements.isChecked(),
            box2_transferred=self.box2_transferred.isChecked(),
            request_notify=self.request_notify.isChecked(),
            request_hold=self.request_hold.isChecked(),
            request_serve_copy=self.request_serve_copy.isChecked(),
            resident=self.resident.isChecked(),
            criminal_history=self.criminal_history.isChecked(),
            form_type=FormType(self.form_type.currentData()), sex=self.sex.currentData(),
            date_of_birth=born, offenses=self.offenses.toPlainText().strip(),
            received_at=self.received_at.instant(), receipt_correction_reason=reason,
            station=str(self.station.currentData()))
        return form, problems

    def errors(self) -> list[FieldError]:
        """Everything that stops the detainer being logged right now."""
        return self._errors_of(*self.current_form())

    def _errors_of(self, form: DetainerForm, problems: list[FieldError]) -> list[FieldError]:
        standing = [error for error, then in self._server_errors
                    if getattr(form, error.field) == getattr(then, error.field)]
        return problems + check_form(form, self.desk.time.now(),
                                     self.receipt_confirmed.isChecked()) + standing

    def _validate(self) -> list[FieldError]:
        form, problems = self.current_form()
        errors = self._errors_of(form, problems)
        messages: dict[str, str] = {}
        for error in errors:
            messages.setdefault(error.field, sentence(error.field, error.message))
        self._show_receipt_state()
        derived = replace(form, reason_for_detainer="").reason_text()
        hint = f"from the boxes: {derived}" if derived else "blank: read off the boxes"
        self.reason_for_detainer.setPlaceholderText(hint)
        self._slots["reason_for_detainer"].set_base_tooltip(hint)
        self._show_messages(messages, "Ready to log (Ctrl+S or Enter).")
        return errors

    def _show_receipt_state(self) -> None:
        corrected = self.received_at.corrected()
        self.receipt_correction_reason.setEnabled(corrected)
        self.reason_caption.setText(caption(REASON_CAPTION, corrected))
        self.zone_label.setText(
            self.received_at.instant().astimezone(self.desk.zone).tzname() or "")
        was = format_local(self.received_at.default, self.desk.zone)
        self.receipt_correction_reason.setPlaceholderText(
            f"changed from {was}: why?" if corrected else "only if the time is changed")

    def _raw_values(self) -> tuple[object, ...]:
        texts = [edit.text() for edit in (*self._text_inputs().values(), self.date_of_birth,
                                          self.receipt_correction_reason)]
        checks = [box.isChecked() for box in self._check_boxes().values()]
        return (*texts, *checks, self.offenses.toPlainText(), self.sex.currentIndex(),
                self.form_type.currentIndex(), self.station.currentIndex(),
                self.received_at.local(), self.scan_picker.scan)

    def choose_station(self, station: str) -> None:
        """Put the detainer at `station` (the intake folder a fax came through), adding
        it to the choices when the department's list does not name it."""
        index = self.station.findData(station)
        if index < 0:
            self.station.insertItem(0, station_label(station), station)
            index = 0
        self.station.setCurrentIndex(index)

    # --- reacting ------------------------------------------------------------------------

    def _edited(self) -> None:
        self._touched = True
        self._validate()

    def _form_type_changed(self) -> None:
        form_type = FormType(self.form_type.currentData())
        self.request_hold.setChecked(form_type.asks_for_hold)
        self._edited()

    def save(self) -> None:
        """Log the detainer; on a refusal mark the fields named and keep everything typed."""
        if not self._ready_to_save():
            return
        form, _ = self.current_form()
        self.save_button.setEnabled(False)
        try:
            snapshot = self.desk.detainers.log(form, self.actor,
                                               self.receipt_confirmed.isChecked())
        except DeskError as exc:
            self._show_refusal(exc, form, FORM_FIELDS, sentence)
            return
        log.info("detainer %s logged by %s", snapshot.detainer_number, self.actor.name)
        self.saved = self._attach(snapshot)
        self.accept()

    def _attach(self, snapshot: DetainerSnapshot) -> DetainerSnapshot:
        scan = self.scan_picker.scan
        if scan is None:
            return snapshot
        try:
            return self.desk.detainers.attach(snapshot.id, scan.file_name, scan.media_type,
                                              scan.content, self.actor)
        except DeskError as exc:
            log.warning("scan of detainer %s not stored: %s", snapshot.id, exc)
            why = ("; ".join(sentence(e.field, e.message) for e in exc.errors)
                   if isinstance(exc, InvalidFieldsError) else str(exc))
            QMessageBox.warning(self, "Scan not stored",
                                f"The detainer was logged, but the scan {scan.file_name} "
                                f"was not stored: {why}\n\nAttach it again from the "
                                "detainer's page.")
            return snapshot
