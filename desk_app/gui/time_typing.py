"""Typing a whole date and time into a date-time field from the first key.

Qt's date-time field takes digits one section at a time, and only in the section that
is selected; an officer types "1920" and sees nothing happen. `TimeTyping` takes the
keys instead: digits, "/", ":", "-" and spaces collect into a line shown beside the
field with what it reads as ("12/06 1920 → Sun 6 Dec 2026 19:20"), and the field
follows as soon as the text is a date or a time. Enter, Tab or leaving the field keeps
it; Backspace takes back a key. The arrow keys still step the field's sections.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from desk_app.domain.typed_time import parse_typed_time
from desk_app.gui.qt_dates import py_time

TYPING_KEYS = set("0123456789/:- ")


class TimeTyping(QObject):
    """Collects typed keys for one date-time field and shows what they read as."""

    def __init__(self, edit: QDateTimeEdit, today: Callable[[], date],
                 hint: QLabel) -> None:
        super().__init__(edit)
        self.edit = edit
        self.today = today
        self.hint = hint
        self.typed = ""
        edit.installEventFilter(self)
        edit.lineEdit().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Take the typing keys; keep the value on Enter, Tab or leaving the field."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        if event.type() == QEvent.Type.FocusOut:
            self.finish()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        text = event.text()
        if text and text in TYPING_KEYS and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            if not self.typed and text == " ":
                return False
            self.typed += text
            self._apply()
            return True
        if event.key() == Qt.Key.Key_Backspace and self.typed:
            self.typed = self.typed[:-1]
            self._apply()
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab,
                           Qt.Key.Key_Backtab):
            self.finish()
        return False

    def _apply(self) -> None:
        """Move the field to what the text reads as, and say so beside it."""
        if not self.typed:
            self.hint.setText("")
            return
        read = parse_typed_time(self.typed, self.today())
        if read is None:
            self.hint.setText(f"“{self.typed}”: keep typing (e.g. 12/06 1920, or 1920 "
                              "for today)")
            return
        current = self.edit.dateTime()
        day = read.day or self.today()
        clock = read.clock or py_time(current.time())
        self.edit.setDateTime(QDateTime(QDate(day.year, day.month, day.day),
                                        QTime(clock.hour, clock.minute),
                                        current.timeZone()))
        shown = self.edit.dateTime().toString(self.edit.displayFormat())
        self.hint.setText(f"“{self.typed}” → {shown}")

    def finish(self) -> None:
        """The typing is over: the field keeps its value; the hint says what it is."""
        self.typed = ""


def typing_hint(edit: QDateTimeEdit, today: Callable[[], date]) -> QLabel:
    """Install typing on `edit` and return its hint, for a form that places it itself."""
    hint = QLabel()
    hint.setObjectName("typedTimeHint")
    TimeTyping(edit, today, hint)  # kept alive by its parent, the field
    return hint


def with_typing(edit: QDateTimeEdit, today: Callable[[], date]) -> QWidget:
    """The field with its hint beside it, typing installed (for a form row)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    hint = typing_hint(edit, today)
    row.addWidget(edit)
    row.addWidget(hint, 1)
    box.setFocusProxy(edit)
    return box
