"""The deportation follow-up, recorded from the History tab in its own dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desk_app.domain.vocabulary import Outcome
from desk_app.gui.follow_up_dialog import FollowUpDialog
from desk_app.gui.history_view import HistoryView
from desk_app.store.desk import Desk
from tests.gui.conftest import SERGEANT, log_detainer


def test_the_dialog_starts_on_the_recorded_answer_and_saves_the_new_one(
        qtbot: QtBot, desk: Desk) -> None:
    """An analyst correcting the answer must see what is recorded, and change it."""
    detainer_id = log_detainer(desk)
    desk.detainers.set_follow_up(detainer_id, False, SERGEANT)
    dialog = FollowUpDialog(desk, SERGEANT, detainer_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.answer() is False
    dialog.radios[None].setChecked(True)
    dialog.ok_button.click()
    assert dialog.result_snapshot is not None and dialog.result_snapshot.deported is None
    assert desk.detainers.get(detainer_id).deported is None


def test_history_opens_the_dialog_for_the_selected_detainer(
        qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Record follow-up button must save the answer and show it in the results."""
    detainer_id = log_detainer(desk)
    desk.custody.close(detainer_id, Outcome.LIFTED_BY_ICE, SERGEANT,
                       override_reason="ICE lifted it by phone")
    opened: list[FollowUpDialog] = []

    def answered(dialog: FollowUpDialog) -> int:  # the analyst picks "Deported" and saves
        opened.append(dialog)
        dialog.radios[True].setChecked(True)
        dialog.ok_button.click()
        return QDialog.DialogCode.Accepted.value if dialog.result_snapshot else 0

    monkeypatch.setattr(FollowUpDialog, "exec", answered)
    view = HistoryView(desk, SERGEANT)
    qtbot.addWidget(view)
    view.run_search()
    view.table.selectRow(0)
    view.follow_up.click()
    assert len(opened) == 1 and opened[0].detainer_id == detainer_id
    assert desk.detainers.get(detainer_id).deported is True
    assert view.model.detainer_at(0).deported is True
