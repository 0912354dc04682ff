"""The main window: the board and history tabs, the actions, and what they call.

This is the controller of the board: it owns the tick timer, listens to the store's
change feed, opens the dialogs, and turns every refusal into a message that says what
to do. Widgets below it only build and show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSystemTrayIcon,
    QTabWidget,
    QToolBar,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError
from desk_app.domain.municipality import MUNICIPALITY_UNSET
from desk_app.domain.permissions import Permission, allowed
from desk_app.gui.about import about_text
from desk_app.gui.alerts import AlertCenter, sound_action
from desk_app.gui.audit_view import AuditView
from desk_app.gui.background import measure_server_clock_in_background
from desk_app.gui.backup_runner import FIRST_BACKUP_CHECK_MS, BackupRunner
from desk_app.gui.board_model import BoardModel
from desk_app.gui.board_view import BoardView
from desk_app.gui.contact_log_view import ContactLogView
from desk_app.gui.demo_history import DemoHistoryFiller, show_progress_in
from desk_app.gui.desk_actions import DeskActions
from desk_app.gui.dialog_run import run_then
from desk_app.gui.fax_inbox import FaxInbox
from desk_app.gui.handoff_view import HandoffView
from desk_app.gui.history_view import HistoryView
from desk_app.gui.intake_queue import IntakeBadge, IntakePanel
from desk_app.gui.live_updates import LiveUpdates
from desk_app.gui.lock_drafts import LockDrafts
from desk_app.gui.records_sync_runner import RecordsSyncRunner
from desk_app.gui.reports_view import ReportsView
from desk_app.gui.role_view import apply_role
from desk_app.gui.scan_actions import ScanActions
from desk_app.gui.schema_watch import SchemaWatch
from desk_app.gui.sheet_actions import SheetActions
from desk_app.gui.signed_in import SignedIn
from desk_app.gui.station_view import StationChoice
from desk_app.gui.storage_watch import CHECK_SECONDS, StorageWatch
from desk_app.gui.wall_display import WallDisplay
from desk_app.gui.window_lock import lock_window
from desk_app.gui.window_menus import build_menus, tray_for
from desk_app.gui.window_status import StatusLine
from desk_app.store.alert_log import AlertLog
from desk_app.store.desk import Desk
from desk_app.store.people_service import PeopleService

log = logging.getLogger(__name__)

SERVER_DOWN = ("The database server cannot be reached; the board is read-only and keeps "
               "retrying. Nothing typed is lost.")
FILE_DOWN = ("The database file cannot be opened; the board is read-only and keeps "
             "retrying. Nothing typed is lost.")  # SQLite: no server, the file


class MainWindow(QMainWindow):
    """The booking desk's window; every action reachable from the keyboard."""

    locked_done = Signal()  # someone signed in again after a lock

    # Built by window_menus.build_menus.
    new_action: QAction
    detainer_actions: list[QAction]
    file_actions: list[QAction]
    wall_action: QAction
    toolbar: QToolBar
    export_action: QAction
    import_action: QAction
    contact_action: QAction
    settings_action: QAction
    people_action: QAction
    lock_action: QAction
    password_action: QAction
    gated: dict[QAction, Permission]

    def __init__(self, desk: Desk, actor: Actor, people: PeopleService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        # Who is signed in: the one source every view and action below acts for.
        self.signed_in = SignedIn(actor, self)
        self.people = people
        self.stations = StationChoice(desk.station, self)  # its station, or the department
        self.model = BoardModel(desk.profile, desk.clock, desk.thresholds, desk.time.now(),
                                self)
        self.board = BoardView(self.model, desk.clock)
        self.history = HistoryView(desk, self.signed_in)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.board, "&Board")
        self.tabs.addTab(self.history, "&History")
        # The department's faxes (docs/intake.md).
        self.intake = IntakePanel(desk, self.signed_in, self)
        self.tabs.addTab(self.intake, "&Intake")
        IntakeBadge(self.intake, lambda title: self.tabs.setTabText(
            self.tabs.indexOf(self.intake), title))
        self.intake.alert_changed.connect(  # a fax has waited too long: the banner says so
            lambda text: self.board.show_banner(text) if text else None)
        self.handoff: HandoffView | None = None
        if people is not None:  # signing a handoff needs people who sign in
            # Built when its tab is first opened: the handoff preview takes longer to
            # make than the whole board, and start-up has a budget of 2 s.
            self.handoff = HandoffView(desk, self.signed_in, load=False)
            self.tabs.addTab(self.handoff, "Hand&off")
        self.reports = ReportsView(desk, actor=self.signed_in)
        self.tabs.addTab(self.reports, "Re&ports")
        self.contact_log = ContactLogView(desk, self.signed_in)
        self.tabs.addTab(self.contact_log, "ICE &contacts")
        self.audit = AuditView(desk, self.signed_in)
        self.tabs.addTab(self.audit, "A&udit")
        self.gated_tabs: dict[QWidget, Permission] = {
            self.audit: Permission.VIEW_AUDIT, self.reports: Permission.VIEW_REPORTS,
            self.contact_log: Permission.VIEW_CONTACT_LOG}
        self.setCentralWidget(self.tabs)
        measure_server_clock_in_background(desk, self._clock_measured)
        self.tray = tray_for(self)
        self.intake.announce_in(self.tray)  # new and late faxes
        self.alert_sound = sound_action(self)
        self.alerts = AlertCenter(self.model, self._audit_alert, self.tray, self,
                                  acknowledge_record=self._audit_acknowledged,
                                  sound_on=self.alert_sound.isChecked)
        self.alerts.shown.connect(self.board.show_alert)
        self.alerts.cleared.connect(self.board.clear_alert)
        self.board.dismiss.clicked.disconnect()
        self.board.dismiss.clicked.connect(self.alerts.acknowledge)
        self.alert_log = AlertLog(desk.ctx)
        self.scans = ScanActions(desk, self.signed_in, self)
        self.acts = DeskActions(self)
        self.sheets = SheetActions(desk, self.signed_in, self)
        self.records_sync = RecordsSyncRunner(desk, self)
        self.reports.exported.connect(self.records_sync.queue_report)  # to the records folder
        self.records_sync.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.live = LiveUpdates(desk.db, self)
        self.storage = StorageWatch(desk.db, self)  # an SQLite file that cannot be written
        self.schema_watch = SchemaWatch(desk.db, self)
        self.fax_inbox = FaxInbox(self)
        self.fax_inbox.watch(desk.settings.fax_inbox)
        self.waiting_faxes: list[Path] = []
        self.sync_action = QAction("S&ync records folder now", self)
        self.sync_action.triggered.connect(self.records_sync.run_now)
        self.read_only = False  # True while nothing can be saved (server, file)
        self._read_only_why: dict[str, str] = {}  # why, by source, while read-only
        self._read_only_banner = ""  # the banner that says so
        self.backups = BackupRunner(desk, self)
        self.status_line = StatusLine(self.statusBar())
        line = self.status_line
        self.signed_in_label, self.live_label, self.sync_label = (
            line.signed_in, line.live, line.sync)
        self.backup_label, self.pending_label, self.clock_label = (
            line.backup, line.pending, line.clock)
        self.clock_warning = line.clock_warning
        self.records_sync.status.connect(self.sync_label.setText)
        self.backups.status.connect(line.show_backup_age)
        self.wall: WallDisplay | None = None
        self.drafts = LockDrafts()
        self.locking = False  # True while the lock's sign-in is on screen
        build_menus(self)
        self._connect()
        self.reload()  # and apply_role
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        QTimer.singleShot(0, self.records_sync.run_now)
        QTimer.singleShot(FIRST_BACKUP_CHECK_MS, self.backups.check)
        if desk.settings_notices:  # stored settings the board could not use
            self.board.show_banner(" ".join(desk.settings_notices))

    # -- set-up ---------------------------------------------------------------------
    def _connect(self) -> None:
        self.desk.ctx.feed.subscribe(self.on_detainer_changed)
        self.stations.changed.connect(self.reload)
        self.board.table.selectionModel().currentRowChanged.connect(self._show_selected)
        self.board.proxy.layoutChanged.connect(self._show_selected)
        self.board.detail.checklist.done_requested.connect(self.acts.step_done)
        self.board.detail.checklist.not_applicable_requested.connect(
            self.acts.step_not_applicable)
        self.fax_inbox.fax_arrived.connect(self.offer_fax)
        self.fax_inbox.fax_refused.connect(
            lambda path, why: self.board.show_banner(f"A file in the fax inbox was not "
                                                     f"offered: {why}"))
        # Changes made at the other workstations (PostgreSQL), within seconds.
        self.live.detainer_changed.connect(self.on_detainer_changed)
        self.live.resync_needed.connect(self.reload)
        self.intake.hear(self.live.intake_changed, self.live.resync_needed)
        self.live.status_changed.connect(self.live_label.setText)
        self.live.lost.connect(lambda: self.set_read_only(True))
        self.live.connected.connect(lambda: self.set_read_only(False))
        self.storage.unwritable.connect(lambda why: self.set_read_only(
            True, f"{why} The board is read-only until it can save again (checked every "
                  f"{CHECK_SECONDS} s). Nothing typed is lost.", "file"))
        self.storage.writable.connect(lambda: self.set_read_only(False, source="file"))
        self.board.fax_button.clicked.connect(self.log_waiting_fax)
        self.tabs.currentChanged.connect(self._show_selected)
        self.history.table.selectionModel().currentRowChanged.connect(self._show_selected)
        self.history.offer_file_actions(self.file_actions)
        self.history.table.doubleClicked.connect(
            lambda _index: self.on_selected(self.scans.print_record))
        self.schema_watch.outdated.connect(self.stop_saving)

    # -- refresh --------------------------------------------------------------------
    def reload(self) -> None:
        """Load the board from the store (at start-up and when the view changes between
        the station and the department; changes come one by one)."""
        self.model.set_rows(self.desk.detainers.active(self.stations.shown),
                            self.desk.time.now())
        self.board.show_station_column(self.stations.department and bool(self.desk.stations))
        self.setWindowTitle(f"Detainer Desk — {self.desk.municipality or MUNICIPALITY_UNSET}"
                            f" — {self.stations.words()} — ACTIVE ICE DETAINERS")
        self.apply_role()  # the status bar says the view too
        self.board.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.board.update_empty_hint()
        self._update_status()
        if self.model.rowCount():
            self.board.table.selectRow(0)

    def tick(self) -> None:
        """Once a second: advance the countdowns and the status-bar clock."""
        self.model.tick(self.desk.time.now())
        self.alerts.flush()
        self._update_status()
        selected = self.board.selected_id()
        if selected is not None and self.tabs.currentWidget() is self.board:
            self._refresh_detail_status(selected)

    def on_detainer_changed(self, detainer_id: int) -> None:
        """A change was committed (here or at another workstation): refresh that row,
        the detail panel and the handoff."""
        snapshot = self.desk.detainers.get(detainer_id)
        if self.stations.keeps(snapshot):
            self.model.upsert(snapshot)
        else:  # another station's, and this board shows its own
            self.model.drop(detainer_id)
        if self.handoff is not None and self.sender() is self.live:
            self.handoff.on_detainer_changed(detainer_id)
        self.board.update_empty_hint()
        self._show_selected()

    def _clock_measured(self, _offset_or_failure: object) -> None:
        self._update_status()  # the clock warning as measured now (or as it was)

    def _update_status(self) -> None:
        # The clock warning's offset is measured every few minutes (server_time.py).
        self.status_line.show_now(self.desk.time.now(), self.desk.zone, self.model.rowCount(),
                                  self.desk.clock_warning())

    def stop_saving(self, message: str) -> None:
        """Another workstation upgraded the database: say so, and offer no more changes."""
        self.board.show_banner(message)
        for action in (*self.gated, *self.detainer_actions, self.settings_action,
                       self.people_action):
            action.setEnabled(False)
        box = QMessageBox(QMessageBox.Icon.Warning, "Detainer Desk must be upgraded",
                          message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("upgradeNeeded")
        box.open()  # not exec(): the board keeps counting down behind it

    def apply_role(self) -> None:
        """Show only what the signed-in person's role may use (role_view.py; the
        services refuse too), and the selected detainer's checklist as it allows."""
        apply_role(self)
        self.status_line.show_signed_in(f"Signed in: {self.actor.name} ({self.actor.role}) · "
                                        f"{self.stations.words()} · "
                                        f"Policy: {self.desk.profile.title}")
        self._show_selected()

    def set_read_only(self, read_only: bool, why: str = "", source: str = "server") -> None:
        """While the database server cannot be reached, or the SQLite file cannot be
        written (`source` "file", `why` says how), nothing can be saved: the actions
        that change anything are greyed out until every source is well again. Open
        dialogs keep what was typed."""
        if read_only:
            self._read_only_why[source] = why or (
                FILE_DOWN if self.desk.db.engine.dialect.name == "sqlite" else SERVER_DOWN)
        else:
            self._read_only_why.pop(source, None)
        self.read_only = bool(self._read_only_why)
        for action in (self.new_action, *self.detainer_actions, self.import_action,
                       self.contact_action, self.settings_action, self.people_action):
            action.setEnabled(not self.read_only)
        shown = self.board.banner.text()
        if self.read_only:
            self.board.show_banner(" ".join(self._read_only_why.values()))
        elif shown and shown == self._read_only_banner:
            self.board.hide_banner()
        self._read_only_banner = self.board.banner.text() if self.read_only else ""

    @property
    def actor(self) -> Actor:
        """Who is signed in at this workstation."""
        return self.signed_in.person

    def set_actor(self, actor: Actor) -> None:
        """A different person signed in (a shift change after the lock): every view
        acts for them from now on (they read `signed_in`), and the window shows what
        their role may use."""
        self.signed_in.sign_in(actor)
        self.apply_role()

    def _show_selected(self) -> None:
        detainer_id = self.board.selected_id()
        on_history = self.tabs.currentWidget() is self.history
        for action in self.detainer_actions:
            if action in self.file_actions:  # they follow the tab in front
                action.setEnabled(self.selected_detainer_id() is not None)
            else:  # custody steps are recorded on the board's active detainers
                action.setEnabled(detainer_id is not None and not on_history)
        if detainer_id is None:
            self.board.detail.show_detainer(None, None)
            return
        position = self.model.row_of(detainer_id)
        if position is None:
            return
        row = self.model.board_row(position)
        self.board.detail.show_detainer(row.detainer, row.assessment)

    def _refresh_detail_status(self, detainer_id: int) -> None:
        position = self.model.row_of(detainer_id)
        if position is not None:
            self.board.detail.refresh_status(self.model, position)

    # -- actions --------------------------------------------------------------------
    def selected_detainer_id(self) -> int | None:
        """The detainer selected on the tab in front: History's own selection there, so
        a closed detainer prints itself and never the board's row."""
        if self.tabs.currentWidget() is self.history:
            return self.history.selected_id()
        return self.board.selected_id()

    def on_selected(self, run: Callable[[int], None]) -> None:
        """Run a file action (scan, print) on the detainer selected on the tab in front."""
        detainer_id = self.selected_detainer_id()
        if detainer_id is None:
            where = "in the History results" if self.tabs.currentWidget() is self.history \
                else "on the board"
            self.statusBar().showMessage(f"Select a detainer {where} first.", 5000)
            return
        try:
            run(detainer_id)
        except DeskError as exc:
            QMessageBox.warning(self, "Detainer Desk", str(exc))

    def offer_fax(self, path: Path) -> None:
        """A new file in the fax inbox: offer to log it, and say so in the tray."""
        if not allowed(self.actor.role, Permission.LOG_DETAINER):
            return
        self.waiting_faxes.append(path)
        self.board.show_waiting_faxes(self.waiting_faxes)
        if self.tray is not None:
            self.tray.showMessage("Detainer Desk", f"New fax: {path.name}",
                                  QSystemTrayIcon.MessageIcon.Information, 10000)

    def log_waiting_fax(self) -> None:
        """Open the form with the oldest waiting fax already attached."""
        if self.waiting_faxes:
            path = self.waiting_faxes.pop(0)
            self.board.show_waiting_faxes(self.waiting_faxes)
            self.acts.new_detainer(path)

    def edit_settings(self) -> None:
        """Change the department's settings; thresholds apply at the next tick."""
        from desk_app.gui.settings_dialog import SettingsDialog

        run_then(SettingsDialog(self.desk, self.actor, self), lambda _: self._settings_saved())

    def _settings_saved(self) -> None:
        """New settings apply at once: thresholds, the folders watched, the sync."""
        self.model.set_thresholds(self.desk.thresholds)
        self.fax_inbox.watch(self.desk.settings.fax_inbox)
        self.intake.watch()
        self.model.tick(self.desk.time.now())
        self.alerts.flush()
        self.records_sync.run_now()

    def new_contact(self) -> None:
        """Log an ICE contact (Pittsfield §IV.E.3); the log tab shows it if allowed."""
        from desk_app.gui.contact_dialog import ContactDialog

        def saved(dialog: ContactDialog) -> None:
            if dialog.saved is not None:
                self.contact_log.reload()
                self.contact_log.select(dialog.saved.id)

        run_then(ContactDialog(self.desk, self.actor, self.contact_log.service, self), saved)

    def edit_people(self) -> None:
        """The administrator's list of people: add, reset, disable, change role."""
        from desk_app.gui.people_dialog import PeopleDialog

        if self.people is not None:
            PeopleDialog(self.people, self.actor, self.desk.zone, self).exec()

    def show_about(self) -> None:
        """The version, the licence, the policy and the database in use."""
        QMessageBox.about(self, "About Detainer Desk", about_text(self.desk))

    def follow_demo_history(self, filler: DemoHistoryFiller) -> None:
        """Show the demo detainers as they are made, the history's progress, and search
        the history again when it is done."""
        filler.detainer_changed.connect(self.on_detainer_changed)
        filler.board_ready.connect(self.reload)  # columns fitted, first row selected
        show_progress_in(self.statusBar(), filler, self.history.run_search)

    def lock(self, why: str | None = None) -> None:
        """Hide the board, grey out the menus and toolbar, close every dialog until
        someone signs in (idle, Ctrl+L, or leaving the wall); window_lock.py."""
        lock_window(self, why)

    def _audit_alert(self, detainer_id: int, state: str) -> None:
        self.desk.custody.record_alert(detainer_id, state, self.actor)

    def _audit_acknowledged(self, detainer_id: int, state: str) -> None:
        self.alert_log.acknowledged(detainer_id, state, self.actor)

    def focus_search(self) -> None:
        """Ctrl+F: the board's search field, its text selected."""
        self.tabs.setCurrentWidget(self.board)
        self.board.search.setFocus()
        self.board.search.selectAll()

    def show_wall(self) -> None:
        """F11: the read-only wall display over this window, which hides the board."""
        if self.wall is not None:
            return
        self.tabs.hide()
        self.wall = WallDisplay(self.desk, self, station=self.stations.shown)
        self.wall.leave_requested.connect(self.leave_wall)
        self.wall.show_on_screen()
        self.wall.start()

    def leave_wall(self) -> None:
        """F11 or Escape on the wall: back to the board, after a sign-in."""
        if self.wall is None:
            return
        self.wall.stop()
        self.wall.hide()
        self.wall.deleteLater()
        self.wall = None
        if self.people is None:  # nobody signs in (tests, start-up check)
            self.tabs.show()
            return
        self.lock("The wall display is closed. Sign in to use the board")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Start listening for other workstations' changes once the board is up."""
        super().showEvent(event)
        self.live.start()
        self.storage.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Stop the tick and the listener before the window goes."""
        self.timer.stop()
        self.live.stop()
        self.storage.stop()
        super().closeEvent(event)
