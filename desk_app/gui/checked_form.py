"""What the desk's long forms share: fields checked as they are typed, a status line
that says what is still wrong, and Escape that asks before throwing typing away.

`CheckedFormDialog` lays out the sections in columns inside a scroll area (so the form
fits a 1366x768 screen), with the status line, Cancel and the save button below.
Subclasses add their sections with `_field`, and provide `_raw_values` (to tell
whether anything was typed) and their own checking and saving.

Private state:
    _slots: field name -> its `FieldSlot` (editor, label, message under it).
    _labels: field name -> the label beside its input.
    _touched: something was typed (the status line then says what is still wrong).
    _left: the fields the cursor has left: each is marked from then on, not while it
        is first typed in nor before it is reached.
    _marks_all: a save was tried (or refused): every field is marked.
    _pristine: the blank form's raw values.
    _server_errors: the store's refusals, with the form they were about, kept on their
        fields while those fields are unchanged.
    _content: the widget inside the scroll area, for sizing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError, FieldError, InvalidFieldsError
from desk_app.gui.dialog_parts import ask
from desk_app.gui.form_fields import INVALID_STYLE, FieldSlot, add_row, align_labels
from desk_app.gui.input_limits import cap

Editor = TypeVar("Editor", bound=QWidget)

def sentence(field: str, message: str, labels: Mapping[str, str]) -> str:
    """A field error as the officer reads it: "Date of birth is after..." not "is after...".

    Messages that already start with a capital are whole sentences and kept as they are.
    """
    if message[:1].islower():
        return f"{labels.get(field, field.replace('_', ' ').capitalize())} {message}"
    return message


class CheckedFormDialog(QDialog):
    """A form checked as it is typed; see the module docstring."""

    #: What is logged, for the Escape question ("The detainer has not been logged").
    NOUN = "record"
    #: The most characters each text field keeps, by field name: the limits the save
    #: enforces (the domain's), applied as input limits so typing stops there.
    LIMITS: Mapping[str, int] = {}

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slots: dict[str, FieldSlot] = {}
        self._labels: dict[str, QLabel] = {}
        self._touched = False
        self._left: set[str] = set()
        self._marks_all = False
        self._pristine: tuple[object, ...] = ()
        self._server_errors: list[tuple[FieldError, Any]] = []
        self.saved: Any = None
        self.setWindowTitle(title)
        self.setStyleSheet(INVALID_STYLE)

    # --- layout ------------------------------------------------------------------------

    def _lay_out(self, columns: Sequence[tuple[int, Sequence[QWidget]]], save_text: str,
                 save_tip: str) -> None:
        """Put the sections in columns (stretch, boxes), then the status line and buttons."""
        content = QWidget()
        row = QHBoxLayout(content)
        for stretch, boxes in columns:
            column = QVBoxLayout()
            for box in boxes:
                column.addWidget(box)
            column.addStretch(1)
            row.addLayout(column, stretch)
            align_labels(list(boxes))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self._content = content
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        # Two lines' room whatever it says, so the buttons beside it never jump.
        self.status_label.setMinimumHeight(self.status_label.fontMetrics().lineSpacing() * 2)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.save_button = QPushButton(save_text)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(save_tip)
        bar = QHBoxLayout()
        bar.addWidget(self.status_label, 1)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(bar)

    def _field(self, layout: QFormLayout, name: str, text: str, editor: Editor,
               required: bool = False, **placing: Any) -> Editor:
        """Add the input for form field `name` with its label and message slot, and hand
        the input back so the dialog keeps it as a typed attribute of the same name."""
        self._labels[name], self._slots[name] = add_row(layout, text, editor, required,
                                                        **placing)
        cap(editor, self.LIMITS.get(name))
        self._slots[name].on_left = lambda: self._field_left(name)
        return editor

    def _field_left(self, name: str) -> None:
        """The cursor left a field (or a choice was made): check it from now on."""
        if name not in self._left:
            self._left.add(name)
            if self._touched:
                self._validate()

    def _bounded(self, wanted: QSize) -> QSize:
        """`wanted`, but never bigger than the screen the dialog is on."""
        screen = self.screen()
        if screen is None:
            return wanted
        return wanted.boundedTo(screen.availableGeometry().size() - QSize(20, 50))

    # --- checking ----------------------------------------------------------------------

    def _raw_values(self) -> tuple[object, ...]:
        raise NotImplementedError

    def has_typed(self) -> bool:
        """True once anything differs from the blank form (Escape then asks first)."""
        return self._raw_values() != self._pristine

    def _show_messages(self, messages: Mapping[str, str], ready: str) -> None:
        """Mark each field's message (once left, or all after a save was tried), and say
        in the status line what is still wrong, or that the form is ready."""
        for name, slot in self._slots.items():
            marked = self._marks_all or name in self._left
            slot.show_error(messages.get(name) if marked else None)
        self.save_button.setEnabled(not messages)
        if not self._touched:
            self._status("Fields marked * are required.")
        elif messages:
            shown = list(messages.values())
            more = f" (and {len(shown) - 2} more)" if len(shown) > 2 else ""
            self._status("To log it: " + "; ".join(shown[:2]) + more, error=True)
        else:
            self._status(ready)

    def _validate(self) -> list[FieldError]:
        raise NotImplementedError

    def _ready_to_save(self) -> bool:
        """Turn the marks on and check the form; if it is not ready, put the cursor on
        the first field to correct."""
        self._touched = True
        self._marks_all = True
        if self._validate():
            self._focus_first_error()
            return False
        return True

    def _show_refusal(self, refusal: DeskError, form: object, known: Collection[str],
                      wording: Callable[[str, str], str]) -> None:
        """The store refused the save: mark the fields it named (kept while unchanged),
        say the rest in the status line, and keep everything typed."""
        self._marks_all = True
        if isinstance(refusal, InvalidFieldsError):
            self._server_errors = [(e, form) for e in refusal.errors if e.field in known]
            self._validate()
            others = [wording(e.field, e.message) for e in refusal.errors
                      if e.field not in known]
            if others:
                self._status("Not logged: " + "; ".join(others), error=True)
            self._focus_first_error()
            return
        self._validate()
        self._status(f"Not logged: {refusal}", error=True)

    def _status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("role", "error" if error else "hint")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    def _focus_first_error(self) -> None:
        for slot in self._slots.values():
            if slot.message and slot.editor.isVisibleTo(self) and slot.editor.isEnabled():
                slot.editor.setFocus()
                return

    def reject(self) -> None:
        """Escape or Cancel: close, but ask first if anything typed would be lost."""
        if self.saved is None and self.has_typed():
            if not ask(self, f"Discard this {self.NOUN}?",
                       f"The {self.NOUN} has not been logged. Close the form and lose what "
                       "you typed?"):
                return
        super().reject()
