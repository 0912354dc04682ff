"""Escape or Cancel on a dialog with typed input asks before throwing the typing away.

The dialog's input widgets are read when it is first shown (its blank or current
state) and again when it is closed without saving; only if something differs does the
question appear, so opening a dialog by mistake and pressing Escape does not nag.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desk_app.gui.dialog_parts import ask


def input_state(root: QWidget) -> tuple[object, ...]:
    """What every input widget inside `root` holds, in a comparable form."""
    values: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QAbstractSpinBox) \
                and not isinstance(widget.parent(), QComboBox):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QTextEdit) and not widget.isReadOnly():
            values.append(widget.toPlainText())
        elif isinstance(widget, QDateTimeEdit):
            values.append(widget.dateTime().toMSecsSinceEpoch())
        elif isinstance(widget, QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QComboBox):
            values.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
    return tuple(values)


def may_close(dialog: QWidget, pristine: tuple[object, ...] | None) -> bool:
    """True if nothing typed would be lost, or the person agrees to lose it."""
    if pristine is None or input_state(dialog) == pristine:
        return True
    title = dialog.windowTitle()
    return ask(dialog, "Close without saving?",
               f"What you typed in “{title}” has not been saved. Close it and lose what "
               "you typed?")
