"""The Reports tab: the quarterly tracking report and the six-monthly ordinance report.

The crime analyst picks a quarter (Policy 413 §E) or a range of days (ordinance §4,
Trust Act §4), presses Show to see the same charts and totals the PDF will print, then
saves the PDF or the CSV. Every number comes from `domain.report_figures` through the
report modules; this view only draws them. After a save it emits `exported(path)` so
the main window can queue the file for the records folder.

Private state:
    _desk: the desk the figures are read from.
    actor: who is signed in; every Show and Save is checked and audited as them
        (`records.restricted_output`), and the PDF footer names them.
    _shown: what the last Show displayed, as (kind, params), and `_shown_station` the
        station it was of (None: all stations); the Save buttons save exactly that
        report, whatever the pickers say since.
    _last_dir: the folder the last file was saved in, offered again next time.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.ordinance_figures import OrdinanceFigures
from desk_app.domain.permissions import NotPermittedError
from desk_app.domain.report_figures import QuarterlyFigures
from desk_app.domain.stations import ALL_STATIONS, station_label
from desk_app.gui.form_fields import date_edit
from desk_app.gui.qt_dates import py_date, qdate
from desk_app.gui.rows_model import AnyIndex, RowsModel
from desk_app.gui.signed_in import ActsForSignedIn, SignedIn, signed_in_source
from desk_app.records.atomic_file import OutputFileError, write_replacing
from desk_app.store.desk import Desk

log = logging.getLogger(__name__)

QUARTERLY, ORDINANCE = "quarterly", "ordinance"
KINDS = {QUARTERLY: "Quarterly tracking report (Policy 413 §E)",
         ORDINANCE: "Six-monthly report (ordinance §4 / Trust Act §4)"}
COL_FIGURE, COL_VALUE = range(2)
HEADERS = ("Figure", "Value")
TOTALS_MIN_WIDTH = 300  # pixels: the figures' table before a report is shown
Figures = QuarterlyFigures | OrdinanceFigures
# Where each chart goes: 0 and 1 share the top row, 2 and 3 take the full width
# (horizontal bars with long labels).
SLOTS = {"resident": 0, "month": 1, "reason": 2, "arrest": 3, "kinds": 2, "reasons": 3}
# The printed charts' colours (Okabe-Ito), so screen and paper match.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")


class TotalsModel(RowsModel):
    """The key figures of the report on screen, one (label, value) pair a row."""

    HEADERS = HEADERS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The label or value text; values right-aligned."""
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def pie_chart(title: str, data: Sequence[tuple[str, int]]) -> QChart:
    """A pie with each slice labelled with its count."""
    series = QPieSeries()
    for index, (label, n) in enumerate(data):
        piece = series.append(f"{label}: {n}", n)
        piece.setLabelVisible(n > 0)
        piece.setColor(QColor(PALETTE[index % len(PALETTE)]))
    return _chart(title, series, legend=True)


def bar_chart(title: str, categories: Sequence[str],
              sets: Sequence[tuple[str, Sequence[int]]], horizontal: bool = False) -> QChart:
    """Bars per category, one set per series.

    Qt draws horizontal bars bottom-up (categories, and the sets within each), so they
    are given to it last-first, with the legend reversed back: the chart then reads
    top-down in the report's order, as the printed chart does.
    """
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    order = slice(None, None, -1 if horizontal else 1)
    categories = list(categories)[order]
    numbered = list(enumerate(sets))[order]
    for index, (name, values) in numbered:
        bar_set = QBarSet(name)
        bar_set.append([float(v) for v in list(values)[order]])
        bar_set.setColor(QColor(PALETTE[index % len(PALETTE)]))
        bar_set.setLabelColor(QColor("#1b1f24"))
        series.append(bar_set)
    series.setBarWidth(0.8)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart = _chart(title, series, legend=len(sets) > 1)
    chart.legend().setReverseMarkers(horizontal)
    names = QBarCategoryAxis()
    names.append(categories)
    counts = QValueAxis()
    largest = max((v for _, values in sets for v in values), default=0)
    counts.setRange(0, max(largest * 1.15, 1))
    counts.setLabelFormat("%d")
    counts.applyNiceNumbers()
    left, bottom = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom
    chart.addAxis(names, left if horizontal else bottom)
    chart.addAxis(counts, bottom if horizontal else left)
    series.attachAxis(names)
    series.attachAxis(counts)
    return chart


def _height_for(chart: QChart) -> int:
    """Room for every bar of a horizontal chart to keep its label; 280 px otherwise."""
    series = chart.series()[0]
    if not isinstance(series, QHorizontalBarSeries):
        return 280
    rows = series.barSets()[0].count() if series.barSets() else 0
    return max(280, 110 + rows * (12 + 16 * len(series.barSets())))


def _chart(title: str, series: QPieSeries | QBarSeries | QHorizontalBarSeries,
           legend: bool) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.addSeries(series)
    chart.legend().setVisible(legend)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def add_captioned(row: QHBoxLayout, text: str, widget: QWidget) -> None:
    """A picker with its caption before it; the caption's shortcut letter focuses it."""
    caption = QLabel(text)
    caption.setBuddy(widget)
    row.addWidget(caption)
    row.addWidget(widget)


class ReportsView(QWidget, ActsForSignedIn):
    """Pick a report and its period, see its charts and totals, save it as PDF or CSV."""

    exported = Signal(Path)  # a saved report, for the caller to queue to the records folder

    def __init__(self, desk: Desk, actor: Actor | SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.signed_in = signed_in_source(actor)
        self._shown: tuple[str, tuple[int, int] | tuple[date, date]] | None = None
        self._shown_station: str | None = None
        self._last_dir = Path.home()
        self.figures: Figures | None = None
        self.charts: dict[str, QChart] = {}
        self.kind = QComboBox()
        for key, text in KINDS.items():
            self.kind.addItem(text, key)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.quarter = QComboBox()
        self.quarter.addItems([f"Q{q}" for q in (1, 2, 3, 4)])
        self.date_from = date_edit()
        self.date_to = date_edit()
        self.station = QComboBox()  # docs/stations.md: one station's report, or all
        self.station.setObjectName("reportStation")
        self.station.addItem(ALL_STATIONS, None)
        for name in (*desk.stations, ""):
            self.station.addItem(station_label(name), name)
        self.pickers = QStackedWidget()
        self.show_button = QPushButton("&Show")
        self.save_pdf_button = QPushButton("Save &PDF…")
        self.save_csv_button = QPushButton("Save &CSV…")
        self.status = QLabel("Pick a report and press Show.")
        self.status.setWordWrap(True)  # a long path or message never widens the window
        self.totals = TotalsModel(self)
        self.table = QTableView()
        self.table.setModel(self.totals)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            COL_FIGURE, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            COL_VALUE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumWidth(TOTALS_MIN_WIDTH)
        self.table.setWordWrap(True)
        self.chart_views = [QChartView() for _ in range(4)]
        for chart_view in self.chart_views:
            chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            chart_view.setMinimumSize(360, 280)
        self._set_defaults()
        self._layout()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.show_button.clicked.connect(self.show_report)
        self.save_pdf_button.clicked.connect(self.save_pdf)
        self.save_csv_button.clicked.connect(self.save_csv)
        self._kind_changed()

    def _set_defaults(self) -> None:
        """The last full quarter and the last full half-year, as analysts report them."""
        today = self._desk.time.now().astimezone(self._desk.zone).date()
        last_quarter_end = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - \
            timedelta(days=1)
        self.year.setValue(last_quarter_end.year)
        self.quarter.setCurrentIndex((last_quarter_end.month - 1) // 3)
        half_start = date(today.year, 1 if today.month <= 6 else 7, 1)
        prev_start = date(half_start.year - 1, 7, 1) if half_start.month == 1 else \
            date(half_start.year, 1, 1)
        self.date_from.setDate(qdate(prev_start))
        self.date_to.setDate(qdate(half_start - timedelta(days=1)))
        reports = self._desk.profile.reports
        if reports.ordinance_six_monthly and not reports.quarterly_tracking:
            self.kind.setCurrentIndex(list(KINDS).index(ORDINANCE))

    def _layout(self) -> None:
        quarter_box = QWidget()
        quarter_row = QHBoxLayout(quarter_box)
        quarter_row.setContentsMargins(0, 0, 0, 0)
        range_box = QWidget()
        range_row = QHBoxLayout(range_box)
        range_row.setContentsMargins(0, 0, 0, 0)
        for row, pairs in ((quarter_row, (("&Year:", self.year), ("&Quarter:", self.quarter))),
                           (range_row, (("&From:", self.date_from), ("&To:", self.date_to)))):
            for text, widget in pairs:
                add_captioned(row, text, widget)
            row.addStretch(1)
        self.pickers.addWidget(quarter_box)
        self.pickers.addWidget(range_box)
        bar = QHBoxLayout()
        add_captioned(bar, "&Report:", self.kind)
        bar.addWidget(self.pickers, 1)
        for button in (self.show_button, self.save_pdf_button, self.save_csv_button):
            bar.addWidget(button)
        # The station on a line of its own, with the status: long station names in the
        # bar above would hold the window wider than a 1366-pixel screen.
        station_row = QHBoxLayout()
        add_captioned(station_row, "S&tation:", self.station)
        station_row.addWidget(self.status, 1)
        charts = QWidget()
        grid = QGridLayout(charts)
        grid.addWidget(self.chart_views[0], 0, 0)
        grid.addWidget(self.chart_views[1], 0, 1)
        grid.addWidget(self.chart_views[2], 1, 0, 1, 2)  # long labels: the full width
        grid.addWidget(self.chart_views[3], 2, 0, 1, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        body = QHBoxLayout()
        body.addWidget(self.table)
        body.addWidget(scroll, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(station_row)
        layout.addLayout(body, 1)

    def _kind_changed(self) -> None:
        self.pickers.setCurrentIndex(0 if self.kind.currentData() == QUARTERLY else 1)

    def _enable_saving(self, enabled: bool) -> None:
        self.save_pdf_button.setEnabled(enabled)
        self.save_csv_button.setEnabled(enabled)

    def show_report(self) -> None:
        """Read the figures of the chosen report and draw its charts and totals."""
        # The report modules load reportlab: when a report is first asked for, not at
        # start-up, where it would delay the board.
        from desk_app.records.restricted_output import view_ordinance, view_quarterly

        chosen = self._chosen()
        if chosen is None:
            self.status.setText("The To date is before the From date; swap them.")
            return
        kind, params = chosen
        try:
            if kind == QUARTERLY:
                year, quarter = params
                assert isinstance(year, int) and isinstance(quarter, int)
                figures: Figures = view_quarterly(self._desk, year, quarter, self.actor,
                                                  self.chosen_station())
            else:
                start, end = params
                assert isinstance(start, date) and isinstance(end, date)
                figures = view_ordinance(self._desk, start, end, self.actor,
                                         self.chosen_station())
        except NotPermittedError as exc:
            self.status.setText(str(exc))
            return
        self._shown, self._shown_station = chosen, self.chosen_station()
        self.figures = figures
        self.charts = self._charts(figures)
        used = {SLOTS[key]: chart for key, chart in self.charts.items()}
        for slot, chart_view in enumerate(self.chart_views):
            chart_view.setVisible(slot in used)
            if slot in used:
                chart_view.setChart(used[slot])
                chart_view.setMinimumHeight(_height_for(used[slot]))
        self.totals.set_rows([*figures.totals(), *_station_totals(figures)])
        self._fit_totals()
        self.status.setText(self._describe(figures))
        self._enable_saving(True)

    def _chosen(self) -> tuple[str, tuple[int, int] | tuple[date, date]] | None:
        """The report and period the fields name now; None if the dates are swapped."""
        if self.kind.currentData() == QUARTERLY:
            return (QUARTERLY, (self.year.value(), self.quarter.currentIndex() + 1))
        start, end = py_date(self.date_from.date()), py_date(self.date_to.date())
        return None if end < start else (ORDINANCE, (start, end))

    def chosen_station(self) -> str | None:
        """The station the picker names ("" for no station); None for all stations."""
        station: str | None = self.station.currentData()
        return station

    def _fit_totals(self) -> None:
        """Wide enough for every figure's label and value (up to half the tab; longer
        labels wrap), so no label ends in "…"."""
        table = self.table
        table.resizeColumnsToContents()
        needed = (table.sizeHintForColumn(COL_FIGURE) + table.sizeHintForColumn(COL_VALUE)
                  + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width())
        cap = max(TOTALS_MIN_WIDTH, self.width() // 2)
        table.setMinimumWidth(max(TOTALS_MIN_WIDTH, min(needed, cap)))
        table.resizeRowsToContents()

    @staticmethod
    def _describe(figures: Figures) -> str:
        at = "" if figures.station is None else f", station {station_label(figures.station)}"
        if isinstance(figures, QuarterlyFigures):
            return (f"Q{figures.quarter} {figures.year} ({figures.period.label()}){at}: "
                    f"{figures.total} detainers received.")
        total = sum(k.total for k in figures.kinds)
        return f"{figures.period.label()}{at}: {total} ICE requests received."

    @staticmethod
    def _charts(figures: Figures) -> dict[str, QChart]:
        """The on-screen charts: the same data the PDF draws."""
        if isinstance(figures, QuarterlyFigures):
            reasons, arrests = figures.reason_chart(), figures.arrest_chart()
            return {
                "resident": pie_chart("Resident vs. non-resident", figures.resident_chart()),
                "month": bar_chart("Detainers received by month",
                                   [m for m, _ in figures.months],
                                   [("Detainers", [n for _, n in figures.months])]),
                "reason": bar_chart("Reason for detainer", [c for c, _ in reasons],
                                    [("Detainers", [n for _, n in reasons])], horizontal=True),
                "arrest": bar_chart("Reason for arrest", [c for c, _ in arrests],
                                    [("Detainers", [n for _, n in arrests])], horizontal=True),
            }
        kinds = figures.kind_chart()
        categories, series = figures.reason_matrix()
        return {
            "kinds": bar_chart("Requests lodged, by kind", [k for k, _ in kinds],
                               [("Requests", [n for _, n in kinds])], horizontal=True),
            "reasons": bar_chart("Requests lodged, by the reasons given", categories,
                                 series, horizontal=True),
        }

    def save_pdf(self) -> Path | None:
        """Ask where to save, render the shown report as PDF, and announce the file."""
        return self._save("PDF", ".pdf", "PDF files (*.pdf)")

    def save_csv(self) -> Path | None:
        """Ask where to save, write the shown report's figures as CSV, announce the file."""
        return self._save("CSV", ".csv", "CSV files (*.csv)")

    def _save(self, what: str, suffix: str, file_filter: str) -> Path | None:
        if not self._shows_chosen():
            self.show_report()  # save what the fields say, never an older report
            if not self._shows_chosen():
                return None
        chosen, _ = QFileDialog.getSaveFileName(
            self, f"Save report as {what}", str(self._last_dir / self._file_name(suffix)),
            file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_replacing(path, lambda temporary: self._write(temporary, suffix))
        except (OutputFileError, NotPermittedError) as exc:
            log.warning("could not save report to %s: %s", path, exc)
            QMessageBox.warning(self, "Save report", str(exc))
            return None
        except OSError as exc:
            log.warning("could not save report to %s: %s", path, exc)
            QMessageBox.warning(self, "Save report",
                                f"The report could not be saved to {path} "
                                f"({exc.strerror or exc}). Choose another folder.")
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self._last_dir = path.parent
        self.status.setText(f"Saved {path}")
        self.exported.emit(path)
        return path

    def _shows_chosen(self) -> bool:
        return self._shown is not None and self._shown == self._chosen() \
            and self._shown_station == self.chosen_station()

    def _file_name(self, suffix: str) -> str:
        assert self._shown is not None
        kind, params = self._shown
        station = self._shown_station
        at = "" if station is None else "-" + "-".join((station or "no-station").split())
        if kind == QUARTERLY:
            return f"quarterly-report-{params[0]}-Q{params[1]}{at}{suffix}"
        return f"ordinance-report-{params[0]}-to-{params[1]}{at}{suffix}"

    def _write(self, path: Path, suffix: str) -> None:
        from desk_app.records.restricted_output import save_ordinance, save_quarterly

        assert self._shown is not None
        kind, params = self._shown
        as_csv = suffix == ".csv"
        if kind == QUARTERLY:
            year, quarter = params
            assert isinstance(year, int) and isinstance(quarter, int)
            save_quarterly(self._desk, year, quarter, self.actor, path, as_csv,
                           self._shown_station)
            return
        start, end = params
        assert isinstance(start, date) and isinstance(end, date)
        save_ordinance(self._desk, start, end, self.actor, path, as_csv, self._shown_station)


def _station_totals(figures: Figures) -> list[tuple[str, str]]:
    """The first figure of each station's line (detainers received; ICE holds), shown
    under the totals when the report is of every station."""
    table = figures.by_station
    if table is None:
        return []
    return [(f"{line[0]}: {table.header[0].lower()}", line[1]) for line in table.lines]
