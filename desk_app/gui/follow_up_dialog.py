"""The Administrative Services follow-up (Pittsfield §E): was the person deported?

A custody dialog like the others, so that the answer is saved with the version of the
detainer it was chosen on: an answer recorded meanwhile at another workstation is never
replaced without the person seeing who gave it, when and what it was.
"""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QWidget

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.gui.custody_dialogs import CustodyDialog
from desk_app.gui.dialog_parts import heading_label, wrapped
from desk_app.store.desk import Desk

FOLLOW_UP_CHOICES: dict[bool | None, str] = {
    True: "&Deported (Y)", False: "&Not deported (N)", None: "&Unknown"}


class FollowUpDialog(CustodyDialog):
    """Record whether the person was deported; the current answer is chosen at first."""

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Follow-up", parent)
        self.body.addWidget(heading_label("Was the person deported?", self))
        self.body.addWidget(wrapped("The Administrative Services follow-up (Pittsfield §E); "
                                    "the tracking sheet and the reports show it."))
        self.group = QButtonGroup(self)
        self.radios: dict[bool | None, QRadioButton] = {}
        for answer, text in FOLLOW_UP_CHOICES.items():
            radio = QRadioButton(text)
            self.radios[answer] = radio
            self.group.addButton(radio)
            self.body.addWidget(radio)
        self.radios[self.detainer.deported].setChecked(True)
        self._finish("&Record follow-up", self.radios[self.detainer.deported])

    def answer(self) -> bool | None:
        """True (deported), False (not deported) or None (unknown), as checked."""
        return next(a for a, r in self.radios.items() if r.isChecked())

    def _save(self) -> DetainerSnapshot:
        return self.desk.detainers.set_follow_up(self.detainer_id, self.answer(), self.actor,
                                                 expected_version=self.detainer.version)
