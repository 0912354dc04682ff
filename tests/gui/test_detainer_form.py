"""The "New detainer" dialog: typed like a desk officer would, checked in the database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDateTimeEdit,
    QFileDialog,
    QMessageBox,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.errors import FieldError, InvalidFieldsError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.gui.form_fields import parse_date_of_birth
from desk_app.resources import resource_path
from desk_app.store.desk import Desk, open_desk

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)  # Wed 25 Nov 2026, 14:00 in Pittsfield
OFFICER = Actor("Off. Desk", Role.DESK_OFFICER)
LEFT = Qt.MouseButton.LeftButton


class Answers:
    """Stands in for QMessageBox.question: records each question, gives a set answer."""

    def __init__(self) -> None:
        self.answer = QMessageBox.StandardButton.Yes
        self.asked: list[str] = []

    def __call__(self, _parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
        self.asked.append(title)
        return self.answer


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """No real modal box ever opens (closing a typed-in dialog would otherwise block)."""
    stand_in = Answers()
    monkeypatch.setattr(QMessageBox, "question", stand_in)
    return stand_in


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    """A fresh SQLite desk whose clock stands still at NOW."""
    return open_desk(f"sqlite:///{tmp_path / 't.sqlite3'}", FixedTime(NOW))


@pytest.fixture
def dialog(qtbot: QtBot, desk: Desk) -> Iterator[DetainerFormDialog]:
    """The dialog, shown as the board shows it."""
    dlg = DetainerFormDialog(desk, OFFICER)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    yield dlg


def type_required(qtbot: QtBot, dlg: DetainerFormDialog, number: str = "D-2026-0412") -> None:
    """Fill the three starred fields the way an officer types them."""
    qtbot.keyClicks(dlg.detainer_number, number)
    qtbot.keyClicks(dlg.subject_name, "Nguyen Van Anh")
    qtbot.keyClicks(dlg.case_number, "26-1187-AR")


def leave(qtbot: QtBot, dlg: DetainerFormDialog, field: QWidget) -> None:
    """The officer reaches `field` and tabs on past it."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert not field.hasFocus()


def problem(dlg: DetainerFormDialog, field: str) -> str:
    """What stops the form on `field` now, whether or not it is marked yet."""
    return " ".join(e.message for e in dlg.errors() if e.field == field)


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The officer picks `path` in the file dialog."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_args, **_kw: (str(path), "Scanned detainer"))


def test_typed_detainer_is_logged_with_its_values_and_receipt_time(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk) -> None:
    """An officer types the fax in, clicks Log detainer, and the board has it as typed."""
    qtbot.keyClicks(dialog.detainer_number, "D-2026-0412")
    qtbot.keyClicks(dialog.subject_name, "Nguy")
    dialog.subject_name.insert("ễn Văn Anh")  # as a keyboard input method commits it
    qtbot.keyClicks(dialog.case_number, "26-1187-AR")
    qtbot.keyClicks(dialog.subject_id, "SUB-77")
    qtbot.keyClicks(dialog.date_of_birth, "04/17/1988")
    qtbot.keyClicks(dialog.citizenship, "Viet Nam")
    qtbot.keyClicks(dialog.issuing_office, "ERO Boston")
    qtbot.keyClicks(dialog.offenses, "OUI liquor")
    qtbot.keyClick(dialog.offenses, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.offenses, "Resisting arrest")
    dialog.ground_biometric_match.click()
    dialog.resident.click()
    assert dialog.save_button.isEnabled()

    qtbot.mouseClick(dialog.save_button, LEFT)

    assert dialog.result() == DetainerFormDialog.DialogCode.Accepted
    [logged] = desk.detainers.active()
    assert dialog.saved is not None and dialog.saved.id == logged.id
    assert (logged.detainer_number, logged.subject_name, logged.case_number) == (
        "D-2026-0412", "Nguyễn Văn Anh", "26-1187-AR")
    assert logged.subject_id == "SUB-77" and logged.citizenship == "Viet Nam"
    assert logged.date_of_birth == date(1988, 4, 17)
    assert logged.offenses == "OUI liquor\nResisting arrest"
    assert logged.form_type is FormType.I_247A
    assert logged.ground_biometric_match and logged.resident and logged.request_hold
    assert logged.reason_for_detainer == "biometric confirmation and records checks"
    assert logged.received_at == NOW
    assert logged.receipt_correction_reason == ""


def test_missing_name_keeps_save_off_and_says_so(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk) -> None:
    """An officer who skips the subject's name cannot log, and is told why beside the field."""
    qtbot.keyClicks(dialog.detainer_number, "D-1")
    qtbot.keyClicks(dialog.case_number, "26-1")

    assert not dialog.save_button.isEnabled()
    name_slot = dialog._slots["subject_name"]
    assert not name_slot.message  # not reached yet: not red, but the status line says it
    assert "Subject name is required" in dialog.status_label.text()
    leave(qtbot, dialog, dialog.subject_name)
    assert name_slot.error_label.text() == "Subject name is required"
    assert name_slot.error_label.isVisible()
    assert dialog.subject_name.property("invalid") is True
    assert dialog.subject_name.toolTip() == "Subject name is required"
    assert dialog.detainer_number.property("invalid") is False

    qtbot.keyClicks(dialog.subject_name, "Ana")
    assert dialog.save_button.isEnabled()
    assert not name_slot.error_label.text()  # its line stays, empty, so nothing moves
    assert desk.detainers.active() == []


def test_blank_form_opens_without_red_marks(dialog: DetainerFormDialog) -> None:
    """A fresh form does not shout at the officer before anything is typed."""
    assert not dialog.save_button.isEnabled()
    assert all(not slot.message for slot in dialog._slots.values())
    assert "*" in dialog.status_label.text()


def test_duplicate_detainer_number_is_marked_and_typing_kept(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk) -> None:
    """Logging a fax twice is refused on the number; nothing typed is lost."""
    desk.detainers.log(DetainerForm(detainer_number="D-7", form_type=FormType.I_247A,
                                    case_number="26-9", subject_name="First Person",
                                    received_at=NOW), OFFICER)
    type_required(qtbot, dialog, number="D-7")

    qtbot.mouseClick(dialog.save_button, LEFT)

    assert dialog.isVisible() and dialog.saved is None
    assert dialog.detainer_number.property("invalid") is True
    assert "already logged" in dialog._slots["detainer_number"].message
    assert not dialog.save_button.isEnabled()
    assert (dialog.detainer_number.text(), dialog.subject_name.text(),
            dialog.case_number.text()) == ("D-7", "Nguyen Van Anh", "26-1187-AR")
    assert len(desk.detainers.active()) == 1

    qtbot.keyClicks(dialog.detainer_number, "B")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert {d.detainer_number for d in desk.detainers.active()} == {"D-7", "D-7B"}


def test_corrected_receipt_time_needs_a_reason(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk) -> None:
    """Moving the receipt time back is refused until the officer says why."""
    type_required(qtbot, dialog)
    assert not dialog.receipt_correction_reason.isEnabled()
    dialog.received_at.setFocus()
    dialog.received_at.setCurrentSection(QDateTimeEdit.Section.HourSection)
    qtbot.keyClick(dialog.received_at, Qt.Key.Key_Down)  # 14:00 -> 13:00

    assert not dialog.save_button.isEnabled()
    assert problem(dialog, "receipt_correction_reason") == (
        "Say why the receipt time is being corrected")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert desk.detainers.active() == []

    qtbot.keyClicks(dialog.receipt_correction_reason, "fax sat in the tray during booking")
    qtbot.mouseClick(dialog.save_button, LEFT)
    [logged] = desk.detainers.active()
    assert logged.received_at == datetime(2026, 11, 25, 18, tzinfo=UTC)
    assert logged.receipt_correction_reason == "fax sat in the tray during booking"


def test_corrected_receipt_time_is_read_in_the_department_zone(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk) -> None:
    """A summer time typed at a Massachusetts desk is stored as EDT, not the PC's zone."""
    type_required(qtbot, dialog)
    dialog.received_at.set_local(datetime(2026, 7, 4, 10, 30))
    qtbot.keyClicks(dialog.receipt_correction_reason, "entered late from the paper log")
    dialog.receipt_confirmed.setChecked(True)  # more than 30 days ago
    qtbot.mouseClick(dialog.save_button, LEFT)
    [logged] = desk.detainers.active()
    assert logged.received_at == datetime(2026, 7, 4, 14, 30, tzinfo=UTC)


def test_receipt_more_than_30_days_old_needs_the_box_ticked(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk) -> None:
    """A year typed as 1926 would log a detainer that is expired at once."""
    type_required(qtbot, dialog)
    dialog.received_at.set_local(datetime(1926, 11, 25, 13, 0))
    qtbot.keyClicks(dialog.receipt_correction_reason, "from the paper log")
    assert not dialog.save_button.isEnabled() or dialog.errors()
    assert "more than 30 days ago" in problem(dialog, "received_at")
    dialog.receipt_confirmed.setChecked(True)
    assert not [e for e in dialog.errors() if e.field == "received_at"]


def test_receipt_time_in_the_future_is_refused(
        qtbot: QtBot, dialog: DetainerFormDialog) -> None:
    """A fax cannot arrive after now; the officer is told to enter when it came."""
    type_required(qtbot, dialog)
    dialog.received_at.set_local(datetime(2026, 11, 25, 16, 0))
    qtbot.keyClicks(dialog.receipt_correction_reason, "typo")
    assert not dialog.save_button.isEnabled()
    assert "later than this workstation's clock" in problem(dialog, "received_at")
    dialog.receipt_confirmed.setChecked(True)  # the workstation's clock is behind
    assert not [e for e in dialog.errors() if e.field == "received_at"]
    dialog.received_at.set_local(datetime(2026, 11, 27, 16, 0))  # two days ahead: a typo
    assert "in the future" in problem(dialog, "received_at")


def one_page_pdf() -> bytes:
    """A real one-page PDF, as a scanner writes one."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_scan_is_attached_with_its_checksum(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The faxed PDF chosen on the form is stored with the detainer, provably unchanged."""
    scan = tmp_path / "detainer-scan.pdf"
    scan.write_bytes(one_page_pdf())
    choose_file(monkeypatch, scan)
    type_required(qtbot, dialog)

    qtbot.mouseClick(dialog.scan_picker.attach_button, LEFT)
    assert "detainer-scan.pdf" in dialog.scan_picker.file_label.text()
    qtbot.mouseClick(dialog.save_button, LEFT)

    [logged] = desk.detainers.active()
    [stored] = logged.attachments
    assert (stored.file_name, stored.media_type) == ("detainer-scan.pdf", "application/pdf")
    assert stored.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert dialog.saved is not None and dialog.saved.attachments == logged.attachments


def test_scan_the_store_refuses_still_leaves_the_detainer_logged(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """If the scan cannot be stored, the officer is told; the detainer is not lost."""
    from PIL import Image

    scan = tmp_path / "scan.png"
    Image.new("1", (200, 100)).save(scan)  # a whole PNG, which the form accepts
    choose_file(monkeypatch, scan)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text, *_a: warnings.append(text))

    def refuse(*_args: object) -> None:
        raise InvalidFieldsError([FieldError("attachment", "is larger than 25 MB")])

    monkeypatch.setattr(desk.detainers, "attach", refuse)
    type_required(qtbot, dialog)
    qtbot.mouseClick(dialog.scan_picker.attach_button, LEFT)
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert dialog.result() == DetainerFormDialog.DialogCode.Accepted
    [logged] = desk.detainers.active()
    assert dialog.saved is not None and dialog.saved.id == logged.id
    assert len(warnings) == 1 and "was logged" in warnings[0]
    assert "The scan is larger than 25 MB" in warnings[0]


def test_file_renamed_to_pdf_is_refused_and_form_kept(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A Word file renamed .pdf is not stored as the scan; what was typed stays."""
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"PK\x03\x04 this is really a .docx")
    choose_file(monkeypatch, fake)
    type_required(qtbot, dialog)

    qtbot.mouseClick(dialog.scan_picker.attach_button, LEFT)

    message = dialog.scan_picker.error_label.text()
    assert "scan.pdf was not attached" in message and "not one" in message
    assert dialog.scan_picker.error_label.isVisible()
    assert dialog.scan_picker.scan is None
    assert dialog.subject_name.text() == "Nguyen Van Anh"
    qtbot.mouseClick(dialog.save_button, LEFT)
    [logged] = desk.detainers.active()
    assert logged.attachments == ()


def test_scan_over_25_mb_is_refused(
        qtbot: QtBot, dialog: DetainerFormDialog, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A huge scan is refused with a plain reason instead of choking the database."""
    big = tmp_path / "huge.tiff"
    with big.open("wb") as file:
        file.write(b"II*\x00")
        file.truncate(25 * 1024 * 1024 + 1)
    choose_file(monkeypatch, big)
    qtbot.mouseClick(dialog.scan_picker.attach_button, LEFT)
    assert "larger than 25 MB" in dialog.scan_picker.error_label.text()
    assert dialog.scan_picker.scan is None


def test_notification_request_does_not_ask_for_a_hold(
        dialog: DetainerFormDialog) -> None:
    """Choosing a notification request unticks "Hold up to 48 hours" by itself."""
    assert dialog.request_hold.isChecked()
    dialog.form_type.setCurrentIndex(dialog.form_type.findData(FormType.NOTIFICATION_REQUEST))
    assert not dialog.request_hold.isChecked()
    assert dialog.request_notify.isChecked() and dialog.request_serve_copy.isChecked()
    dialog.form_type.setCurrentIndex(dialog.form_type.findData(FormType.I_247A))
    assert dialog.request_hold.isChecked()


def test_escape_asks_before_throwing_away_typing(
        qtbot: QtBot, dialog: DetainerFormDialog, answers: Answers) -> None:
    """Escape on a half-typed detainer asks first; answering No keeps the form open."""
    qtbot.keyClicks(dialog.subject_name, "Ana")
    answers.answer = QMessageBox.StandardButton.No
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == ["Discard this detainer?"]
    assert dialog.isVisible() and dialog.subject_name.text() == "Ana"

    answers.answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == DetainerFormDialog.DialogCode.Rejected


def test_escape_on_a_blank_form_just_closes(
        qtbot: QtBot, dialog: DetainerFormDialog, answers: Answers) -> None:
    """Opening the form by mistake and pressing Escape does not nag."""
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == []
    assert not dialog.isVisible()


def test_ctrl_s_logs_the_detainer(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk) -> None:
    """The keyboard shortcut logs without reaching for the mouse."""
    type_required(qtbot, dialog)
    qtbot.keyClick(dialog.case_number, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(desk.detainers.active()) == 1


def test_enter_in_a_field_logs_the_detainer(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk) -> None:
    """Enter after the last field logs, as "Log detainer" is the default button."""
    type_required(qtbot, dialog)
    qtbot.keyClick(dialog.case_number, Qt.Key.Key_Return)
    assert len(desk.detainers.active()) == 1


def test_tab_walks_the_paper_form_in_order(
        qtbot: QtBot, dialog: DetainerFormDialog) -> None:
    """Tab goes form -> subject -> office -> boxes -> booking -> receipt, as on paper.

    The correction reason and "Log detainer" are skipped while they are switched off.
    """
    dialog.activateWindow()
    dialog.form_type.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    expected = [dialog.form_type, dialog.detainer_number, dialog.subject_id,
                dialog.event_number, dialog.file_number, dialog.subject_name,
                dialog.date_of_birth, dialog.citizenship, dialog.sex, dialog.issuing_office,
                dialog.issuing_officer, dialog.issuing_phone, dialog.ground_final_order,
                dialog.ground_pending_proceedings, dialog.ground_biometric_match,
                dialog.ground_statements, dialog.box2_transferred, dialog.request_notify,
                dialog.request_hold, dialog.request_serve_copy, dialog.case_number,
                dialog.booking_number, dialog.arrest_location, dialog.offenses,
                dialog.resident, dialog.criminal_history, dialog.reason_for_detainer,
                dialog.station, dialog.received_at, dialog.scan_picker.attach_button,
                dialog.cancel_button]
    owners = [w if w in expected else w.parentWidget() for w in seen]
    assert owners == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("", None), ("04/17/1988", date(1988, 4, 17)), ("4/7/1988", date(1988, 4, 7)),
    ("1988-04-17", date(1988, 4, 17))])
def test_date_of_birth_is_read_as_typed_on_the_fax(typed: str, expected: date | None) -> None:
    """The birth date is read whether typed as on the fax (MM/DD/YYYY) or as ISO."""
    assert parse_date_of_birth(typed) == expected


def test_impossible_date_of_birth_is_marked(
        qtbot: QtBot, dialog: DetainerFormDialog) -> None:
    """A birth date typed day-first (17/04/1988) is caught, not stored as a wrong day."""
    type_required(qtbot, dialog)
    qtbot.keyClicks(dialog.date_of_birth, "17/04/1988")
    assert not dialog.save_button.isEnabled()
    leave(qtbot, dialog, dialog.date_of_birth)
    assert "not a real date" in dialog._slots["date_of_birth"].message


def test_form_fits_a_1366_by_768_screen(
        qtbot: QtBot, dialog: DetainerFormDialog, tmp_path: Path) -> None:
    """With the desk's big fonts the whole blank form shows at once on a small laptop."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(resource_path("style", "desk.qss").read_text(encoding="utf-8"))
    try:
        dialog.resize(QSize(1346, 690))
        qtbot.wait(50)
        scroll = dialog.findChild(QScrollArea)
        assert not scroll.verticalScrollBar().isVisible()
        assert not scroll.horizontalScrollBar().isVisible()
        assert dialog.grab().save(str(tmp_path / "form.png"))
    finally:
        app.setStyleSheet(before)


def test_receipt_time_typed_from_the_first_key_and_tab_moves_on(
        qtbot: QtBot, dialog: DetainerFormDialog, desk: Desk) -> None:
    """Typing "1120" into the receipt time sets 11:20 today (not only the selected part),
    says so beside the field, and Tab goes on to the reason for the correction."""
    type_required(qtbot, dialog)
    dialog.received_at.setFocus()
    qtbot.keyClicks(dialog.received_at, "1120")
    assert dialog.received_at.text() == "Wed 25 Nov 2026 11:20"
    assert dialog.receipt_hint.text() == "“1120” → Wed 25 Nov 2026 11:20"
    qtbot.keyClick(dialog.received_at, Qt.Key.Key_Tab)
    assert dialog.receipt_correction_reason.hasFocus()
    assert dialog.received_at.text() == "Wed 25 Nov 2026 11:20"
    qtbot.keyClicks(dialog.receipt_correction_reason, "fax found in the tray")
    qtbot.keyClicks(dialog.received_at, "11/24 2205")
    assert dialog.received_at.text() == "Tue 24 Nov 2026 22:05"
    qtbot.mouseClick(dialog.save_button, LEFT)
    [logged] = desk.detainers.active()
    assert logged.received_at == datetime(2026, 11, 25, 3, 5, tzinfo=UTC)


def test_one_keystroke_marks_nothing_and_moves_nothing(
        qtbot: QtBot, dialog: DetainerFormDialog) -> None:
    """After the first key in Detainer #, the fields not yet reached are not flagged
    red and no field moves; a field is flagged once left, and the form stays put."""
    def places() -> list[int]:
        return [slot.editor.mapTo(dialog, slot.editor.rect().topLeft()).y()
                for slot in dialog._slots.values()]

    before = places()
    status_top = dialog.status_label.mapTo(dialog, dialog.status_label.rect().topLeft())
    qtbot.keyClicks(dialog.detainer_number, "D")
    qtbot.wait(20)
    assert all(not slot.message for slot in dialog._slots.values())
    assert all(slot.editor.property("invalid") is False for slot in dialog._slots.values())
    assert places() == before
    leave(qtbot, dialog, dialog.subject_name)
    qtbot.wait(20)
    assert dialog.subject_name.property("invalid") is True
    assert dialog._slots["subject_name"].error_label.isVisible()
    assert places() == before  # its message had room kept for it
    assert dialog.status_label.mapTo(dialog, dialog.status_label.rect().topLeft()) == \
        status_top
    assert not dialog._slots["case_number"].message  # still not reached
    qtbot.keyClick(dialog.detainer_number, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog._slots["case_number"].message == "Case # is required"
