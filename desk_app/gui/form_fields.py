"""Small pieces the detainer forms are built from: a field with its error line, the
date of birth typed the way the desk reads it off the fax, and a scan checked before
it is stored.

Kept apart from the dialog so that the dialog module reads as the layout of
Form I-247A, and so that another form (e.g. correcting a detainer) can reuse them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QObject,
    QSize,
    Qt,
    QTime,
    QTimeZone,
)
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from desk_app.domain.vocabulary import FormType
from desk_app.domain.wall_clock import wall_clock
from desk_app.gui.qt_dates import py_date, py_time

log = logging.getLogger(__name__)

ERROR_COLOUR = "#b00020"
REQUIRED_MARK = f' <span style="color:{ERROR_COLOUR}">*</span>'

# A wrong field gets a red border through the dynamic property "invalid"; the style
# sheet sits on the dialog so that it wins over the application's own.
INVALID_STYLE = f"""
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QDateTimeEdit[invalid="true"] {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}
QLabel[role="error"] {{ color: {ERROR_COLOUR}; }}
QLabel[role="hint"] {{ color: palette(placeholder-text); }}
"""


def caption(text: str, required: bool = False) -> str:
    """The label of a field, with a red "*" when the form cannot be logged without it."""
    return text + REQUIRED_MARK if required else text


# Focus that goes to another window or a pop-up, not to another field of the form.
WINDOW_FOCUS_REASONS = (Qt.FocusReason.ActiveWindowFocusReason,
                        Qt.FocusReason.PopupFocusReason)


class MessageLabel(QLabel):
    """A wrapped message line whose wanted height is that of its text at the width it
    has: a plain wrapped label asks for the height of a narrower guess, two lines for a
    message that fits on one, and the form would move when it appears."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The height the text needs at the current width (at least the minimum)."""
        hint = super().sizeHint()
        if self.wordWrap() and self.width() > 0:
            return QSize(hint.width(), max(self.heightForWidth(self.width()),
                                           self.minimumHeight()))
        return hint


class FieldSlot(QWidget):
    """One input, with its own form row under it that says what is wrong with it.

    The input keeps its own focus and tab order; the slot adds the red border (dynamic
    property "invalid"), the message as tooltip, and the message row. The message sits
    in a row of its own so that the field's label stays level with the input. With
    `reserve` the row keeps one line's room while the input is fine, so the form does
    not move when a message appears (the fields most often wrong); otherwise it is
    hidden and takes no room. `on_left` is called when the cursor leaves the input.
    """

    def __init__(self, editor: QWidget, parent: QWidget | None = None,
                 beside: QWidget | None = None, reserve: bool = False) -> None:
        super().__init__(parent)
        self.editor = editor
        self.reserve = reserve
        self.on_left: Callable[[], None] | None = None
        self.error_label = MessageLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        if reserve:
            self.error_label.setMinimumHeight(self.error_label.fontMetrics().height())
        else:
            self.error_label.hide()
        editor.installEventFilter(self)
        # A choice is whole once made: it is checked then, as a typed field is on leaving.
        if isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(self._left)
        elif isinstance(editor, QCheckBox):
            editor.toggled.connect(self._left)
        self._form: QFormLayout | None = None
        self._message = ""
        self._base_tooltip = editor.toolTip()
        editor.setProperty("invalid", False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor, 1)
        if beside is not None:
            layout.addWidget(beside)

    def add_to(self, form: QFormLayout, label: QLabel | None) -> None:
        """Put the input (beside `label`, or on its own line) and its message row in `form`."""
        if label is None:
            form.addRow(self)
            form.addRow(self.error_label)
        else:
            form.addRow(label, self)
            form.addRow("", self.error_label)
        form.setRowVisible(self.error_label, self.reserve)
        self._form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        """Tell the form when the cursor leaves the input (it is checked then); a
        question box or a drop-down list opening over it is not leaving it. A slot whose
        Python side is gone (a closed dialog's, collected while Qt still delivers its
        input's events) has no editor and lets every event through."""
        if (watched is getattr(self, "editor", None) and isinstance(event, QFocusEvent)
                and event.type() == QEvent.Type.FocusOut
                and event.reason() not in WINDOW_FOCUS_REASONS):
            self._left()
        return False

    def _left(self, *_args: object) -> None:
        if self.on_left is not None:
            self.on_left()

    def show_error(self, message: str | None) -> None:
        """Mark the input wrong with `message`, or clear the mark when it is None."""
        message = message or ""
        invalid = bool(message)
        if bool(self.editor.property("invalid")) != invalid:
            self.editor.setProperty("invalid", invalid)
            self.editor.style().unpolish(self.editor)
            self.editor.style().polish(self.editor)
        self.editor.setToolTip(message or self._base_tooltip)
        if message != self._message:
            self._message = message
            self.error_label.setText(message)
            if self.reserve:
                pass  # the row keeps its room either way
            elif self._form is not None:
                self._form.setRowVisible(self.error_label, invalid)
            else:
                self.error_label.setVisible(invalid)

    def set_base_tooltip(self, text: str) -> None:
        """The tooltip shown while the input is fine (the message replaces it otherwise)."""
        self._base_tooltip = text
        if not self._message:
            self.editor.setToolTip(text)

    @property
    def message(self) -> str:
        """The message shown under the input, "" when the input is fine."""
        return self._message


def group(title: str) -> tuple[QGroupBox, QFormLayout]:
    """A titled section of the form with labels beside their inputs."""
    box = QGroupBox(title)
    layout = QFormLayout(box)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return box, layout


def align_labels(boxes: list[QWidget]) -> None:
    """Give the labels of sections stacked in one column one width, so inputs line up."""
    labels: list[QLabel] = []
    for box in boxes:
        layout = box.layout()
        if not isinstance(layout, QFormLayout):
            continue
        for row in range(layout.rowCount()):
            item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                labels.append(label)
    widest = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(widest)


def date_edit(value: QDate | None = None) -> QDateEdit:
    """A date picker with a calendar, showing dates as the desk writes them (25 Nov 2026)."""
    edit = QDateEdit(value) if value is not None else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    return edit


def local_days(first: QDate, last: QDate, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local days `first` to `last`, both included, as the instants from the first's
    midnight to the midnight after the last: what a From/To search means."""
    wall = wall_clock(zone)
    return (wall.midnight(py_date(first)),
            wall.midnight(py_date(last) + timedelta(days=1)))


def line_edit(placeholder: str = "", tooltip: str = "") -> QLineEdit:
    """A one-line text input with a hint of what goes in it."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setToolTip(tooltip)
    return edit


class LinesEdit(QPlainTextEdit):
    """A text box `lines` lines high (in whatever font the style sheet gives it) where
    Tab moves on to the next field instead of typing a tab."""

    def __init__(self, lines: int, placeholder: str = "", parent: QWidget | None = None,
                 ) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Tall enough for `lines` lines of the current font."""
        margins = self.contentsMargins()
        height = (self.fontMetrics().lineSpacing() * self.lines
                  + 2 * int(self.document().documentMargin()) + margins.top()
                  + margins.bottom())
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Never squeezed below its lines, so nothing typed is hidden."""
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


def combo(items: list[tuple[str, object]]) -> QComboBox:
    """A drop-down of (text shown, value kept) pairs; the value comes back as data."""
    box = QComboBox()
    for text, value in items:
        box.addItem(text, value)
    return box


def form_type_combo() -> QComboBox:
    """Every form type, worded as the desk knows them; I-247A first (the current form)."""
    def text(form_type: FormType) -> str:
        if form_type is FormType.NOTIFICATION_REQUEST:
            return "Notification request"
        if form_type.is_administrative_warrant:
            return f"{form_type.value} administrative warrant"
        return form_type.value
    return combo([(text(form_type), form_type) for form_type in FormType])


def check(text: str, tooltip: str = "", checked: bool = False) -> QCheckBox:
    """A tick box with the paper form's wording in its tooltip."""
    box = QCheckBox(text)
    box.setToolTip(tooltip)
    box.setChecked(checked)
    return box


def add_row(layout: QFormLayout, text: str, editor: QWidget, required: bool = False,
            beside: QWidget | None = None, above: bool = False,
            reserve: bool | None = None) -> tuple[QLabel, FieldSlot]:
    """Add a labelled input to a section; return its label and its slot.

    `beside` is shown to the right of the input; `above` puts a long label on its own
    line over the input instead of squeezing it into the label column; `reserve`
    (by default: when required) keeps room for its message.
    """
    label = QLabel(caption(text, required))
    label.setBuddy(editor)
    slot = FieldSlot(editor, beside=beside, reserve=required if reserve is None else reserve)
    if above:
        layout.addRow(label)
        slot.add_to(layout, None)
    else:
        slot.add_to(layout, label)
    return label, slot


# --- receipt time -------------------------------------------------------------------

RECEIPT_FORMAT = "ddd d MMM yyyy HH:mm"


class ReceiptTimeEdit(QDateTimeEdit):
    """The fax's receipt time as department wall-clock digits, read back as UTC.

    The widget itself is kept in UTC so that Qt never applies the workstation's own
    zone (or its daylight-saving gaps); the digits are placed in `zone` with zoneinfo.
    Left at its default, it returns the exact instant the form opened.
    """

    def __init__(self, default: datetime, zone: ZoneInfo, parent: QWidget | None = None,
                 ) -> None:
        super().__init__(parent)
        self.default = default.astimezone(UTC)
        self.zone = zone
        local = self.default.astimezone(zone)
        self._default_local = local.replace(tzinfo=None, second=0, microsecond=0)
        self.setTimeZone(QTimeZone.utc())
        self.setDisplayFormat(RECEIPT_FORMAT)
        self.setCalendarPopup(True)
        self.set_local(self._default_local)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name)
        """Tab leaves the field instead of stepping through its six parts (the time is
        usually left as it is); the arrow keys still move between the parts."""
        return QWidget.focusNextPrevChild(self, forward)

    def set_local(self, local: datetime) -> None:
        """Show these wall-clock digits (a naive datetime, to the minute)."""
        self.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                   QTime(local.hour, local.minute), QTimeZone.utc()))

    def local(self) -> datetime:
        """The digits shown, as a naive datetime."""
        value = self.dateTime()
        return datetime.combine(py_date(value.date()), py_time(value.time()))

    def corrected(self) -> bool:
        """True when the officer changed the time from the default."""
        return self.local() != self._default_local

    def instant(self) -> datetime:
        """The receipt time as an aware UTC instant (see the class docstring)."""
        if not self.corrected():
            return self.default
        return self.local().replace(tzinfo=self.zone).astimezone(UTC)


# --- date of birth -------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date_of_birth(text: str) -> date | None:
    """The date typed as MM/DD/YYYY (as on the fax) or YYYY-MM-DD; None when blank.

    Raises ValueError with a sentence the officer can act on.
    """
    text = text.strip()
    if not text:
        return None
    iso, us = _ISO.match(text), _US.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif us:
        month, day, year = (int(part) for part in us.groups())
    else:
        raise ValueError("Date of birth must be written MM/DD/YYYY (or YYYY-MM-DD); "
                         "leave it blank if not known")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"Date of birth {text} is not a real date; "
                         "check the month and day") from None
