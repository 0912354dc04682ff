"""The wall display started without a sign-in (`desk-app wall`) changes nothing."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk_app.domain.time_source import FixedTime
from desk_app.gui.wall_display import WallDisplay
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry
from tests.gui.conftest import log_detainer


def written(desk: Desk) -> int:
    """How many audit entries the database holds: every change writes one."""
    with desk.db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_a_shift_on_the_wall_writes_nothing_and_offers_nothing(
        qtbot: QtBot, desk: Desk, clock: FixedTime) -> None:
    """Hours of ticks, reloads, page turns, clicks and keys on the wall leave the
    database as it was; the window holds no button, field or editable cell."""
    for n in range(14):
        log_detainer(desk, f"D26-02{n:02}", f"Person {n}", clock.now() - timedelta(hours=3 * n))
    before = written(desk)
    wall = WallDisplay(desk)
    qtbot.addWidget(wall)
    wall.resize(1366, 768)
    wall.show()
    qtbot.waitExposed(wall)
    for kind in (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox,
                 QAbstractSpinBox):
        assert not [w for w in wall.findChildren(kind) if w.isVisible()], kind
    assert wall.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    for _ in range(120):  # two hours, a minute at a time: detainers turn critical
        clock.advance(timedelta(minutes=1))
        wall.tick()
    wall.reload()
    wall.next_page()
    table = wall.table
    for keys in ("n", "p", " "):
        qtbot.keyClicks(table, keys)
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_F2):
        qtbot.keyClick(table, key)
    qtbot.keyClick(table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton,
                      pos=table.visualRect(wall.proxy.index(0, 1)).center())
    assert written(desk) == before
    assert len(desk.detainers.active()) == 14
