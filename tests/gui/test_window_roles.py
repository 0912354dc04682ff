"""What each role sees on the main window, and signing in again after a lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.vocabulary import Role
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sign_in_dialog import SignInDialog
from desk_app.store.desk import Desk
from desk_app.store.people_service import PeopleService


def window_for(qtbot: QtBot, desk: Desk, role: Role,
               people: PeopleService | None = None) -> MainWindow:
    main = MainWindow(desk, Actor(f"someone ({role})", role), people)
    qtbot.addWidget(main)
    main.timer.stop()
    return main


def visible_texts(window: MainWindow) -> set[str]:
    return {a.text().replace("&", "").rstrip("…") for a in window.actions() if a.isVisible()}


def test_records_clerk_cannot_log_or_close(qtbot: QtBot, desk: Desk) -> None:
    """A records clerk must not be offered custody actions the policy gives the desk."""
    texts = visible_texts(window_for(qtbot, desk, Role.RECORDS_CLERK))
    assert "Print record" in texts
    assert not {"New detainer", "Close detainer", "Bail decision", "Export tracking sheet",
                "Settings"} & texts


def test_analyst_gets_the_tracking_sheet_but_not_custody(qtbot: QtBot, desk: Desk) -> None:
    """The crime analyst keeps the tracking sheet (Pittsfield §E) but does not book."""
    texts = visible_texts(window_for(qtbot, desk, Role.ANALYST))
    assert {"Export tracking sheet", "Import tracking sheet"} <= texts
    assert "New detainer" not in texts and "Notify ERO" not in texts


def test_desk_officer_runs_the_board(qtbot: QtBot, desk: Desk) -> None:
    """A desk officer must have every booking-desk action and none of the admin ones."""
    texts = visible_texts(window_for(qtbot, desk, Role.DESK_OFFICER))
    assert {"New detainer", "Bail decision", "Notify ERO", "Close detainer",
            "New ICE contact"} <= texts
    assert "Settings" not in texts and "People" not in texts


def test_lock_then_another_person_signs_in(qtbot: QtBot, desk: Desk,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """After the lock, the next person's sign-in must change who the audit log names."""
    people = PeopleService(desk.db, desk.time, desk.zone)
    admin = people.first_administrator("admin", "Admin", "secret12-secret12")
    people.add("kim", "Sgt. M. Kim", Role.SUPERVISOR, "secret12-secret12", admin)
    window = window_for(qtbot, desk, Role.DESK_OFFICER, people)
    seen: list[bool] = []

    def sign_in(dialog: SignInDialog) -> int:
        seen.append(window.tabs.isVisible())
        qtbot.keyClicks(dialog.username_edit, "kim")
        qtbot.keyClicks(dialog.password_edit, "secret12-secret12")
        dialog.show()
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    window.show()
    window.lock()
    assert seen == [False]  # the board was hidden while nobody was signed in
    assert window.actor == Actor("Sgt. M. Kim", Role.SUPERVISOR)
    assert window.tabs.isVisible()
    assert window.history.actor == window.actor


def test_reports_and_audit_tabs_follow_the_role(qtbot: QtBot, desk: Desk) -> None:
    """The reports are restricted (Pittsfield §E): a desk officer must not see them."""
    officer = window_for(qtbot, desk, Role.DESK_OFFICER)
    analyst = window_for(qtbot, desk, Role.ANALYST)
    sergeant = window_for(qtbot, desk, Role.SUPERVISOR)

    def visible(window: MainWindow) -> set[str]:
        tabs = window.tabs
        return {tabs.tabText(i).replace("&", "") for i in range(tabs.count())
                if tabs.isTabVisible(i)}

    # The intake queue is on every board: decisions are refused to those who may not log.
    assert visible(officer) == {"Board", "History", "Intake"}
    assert visible(analyst) == {"Board", "History", "Intake", "Reports", "ICE contacts"}
    assert visible(sergeant) == {"Board", "History", "Intake", "Reports", "ICE contacts",
                                 "Audit"}


def test_saved_report_is_queued_for_the_records_folder(qtbot: QtBot, desk: Desk,
                                                      tmp_path) -> None:
    """A report an analyst saves must also reach the records folder by itself."""
    from desk_app.records.sync import RecordsSync

    folder = tmp_path / "records"
    folder.mkdir()
    desk.apply_settings({"records_folder": str(folder)}, Actor("admin", Role.ADMINISTRATOR))
    window = window_for(qtbot, desk, Role.ANALYST)
    saved = tmp_path / "q3-2026.pdf"
    saved.write_bytes(b"%PDF-1.4 report")
    window.reports.exported.emit(saved)
    RecordsSync(desk, folder).run_once()
    assert (folder / "q3-2026.pdf").read_bytes() == b"%PDF-1.4 report"


@pytest.mark.parametrize("profile_id", ["trust-act", "ma-welcoming-ordinance"])
def test_ero_notice_is_not_offered_where_the_law_forbids_it(
        qtbot: QtBot, tmp_path, clock, profile_id: str) -> None:
    """Trust Act §2(d) and Ordinance §2(e) forbid telling ICE of a release: no Ctrl+E."""
    from desk_app.store.desk import open_desk

    desk = open_desk(f"sqlite:///{tmp_path / 'local.sqlite3'}", clock, profile_id)
    texts = visible_texts(window_for(qtbot, desk, Role.SUPERVISOR))
    assert "Bail decision" in texts
    assert "Notify ERO" not in texts
    desk.db.close()


def test_settings_profile_picker_says_what_lunn_overrides(qtbot: QtBot, desk: Desk) -> None:
    """Choosing Policy 413 must not read as permission to hold on a detainer alone."""
    from desk_app.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(desk, Actor("Lt. A. Okafor", Role.ADMINISTRATOR))
    qtbot.addWidget(dialog)
    dialog.profile.setCurrentIndex(dialog.profile.findData("pittsfield-413"))
    text = dialog.profile_rule.text()
    assert text.startswith("Holding on a detainer alone: NOT permitted.")
    assert "Policy 413 §IV.A.2 is superseded by Lunn v. Commonwealth (2017)" in text
    dialog.profile.setCurrentIndex(dialog.profile.findData("trust-act"))
    assert "Policy 413" not in dialog.profile_rule.text()
    assert "Lunn v. Commonwealth" in dialog.profile_rule.text()
