"""Date-time fields take a whole typed date and time from the first key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot
from desk_app.domain.time_source import FixedTime
from desk_app.domain.typed_time import TypedTime, parse_typed_time
from desk_app.domain.vocabulary import FormType, Role
from desk_app.gui.custody_dialogs import CopyServedDialog
from desk_app.store.desk import Desk, open_desk

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # Sun 6 Dec 2026, 22:00 in Pittsfield
OFFICER = Actor("Ofc. Reyes", Role.DESK_OFFICER)


@pytest.fixture(autouse=True)
def close_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs left with typing in them are closed at the end of each test."""
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.Yes)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """A fresh desk with its clock stopped on a Sunday evening."""
    opened = open_desk(f"sqlite:///{tmp_path / 't.sqlite3'}", FixedTime(NOW))
    yield opened
    opened.db.close()


@pytest.fixture
def detainer(desk: Desk) -> DetainerSnapshot:
    """One detainer logged on Saturday."""
    form = DetainerForm("D-1", FormType.I_247A, "26-100", "Ana Lopez",
                        datetime(2026, 12, 5, 15, 0, tzinfo=UTC))
    return desk.detainers.log(form, OFFICER)


def release_typed(qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot,
                  keys: str) -> tuple[CopyServedDialog, str]:
    """Open Copy given…, type `keys` into the time from its first key, read the hint."""
    dialog = CopyServedDialog(desk, OFFICER, detainer.id, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.time_edit.setFocus()
    qtbot.keyClicks(dialog.time_edit, keys)
    hint = dialog.findChild(QLabel, "typedTimeHint")
    assert hint is not None and hint.isVisible()
    return dialog, hint.text()


@pytest.mark.parametrize(("keys", "expected", "shown"), [
    ("12/06 1920", datetime(2026, 12, 7, 0, 20, tzinfo=UTC), "Sun 6 Dec 2026 19:20"),
    ("1920", datetime(2026, 12, 7, 0, 20, tzinfo=UTC), "Sun 6 Dec 2026 19:20"),
    ("12/5/2026 7:05", datetime(2026, 12, 5, 12, 5, tzinfo=UTC), "Sat 5 Dec 2026 07:05"),
])
def test_typing_a_whole_time_from_the_first_key(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot, keys: str,
        expected: datetime, shown: str) -> None:
    """The typed text is read whole, shown beside the field, and saved."""
    dialog, hint = release_typed(qtbot, desk, detainer, keys)
    assert hint == f"“{keys}” → {shown}"
    assert dialog.time_edit.text() == shown
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Return)
    assert desk.detainers.get(detainer.id).copy_served_at == expected


def test_half_typed_says_what_to_type_and_backspace_takes_a_key_back(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot) -> None:
    """'12/0' is not a date yet: the hint says so and the field is unchanged."""
    dialog, hint = release_typed(qtbot, desk, detainer, "12/0")
    assert "keep typing" in hint
    assert dialog.time_edit.text() == "Sun 6 Dec 2026 22:00"
    qtbot.keyClicks(dialog.time_edit, "5")
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.time_edit, "4 0810")
    assert dialog.time_edit.text() == "Fri 4 Dec 2026 08:10"


def test_tab_leaves_the_field_keeping_the_typed_value(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot) -> None:
    """Tab after typing moves on; the value stays."""
    dialog, _hint = release_typed(qtbot, desk, detainer, "2130")
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Tab)
    assert not dialog.time_edit.hasFocus()
    assert dialog.time_edit.text() == "Sun 6 Dec 2026 21:30"


@pytest.mark.parametrize(("text", "read"), [
    ("1920", TypedTime(None, time(19, 20))),
    ("7:05", TypedTime(None, time(7, 5))),
    ("12/06", TypedTime(date(2026, 12, 6), None)),
    ("12/06/25 0700", TypedTime(date(2025, 12, 6), time(7, 0))),
    ("2026-01-02 23:59", TypedTime(date(2026, 1, 2), time(23, 59))),
    ("2460", None), ("13/01", None), ("12/0", None), ("", None),
])
def test_parse_typed_time(text: str, read: TypedTime | None) -> None:
    """The forms officers write, and what is not (yet) a date or time."""
    assert parse_typed_time(text, date(2026, 12, 6)) == read
