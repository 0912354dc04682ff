"""The note under "Held until court" in the bail decision dialog (no-hold profiles)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QWidget

from desk_app.domain.held_until_court import held_until_court_words
from desk_app.domain.policy import PolicyProfile
from desk_app.gui.dialog_parts import wrapped


def held_until_court_note(profile: PolicyProfile, received_at: datetime,
                          dialog: QWidget) -> QLabel:
    """A wrapped, indented note saying what "held until court" means under the rules
    in force for this detainer; hidden where a hold on the detainer is permitted."""
    words = held_until_court_words(profile.hold(profile.local_day(received_at)))
    note = wrapped(words)
    note.setObjectName("heldUntilCourtNote")
    note.setAccessibleName("What held until court means here")
    indent = dialog.fontMetrics().averageCharWidth() * 4
    note.setContentsMargins(indent, 0, 0, 0)
    note.setVisible(bool(words))
    return note
