"""The Reports tab: pick a period, see the charts, save the PDF and CSV.

The desk holds the known detainers of `tests/records/test_reports.py` (third quarter of
2026); the tests compare what the charts on screen hold with the figures themselves.
"""

from __future__ import annotations

import csv
import errno
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCharts import QBarCategoryAxis, QChart, QHorizontalBarSeries, QPieSeries
from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.ordinance_figures import OrdinanceFigures
from desk_app.domain.report_figures import QuarterlyFigures
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.gui.reports_view import COL_FIGURE, COL_VALUE, ORDINANCE, QUARTERLY, ReportsView
from desk_app.store.desk import Desk, open_desk
from tests.gui.pictures import assert_picture_shows, colours_in
from tests.records.test_reports import NOW, build_known

ANALYST = Actor("Analyst J. Doe", Role.ANALYST)


@pytest.fixture
def known_desk(tmp_path: Path) -> Iterator[Desk]:
    """A Pittsfield desk on a fresh file with the known Q3 2026 detainers, clock mid-October."""
    opened = open_desk(f"sqlite:///{tmp_path / 'reports.sqlite3'}", FixedTime(NOW),
                       "pittsfield-413")
    build_known(opened)
    yield opened
    opened.db.close()


@pytest.fixture
def view(qtbot: QtBot, known_desk: Desk) -> ReportsView:
    """The Reports tab on its own, shown at a readable size."""
    widget = ReportsView(known_desk, actor=ANALYST)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


class SaveAs:
    """Stands in for QFileDialog.getSaveFileName: answers with a set path."""

    def __init__(self, answer: Path | None) -> None:
        self.answer = answer
        self.suggested: list[str] = []

    def __call__(self, _parent: object, _title: str, suggested: str,
                 _filter: str) -> tuple[str, str]:
        self.suggested.append(suggested)
        return (str(self.answer) if self.answer else "", "")


def top_down(chart: QChart) -> slice:
    """Qt lists horizontal bars bottom-up: read them top-down, as the report does."""
    return slice(None, None, -1 if isinstance(chart.series()[0], QHorizontalBarSeries) else 1)


def bar_values(chart: QChart) -> list[list[float]]:
    """The values of each bar set of a bar chart, in reading order."""
    sets = chart.series()[0].barSets()[top_down(chart)]
    return [[bar_set.at(i) for i in range(bar_set.count())][top_down(chart)]
            for bar_set in sets]


def categories(chart: QChart) -> list[str]:
    """The category labels of a bar chart, in reading order."""
    axis = next(a for a in chart.axes() if isinstance(a, QBarCategoryAxis))
    return list(axis.categories())[top_down(chart)]


def test_defaults_to_the_last_full_quarter(view: ReportsView) -> None:
    """In mid-October the analyst reports on Q3; a default of Q4 would show nothing."""
    assert (view.year.value(), view.quarter.currentText()) == (2026, "Q3")
    assert view.date_from.date() == QDate(2026, 1, 1)
    assert view.date_to.date() == QDate(2026, 6, 30)
    assert view.save_pdf_button.isEnabled()  # Save builds what the fields say


def test_quarter_charts_hold_the_figures(qtbot: QtBot, view: ReportsView,
                                         known_desk: Desk) -> None:
    """The charts on screen would show other numbers than the report that gets printed."""
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    figures = known_desk.reports.quarterly(2026, 3)
    assert isinstance(view.figures, QuarterlyFigures)
    assert view.figures == figures
    pie = view.charts["resident"].series()[0]
    assert isinstance(pie, QPieSeries)
    assert [(s.label(), s.value()) for s in pie.slices()] == \
        [(f"{label}: {n}", n) for label, n in figures.resident_chart()]
    for key, data in (("reason", figures.reason_chart()), ("arrest", figures.arrest_chart()),
                      ("month", figures.months)):
        assert categories(view.charts[key]) == [label for label, _ in data], key
        assert bar_values(view.charts[key]) == [[n for _, n in data]], key
    model = view.totals
    rows = [(model.index(r, COL_FIGURE).data(), model.index(r, COL_VALUE).data())
            for r in range(model.rowCount())]
    assert rows == list(figures.totals())
    assert "8 detainers received" in view.status.text()


def test_ordinance_charts_hold_the_figures(qtbot: QtBot, view: ReportsView,
                                           known_desk: Desk) -> None:
    """The six-monthly view would count requests differently from its PDF."""
    view.kind.setCurrentIndex(view.kind.findData(ORDINANCE))
    view.date_from.setDate(QDate(2026, 7, 1))
    view.date_to.setDate(QDate(2026, 9, 30))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    figures = known_desk.reports.ordinance(date(2026, 7, 1), date(2026, 9, 30))
    assert isinstance(view.figures, OrdinanceFigures)
    assert view.figures == figures
    assert bar_values(view.charts["kinds"]) == [[5, 3, 2]]  # with the contact-log requests
    labels, series = figures.reason_matrix()
    assert categories(view.charts["reasons"]) == list(labels)
    assert bar_values(view.charts["reasons"]) == [list(values) for _, values in series]
    reasons = view.charts["reasons"]
    assert [s.label() for s in reasons.series()[0].barSets()[top_down(reasons)]] == \
        ["ICE holds", "Administrative warrants", "Notification requests"]
    assert sum(v.isVisible() for v in view.chart_views) == 2


def test_save_pdf_writes_the_shown_quarter_and_announces_it(
        qtbot: QtBot, view: ReportsView, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The analyst's PDF would not reach the records folder, or be of another quarter."""
    dialog = SaveAs(tmp_path / "out" / "q3")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.exported, timeout=5000) as signal:
        qtbot.mouseClick(view.save_pdf_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "out" / "q3.pdf"
    assert signal.args == [saved]
    assert dialog.suggested[0].endswith("quarterly-report-2026-Q3.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(saved).pages)
    assert "Q3 2026" in text and "Printed by Analyst J. Doe" in text


def test_save_after_changing_the_choice_saves_what_is_chosen(
        qtbot: QtBot, view: ReportsView, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Q3 shown, then Six-monthly picked and Save PDF… pressed without Show: the
    six-monthly report is built, named and saved, and is what the screen shows."""
    dialog = SaveAs(tmp_path / "half.pdf")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert view.status.text().startswith("Q3 2026")
    view.kind.setFocus()
    qtbot.keyClick(view.kind, Qt.Key.Key_Down)  # the quarterly is first in the list
    assert view.kind.currentData() == ORDINANCE
    view.date_from.setDate(QDate(2026, 1, 1))
    view.date_to.setDate(QDate(2026, 6, 30))
    with qtbot.waitSignal(view.exported, timeout=5000):
        qtbot.mouseClick(view.save_pdf_button, Qt.MouseButton.LeftButton)
    assert dialog.suggested == [str(Path.home() / "ordinance-report-2026-01-01-to-2026-06-30.pdf")]
    assert isinstance(view.figures, OrdinanceFigures)  # the screen shows what was saved
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "half.pdf").pages)
    assert "Q3 2026" not in text and "2026" in text
    assert "quarterly" not in dialog.suggested[0]


def test_save_without_show_saves_the_chosen_quarter(
        qtbot: QtBot, view: ReportsView, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Save CSV… straight away: the quarter in the fields, not a refusal."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(tmp_path / "q2.csv"))
    view.quarter.setCurrentIndex(1)
    assert view.save_csv_button.isEnabled()
    qtbot.mouseClick(view.save_csv_button, Qt.MouseButton.LeftButton)
    with (tmp_path / "q2.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [tuple(r) for r in csv.reader(handle)][1:]
    assert rows == view._desk.reports.quarterly(2026, 2).to_rows()
    assert view.status.text() == f"Saved {tmp_path / 'q2.csv'}"


def test_save_csv_and_cancel(qtbot: QtBot, view: ReportsView, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch, known_desk: Desk) -> None:
    """Cancelling the dialog would still emit a file; the CSV would not match the figures."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(None))
    view.show_report()
    seen: list[Path] = []
    view.exported.connect(seen.append)
    assert view.save_csv() is None and seen == []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(tmp_path / "q3.csv"))
    assert view.save_csv() == tmp_path / "q3.csv"
    assert seen == [tmp_path / "q3.csv"]
    with (tmp_path / "q3.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [tuple(r) for r in csv.reader(handle)][1:]
    assert rows == known_desk.reports.quarterly(2026, 3).to_rows()


def test_unwritable_folder_says_what_to_do(qtbot: QtBot, view: ReportsView, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A save to a read-only share would crash the tab instead of asking for another folder."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(blocker / "q3.pdf"))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, text: warned.append(text))
    view.show_report()
    assert view.save_pdf() is None
    assert warned and "Choose another folder" in warned[0]


def test_screenshot(qtbot: QtBot, view: ReportsView, tmp_path: Path) -> None:
    """The tab would render blank or with its charts squeezed out of sight."""
    view.show_report()
    qtbot.wait(50)
    view.resize(1366, 1400)  # tall enough for all four charts without scrolling
    view.show()
    qtbot.waitExposed(view)
    shown_charts = {f"chart {slot}": chart for slot, chart in enumerate(view.chart_views)
                    if chart.isVisibleTo(view)}
    assert len(shown_charts) == 4
    image = assert_picture_shows(view, {"totals": view.table, **shown_charts},
                                 tmp_path / "reports-view.png")
    for name, chart in shown_charts.items():  # slices and bars in the report's colours
        place = QRect(chart.mapTo(view, QPoint(0, 0)), chart.size())
        assert colours_in(image, place) > 10, name
    assert view.kind.currentData() == QUARTERLY


def test_failed_save_over_a_report_keeps_it_and_says_so(
        qtbot: QtBot, view: ReportsView, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk half-way through a save would leave a fragment where the report was."""
    saved = tmp_path / "Q3: 2026.pdf"
    saved.write_bytes(b"%PDF the report saved last week")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(saved))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))

    def half_then_full(path: Path, _suffix: str) -> None:
        path.write_bytes(b"%PDF half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(view, "_write", half_then_full)
    view.show_report()
    assert view.save_pdf() is None
    assert warned and "the disk is full" in warned[0]
    assert "the old Q3: 2026.pdf is intact" in warned[0]
    assert saved.read_bytes() == b"%PDF the report saved last week"
    assert [p.name for p in tmp_path.iterdir() if "2026" in p.name] == ["Q3: 2026.pdf"]


@pytest.mark.parametrize("kind", ["quarterly", "ordinance"])
def test_every_figure_label_reads_whole(qtbot: QtBot, view: ReportsView, kind: str) -> None:
    """'Held overnight / over a …' was cut at 1366x768: each label fits its column."""
    from PySide6.QtWidgets import QApplication

    from desk_app.resources import resource_path

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(resource_path("style", "desk.qss").read_text(encoding="utf-8"))
    try:
        figures_read_whole(qtbot, view, kind)
    finally:
        app.setStyleSheet(before)


def figures_read_whole(qtbot: QtBot, view: ReportsView, kind: str) -> None:
    """Show the report at 1366x768 and check every label against its column."""
    view.resize(1346, 640)
    if kind == "ordinance":
        view.kind.setCurrentIndex(view.kind.findData(ORDINANCE))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    table = view.table
    width = table.columnWidth(COL_FIGURE)
    for row in range(view.totals.rowCount()):
        index = view.totals.index(row, COL_FIGURE)
        label = str(index.data())
        lines = max(1, table.rowHeight(row) // table.fontMetrics().lineSpacing())
        # the cell keeps a margin each side of its text (the style's focus frame)
        assert table.fontMetrics().horizontalAdvance(label) + 6 <= width * lines, label
    assert table.columnWidth(COL_FIGURE) + table.columnWidth(COL_VALUE) <= \
        table.viewport().width() + 1
