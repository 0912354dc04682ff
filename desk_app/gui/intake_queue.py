"""The department's intake queue on every board: each faxed document waiting for a decision.

Each station's fax folder (the `intake_folders` setting, 'Station = folder' per line) is
watched with the desk's `FaxInbox`; a settled new file is copied into the database at
once (`IntakeService.take_in`). The queue is read again when it changes: here, through
the desk's intake feed; at another workstation, through the change notices every board
hears (`LiveUpdates.intake_changed`, wired by `hear`), so a fax taken in at any
station is on every board of the department within seconds, without every board
reading the table on a timer. Between changes, the waiting times and the late alert
are brought up to date every `TICK_MS` from what was read. The form on a fax is read
once, off the GUI thread, by the workstation that took it in, and kept with the item
(`IntakeService.save_reading`): every other board shows that reading (restored with
`reading_from_json`, its form page drawn again for the crops) instead of reading the
fax again; a board that finds no reading kept (the reading workstation closed, or is
still reading) reads the fax itself, once at a time. A read that matches a logged
detainer is offered as a re-fax. An item leaves only by a decision: logged (the New
detainer form opens filled with what was read), attached to a detainer, filed as an ICE
contact, or dismissed with a reason. An item waiting longer than 15 minutes raises the
alert line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError, InvalidFieldsError
from desk_app.domain.instants import format_local
from desk_app.domain.intake import IntakeEntry, station_folders
from desk_app.gui.background import run_in_background
from desk_app.gui.fax_inbox import FaxInbox
from desk_app.gui.input_limits import ask_line
from desk_app.gui.intake_preview import PagePreview
from desk_app.gui.scan_picker import load_scan
from desk_app.gui.signed_in import ActsForSignedIn, SignedIn, signed_in_source
from desk_app.records.fax_pages import fax_copy
from desk_app.records.form_reader import FaxReading, read_fax
from desk_app.records.scan_check import ScanRefusedError
from desk_app.records.stored_reading import (
    StoredReadingError,
    kept_form,
    kept_reading,
    stored_json,
)
from desk_app.store.desk import Desk
from desk_app.store.field_limits import text_limit

log = logging.getLogger(__name__)

TICK_MS = 20000  # the waiting times and the alert, from the entries already read
COLUMNS = ("Station", "Arrived", "Waiting", "File", "Read as")


def read_copy(file_name: str, content: bytes) -> FaxReading:
    """Read the stored copy of a fax (off the GUI thread): written to a private
    temporary folder under its own name, read, and removed."""
    with fax_copy(file_name, content) as path:
        return read_fax(path)


class IntakePanel(QWidget, ActsForSignedIn):
    """The queue view: its table, the alert line, and the four decisions.

    `count_changed(n)` after each look at the queue (the board's badge);
    `alert_changed(text)` when the late items change (empty: none late);
    `arrived(entry)` once for each item that reached the queue after the first look;
    `waited_too_long(entry)` once for each item past the alert time (the tray)."""

    count_changed = Signal(int)
    alert_changed = Signal(str)
    arrived = Signal(object)
    waited_too_long = Signal(object)

    def __init__(self, desk: Desk, actor: Actor | SignedIn, parent: QWidget | None = None,
                 now: Callable[[], datetime] | None = None,
                 reader: Callable[[str, bytes], FaxReading] = read_copy) -> None:
        super().__init__(parent)
        self.desk = desk
        self.signed_in = signed_in_source(actor)
        self.queue = desk.intake
        self.now = now or desk.time.now
        self.reader = reader
        self.readings: dict[int, FaxReading] = {}  # read or restored on this board
        self._reading: set[int] = set()  # items being read or restored just now
        self._unreadable: dict[int, str] = {}  # items whose fax could not be read here
        self._kept_forms: dict[int, str] = {}  # the form a kept reading names (kept once)
        self.entries: list[IntakeEntry] = []
        self.inboxes: list[FaxInbox] = []
        self._alert = ""
        self._failed_read = False
        self._selected_id: int | None = None  # kept across the table's rebuilds
        self._seen: set[int] | None = None  # the items looked at so far (None: no look yet)
        self._told_late: set[int] = set()
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self._refresh_due = False
        feed = desk.ctx.intake_feed
        feed.subscribe(self._queue_changed)
        self.destroyed.connect(lambda _obj=None, f=feed, listener=self._queue_changed:
                               f.unsubscribe(listener))
        self.watch()
        self.refresh()

    def _build(self) -> None:
        self.alert_label = QLabel()
        self.alert_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.alert_label.hide()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.detail = QLabel("Select a fax to see what was read off it.")
        self.detail.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.log_button = QPushButton("&Log as detainer…")
        self.log_button.clicked.connect(self.log_selected)
        self.matches = QComboBox()
        self.matches.setMinimumContentsLength(30)
        self.attach_button = QPushButton("&Attach to it")
        self.attach_button.clicked.connect(lambda: self.attach_selected())
        self.file_button = QPushButton("&File as ICE contact…")
        self.file_button.clicked.connect(lambda: self.file_selected())
        self.dismiss_button = QPushButton("&Dismiss…")
        self.dismiss_button.clicked.connect(lambda: self.dismiss_selected())
        buttons = QHBoxLayout()
        for widget in (self.log_button, self.matches, self.attach_button, self.file_button,
                       self.dismiss_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.alert_label)
        self.preview = PagePreview(self.queue)  # the selected fax's pages
        beside = QHBoxLayout()
        beside.addWidget(self.table, 3)
        beside.addWidget(self.preview, 2)
        layout.addLayout(beside, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._enable(None)

    # --- the folders ---------------------------------------------------------------

    def watch(self) -> None:
        """Watch every station's folder from the settings (again after they change)."""
        for inbox in self.inboxes:
            inbox.watch("")
            inbox.deleteLater()
        self.inboxes = []
        for station, folder in station_folders(self.desk.settings.intake_folders):
            inbox = FaxInbox(self)
            inbox.fax_arrived.connect(lambda path, s=station: self.take_in(s, path))
            inbox.fax_refused.connect(lambda path, why, s=station: self.message.setText(
                f"A file in the {s} fax folder was not taken in: {why}"))
            inbox.watch(folder)
            self.inboxes.append(inbox)

    def take_in(self, station: str, path: Path) -> IntakeEntry | None:
        """Copy a new fax into the queue, then read it in the background."""
        try:
            scan = load_scan(path)
            entry = self.queue.take_in(station, str(path), scan.file_name, scan.media_type,
                                       scan.content, self.actor)
        except (ScanRefusedError, DeskError) as exc:
            self.message.setText(f"{path.name} was not taken in: {exc}")
            return None
        self.refresh()
        self.read(entry.id)
        return entry

    # --- reading -------------------------------------------------------------------

    def read(self, item_id: int) -> None:
        """Get the item's reading off the GUI thread: the one kept with it (read at
        another board), else the fax read here and kept for the others. Once at a time
        for an item: asking again while it is being read changes nothing."""
        if item_id in self._reading:
            return
        entry = self.queue.entry(item_id)  # a reading kept since the queue was last read
        content = self.queue.content(item_id)
        self._reading.add(item_id)
        self._say(item_id, f"Reading {entry.file_name}…" if not entry.reading else
                  f"{entry.file_name}: opening what was read off it…")
        reader, kept = self.reader, entry.reading

        def work() -> tuple[FaxReading, bool]:
            if kept:
                try:
                    return kept_reading(entry.file_name, content, kept), False
                except StoredReadingError as exc:
                    log.warning("kept reading of intake item %s not used: %s", item_id, exc)
            return reader(entry.file_name, content), True

        run_in_background(work, lambda done: self._read_done(item_id, *done),
                          lambda why: self._read_failed(item_id, entry.file_name, why),
                          owner=self)

    def _say(self, item_id: int, text: str) -> None:
        """Show `text` about an item if it is the one selected."""
        if self._selected_id == item_id:
            self.detail.setText(text)

    def _read_done(self, item_id: int, reading: FaxReading, read_here: bool) -> None:
        self._reading.discard(item_id)
        self.readings[item_id] = reading
        if read_here:
            try:
                self.queue.save_reading(item_id, stored_json(reading), self.actor)
            except DeskError as exc:
                log.warning("reading of intake item %s not kept: %s", item_id, exc)
        self.refresh()
        self._show_selected()

    def _read_failed(self, item_id: int, file_name: str, why: str) -> None:
        self._reading.discard(item_id)
        self._unreadable[item_id] = (f"{file_name} could not be read: {why}. Open it and "
                                     "type the form.")
        self._say(item_id, self._unreadable[item_id])

    # --- the table -----------------------------------------------------------------

    def announce_in(self, tray: QSystemTrayIcon | None) -> QObject:
        """Have `tray` announce each new fax and each late one, once each."""
        from desk_app.gui.intake_tray import IntakeAnnouncer

        return IntakeAnnouncer(self, tray)

    def hear(self, *changes: SignalInstance) -> None:
        """Read the queue again whenever one of `changes` (another workstation's notice
        that the queue changed, a reconnection) is emitted."""
        for signal in changes:
            signal.connect(self._queue_changed)

    def _queue_changed(self, *_ignored: object) -> None:
        """The queue changed (here or elsewhere): read it once, after the event that
        said so (several changes at once are one read)."""
        if not self._refresh_due:
            self._refresh_due = True
            QTimer.singleShot(0, self, self.refresh)  # dropped if the panel is closed

    def refresh(self) -> None:
        """Look at the queue again (the items of every station), and at what is late."""
        self._refresh_due = False
        try:
            entries = self.queue.waiting()
        except DeskError as exc:  # a server away: try at the next change or tick
            log.warning("intake queue not read: %s", exc)
            self.message.setText("The intake queue could not be read just now; it is "
                                 "looked at again in a moment.")
            self._failed_read = True
            return
        self._failed_read = False
        self.entries = entries
        self.tick()

    def tick(self) -> None:
        """Bring the waiting times, the count and the late alert up to date from the
        entries last read (the queue is read again only when it changed, or when the
        last read failed)."""
        if self._failed_read:
            self.refresh()
            return
        entries = self.entries
        now = self.now()
        selected = self._selected_id
        blocked = self.table.blockSignals(True)  # the rows are rebuilt, not chosen
        self.table.clearSelection()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            reading = self.readings.get(entry.id)
            form = reading.form if reading else self._kept_form(entry)
            minutes = int(entry.waiting_for(now).total_seconds() // 60)
            cells = (entry.station, format_local(entry.arrived_at, self.desk.zone),
                     f"{minutes} min", entry.file_name, form or "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                self.table.setItem(row, column, item)
            if entry.id == selected:
                self.table.selectRow(row)
        self.table.blockSignals(blocked)
        if selected is not None and selected not in {e.id for e in entries}:
            self._show_selected()  # decided elsewhere: nothing is selected now
        self.count_changed.emit(len(entries))
        self._announce(entries, now)
        late = [e for e in entries if e.is_late(now)]
        alert = "" if not late else (
            f"{len(late)} fax{'es have' if len(late) > 1 else ' has'} waited more than 15 "
            f"minutes for a decision (oldest: {late[0].file_name} at {late[0].station}).")
        self.alert_label.setText(alert)
        self.alert_label.setVisible(bool(alert))
        if alert != self._alert:
            self._alert = alert
            self.alert_changed.emit(alert)

    def _announce(self, entries: list[IntakeEntry], now: datetime) -> None:
        """Emit `arrived` for the items new since the last look (none at the first) and
        `waited_too_long` for the items newly past the alert time."""
        if self._seen is not None:
            for entry in entries:
                if entry.id not in self._seen:
                    self.arrived.emit(entry)
        self._seen = (self._seen or set()) | {e.id for e in entries}
        for entry in entries:
            if entry.is_late(now) and entry.id not in self._told_late:
                self._told_late.add(entry.id)
                self.waited_too_long.emit(entry)

    def _kept_form(self, entry: IntakeEntry) -> str:
        """The form named by the reading kept with an item, read out of it once: the
        first reading kept never changes, and the rows are drawn again at every tick."""
        if entry.id not in self._kept_forms and entry.reading:
            self._kept_forms[entry.id] = kept_form(entry.reading)
        return self._kept_forms.get(entry.id, "")

    def selected(self) -> IntakeEntry | None:
        """The item selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def select(self, item_id: int) -> None:
        """Select an item's row."""
        for row, entry in enumerate(self.entries):
            if entry.id == item_id:
                self.table.selectRow(row)

    def _show_selected(self) -> None:
        entry = self.selected()
        self._selected_id = entry.id if entry is not None else None
        self._enable(entry)
        self.preview.show_entry(entry)
        self.matches.clear()
        if entry is None:
            return
        reading = self.readings.get(entry.id)
        if reading is None:
            if entry.id in self._unreadable:
                self.detail.setText(self._unreadable[entry.id])
                return
            self.detail.setText(f"{entry.file_name}: reading the form…")
            self.read(entry.id)  # kept by the board that took it in, or read here
            return
        fields = {n: r.value for n, r in reading.fields.items()}
        self.detail.setText(f"{entry.file_name}: {reading.form or 'form not recognised'}, "
                            f"{reading.pages} page(s); name "
                            f"{fields.get('subject_name') or '(not read)'}, A-number "
                            f"{fields.get('file_number') or '(not read)'}.")
        for match in self.queue.refax_matches(fields):
            self.matches.addItem(match.label(), match.detainer.id)
        self.attach_button.setEnabled(self.matches.count() > 0)

    def reading_of(self, entry: IntakeEntry) -> FaxReading | None:
        """The item's reading for a decision: the one read or restored here, else the
        one kept with it (restored now, its page drawn on the spot), else None (nobody
        has read it yet)."""
        reading = self.readings.get(entry.id)
        if reading is not None:
            return reading
        try:
            kept = self.queue.entry(entry.id).reading
            if kept:
                reading = kept_reading(entry.file_name, self.queue.content(entry.id), kept)
        except (DeskError, StoredReadingError) as exc:
            log.warning("kept reading of intake item %s not used: %s", entry.id, exc)
            return None
        if reading is not None:
            self.readings[entry.id] = reading
        return reading

    def _enable(self, entry: IntakeEntry | None) -> None:
        for button in (self.log_button, self.file_button, self.dismiss_button):
            button.setEnabled(entry is not None)
        self.attach_button.setEnabled(entry is not None and self.matches.count() > 0)

    # --- the decisions -------------------------------------------------------------

    def log_selected(self) -> QWidget | None:
        """Open the New detainer form filled with what was read (not modal)."""
        from desk_app.gui.read_detainer_form import ReadDetainerForm

        entry = self.selected()
        if entry is None:
            return None
        reading = self.reading_of(entry)
        if reading is None:
            self.message.setText(
                self._unreadable.get(entry.id) or f"{entry.file_name} is still being read: "
                "the form opens empty; type it, or close it and log again in a moment.")
        dialog = ReadDetainerForm(self.desk, self.actor, entry.id,
                                  reading or FaxReading(None, 0.0, 0), self,
                                  station=entry.station)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def attach_selected(self) -> None:
        """Attach the selected fax to the re-fax match chosen beside the button."""
        entry = self.selected()
        detainer_id = self.matches.currentData()
        if entry is None or detainer_id is None:
            return
        self._decide(lambda: self.queue.attach_to(entry.id, int(detainer_id), self.actor,
                                                  entry.version),
                     f"{entry.file_name} attached to {self.matches.currentText()}.")

    def file_selected(self) -> QWidget | None:
        """File the selected fax as an ICE contact (a notification request, a warrant):
        the New contact dialog opens filled with what was read (not modal); logging the
        contact files the fax with it."""
        from desk_app.gui.intake_filing import filing_dialog

        entry = self.selected()
        if entry is None:
            return None
        dialog = filing_dialog(self.desk, self.actor, self.queue, entry,
                               self.reading_of(entry), self)
        dialog.accepted.connect(lambda: self.message.setText(
            f"{entry.file_name} filed as ICE contact "
            f"{dialog.saved.id if dialog.saved else ''} in the contact log."))
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def dismiss_selected(self, reason: str | None = None) -> None:
        """Dismiss the selected fax; the reason is asked for and required."""
        entry = self.selected()
        if entry is None:
            return
        if reason is None:
            reason = self.ask("Dismiss fax", "Why is this fax not for the desk?")
            if reason is None:
                return
        self._decide(lambda: self.queue.dismiss(entry.id, reason, self.actor, entry.version),
                     f"{entry.file_name} dismissed.")

    def ask(self, title: str, question: str) -> str | None:
        """One line of text from the officer (kept as the item's reason, and stopped
        at its length), or None when cancelled."""
        return ask_line(self, title, question, text_limit("intake_items", "reason"))

    def _decide(self, decision: Callable[[], object], done: str) -> None:
        try:
            decision()
        except InvalidFieldsError as exc:
            self.message.setText("Not done: " + "; ".join(
                f"the {e.field} {e.message}" for e in exc.errors) + ".")
            return
        except DeskError as exc:
            self.message.setText(f"Not done: {exc}")
            self.refresh()
            return
        self.message.setText(done)
        self.refresh()


class IntakeBadge(QObject):
    """Keeps a tab's title showing the queue's count: 'Intake (3)'."""

    def __init__(self, panel: IntakePanel, set_title: Callable[[str], None]) -> None:
        super().__init__(panel)
        panel.count_changed.connect(
            lambda count: set_title(f"&Intake ({count})" if count else "&Intake"))
