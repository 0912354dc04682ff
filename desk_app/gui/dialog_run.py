"""Run a dialog, and run what its caller does after a save when the save happens.

A caller used to write `if dialog.exec() == Accepted: refresh()`. When the idle lock
closes a dialog with typing in it (`lock_drafts`), `exec()` returns Rejected at once and
the caller moves on; if the same person signs in again and saves the reopened draft,
nobody is left waiting for `exec()`, so the after-save step (refresh the People list,
select the new row, open the ERO prompt) never ran. Tying that step to the dialog's
`accepted` signal instead makes it run whenever the dialog is saved: now, or after the
lock when the draft is reopened and saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


def run_then(dialog: D, after: Callable[[D], None] | None = None) -> bool:
    """`dialog.exec()`, with `after(dialog)` run once when it is accepted (also after a
    lock, when the reopened draft is saved); True when it was accepted now."""
    if after is not None:
        dialog.accepted.connect(lambda: after(dialog))
    return dialog.exec() == QDialog.DialogCode.Accepted
