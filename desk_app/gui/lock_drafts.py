"""The lock locks everything: every open dialog closes, and typing is kept only for the
person who typed it.

Reproduced before (issue 13, finding 4): an administrator's People dialog stayed on
screen behind the idle lock, and the records clerk who signed in next added an
administrator in the absent administrator's name. Now, when the workstation locks,
every dialog on screen is closed at once (without the "lose what you typed?" question:
nobody is there to answer it). A dialog where something was typed is kept hidden, with
any password typed into it cleared, as a draft of the person who was signed in; every
other dialog is deleted. When the same person signs in again they are asked whether to
reopen their drafts; anyone else starts with a clean board and never sees them.

Private state of `LockDrafts`:
    _kept: hidden dialogs by the person who typed in them, parents before children.
    _closed: dialogs closed by the last lock and not kept, deleted once the dialogs'
        own event loops have returned (`settle`).
    _reopened: drafts given back, held until they are closed (a dialog that nothing
        in Python refers to any more would be deleted under the person's hands).
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

from desk_app.domain.actor import Actor
from desk_app.gui.dialog_parts import ask
from desk_app.gui.discard_check import input_state

log = logging.getLogger(__name__)


def open_dialogs() -> list[QDialog]:
    """Every dialog on screen, a parent dialog before the dialogs it opened."""
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QDialog) and w.isVisible()]
    return sorted(shown, key=_depth)


def _depth(widget: QWidget) -> int:
    depth = 0
    parent = widget.parentWidget()
    while parent is not None:
        depth += 1
        parent = parent.parentWidget()
    return depth


def has_typing(dialog: QDialog) -> bool:
    """True when something was typed in the dialog since it opened."""
    typed = getattr(dialog, "has_typed", None)
    if callable(typed):
        return bool(typed())
    pristine = getattr(dialog, "_pristine", None)
    return isinstance(pristine, tuple) and input_state(dialog) != pristine


def clear_passwords(dialog: QDialog) -> None:
    """A draft never keeps a password."""
    for edit in dialog.findChildren(QLineEdit):
        if edit.echoMode() != QLineEdit.EchoMode.Normal:
            edit.clear()


class LockDrafts:
    """Closes every dialog at the lock and keeps drafts for the person who typed them."""

    def __init__(self) -> None:
        self._kept: dict[Actor, list[QDialog]] = {}
        self._closed: list[QDialog] = []
        self._reopened: list[QDialog] = []

    def close_all(self, owner: Actor) -> list[QDialog]:
        """Close every open dialog; keep those with typing (and the dialogs they were
        opened from) as `owner`'s drafts. Returns the dialogs kept."""
        dialogs = open_dialogs()
        for dialog in dialogs:
            clear_passwords(dialog)
        typed = {d for d in dialogs if has_typing(d)}
        kept = [d for d in dialogs if d in typed or any(_opened_from(t, d) for t in typed)]
        for dialog in reversed(dialogs):  # the innermost first, as a person would
            dialog.done(QDialog.DialogCode.Rejected)  # no question: nobody is there
        self._closed += [d for d in dialogs if d not in kept]
        if kept:
            self._kept.setdefault(owner, []).extend(kept)
        log.info("locked: %d dialogs closed, %d kept as drafts", len(dialogs), len(kept))
        return kept

    def drafts_of(self, person: Actor) -> list[QDialog]:
        """The drafts kept for `person` (the same name and role), parents first."""
        return list(self._kept.get(person, []))

    def settle(self, person: Actor, parent: QWidget) -> list[QDialog]:
        """After the sign-in: delete the closed dialogs, then offer `person` their own
        drafts back; returns the dialogs reopened."""
        for dialog in self._closed:
            dialog.deleteLater()
        self._closed = []
        self._reopened = [d for d in self._reopened if d.isVisible()]
        drafts = self._kept.pop(person, [])
        if not drafts:
            return []
        titles = ", ".join(f"“{d.windowTitle()}”" for d in drafts)
        if not ask(parent, "Reopen what you were typing?",
                   f"When the workstation locked you were typing in {titles}. Reopen it as "
                   "you left it? Passwords are never kept: type them again.",
                   yes_by_default=True):
            for dialog in drafts:
                dialog.deleteLater()
            return []
        for dialog in drafts:
            dialog.open()
        self._reopened += drafts
        return drafts


def _opened_from(child: QDialog, ancestor: QDialog) -> bool:
    """True when `ancestor` is a dialog `child` was opened over."""
    parent = child.parentWidget()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parentWidget()
    return False
