"""Alerts queue one per detainer, most severe first, each acknowledged and audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.domain.time_source import FixedTime
from desk_app.domain.urgency import Thresholds
from desk_app.gui import alerts
from desk_app.gui.main_window import MainWindow
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry
from tests.gui.conftest import OFFICER, WEDNESDAY_2PM, log_detainer

NAMES = ["Ana One", "Ben Two", "Cleo Three", "Dan Four"]


@pytest.fixture
def noises(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The beeps and taskbar flashes, and a workstation settings file of the test's own."""
    heard: list[str] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: heard.append("beep")))
    monkeypatch.setattr(QApplication, "alert",
                        staticmethod(lambda _widget, _ms=0: heard.append("flash")))
    ini = tmp_path / "workstation.ini"
    monkeypatch.setattr(alerts, "workstation_settings",
                        lambda: QSettings(str(ini), QSettings.Format.IniFormat))
    return heard


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, noises: list[str]) -> MainWindow:
    """Four detainers logged over the morning, and one with half an hour left."""
    for n, name in enumerate(NAMES):
        log_detainer(desk, f"D26-030{n}", name, WEDNESDAY_2PM - timedelta(hours=n + 1))
    log_detainer(desk, "D26-0309", "Eve Expired", WEDNESDAY_2PM - timedelta(hours=47, minutes=30))
    main = MainWindow(desk, OFFICER)
    qtbot.addWidget(main)
    main.timer.stop()
    main.resize(1366, 768)
    main.show()
    return main


def audit(desk: Desk, action: str) -> list[tuple[str, str]]:
    with desk.db.sessions() as session:
        return [tuple(row) for row in session.execute(
            select(AuditEntry.summary, AuditEntry.actor).where(AuditEntry.action == action)
            .order_by(AuditEntry.id))]


def test_five_at_once_are_shown_one_by_one_most_severe_first(
        window: MainWindow, desk: Desk, qtbot: QtBot, clock: FixedTime,
        noises: list[str]) -> None:
    """Thresholds raised so that four turn Critical as one expires: five alerts, the
    expired first, each audited as shown only when on the banner."""
    assert not window.board.banner.isVisible()
    window.model.set_thresholds(Thresholds(warning=timedelta(hours=80),
                                           critical=timedelta(hours=60)))
    clock.advance(timedelta(hours=1))
    window.tick()
    seen: list[str] = []
    for _ in range(6):
        if not window.board.banner.isVisible():
            break
        seen.append(window.board.banner.text())
        assert len(audit(desk, "alert shown")) == len(seen)  # audited once on screen
        qtbot.mouseClick(window.board.dismiss, Qt.MouseButton.LeftButton)
    assert len(seen) == 5
    assert seen[0].startswith("EXPIRED: Eve Expired")
    assert "(4 more alerts waiting)" in seen[0]
    assert [s.split(":")[1].split("(")[0].strip() for s in seen[1:]] == [
        "Dan Four", "Cleo Three", "Ben Two", "Ana One"]  # least time left first
    assert all(s.startswith("Critical: ") for s in seen[1:])
    assert not window.board.banner.isVisible()
    assert audit(desk, "alert acknowledged") == [
        ("Alert acknowledged: EXPIRED", OFFICER.name)] + [
        ("Alert acknowledged: Critical", OFFICER.name)] * 4
    assert noises.count("flash") == 5 and noises.count("beep") == 5


def test_sound_can_be_switched_off_at_the_workstation(
        window: MainWindow, qtbot: QtBot, clock: FixedTime, noises: list[str]) -> None:
    """View > Alert sound off: critical alerts still flash, but no longer beep."""
    qtbot.mouseClick(window.board.dismiss, Qt.MouseButton.LeftButton)
    noises.clear()
    window.alert_sound.trigger()
    assert not window.alert_sound.isChecked()
    assert alerts.workstation_settings().value("alerts/sound", type=bool) is False
    window.model.set_thresholds(Thresholds(warning=timedelta(hours=80),
                                           critical=timedelta(hours=60)))
    clock.advance(timedelta(seconds=1))
    window.tick()
    assert window.board.banner.text().startswith("Critical: ")
    assert noises == ["flash"]
