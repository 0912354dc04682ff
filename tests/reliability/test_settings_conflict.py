"""A settings save over a newer change from another workstation is refused, not lost.

Two workstations open Settings; one saves "warning under 10 hours", then the other's
dialog, opened earlier, saves 8 over it. That save is refused naming who changed what
and when, the dialog stays open with 8 still typed, and nothing is stored.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desk_app.domain.errors import ConflictError
from desk_app.gui.settings_dialog import SettingsDialog
from desk_app.store.desk import Desk
from tests.reliability.conftest import ADMIN, FIGURES, SUPERVISOR


def test_older_dialog_is_refused_and_keeps_what_was_typed(
        qtbot: QtBot, two_desks: tuple[Desk, Desk]) -> None:
    here, there = two_desks
    dialog = SettingsDialog(here, ADMIN)
    qtbot.addWidget(dialog)
    dialog.warning_hours.setValue(8)
    there.apply_settings({"warning_hours": 10.0}, SUPERVISOR)  # saved first, elsewhere
    dialog.save()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    text = dialog.error.text()
    assert "Not saved" in text and "Sgt. M. Kim" in text and "warning_hours = 10.0" in text
    assert dialog.warning_hours.value() == 8  # what was typed is still there
    assert here.settings_service.load().warning_hours == 10.0
    # Re-opened on the new values, the same change saves.
    here.settings = here.settings_service.load()
    again = SettingsDialog(here, ADMIN)
    qtbot.addWidget(again)
    again.warning_hours.setValue(8)
    again.save()
    assert here.settings_service.load().warning_hours == 8.0


def test_unrelated_settings_do_not_conflict(two_desks: tuple[Desk, Desk]) -> None:
    here, there = two_desks
    opened_with = here.settings
    there.apply_settings({"lock_minutes": 20}, SUPERVISOR)
    here.apply_settings({"warning_hours": 9.0}, ADMIN, based_on=opened_with)
    with pytest.raises(ConflictError, match="lock_minutes = 20"):
        here.apply_settings({"lock_minutes": 30}, ADMIN, based_on=opened_with)
    stored = here.settings_service.load()
    assert (stored.warning_hours, stored.lock_minutes) == (9.0, 20)
    FIGURES.append("settings saved over a newer change: refused with who and when, "
                   "typed values kept")
