"""The board backs the database up when due and shows the age of the last good backup."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.gui.main_window import MainWindow
from desk_app.store.backup import good_backups
from desk_app.store.desk import Desk
from tests.gui.conftest import SERGEANT, log_detainer

ADMIN = Actor("IT admin", Role.ADMINISTRATOR)


def _window(qtbot: QtBot, desk: Desk) -> MainWindow:
    main = MainWindow(desk, SERGEANT, None)
    qtbot.addWidget(main)
    main.timer.stop()
    return main


def test_board_makes_a_due_backup_and_shows_its_age(qtbot: QtBot, desk: Desk,
                                                    clock: FixedTime, tmp_path: Path) -> None:
    log_detainer(desk)
    desk.apply_settings({"backup_folder": str(tmp_path / "backups")}, ADMIN)
    main = _window(qtbot, desk)
    main.backups.check()
    qtbot.waitUntil(lambda: main.backup_label.text() != "", timeout=10_000)
    assert main.backup_label.text() == "Last backup 0 min ago"
    assert len(good_backups(tmp_path / "backups")) == 1

    clock.advance(timedelta(minutes=50))  # 14:50: not due yet, no second backup
    main.backups.check()
    qtbot.waitUntil(lambda: main.backup_label.text() == "Last backup 50 min ago",
                    timeout=10_000)
    assert len(good_backups(tmp_path / "backups")) == 1
    assert "bold" not in main.backup_label.styleSheet()

    clock.advance(timedelta(minutes=20))  # 15:10: the day shift ended at 15:00
    main.backups.check()
    qtbot.waitUntil(lambda: len(good_backups(tmp_path / "backups")) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: main.backup_label.text() == "Last backup 0 min ago",
                    timeout=10_000)


def test_stale_backup_turns_into_a_warning(qtbot: QtBot, desk: Desk, clock: FixedTime,
                                           tmp_path: Path) -> None:
    target = tmp_path / "unreachable"
    target.write_text("a file where the folder should be")
    desk.apply_settings({"backup_folder": str(target)}, ADMIN)
    main = _window(qtbot, desk)
    main.backups.check()
    qtbot.waitUntil(lambda: "failed" in main.backup_label.text(), timeout=10_000)
    assert main.backup_label.text().startswith("No backup of this desk yet")
    assert "bold" in main.backup_label.styleSheet()
