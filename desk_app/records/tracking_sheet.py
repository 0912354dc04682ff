"""The electronic tracking sheet of Policy 413 §E, written as CSV or XLSX.

The crime analyst keeps it; the records sync drops a fresh copy in the records folder
after each change. Times are in the department's zone (naive in the cells, because a
spreadsheet has no zones). Text that a spreadsheet would run as a formula is
neutralised, since names and locations come from outside the department.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from desk_app.records.tracking_rows import (
    COLUMNS,
    CSV_DATETIME,
    FORMULA_STARTS,
    Cell,
    TrackingRow,
    tracking_row,
)
from desk_app.store.desk import Desk
from desk_app.store.models import Detainer

log = logging.getLogger(__name__)

XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
SHEET_TITLE = "ICE detainers"
MIN_WIDTH, MAX_WIDTH = 10, 60
SUPPORTED = (".csv", ".xlsx")
MAX_CSV_CELL = 64 * 1024 * 1024


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would take this text for a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Prefix an apostrophe to formula-like text so a spreadsheet shows it as text."""
    return "'" + text if is_formula_like(text) else text


def tracking_rows(desk: Desk) -> list[TrackingRow]:
    """Every detainer that is not voided, oldest first, as sheet lines."""
    now = desk.time.now()
    query = (select(Detainer).where(Detainer.voided_at.is_(None))
             .order_by(Detainer.received_at, Detainer.id))
    with desk.db.sessions() as session:
        return [tracking_row(row, desk.clock, now) for row in session.scalars(query)]


def export_tracking(desk: Desk, out: Path) -> int:
    """Write the tracking sheet to `out` (.csv or .xlsx); return the number of rows."""
    suffix = out.suffix.lower()
    if suffix not in SUPPORTED:
        raise ValueError(f"Save the tracking sheet as .csv or .xlsx, not {out.name!r}.")
    rows = tracking_rows(desk)
    if suffix == ".csv":
        write_csv(rows, out)
    else:
        write_xlsx(rows, out, desk.time.now())
    log.info("tracking sheet written: %s (%d rows)", out, len(rows))
    return len(rows)


def csv_text(value: Cell) -> str:
    """One cell as CSV text: ISO dates, local times to the minute, neutralised text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(CSV_DATETIME)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def write_csv(rows: Sequence[TrackingRow], out: Path) -> None:
    """UTF-8 with a byte-order mark, so Excel shows every name's accents correctly."""
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([csv_text(value) for value in row.cells()])


def write_xlsx(rows: Sequence[TrackingRow], out: Path, now: datetime) -> None:
    """A workbook with a frozen, filterable header and real date cells."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = SHEET_TITLE
    book.properties.creator = "Detainer Desk"
    book.properties.title = "ICE detainer tracking sheet (Policy 413 §E)"
    book.properties.created = now.replace(tzinfo=None)
    bold = Font(bold=True)
    for col, header in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font = bold
    widths = [len(header) for header in COLUMNS]
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row.cells(), start=1):
            shown = _put(sheet.cell(row=r, column=col), value)
            widths[col - 1] = max(widths[col - 1], shown)
    last = get_column_letter(len(COLUMNS))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = \
            min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    book.save(out)


def _put(cell: SheetCell, value: Cell) -> int:
    """Store one value in a worksheet cell; return how many characters wide it shows."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        cell.value = value
        cell.number_format = XLSX_DATETIME_FORMAT
        return len(XLSX_DATETIME_FORMAT)
    if isinstance(value, date):
        cell.value = value
        cell.number_format = XLSX_DATE_FORMAT
        return len(XLSX_DATE_FORMAT)
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = text
    # Always a plain string: openpyxl would otherwise turn "=..." into a formula.
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return max((len(line) for line in text.splitlines()), default=0)


# -- reading a sheet (for the import) ----------------------------------------------


class SheetError(Exception):
    """The file as a whole cannot be read; says where and what to do."""

    def __init__(self, row: int, column: str, reason: str) -> None:
        super().__init__(reason)
        self.row = row
        self.column = column
        self.reason = reason


Table = tuple[list[object], list[tuple[int, list[object]]]]


def read_table(path: Path) -> Table:
    """The header and the non-empty rows, each with its spreadsheet row number."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise SheetError(1, "", f"{path.name} is not a .csv or .xlsx file")
    if not path.is_file():
        raise SheetError(1, "", f"{path} cannot be found")
    rows = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    if not rows:
        raise SheetError(1, "", f"{path.name} is empty; it needs a header row")
    numbered = [(number, cells) for number, cells in enumerate(rows[1:], start=2)
                if any(_filled(value) for value in cells)]
    return rows[0], numbered


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _read_csv(path: Path) -> list[list[object]]:
    # Read even a huge cell, so that the import can name its row and column.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_CELL))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [list(row) for row in csv.reader(handle)]
    except UnicodeDecodeError:
        raise SheetError(1, "", f"{path.name} is not UTF-8 text; in Excel save it as "
                                "'CSV UTF-8 (Comma delimited)' and import again") from None
    except csv.Error as exc:
        raise SheetError(1, "", f"{path.name} is not a readable CSV file ({exc})") from None


def _read_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and openpyxl errors all mean "not a workbook"
        raise SheetError(1, "", f"{path.name} cannot be opened as an Excel workbook "
                                f"({type(exc).__name__})") from None
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
