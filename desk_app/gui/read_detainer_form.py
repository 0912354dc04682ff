"""The New detainer form opened from a fax in the intake queue, filled with what was read.

Each field read confidently is filled and marked (yellow) until the officer confirms it
(its "Confirm" box in the "Read from the fax" column, where the crop of the page it was
read from is shown) or corrects it (typing in it makes it a typed field). A field not
read confidently stays empty, with its crop shown, for the officer to type. The form
cannot be logged while a read field is still unconfirmed; once logged, the intake item
keeps which fields were read and confirmed and which were typed.
"""

from __future__ import annotations

import io
import logging

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError
from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.records.form_reader import FaxReading
from desk_app.store.desk import Desk

log = logging.getLogger(__name__)

# reader's field -> the form's input
READ_INPUTS = {
    "subject_name": "subject_name", "date_of_birth": "date_of_birth",
    "citizenship": "citizenship", "sex": "sex", "file_number": "file_number",
    "subject_id": "subject_id", "event_number": "event_number",
    "issuing_office": "issuing_office", "office_phone": "issuing_phone",
    "signing_officer": "issuing_officer",
}
CAPTIONS = {
    "subject_name": "Name", "date_of_birth": "Date of birth", "citizenship": "Citizenship",
    "sex": "Sex", "file_number": "File No.", "subject_id": "Subject ID",
    "event_number": "Event #", "issuing_office": "Office", "office_phone": "Phone",
    "signing_officer": "ICE official", "grounds": "Box 1 grounds",
}
GROUND_BOXES = {"final_order": "ground_final_order",
                "pending_proceedings": "ground_pending_proceedings",
                "biometric_match": "ground_biometric_match", "statements": "ground_statements"}
READ_STYLE = "background: #fff4c2;"
CROP_WIDTH = 260


class ReadDetainerForm(DetainerFormDialog):
    """New detainer, pre-filled from an intake item's reading; logs it from the queue.

    `confirm_boxes` maps each read field to its Confirm box; `unconfirmed()` names the
    read fields still waiting for the officer; `typed_fields()` the ones the officer
    typed or corrected."""

    def __init__(self, desk: Desk, actor: Actor, item_id: int, reading: FaxReading,
                 parent: QWidget | None = None, station: str | None = None) -> None:
        super().__init__(desk, actor, parent)
        if station is not None:  # the station whose fax folder the item came from
            self.choose_station(station)
        self.setWindowTitle("New detainer (read from the fax)")
        self.item_id = item_id
        self.reading = reading
        self.confirm_boxes: dict[str, QCheckBox] = {}
        self._typed: set[str] = set()
        self._filling = True
        self._fill()
        self._filling = False
        self._pristine = self._raw_values()  # what was read is not the officer's typing

    # --- filling -------------------------------------------------------------------

    def _fill(self) -> None:
        panel = QGroupBox("Read from the fax")
        grid = QGridLayout(panel)
        self.read_hint = QLabel("Check each yellow field against the crop of the fax "
                                "beside it, then tick Confirm, or correct the field. Empty "
                                "fields were not read surely: type them.")
        self.read_hint.setWordWrap(True)
        grid.addWidget(self.read_hint, 0, 0, 1, 2)
        form = self.reading.form
        form_types: QComboBox = getattr(self, "form_type")  # noqa: B009 - set by _field
        for index in range(form_types.count()):
            if form is not None and form_types.itemData(index) == form:
                form_types.setCurrentIndex(index)
        row = 1
        for name in (*READ_INPUTS, "grounds"):
            reading = self.reading.fields.get(name)
            if reading is None:
                continue
            grid.addWidget(self._crop_label(name), row, 0, 1, 2)
            row += 1
            if reading.value is None:
                grid.addWidget(QLabel(f"{CAPTIONS[name]}: not read surely; type it"), row, 0)
            else:
                self._put(name, reading.value, reading.confidence)
                confirm = QCheckBox(f"Confirm {CAPTIONS[name]}")
                confirm.setObjectName(f"confirm_{name}")
                confirm.toggled.connect(lambda on, n=name: self._confirmed(n, on))
                self.confirm_boxes[name] = confirm
                grid.addWidget(confirm, row, 0)
            row += 1
        grid.setRowStretch(row, 1)
        layout = self._content.layout()
        assert layout is not None
        layout.addWidget(panel)

    def _crop_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"crop_{name}")
        crop = self.reading.crop(name)
        if crop is None:
            label.setText(f"({CAPTIONS[name]}: not found on the page)")
            return label
        label.setPixmap(_pixmap(crop).scaledToWidth(
            min(CROP_WIDTH, crop.width), Qt.TransformationMode.SmoothTransformation))
        label.setToolTip(f"{CAPTIONS[name]} as it is on the fax")
        return label

    def _put(self, name: str, value: object, confidence: float) -> None:
        tip = f"Read from the fax (confidence {confidence:.2f}): confirm it or correct it"
        if name == "grounds":
            for ground, box_name in GROUND_BOXES.items():
                box: QCheckBox = getattr(self, box_name)
                box.setChecked(isinstance(value, list) and ground in value)
                _mark(box, tip)
                box.toggled.connect(lambda _on: self._typed_in("grounds"))
            return
        editor = getattr(self, READ_INPUTS[name])
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(str(value))))
            editor.activated.connect(lambda _i, n=name: self._typed_in(n))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))
            editor.textEdited.connect(lambda _t, n=name: self._typed_in(n))
        _mark(editor, tip)

    # --- confirming ----------------------------------------------------------------

    def _inputs_of(self, name: str) -> list[QWidget]:
        if name == "grounds":
            return [getattr(self, box) for box in GROUND_BOXES.values()]
        return [getattr(self, READ_INPUTS[name])]

    def _confirmed(self, name: str, on: bool) -> None:
        for editor in self._inputs_of(name):
            editor.setStyleSheet("" if on else READ_STYLE)

    def _typed_in(self, name: str) -> None:
        if self._filling or name in self._typed:
            return
        self._typed.add(name)
        box = self.confirm_boxes.get(name)
        if box is not None:
            box.setChecked(False)
            box.setEnabled(False)
            box.setText(f"{CAPTIONS[name]}: corrected by you")
        for editor in self._inputs_of(name):
            editor.setStyleSheet("")

    def unconfirmed(self) -> list[str]:
        """The read fields neither confirmed nor corrected yet."""
        return [n for n, box in self.confirm_boxes.items()
                if not box.isChecked() and n not in self._typed]

    def read_fields(self) -> list[str]:
        """The fields logged as read off the fax (confirmed, not corrected)."""
        return [n for n, box in self.confirm_boxes.items()
                if box.isChecked() and n not in self._typed]

    def typed_fields(self) -> list[str]:
        """The reader's fields the officer typed: corrected, or not read surely and filled."""
        typed = set(self._typed)
        for name in READ_INPUTS:
            editor = getattr(self, READ_INPUTS[name])
            text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
            if name not in self.confirm_boxes and text.strip():
                typed.add(name)
        return sorted(typed)

    # --- saving --------------------------------------------------------------------

    def save(self) -> None:
        """Log the detainer once every read field is confirmed, then take the fax out of
        the queue as logged (its file becomes the detainer's scan)."""
        waiting = self.unconfirmed()
        if waiting:
            self.status_label.setText(
                "Confirm or correct the fields read from the fax before logging: "
                + ", ".join(CAPTIONS[n] for n in waiting) + ".")
            return
        super().save()
        if self.saved is None:
            return
        try:
            self.desk.intake.mark_logged(self.item_id, self.saved.id,
                                                 self.read_fields(), self.typed_fields(),
                                                 self.actor)
        except DeskError as exc:
            log.warning("intake item %s not marked logged: %s", self.item_id, exc)
            QMessageBox.warning(self, "Fax still in the queue",
                                f"The detainer was logged, but the fax stays in the intake "
                                f"queue: {exc} Attach it to the detainer from the queue.")


def _mark(editor: QWidget, tip: str) -> None:
    editor.setStyleSheet(READ_STYLE)
    editor.setToolTip(tip)


def _pixmap(image: Image.Image) -> QPixmap:
    buffer = io.BytesIO()
    image.convert("L").save(buffer, "PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap
