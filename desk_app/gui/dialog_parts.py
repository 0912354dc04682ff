"""Parts every desk dialog shares: typed wall-clock times, refusals in words, headings.

A date-time typed at the desk is department wall-clock time (`desk.zone`), converted
with zoneinfo and never through the workstation's own zone; a refusal from a service is
shown field by field in the words next to the field; headings and wrapped labels look
the same in every dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desk_app.domain.errors import DeskError, FieldError, InvalidFieldsError

ERROR_COLOUR = "#b3261e"
DATE_TIME_FORMAT = "ddd d MMM yyyy HH:mm"
# What the services call a field, in the words the dialogs show next to it.
FIELD_LABELS = {
    "time": "When", "ero_notified_at": "When", "ero_method": "How",
    "ero_contact": "To whom at ERO", "reason": "Reason", "void_reason": "Reason",
}
TIME_FIELDS = frozenset({"time", "ero_notified_at"})


class WallClockEdit(QDateTimeEdit):
    """A date-time field where Tab leaves the field instead of stepping its sections.

    In a form, Tab should reach the next field; the sections are reached with the
    arrow keys (Left/Right), and typing digits moves on by itself.
    """

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt override)
        """Move focus to the next widget, as every other field does."""
        return QWidget.focusNextPrevChild(self, next)


def wall_clock_edit(zone: ZoneInfo, now: datetime) -> QDateTimeEdit:
    """A date-time field showing `now` as department wall-clock time.

    The edit itself is kept in UTC so that the workstation's zone (and its own
    daylight-saving gaps) never touches what was typed; `instant_of` reads the fields
    back as wall-clock time in `zone`.
    """
    local = now.astimezone(zone)
    edit = WallClockEdit()
    edit.setTimeZone(QTimeZone(QTimeZone.Initialization.UTC))
    edit.setDisplayFormat(DATE_TIME_FORMAT)
    edit.setCalendarPopup(True)
    edit.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                               QTime(local.hour, local.minute),
                               QTimeZone(QTimeZone.Initialization.UTC)))
    return edit


def instant_of(edit: QDateTimeEdit, zone: ZoneInfo, field: str = "time") -> datetime:
    """The UTC instant of what the field shows, read as wall-clock time in `zone`.

    A wall time that does not exist (the hour skipped when clocks go forward) is refused
    rather than silently moved.
    """
    value = edit.dateTime()
    day, clock = value.date(), value.time()
    naive = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise InvalidFieldsError([FieldError(
            field, "does not exist on that day (the clocks went forward); "
                   "enter the time the wall clock showed")])
    return aware.astimezone(UTC)


def describe(error: DeskError, zone: ZoneInfo) -> str:
    """A refusal in the words a desk officer reads: field by field, what to do."""
    if isinstance(error, InvalidFieldsError):
        lines = []
        for item in error.errors:
            label = FIELD_LABELS.get(item.field, item.field.replace("_", " ").capitalize())
            line = f"{label}: {item.message}."
            if item.field in TIME_FIELDS:
                line += f" Times are department time ({zone.key})."
            lines.append(line)
        return "\n".join(lines)
    return str(error)


def heading_label(text: str, parent: QWidget, scale: float = 1.15) -> QLabel:
    """A bold, word-wrapped heading a little larger than the app's base font."""
    label = QLabel(text)
    font = QFont(parent.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * scale))
    label.setFont(font)
    label.setWordWrap(True)
    return label


def wrapped(text: str) -> QLabel:
    """A plain word-wrapped label whose text can be selected and copied."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def fit_height(dialog: QWidget) -> None:
    """Make `dialog` tall enough for every wrapped line at its current width.

    Qt's minimum size of a window ignores word wrap, so a long refusal or step list
    would otherwise squash the fields instead of growing the dialog.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    needed = (layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth()
              else layout.totalMinimumSize().height())
    dialog.setMinimumHeight(needed)
    if dialog.height() < needed:
        dialog.resize(dialog.width(), needed)


def error_line() -> QLabel:
    """The red, word-wrapped line where a dialog says why it refused; hidden until then.

    Named "errorLabel" and "Error" for screen readers and tests alike."""
    label = wrapped("")
    label.setObjectName("errorLabel")
    label.setAccessibleName("Error")
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.hide()
    return label


def ok_cancel(dialog: QDialog, ok_text: str,
              on_ok: Callable[[], None]) -> tuple[QDialogButtonBox, QPushButton]:
    """The OK button (named `ok_text`, pressed by Enter, calling `on_ok`) and Cancel
    (the dialog's `reject`, which may ask first) at the foot of a dialog."""
    buttons = QDialogButtonBox()
    ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok_button.setDefault(True)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button


def ask(parent: QWidget | None, title: str, text: str, yes_by_default: bool = False) -> bool:
    """A Yes/No question before something is lost, changed or offered; True for Yes.

    Enter answers No, unless `yes_by_default` (an offer, such as reopening a draft)."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, yes | no, yes if yes_by_default else no)
    return bool(answer == yes)
