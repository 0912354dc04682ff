"""A tracking sheet from anywhere: refused cell by cell, or imported whole.

Sheets come from analysts' spreadsheets: wrong or missing headers, numbers where
dates belong, dates in other formats, 10 MB cells, formulas. The import must never
raise, must name the row and column of each problem with what is expected (in a
message of readable length), and must store nothing unless it stores everything.
Formula-like text that was imported must come out of the CSV and XLSX exports as
text, never as a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from desk_app.domain.tracking_rows import COLUMNS, FORMULA_STARTS
from desk_app.domain.vocabulary import BailDecision, FormType, Outcome, Role
from desk_app.records.tracking_import import ImportReport, import_tracking
from desk_app.records.tracking_sheet import export_tracking
from desk_app.store.desk import Desk
from tests.cli_people import add_person, signed_main
from tests.reliability.conftest import ADMIN, NOW, Dump
from tests.reliability.soak import examples
from tests.reliability.strategies import FORMULAS, SPECIAL, ZONE

MAX_REASON = 300
BIG = 10 * 1024 * 1024
_files = iter(range(10**9))

junk_cell = st.one_of(
    st.none(), st.text(max_size=30), st.sampled_from(FORMULAS + SPECIAL),
    st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.dates(), st.datetimes())
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%B %d, %Y", "%Y%m%d")
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M", "%Y-%m-%dT%H:%M:%S",
                "%d/%m/%Y %H:%M", "%c")


@st.composite
def sheet_cells(draw: st.DrawFn, xlsx: bool) -> tuple[list[object], list[list[object]]]:
    """A header and rows: half careful sheets, half with junk and other formats mixed in."""
    careful = draw(st.booleans())
    header: list[object] = list(COLUMNS if draw(st.booleans()) else COLUMNS[:12])
    for _ in range(0 if careful else draw(st.integers(0, 2))):
        position = draw(st.integers(0, len(header) - 1))
        change = draw(st.sampled_from(["drop", "upper", "junk", "twice", "blank"]))
        name = str(header[position])
        if change == "drop":
            del header[position]
        elif change == "upper":
            header[position] = f"  {name.upper()} "
        elif change == "junk":
            header.insert(position, draw(junk_cell))
        elif change == "twice":
            header.append(name)
        else:
            header[position] = None
    rows = []
    for number in range(draw(st.integers(0, 5))):
        received = draw(st.datetimes(min_value=datetime(2015, 1, 1),
                                     max_value=datetime(2026, 11, 20)))
        closed = received + timedelta(minutes=draw(st.integers(0, 6000)))
        plain = draw(st.sampled_from([0, 1] if careful else [0, 1, 2]))  # ISO, US, other
        values = {
            "Case #": f"26-{number}-AR", "Date": _day(draw, received, plain, xlsx),
            "Arrestee Name": draw(st.sampled_from(FORMULAS + SPECIAL[6:15])),
            "ICE Official": draw(st.sampled_from(FORMULAS + ("Agent K",))),
            "Arrest Location": draw(st.sampled_from(FORMULAS + ("North St",))),
            "Offense(s)": draw(st.sampled_from(FORMULAS + ("OUI",))),
            "Detainer #": f"IMP-{draw(st.integers(0, 400))}",
            "Reason for Detainer": draw(st.sampled_from(FORMULAS + ("",))),
            "Criminal History (Y/N)": draw(st.sampled_from(["Y", "N", "yes", "no", "TRUE"])),
            "Held Overnight (Y/N)": draw(st.sampled_from(["Y", "N", ""])),
            "Weekend (Y/N)": draw(st.sampled_from(["Y", "N", ""])),
            "Deported (Y/N/Unknown)": draw(st.sampled_from(["Y", "N", "Unknown", "", "u"])),
            "Form Type": draw(st.sampled_from([f.value for f in FormType])),
            "Received At": _time(draw, received, plain, xlsx),
            "Clock Start": draw(st.sampled_from(["", _time(draw, received, plain, xlsx)])),
            "Expiry": "", "Resident (Y/N)": draw(st.sampled_from(["Y", "N", ""])),
            "Bail Decision": draw(st.sampled_from([""] + [b.value for b in BailDecision])),
            "ERO Notified At": "", "Copy Served At": "",
            "Outcome": draw(st.sampled_from([o.value for o in Outcome])),
            "Closed At": _time(draw, closed, plain, xlsx),
        }
        row = [values.get(str(name).strip(), None) if isinstance(name, str) else None
               for name in header]
        for _ in range(0 if careful else draw(st.integers(0, 2))):
            if row:
                row[draw(st.integers(0, len(row) - 1))] = draw(junk_cell)
        rows.append(row)
    return header, rows


def _day(draw: st.DrawFn, instant: datetime, plain: int, xlsx: bool) -> object:
    if xlsx and draw(st.booleans()):
        return instant.date()
    return instant.strftime(DATE_FORMATS[plain] if plain < 2 else
                            draw(st.sampled_from(DATE_FORMATS)))


def _time(draw: st.DrawFn, instant: datetime, plain: int, xlsx: bool) -> object:
    if xlsx and draw(st.booleans()):
        return instant
    return instant.strftime(TIME_FORMATS[plain] if plain < 2 else
                            draw(st.sampled_from(TIME_FORMATS)))


def write_sheet(folder: Path, header: list[object], rows: list[list[object]],
                xlsx: bool) -> Path:
    """The cells as a CSV (text) or XLSX (typed cells) file."""
    path = folder / f"sheet-{next(_files)}.{'xlsx' if xlsx else 'csv'}"
    if xlsx:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for r, line in enumerate([header, *rows], start=1):
            for c, value in enumerate(line, start=1):
                cell = sheet.cell(row=r, column=c, value=_xlsx_value(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # typed text, even when it starts with "="
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["" if v is None else str(v) for v in line]
                                          for line in [header, *rows]])
    return path


def _xlsx_value(value: object) -> object:
    if isinstance(value, float) and value != value:  # NaN cannot be written
        return "nan"
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # an XLSX cannot hold control codes
    return value


def check_report(report: ImportReport, before: Dump, dump: Callable[[], Dump],
                 rows: int) -> None:
    """Problems name a row and a known column in a readable sentence; all or nothing."""
    for problem in report.errors + report.warnings:
        assert problem.row >= 1
        assert problem.column == "" or problem.column in COLUMNS, problem
        assert 10 < len(problem.reason) <= MAX_REASON, problem
    if report.errors:
        assert report.imported == 0
        assert dump() == before, "a refused sheet changed the database"
    else:
        assert report.imported + report.already_present <= rows


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
@given(data=st.data())
@examples(150, 2000)
def test_any_sheet_is_imported_whole_or_refused_cell_by_cell(
        desk: Desk, dump: Callable[[], Dump], tmp_path: Path, xlsx: bool,
        data: st.DataObject) -> None:
    """A malformed sheet would crash the import, or import half of itself."""
    header, rows = data.draw(sheet_cells(xlsx))
    path = write_sheet(tmp_path, header, rows, xlsx)
    before = dump()
    report = import_tracking(desk, path, ADMIN)
    check_report(report, before, dump, len(rows))


HEADER = list(COLUMNS[:12])


def good_row(number: int, name: str = "José Ñúñez") -> list[object]:
    """A valid row of the twelve policy columns."""
    return ["26-1-AR", "2026-11-02", name, "Agent K", "North St", "OUI",
            f"BIG-{number}", "", "N", "N", "N", "Unknown"]


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
@pytest.mark.parametrize("column", ["Arrestee Name", "Date", "Criminal History (Y/N)",
                                    "Offense(s)"])
def test_ten_megabyte_cell_is_named_not_echoed(desk: Desk, dump: Callable[[], Dump],
                                               tmp_path: Path, xlsx: bool,
                                               column: str) -> None:
    """A 10 MB cell would hang the import, or print 10 MB back as the error."""
    row = good_row(1)
    row[HEADER.index(column)] = "=" + "9" * BIG
    before = dump()
    report = import_tracking(desk, write_sheet(tmp_path, HEADER, [good_row(0), row], xlsx),
                             ADMIN)
    check_report(report, before, dump, 2)
    assert report.errors, "a 10 MB cell was imported"
    assert any(p.row == 3 and p.column == column for p in report.errors), report.errors


def formula_like(text: str) -> bool:
    """What a spreadsheet would run as a formula."""
    return text.startswith(FORMULA_STARTS)


@given(name=st.sampled_from(FORMULAS[:9]) | st.text(min_size=1, max_size=30).filter(
    lambda s: s.strip() and s == s.strip() and "\x00" not in s))
@examples(40, 400)
def test_imported_formulas_leave_only_as_text(tmp_path: Path, desk: Desk, name: str) -> None:
    """An arrestee named '=HYPERLINK(...)' would run in the analyst's spreadsheet."""
    number = next(_files)
    rows = [good_row(number, name)]
    for column in ("ICE Official", "Arrest Location", "Offense(s)"):
        rows[0][HEADER.index(column)] = name
    report = import_tracking(desk, write_sheet(tmp_path, HEADER, rows, False), ADMIN)
    if report.errors:  # e.g. a name longer than the form allows
        return
    csv_out, xlsx_out = tmp_path / f"out-{number}.csv", tmp_path / f"out-{number}.xlsx"
    export_tracking(desk.reports.tracking_sheet(), csv_out)
    export_tracking(desk.reports.tracking_sheet(), xlsx_out)
    with csv_out.open(encoding="utf-8-sig", newline="") as handle:
        for line in csv.reader(handle):
            assert not any(formula_like(cell) for cell in line), line
    book = load_workbook(xlsx_out)
    for row in book.worksheets[0].iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value}"
            if isinstance(cell.value, str) and formula_like(cell.value):
                assert cell.quotePrefix, f"{cell.coordinate} would show as a formula"
    # and a re-import of the exported sheet gives back exactly the text
    again = import_tracking(desk, csv_out, ADMIN)
    assert not again.errors, again.lines()


def test_dates_in_other_formats_say_which_format(desk: Desk, dump: Callable[[], Dump],
                                                 tmp_path: Path) -> None:
    """A European or spelled-out date would be refused without saying what is expected."""
    rows = []
    for number, day in enumerate(["25.11.2026", "November 2, 2026", "2026/11/02",
                                  "31/12/2025", "45000", "-1", "2026-13-01"]):
        row = good_row(number)
        row[1] = day
        rows.append(row)
    before = dump()
    report = import_tracking(desk, write_sheet(tmp_path, HEADER, rows, False), ADMIN)
    check_report(report, before, dump, len(rows))
    dated = [p for p in report.errors if p.column == "Date"]
    assert {p.row for p in dated} >= {2, 3, 4, 5, 8}
    assert all("2026-11-25 or 11/25/2026" in p.reason or "future" in p.reason
               for p in dated), dated


def test_wrong_headers_name_each_missing_column(desk: Desk, dump: Callable[[], Dump],
                                                tmp_path: Path) -> None:
    """A sheet with renamed columns would be imported into the wrong fields."""
    header = ["Case", "When", *HEADER[2:]]
    before = dump()
    report = import_tracking(desk, write_sheet(tmp_path, header, [good_row(1)], True),
                             ADMIN)
    check_report(report, before, dump, 1)
    assert {(p.row, p.column) for p in report.errors} == {(1, "Case #"), (1, "Date")}


def test_closed_dates_far_in_the_past_or_future(desk: Desk, dump: Callable[[], Dump],
                                                tmp_path: Path) -> None:
    """Year 1 or year 9999 in a sheet would overflow the clock and crash the import."""
    rows = []
    for number, when in enumerate(["0001-01-01 00:00", "9999-12-31 23:59",
                                   "1900-01-01 00:00"]):
        row = good_row(number) + [""] * 10
        row[COLUMNS.index("Received At")] = when
        row[1] = when[:10]
        row[COLUMNS.index("Closed At")] = when
        rows.append(row)
    before = dump()
    report = import_tracking(desk, write_sheet(tmp_path, list(COLUMNS), rows, False), ADMIN)
    check_report(report, before, dump, len(rows))


def test_now_is_the_desk_clock() -> None:
    """(The sheets above are dated against the desk's fixed clock.)"""
    assert NOW.astimezone(ZONE).date() == date(2026, 11, 25)


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
def test_year_one_with_a_clock_start_is_a_sentence_not_a_traceback(
        desk: Desk, dump: Callable[[], Dump], tmp_path: Path, xlsx: bool,
        capsys: pytest.CaptureFixture[str]) -> None:
    """0001-01-01 in Date, Received At and Clock Start used to overflow (traceback, rc 1)."""
    row = good_row(1) + [""] * 10
    row[1] = "0001-01-01"
    for column in ("Received At", "Clock Start"):
        row[COLUMNS.index(column)] = "0001-01-01 00:00"
    row[COLUMNS.index("Closed At")] = "0001-01-02 00:00"
    path = write_sheet(tmp_path, list(COLUMNS), [row], xlsx)
    before = dump()
    report = import_tracking(desk, path, ADMIN)
    check_report(report, before, dump, 1)
    assert {p.column for p in report.errors} >= {"Date", "Received At", "Clock Start"}
    assert all("0001-01-01 is not a date of a detainer" in p.reason
               for p in report.errors if p.column in ("Date", "Received At"))
    desk.db.close()
    url = desk.db.engine.url.render_as_string(hide_password=False)
    add_person(url, "analyst", Role.ANALYST, "analyst-password-1")  # keeps the sheet
    status = signed_main(["import", "tracking", str(path), "--db", url], "analyst",
                         "analyst-password-1")
    out = capsys.readouterr()
    assert status == 1 and "Traceback" not in out.err + out.out
    assert "Row 2, Date: 0001-01-01 is not a date of a detainer" in out.err
