"""The electronic tracking sheet of Policy 413 §E, written as CSV or XLSX.

The crime analyst keeps it; the records sync drops a fresh copy in the records folder
after each change. Times are in the department's zone (naive in the cells, because a
spreadsheet has no zones). Text that a spreadsheet would run as a formula is
neutralised, since names and locations come from outside the department.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from desk_app.domain.tracking_rows import (
    COLUMNS,
    FORMULA_STARTS,
    Cell,
    TrackingRow,
    TrackingSheet,
)
from desk_app.records.atomic_file import write_replacing

log = logging.getLogger(__name__)

XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
SHEET_TITLE = "ICE detainers"
MIN_WIDTH, MAX_WIDTH = 10, 60
SUPPORTED = (".csv", ".xlsx")
MAX_CSV_CELL = 64 * 1024 * 1024
# Control characters an XLSX cell cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE; kept
# here so that starting the board does not load openpyxl).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would take this text for a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Prefix an apostrophe to formula-like text so a spreadsheet shows it as text."""
    return "'" + text if is_formula_like(text) else text


def export_tracking(sheet: TrackingSheet, out: Path) -> int:
    """Write the tracking sheet the store gathered (`desk.reports.tracking_sheet`, every
    station's detainers or one station's) to `out` (.csv or .xlsx); return the number
    of rows."""
    suffix = out.suffix.lower()
    if suffix not in SUPPORTED:
        raise ValueError(f"Save the tracking sheet as .csv or .xlsx, not {out.name!r}.")
    if suffix == ".csv":
        count = write_replacing(out, lambda temporary: write_csv(sheet.rows, temporary))
    else:
        count = write_replacing(out, lambda temporary: write_xlsx(sheet.rows, temporary,
                                                                  sheet.made_at))
    log.info("tracking sheet written: %s (%d rows)", out, count)
    return count


def csv_text(value: Cell) -> str:
    """One cell as CSV text: ISO dates, local times to the minute, neutralised text."""
    if value.__class__ is str:  # most cells: checked first, a million times per sheet
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(" ", "minutes")  # CSV_DATETIME, three times as fast
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def write_csv(rows: Iterable[TrackingRow], out: Path) -> int:
    """UTF-8 with a byte-order mark, so Excel shows every name's accents correctly.

    Returns the number of lines written under the header.
    """
    count = 0
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            count += 1
            # Text, most of the cells, is neutralised inline: a call per cell of ten
            # years of detainers would cost a third of the export.
            writer.writerow([("'" + v if v.startswith(FORMULA_STARTS) else v)
                             if v.__class__ is str else csv_text(v) for v in row.cells()])
    return count


def write_xlsx(rows: Iterable[TrackingRow], out: Path, now: datetime) -> int:
    """A workbook with a frozen, filterable header and real date cells; returns the
    number of rows under the header.

    Written by XlsxWriter, row by row (`constant_memory`): ten years are a million
    cells, which openpyxl writes five times slower. openpyxl still reads sheets back.
    """
    import xlsxwriter  # type: ignore[import-untyped]  # XlsxWriter ships no type hints

    book = xlsxwriter.Workbook(str(out), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False})
    book.set_properties({"title": "ICE detainer tracking sheet (Policy 413 §E)",
                         "author": "Detainer Desk", "created": now.replace(tzinfo=None)})
    sheet = book.add_worksheet(SHEET_TITLE)
    bold = book.add_format({"bold": True})
    stamp = book.add_format({"num_format": XLSX_DATETIME_FORMAT})
    day = book.add_format({"num_format": XLSX_DATE_FORMAT})
    # Text that a spreadsheet would run as a formula is stored as text and shown with
    # the apostrophe prefix, as typed.
    quoted = book.add_format({"quote_prefix": True})
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, COLUMNS, bold)
    widths = [len(header) for header in COLUMNS]
    write_string, write_datetime = sheet.write_string, sheet.write_datetime
    r = 0
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row.cells()):
            if value.__class__ is str:
                if ILLEGAL_CHARACTERS_RE.search(value):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                write_string(r, col, value, quoted if value.startswith(FORMULA_STARTS)
                             else None)
                shown = len(value) if "\n" not in value else \
                    max(len(part) for part in value.splitlines())
            elif isinstance(value, datetime):
                write_datetime(r, col, value, stamp)
                shown = len(XLSX_DATETIME_FORMAT)
            elif isinstance(value, date):
                write_datetime(r, col, value, day)
                shown = len(XLSX_DATE_FORMAT)
            else:
                continue
            if shown > widths[col]:
                widths[col] = shown
    # The filter and the column widths go in the file when it is put together, at close.
    sheet.autofilter(0, 0, r, len(COLUMNS) - 1)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, MIN_WIDTH), MAX_WIDTH))
    book.close()
    return r


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


# A workbook is a zip of XML: checked before opening, so that a "zip bomb" (1.5 MB that
# unpacks to gigabytes) is refused at once. Ten years of detainers unpack to about
# 300 MB at a ratio near 10; the limits leave room and stop a bomb (docs/scans.md).
MAX_XLSX_UNPACKED = 1024 * 1024 * 1024
MAX_XLSX_RATIO = 100
RATIO_CHECKED_FROM = 10 * 1024 * 1024  # small parts may compress as well as they like


def check_workbook_zip(path: Path) -> None:
    """SheetError if the workbook would unpack to too much, or too much per byte."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetError(1, "", f"{path.name} cannot be opened as an Excel workbook "
                                f"({type(exc).__name__})") from None
    total = sum(member.file_size for member in members)
    if total > MAX_XLSX_UNPACKED:
        raise SheetError(1, "", f"{path.name} would unpack to {total / 1e9:.1f} GB, more "
                                f"than the {MAX_XLSX_UNPACKED / 1e9:.0f} GB a tracking "
                                "sheet can be; it was not opened. Export the sheet again.")
    for member in members:
        if member.file_size > RATIO_CHECKED_FROM and \
                member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1):
            raise SheetError(1, "", f"{path.name} holds a part that unpacks "
                                    f"{member.file_size // max(member.compress_size, 1)} "
                                    "times its size, which no real spreadsheet does; it was "
                                    "not opened. Export the sheet again.")


def _read_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    check_workbook_zip(path)
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
