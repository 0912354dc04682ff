"""Typing stops at the length the save keeps, instead of being refused when saving.

The limits come from where the save enforces them (the domain's form limits, the ORM
column lengths through `store.field_limits.text_limit`, a service's own limit); this
module only applies them: a one-line field gets Qt's maximum length, a multi-line box
drops what is typed or pasted beyond the limit at the cursor.

Qt counts UTF-16 units and the databases count characters; a field capped at n units
never holds more than n characters, so the cap is never looser than the save.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

LIMIT_PROPERTY = "maxCharacters"  # the limit, on every capped editor (a text box has none)


def cap(editor: QWidget, limit: int | None) -> None:
    """Stop `editor` (a line edit, an editable combo box or a text box) at `limit`
    characters; None leaves it unlimited."""
    if limit is None:
        return
    editor.setProperty(LIMIT_PROPERTY, limit)
    if isinstance(editor, QComboBox):
        line = editor.lineEdit()
        if line is not None:
            line.setMaxLength(limit)
    elif isinstance(editor, QLineEdit):
        editor.setMaxLength(limit)
    elif isinstance(editor, QPlainTextEdit):
        editor.textChanged.connect(lambda: _trim(editor, limit))
        editor.setToolTip(editor.toolTip() or f"At most {limit} characters")


def ask_line(parent: QWidget | None, title: str, label: str, limit: int | None,
             text: str = "") -> str | None:
    """One line of text from the person (`QInputDialog.getText`, which cannot be
    capped), stopped at `limit` characters; `text` is offered; None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    line = dialog.findChild(QLineEdit)
    if line is not None:
        cap(line, limit)
    dialog.setTextValue(text)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    typed = dialog.textValue()
    dialog.deleteLater()
    return typed if accepted else None


def cap_fields(fields: Mapping[str, QWidget], limits: Mapping[str, int]) -> None:
    """Cap each field named in `limits` (a form's editors by field name)."""
    for name, limit in limits.items():
        editor = fields.get(name)
        if editor is not None:
            cap(editor, limit)


def _units(text: str) -> int:
    """Qt's length of `text` (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _trim(edit: QPlainTextEdit, limit: int) -> None:
    """Remove what goes beyond `limit`, just before the cursor (what was just typed)."""
    text = edit.toPlainText()
    excess = len(text) - limit
    if excess <= 0:
        return
    cursor = edit.textCursor()
    position = cursor.position()
    at, units = len(text), 0  # the cursor's position in characters
    for index, char in enumerate(text):
        if units >= position:
            at = index
            break
        units += 2 if ord(char) > 0xFFFF else 1
    start, end = (at - excess, at) if at >= excess else (len(text) - excess, len(text))
    cursor.setPosition(_units(text[:start]))
    cursor.setPosition(_units(text[:end]), QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    edit.setTextCursor(cursor)
