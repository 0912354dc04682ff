"""The intake queue on the board: a fax read and logged from a pre-filled form, a
low-confidence field left empty, a re-fax attached, a dismissal needing a reason, the
alert after 15 minutes, and two boards seeing one queue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QLabel, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from bench.fax_forms import FaxValues
from desk_app.domain.form_reading import FieldReading, TextBox
from desk_app.domain.intake import IntakeState
from desk_app.domain.time_source import FixedTime
from desk_app.gui.contact_dialog import ContactDialog
from desk_app.gui.intake_queue import IntakePanel
from desk_app.gui.read_detainer_form import ReadDetainerForm
from desk_app.records.form_reader import FaxReading
from desk_app.store.desk import Desk
from desk_app.store.intake_service import IntakeService
from desk_app.store.models import AuditEntry
from tests.gui.conftest import OFFICER, log_detainer, read_generated_fax


@pytest.fixture(scope="module")
def fax(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FaxValues, FaxReading]:
    """One generated fine-resolution fax, and what the reader reads off it (once)."""
    return read_generated_fax(tmp_path_factory.mktemp("fax"), 7, "ice-0001.tif")


def taken_in(desk: Desk, path: Path, station: str = "District B-2") -> int:
    return IntakeService(desk).take_in(station, str(path), path.name, "image/tiff",
                                       path.read_bytes(), OFFICER).id


@pytest.fixture
def panel(qtbot: QtBot, desk: Desk, clock: FixedTime,
          fax: tuple[Path, FaxValues, FaxReading]) -> Iterator[IntakePanel]:
    view = IntakePanel(desk, OFFICER, now=clock.now, reader=lambda _name, _data: fax[2])
    qtbot.addWidget(view)
    view.timer.stop()  # the tests look at the queue when they mean to
    yield view


def test_the_form_opens_filled_and_logs_only_once_confirmed(
        qtbot: QtBot, desk: Desk, fax: tuple[Path, FaxValues, FaxReading]) -> None:
    path, values, reading = fax
    item = taken_in(desk, path)
    dialog = ReadDetainerForm(desk, OFFICER, item, reading)
    qtbot.addWidget(dialog)
    read = {n: r.value for n, r in reading.fields.items()}
    assert read["file_number"] == values.file_number  # the reader did its part
    assert dialog.file_number.text() == values.file_number
    assert dialog.subject_id.text() == values.subject_id
    assert "fff4c2" in dialog.file_number.styleSheet()  # marked until confirmed
    crop = dialog.findChild(type(dialog.read_hint), "crop_file_number")
    assert crop is not None and not crop.pixmap().isNull()
    qtbot.keyClicks(dialog.detainer_number, "D26-0412")
    qtbot.keyClicks(dialog.case_number, "26-1187-AR")
    dialog.save()
    assert dialog.saved is None
    assert "Confirm or correct the fields read from the fax" in dialog.status_label.text()
    for box in dialog.confirm_boxes.values():
        box.setChecked(True)
    assert dialog.file_number.styleSheet() == ""
    dialog.save()
    assert dialog.saved is not None
    stored = desk.ctx.snapshot(dialog.saved.id)
    assert stored.file_number == values.file_number
    assert [a.file_name for a in stored.attachments] == [path.name]
    entry = IntakeService(desk).entry(item)
    assert entry.state is IntakeState.LOGGED and entry.detainer_id == stored.id
    with desk.db.sessions() as session:
        logged = session.query(AuditEntry).filter_by(action="intake logged").one()
    assert "read from the fax and confirmed:" in logged.summary
    assert "file_number" in logged.summary.split("typed:")[0]


def test_a_low_confidence_field_is_left_empty_for_the_officer(
        qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    page = Image.new("L", (600, 300), 255)
    where = TextBox("PERV", 0.41, ((300, 100), (380, 100), (380, 130), (300, 130)))
    reading = FaxReading("I-247A", 0.95, 2, 0, {
        "citizenship": FieldReading(None, 0.41, "PERV", (where,), 0, "PERV"),
        "sex": FieldReading("F", 0.99, "F", (where,), 0, "F")}, page)
    path = tmp_path / "fax.tif"
    page.save(path)
    dialog = ReadDetainerForm(desk, OFFICER, taken_in(desk, path), reading)
    qtbot.addWidget(dialog)
    assert dialog.citizenship.text() == ""
    assert "citizenship" not in dialog.confirm_boxes and "sex" in dialog.confirm_boxes
    crop = dialog.findChild(type(dialog.read_hint), "crop_citizenship")
    assert crop is not None and not crop.pixmap().isNull()  # the officer sees the fax
    qtbot.keyClicks(dialog.citizenship, "Peru")
    assert dialog.typed_fields() == ["citizenship"]
    assert dialog.unconfirmed() == ["sex"]


def test_a_refax_is_offered_and_attached_to_its_detainer(
        qtbot: QtBot, desk: Desk, panel: IntakePanel,
        fax: tuple[Path, FaxValues, FaxReading]) -> None:
    path, values, _reading = fax
    detainer = log_detainer(desk, "D26-0042", values.subject_name)
    with desk.db.sessions() as session:  # logged earlier by hand, with its A-number
        from desk_app.store.models import Detainer
        row = session.get(Detainer, detainer)
        assert row is not None
        row.file_number = values.file_number
        session.commit()
    entry = panel.take_in("District B-2", path)
    assert entry is not None
    qtbot.waitUntil(lambda: entry.id in panel.readings, timeout=10000)
    panel.select(entry.id)
    assert panel.matches.count() == 1
    assert panel.matches.currentText().startswith("re-fax of D26-0042 (A-number")
    qtbot.mouseClick(panel.attach_button, qtbot_left())
    assert [a.file_name for a in desk.ctx.snapshot(detainer).attachments] == [path.name]
    assert panel.table.rowCount() == 0
    assert "attached to re-fax of D26-0042" in panel.message.text()


def qtbot_left() -> object:
    from PySide6.QtCore import Qt
    return Qt.MouseButton.LeftButton


def test_a_dismissal_needs_a_reason(qtbot: QtBot, desk: Desk, panel: IntakePanel,
                                    fax: tuple[Path, FaxValues, FaxReading],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    item = taken_in(desk, fax[0])
    panel.refresh()
    panel.select(item)
    monkeypatch.setattr(panel, "ask", lambda *_a: "  ")
    qtbot.mouseClick(panel.dismiss_button, qtbot_left())
    assert panel.message.text().startswith("Not done: the reason say why")
    assert panel.table.rowCount() == 1
    monkeypatch.setattr(panel, "ask", lambda *_a: "sent to the wrong department")
    panel.select(item)
    qtbot.mouseClick(panel.dismiss_button, qtbot_left())
    assert panel.table.rowCount() == 0
    entry = IntakeService(desk).entry(item)
    assert entry.state is IntakeState.DISMISSED
    assert entry.reason == "sent to the wrong department"


def test_a_fax_waiting_more_than_15_minutes_raises_the_alert(
        qtbot: QtBot, desk: Desk, panel: IntakePanel, clock: FixedTime,
        fax: tuple[Path, FaxValues, FaxReading]) -> None:
    taken_in(desk, fax[0], "District C-11")
    counts: list[int] = []
    panel.count_changed.connect(counts.append)
    clock.advance(timedelta(minutes=15))
    panel.refresh()
    assert panel.alert_label.isHidden() and counts[-1] == 1
    clock.advance(timedelta(minutes=1))
    with qtbot.waitSignal(panel.alert_changed) as alert:
        panel.refresh()
    assert "1 fax has waited more than 15 minutes" in alert.args[0]
    assert "District C-11" in panel.alert_label.text() and not panel.alert_label.isHidden()


def test_two_boards_see_one_queue(qtbot: QtBot, desk: Desk, panel: IntakePanel,
                                  clock: FixedTime,
                                  fax: tuple[Path, FaxValues, FaxReading]) -> None:
    other = IntakePanel(desk, OFFICER, now=clock.now, reader=lambda _n, _d: fax[2])
    qtbot.addWidget(other)
    other.timer.stop()
    panel.take_in("District B-2", fax[0])
    other.refresh()
    assert other.table.rowCount() == 1 and other.table.item(0, 0).text() == "District B-2"


def test_filing_a_fax_as_a_contact_logs_it_in_the_contact_log(
        qtbot: QtBot, desk: Desk, panel: IntakePanel, clock: FixedTime,
        fax: tuple[Path, FaxValues, FaxReading]) -> None:
    path, values, _reading = fax
    entry = panel.take_in("District B-2", path)
    assert entry is not None
    qtbot.waitUntil(lambda: entry.id in panel.readings, timeout=10000)
    panel.select(entry.id)
    dialog = panel.file_selected()
    assert isinstance(dialog, ContactDialog) and dialog.isVisible()
    assert dialog.subject_name.text() == values.subject_name  # filled from the fax
    assert dialog.agent_phone.text() == values.office_phone
    assert "received by fax at District B-2" in dialog.note.toPlainText()
    if not dialog.agent_name.text():
        qtbot.keyClicks(dialog.agent_name, "M. JOHNSON")
    qtbot.keyClicks(dialog.information_released, "nothing")
    dialog.nothing_else_released.setChecked(True)
    dialog.save()
    assert dialog.saved is not None
    logged = desk.contacts.entries(clock.now() - timedelta(days=1), clock.now() + timedelta(days=1))
    assert [c.id for c in logged] == [dialog.saved.id]
    assert f"{path.name} from the intake queue" in logged[0].note
    assert IntakeService(desk).entry(entry.id).state is IntakeState.FILED
    assert panel.table.rowCount() == 0
    assert f"filed as ICE contact {dialog.saved.id}" in panel.message.text()


class TrayMessages(QSystemTrayIcon):
    """A tray icon that keeps the messages it was asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def showMessage(self, _title: str, text: str, *_args: object) -> None:  # type: ignore[override]  # noqa: N802
        self.messages.append(text)


def test_the_tray_announces_a_new_fax_and_a_late_one_once_each(
        qtbot: QtBot, desk: Desk, clock: FixedTime,
        fax: tuple[Path, FaxValues, FaxReading]) -> None:
    early = taken_in(desk, fax[0], "District A-1")  # in the queue before the board opened
    panel = IntakePanel(desk, OFFICER, now=clock.now, reader=lambda _n, _d: fax[2])
    qtbot.addWidget(panel)
    panel.timer.stop()
    tray = TrayMessages()
    panel.announce_in(tray)
    panel.refresh()
    assert tray.messages == []  # not new to this board
    other = IntakeService(desk).take_in("District C-11", "/fax/c11/0002.tif", "0002.tif",
                                        "image/tiff", b"II*\x00 another fax", OFFICER)
    panel.refresh()
    panel.refresh()
    assert tray.messages == ["New fax in the intake queue: 0002.tif at District C-11."]
    clock.advance(timedelta(minutes=16))
    panel.refresh()
    panel.refresh()
    late = [m for m in tray.messages if "waited more than 15 minutes" in m]
    assert len(late) == 2 and {"District A-1", "District C-11"} == {
        m.rsplit(" at ", 1)[1].rstrip(".") for m in late}
    assert early != other.id and len(tray.messages) == 3


def test_the_selected_fax_shows_its_first_page_and_turns_to_the_next(
        qtbot: QtBot, desk: Desk, panel: IntakePanel,
        fax: tuple[Path, FaxValues, FaxReading]) -> None:
    item = taken_in(desk, fax[0])
    panel.refresh()
    preview = panel.preview
    assert preview.picture.pixmap().isNull() and not preview.larger_button.isEnabled()
    panel.select(item)
    qtbot.waitUntil(lambda: not preview.picture.pixmap().isNull(), timeout=20000)
    first = preview.picture.pixmap().toImage()
    assert first.height() == 420 and 300 < first.width() < 360  # a letter page, upright
    assert preview.page_label.text() == "page 1 of 2"
    assert not preview.previous_button.isEnabled() and preview.next_button.isEnabled()
    qtbot.mouseClick(preview.next_button, qtbot_left())
    qtbot.waitUntil(lambda: preview.page_label.text() == "page 2 of 2"
                    and not preview.picture.pixmap().isNull(), timeout=20000)
    assert preview.picture.pixmap().toImage() != first  # the notice page, not the form
    qtbot.mouseClick(preview.previous_button, qtbot_left())
    assert preview.picture.pixmap().toImage() == first  # kept: shown without drawing
    larger = preview.open_larger()
    assert larger is not None and larger.isVisible()
    label = larger.findChild(QLabel, "intakeLargePage")
    assert label is not None
    qtbot.waitUntil(lambda: label.pixmap() is not None and not label.pixmap().isNull(),
                    timeout=20000)
    assert label.pixmap().height() == 1400
    larger.close()
