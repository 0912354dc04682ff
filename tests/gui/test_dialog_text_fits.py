"""Every custody dialog, in the desk's style, shows its words whole: no wrapped line
cut off (a citation squeezed to its narrowest, 'Policy 413' without '§IV.A.3(h)')."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from desk_app.domain.detainer import StepSnapshot
from desk_app.gui import close_dialog, custody_dialogs, follow_up_dialog, reimbursement_dialog
from desk_app.resources import resource_path
from desk_app.store.desk import Desk
from tests.gui.conftest import SERGEANT, log_detainer

Opener = Callable[[Desk, int], QDialog]


def step_of(desk: Desk, detainer_id: int, step_id: str) -> StepSnapshot:
    """One checklist step of the detainer, as the dialogs take it."""
    return next(s for s in desk.detainers.get(detainer_id).steps if s.step_id == step_id)


DIALOGS: dict[str, Opener] = {
    "step done": lambda desk, d: custody_dialogs.StepDoneDialog(
        desk, SERGEANT, d, step_of(desk, d, "give_arrestee_copy")),
    "not applicable": lambda desk, d: custody_dialogs.StepNotApplicableDialog(
        desk, SERGEANT, d, step_of(desk, d, "give_arrestee_copy")),
    "copy given": lambda desk, d: custody_dialogs.CopyServedDialog(
        desk, SERGEANT, d, step_of(desk, d, "give_arrestee_copy")),
    "bail decision": lambda desk, d: custody_dialogs.BailDecisionDialog(desk, SERGEANT, d),
    "bail posted": lambda desk, d: close_dialog.BailPostedDialog(desk, SERGEANT, d),
    "release eligible": lambda desk, d: close_dialog.ReleaseEligibleDialog(desk, SERGEANT, d),
    "released": lambda desk, d: close_dialog.ReleaseDialog(desk, SERGEANT, d),
    "close": lambda desk, d: close_dialog.CloseDialog(desk, SERGEANT, d),
    "void": lambda desk, d: close_dialog.VoidDialog(desk, SERGEANT, d),
    "reimbursement": lambda desk, d: reimbursement_dialog.ReimbursementDialog(
        desk, SERGEANT, d),
    "follow-up": lambda desk, d: follow_up_dialog.FollowUpDialog(desk, SERGEANT, d),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_no_wrapped_line_is_cut(qtbot: QtBot, desk: Desk, name: str) -> None:
    """Each wrapped label is as tall as its lines at the width it was given."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(resource_path("style", "desk.qss").read_text(encoding="utf-8"))
    try:
        detainer_id = log_detainer(desk)
        dialog = DIALOGS[name](desk, detainer_id)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(20)
        for label in dialog.findChildren(QLabel):
            if label.isVisible() and label.wordWrap() and label.text():
                assert label.height() >= label.heightForWidth(label.width()), label.text()
    finally:
        app.setStyleSheet(before)
