"""The Handoff tab: the shift supervisor's one screen at shift change.

Left, every active detainer with its time left and the handoff note, and the note
editor for the selected one. Right, one tab per section (what expires or turns
overdue in the incoming shift, open steps, ERO notices owed, release-eligible people
still held, what happened this shift) and the past signed handoffs to reprint. Below,
"Sign as outgoing", "Incoming supervisor signs…" and "Print sheet…".

The view builds widgets and calls `HandoffService`; until the outgoing supervisor
signs it shows the live preview (reloaded on every detainer change and each minute),
afterwards the frozen content that was signed. PDFs are laid out off the GUI thread
and opened with `opener` (QDesktopServices.openUrl; replaced in tests).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.errors import ConflictError, DeskError
from desk_app.domain.handoff import HandoffContent, HandoffRecord, handoff_sheet_name
from desk_app.domain.instants import format_instant, format_local, isolate
from desk_app.domain.permissions import Permission, allowed
from desk_app.gui.background import run_in_background
from desk_app.gui.column_fit import fit_to_width
from desk_app.gui.contact_log_view import describe
from desk_app.gui.dialog_parts import ERROR_COLOUR, heading_label, wrapped
from desk_app.gui.handoff_model import (
    DETAINER_ID_ROLE,
    RELOAD_EVERY_MS,
    ROW_ROLE,
    SECTIONS,
    SORT_ROLE,
    Column,
    SectionModel,
    left_text,
    urgency_shade,
)
from desk_app.gui.handoff_sign_dialog import IncomingSignDialog
from desk_app.gui.input_limits import cap
from desk_app.gui.signed_in import ActsForSignedIn, SignedIn, signed_in_source
from desk_app.records.private_output import private_output_folder
from desk_app.store.desk import Desk
from desk_app.store.handoff_service import MAX_NOTE

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
ACTIVE_SHRINKABLE = (0, 2, 7)  # subject, custody, handoff note


class HandoffView(QWidget, ActsForSignedIn):
    """The shift handoff: sections, notes, both signatures, printing and reprinting.

    Attributes tests use: `service`, `content`, `record`, `active_model`,
    `active_table`, `note_edit`, `save_note_button`, `sign_out_button`,
    `sign_in_button`, `print_button`, `reprint_button`, `past_model`, `past_table`,
    `sections`, `message`, `incoming_dialog`, `opener`, `output_dir`.
    """

    def __init__(self, desk: Desk, actor: Actor | SignedIn, parent: QWidget | None = None,
                 load: bool = True) -> None:
        """`load=False` waits for the first time the view is shown (a tab at start-up)."""
        super().__init__(parent)
        self._unloaded = not load
        self.desk = desk
        self.signed_in = signed_in_source(actor)
        self.signed_in.changed.connect(self._signed_in_changed)
        self.service = desk.handoffs  # signed by the desk's people
        self.content: HandoffContent | None = None
        self.record: HandoffRecord | None = None
        self.incoming_dialog: IncomingSignDialog | None = None
        self.opener: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.output_dir = private_output_folder()  # 0700, removed at exit
        self._note_for: int | None = None
        self._note_basis = ""  # the note as loaded into the editor: what a save is based on
        self._holding = False  # True while staying on a note whose save was refused
        zone = desk.zone
        self.heading = heading_label("", self)
        self.state_label = wrapped("")
        self.active_model = SectionModel([
            Column("Subject", lambda r: isolate(r.subject_name)),
            Column("Detainer #", "detainer_number"), Column("Custody", "custody"),
            Column("Status", "urgency", lambda r: -r.urgency_level),
            Column("Expires", "expiry"),
            Column("Left (wall clock)", left_text, lambda r: 1e12 if r.wall_left_s is None
                   else r.wall_left_s),
            Column("Open steps", "open_steps"),
            Column("Handoff note", lambda r: self._note_text(r.detainer_id)),
        ], zone, self, urgency_shade)
        self.active_table = self._table(self.active_model)
        self.note_label = QLabel("Select a detainer to write its handoff note.")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("What the incoming shift must know about this "
                                          "person (court, family, ICE calls…)")
        cap(self.note_edit, MAX_NOTE)
        self.save_note_button = QPushButton("Save &note")
        self.sections = QTabWidget()
        self._section_models: list[tuple[SectionModel, str, str]] = []
        for title, attribute, columns, shade in SECTIONS:
            model = SectionModel(columns, zone, self, shade)
            self._section_models.append((model, title, attribute))
            self.sections.addTab(self._table(model), title)
        self.past_model = SectionModel([
            Column("Incoming shift", lambda r: r.incoming.label(zone),
                   lambda r: r.incoming.start.timestamp()),
            Column("Outgoing", lambda r: r.outgoing.name if r.outgoing else ""),
            Column("Incoming", lambda r: r.incoming_signature.name
                   if r.incoming_signature else "not yet countersigned"),
            Column("State", "state")], zone, self)
        self.past_table = self._table(self.past_model)
        self.reprint_button = QPushButton("&Reprint selected")
        self.message = wrapped("")
        self.refresh_button = QPushButton("Re&fresh")
        self.print_button = QPushButton("&Print sheet…")
        self.sign_out_button = QPushButton("Sign as &outgoing")
        self.sign_in_button = QPushButton("&Incoming supervisor signs…")
        self._layout()
        self._connect()
        if load:
            self.reload()

    # --- building ------------------------------------------------------------------------

    def _table(self, model: SectionModel) -> QTableView:
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        table = QTableView()
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.setWordWrap(False)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        return table

    def _layout(self) -> None:
        """Top: the board with the note editor beside it; below: the other sections."""
        note = QWidget()
        note_box = QVBoxLayout(note)
        note_box.setContentsMargins(0, 0, 0, 0)
        self.note_label.setWordWrap(True)
        note_box.addWidget(self.note_label)
        note_box.addWidget(self.note_edit, 1)
        note_box.addWidget(self.save_note_button, 0, Qt.AlignmentFlag.AlignRight)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.active_table)
        top.addWidget(note)
        top.setStretchFactor(0, 4)  # the table's eight columns whole at 1366x768
        top.setStretchFactor(1, 1)
        past = QWidget()
        past_box = QVBoxLayout(past)
        past_box.addWidget(self.past_table, 1)
        past_box.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignRight)
        self.sections.addTab(past, "Past handoffs")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.sections)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.refresh_button, self.print_button, self.sign_out_button,
                       self.sign_in_button):
            buttons.addWidget(button)
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading)
        outer.addWidget(self.state_label)
        outer.addWidget(splitter, 1)
        outer.addLayout(buttons)

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.reload)
        self.save_note_button.clicked.connect(lambda: self.save_note())
        self.sign_out_button.clicked.connect(self.sign_outgoing)
        self.sign_in_button.clicked.connect(self.open_incoming_dialog)
        self.print_button.clicked.connect(self.print_sheet)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.active_table.selectionModel().currentRowChanged.connect(self._selected)
        self.past_table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.note_edit.textChanged.connect(self._enable)
        me = weakref.ref(self)

        def changed(detainer_id: int) -> None:
            view = me()
            if view is not None:
                view.on_detainer_changed(detainer_id)

        self.desk.ctx.feed.subscribe(changed)
        self.timer = QTimer(self)
        self.timer.setInterval(RELOAD_EVERY_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    # --- showing -------------------------------------------------------------------------

    def _signed_in_changed(self, _actor: Actor) -> None:
        """Someone else signed in at this workstation (after a lock): what they may sign."""
        self._enable()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Load the handoff the first time it is shown, if it was built without it."""
        if self._unloaded:
            self._unloaded = False
            self.reload()
        super().showEvent(event)

    def on_detainer_changed(self, _detainer_id: int = 0) -> None:
        """A detainer changed, here or at another workstation: redo the draft soon.

        The desk's own change feed calls this; connect the main window's live updates
        from other workstations to it as well. A signed handoff stays as signed."""
        if self._unloaded:
            return  # loaded fresh when first shown
        if self._is_draft():
            QTimer.singleShot(0, self, self.reload)  # after the change's own refreshes

    def reload(self) -> None:
        """Show the handoff at hand: the signed content, or the live preview."""
        keep = self._selected_detainer()
        try:
            self.record = self.service.current()
            signed = self.record.content if self.record is not None else None
            self.content = signed if signed is not None else self.service.preview()
            past = self.service.history()
        except DeskError as error:
            self.show_message(describe(error), error=True)
            return
        content, zone = self.content, self.desk.zone
        assert content is not None
        self.heading.setText(f"Handoff to the incoming shift {content.incoming.label(zone)}")
        self.state_label.setText(self._state_words())
        self.active_model.set_rows(content.active)
        for i, (model, title, attribute) in enumerate(self._section_models):
            values = getattr(content, attribute)
            model.set_rows(values)
            self.sections.setTabText(i, f"{title} ({len(values)})")
        self.past_model.set_rows(past)
        self.sections.setTabText(len(self._section_models), f"Past handoffs ({len(past)})")
        for table in [self.active_table, self.past_table,
                      *(self.sections.widget(i) for i in range(len(self._section_models)))]:
            if isinstance(table, QTableView):
                table.resizeColumnsToContents()
        # The subject, custody and note give up room so no column hides at 1366x768.
        fit_to_width(self.active_table, ACTIVE_SHRINKABLE)
        self._select(keep)
        self._enable()

    def _state_words(self) -> str:
        record, zone = self.record, self.desk.zone
        ending = self.content.ending.label(zone) if self.content else ""
        if record is None or record.outgoing is None:
            return (f"Draft, not signed · ending shift {ending} · shown as of "
                    f"{format_local(self.desk.time.now(), zone)}; it is frozen when the "
                    "outgoing supervisor signs.")
        words = (f"Signed by {record.outgoing.name} (outgoing) at "
                 f"{format_instant(record.outgoing.at, zone)}")
        if record.incoming_signature is None:
            return words + " · waiting for the incoming supervisor to sign."
        return words + (f" and by {record.incoming_signature.name} (incoming) at "
                        f"{format_instant(record.incoming_signature.at, zone)}.")

    def _note_text(self, detainer_id: int) -> str:
        if self.record is not None and self.record.content is None:
            return next((n.text for n in self.record.notes if n.detainer_id == detainer_id),
                        "")
        return self.content.note_for(detainer_id) if self.content else ""

    def _selected_detainer(self) -> int | None:
        index = self.active_table.currentIndex()
        return index.data(DETAINER_ID_ROLE) if index.isValid() else None

    def _select(self, detainer_id: int | None) -> None:
        proxy = self.active_table.model()
        for row in range(proxy.rowCount()):
            if proxy.index(row, 0).data(DETAINER_ID_ROLE) == detainer_id:
                self.active_table.selectRow(row)
                return
        self._selected()

    def _selected(self, *_args: object) -> None:
        """Load the note of the newly selected detainer (saving an edited one first; if
        that save is refused, the selection stays on it, with the text)."""
        if self._holding:
            return
        if self._note_for is not None and self.note_edit.document().isModified() \
                and not self.save_note(self._note_for, reload=False):
            self._holding = True
            try:
                self._select(self._note_for)
            finally:
                self._holding = False
            return
        detainer_id = self._selected_detainer()
        self._note_for = detainer_id
        row = self.active_table.currentIndex().data(ROW_ROLE)
        locked = "" if self._may_write_notes() else (
            " (read only: a supervisor writes the notes)" if self._is_draft()
            else " (signed, read only)")
        self.note_label.setText(f"Handoff note for {row.detainer_number} "
                                f"{isolate(row.subject_name)}{locked}:" if row else
                                "Select a detainer to see its handoff note.")
        self._note_basis = self._note_text(detainer_id) if detainer_id else ""
        self.note_edit.setPlainText(self._note_basis)
        self.note_edit.document().setModified(False)
        self.active_model.refresh()
        self._enable()

    def _is_draft(self) -> bool:
        return self.record is None or self.record.outgoing is None

    def _may_write_notes(self) -> bool:
        return allowed(self.actor.role, Permission.SIGN_HANDOFF) and self._is_draft()

    def _enable(self) -> None:
        may_sign = allowed(self.actor.role, Permission.SIGN_HANDOFF)
        draft = self._is_draft()
        awaiting = not draft and self.record is not None and \
            self.record.incoming_signature is None
        editable = self._may_write_notes() and self._note_for is not None
        self.note_edit.setReadOnly(not editable)
        self.save_note_button.setEnabled(editable and self.note_edit.document().isModified())
        self.sign_out_button.setEnabled(may_sign and draft)
        self.sign_out_button.setToolTip("" if may_sign else
                                        "Only a supervisor may sign the shift handoff.")
        self.sign_in_button.setEnabled(awaiting)
        may_print = allowed(self.actor.role, Permission.PRINT_HANDOFF)
        self.print_button.setEnabled(may_print)
        self.reprint_button.setEnabled(may_print and self.past_table.currentIndex().isValid())
        for button in (self.print_button, self.reprint_button):
            button.setToolTip("" if may_print else
                              "Only a supervisor may print the handoff sheet.")

    def show_message(self, text: str, error: bool = False) -> None:
        """One line under the tables: what happened, or what to do about a refusal."""
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.message.setText(text)

    def _tick(self) -> None:
        if self.record is None or self.record.outgoing is None \
                or self.record.incoming_signature is not None:
            self.reload()  # a signed shift change gives way to the next one in time

    # --- acting --------------------------------------------------------------------------

    def save_note(self, detainer_id: int | None = None, reload: bool = True) -> bool:
        """Store the note being edited (for the selected detainer) in the draft; False
        if refused (the text stays; after someone else's newer note, the next save is
        based on theirs, which the refusal quoted)."""
        target = detainer_id if detainer_id is not None else self._note_for
        if target is None:
            return False
        try:
            self.record = self.service.set_note(target, self.note_edit.toPlainText(),
                                                self.actor, based_on=self._note_basis)
        except DeskError as error:
            self.show_message(describe(error), error=True)
            if isinstance(error, ConflictError):
                self._note_basis = self._stored_note(target)
            return False
        self._note_basis = self.note_edit.toPlainText().strip()
        self.note_edit.document().setModified(False)
        self.show_message("Note saved in the draft handoff.")
        if reload:
            self.reload()
        return True

    def _stored_note(self, detainer_id: int) -> str:
        """The note on `detainer_id` as stored now (the basis kept if unreadable)."""
        try:
            record = self.service.current()
        except DeskError:
            return self._note_basis
        return next((n.text for n in record.notes if n.detainer_id == detainer_id),
                    "") if record else ""

    def sign_outgoing(self) -> None:
        """Confirm, then sign as the outgoing supervisor (the content is frozen)."""
        if self._note_for is not None and self.note_edit.document().isModified() \
                and not self.save_note():
            return  # the refusal is shown; sign once the note is saved
        incoming = self.content.incoming.label(self.desk.zone) if self.content else ""
        answer = QMessageBox.question(
            self, "Sign the handoff",
            f"Sign the handoff to the {incoming} shift as {self.actor.name}?\n\nWhat is "
            "shown is recomputed and frozen now; notes can no longer be changed.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.record = self.service.sign_outgoing(self.actor)
        except DeskError as error:
            self.show_message(describe(error), error=True)
            return
        self.show_message("Signed as outgoing supervisor. The incoming supervisor signs "
                          "next.")
        self.reload()

    def open_incoming_dialog(self) -> IncomingSignDialog | None:
        """Open the incoming supervisor's sign-in (window-modal, not blocking)."""
        if self.record is None or self.record.outgoing is None:
            return None
        dialog = IncomingSignDialog(self.service, self.record.id, self)
        dialog.accepted.connect(self._countersigned)
        self.incoming_dialog = dialog
        dialog.open()
        return dialog

    def _countersigned(self) -> None:
        dialog = self.incoming_dialog
        who = dialog.record.incoming_signature.name \
            if dialog and dialog.record and dialog.record.incoming_signature else ""
        self.show_message(f"Handoff signed by both supervisors; {who} has the shift.")
        self.reload()

    def print_sheet(self) -> None:
        """Lay out the handoff at hand (signed, or as a draft) and open it."""
        if self.content is None:
            return
        self._print(self.content, self.record if self.record and self.record.content
                    else None)

    def reprint_selected(self) -> None:
        """Print the past handoff selected in the list exactly as it was signed."""
        index = self.past_table.currentIndex()
        record = index.data(ROW_ROLE) if index.isValid() else None
        if isinstance(record, HandoffRecord) and record.content is not None:
            self._print(record.content, record)

    def _print(self, content: HandoffContent, record: HandoffRecord | None) -> None:
        name = handoff_sheet_name(content.incoming.start, self.desk.zone)
        if record is None:
            name = name.replace("handoff-", "handoff-DRAFT-")
        target = self.output_dir / name
        printed = self.desk.reports.heading(self.actor.name).printed()
        try:  # the draft is checked and audited like the signed sheet
            self.service.record_print(self.actor, content, record)
        except DeskError as error:
            self.show_message(describe(error), error=True)
            return

        def work() -> Path:
            # reportlab is loaded by the first print, not when the board starts.
            from desk_app.records.atomic_file import write_replacing
            from desk_app.records.handoff_sheet import write_handoff_sheet

            self.output_dir.mkdir(parents=True, exist_ok=True)
            write_replacing(target, lambda temporary: write_handoff_sheet(
                temporary, content, printed, record))
            return target

        self.show_message("Preparing the handoff sheet…")
        run_in_background(work, self._opened, lambda message: self.show_message(
            f"The handoff sheet could not be printed: {message}", error=True))

    def _opened(self, path: Path) -> None:
        if self.opener(QUrl.fromLocalFile(str(path))):
            self.show_message(f"Handoff sheet opened: {path.name}")
        else:
            self.show_message(f"The handoff sheet is saved at {path}; open it from there.")
