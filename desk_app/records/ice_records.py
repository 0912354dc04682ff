"""Reading ICE's published detainer records (the Deportation Data Project's detainer
table, CSV or XLSX) for the department's facility codes.

Only two columns are needed, found by their header whatever the release calls them:
the prepare date (a header with "prepare" and "date", e.g. `detainer_prepare_date`)
and the facility code (a header with "facility" and "code", e.g.
`detention_facility_code`). Rows of other facilities are left out.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from desk_app.domain.errors import DeskError


class IceRecordsError(DeskError):
    """The file is not a detainer table this reader understands."""


def prepare_dates(path: Path, facility_codes: Sequence[str]) -> list[date]:
    """The prepare date of every detainer sent to one of `facility_codes`."""
    wanted = {code.strip().upper() for code in facility_codes if code.strip()}
    rows = _rows(path)
    try:
        header = [str(h or "").strip().lower() for h in next(rows)]
    except StopIteration:
        raise IceRecordsError(f"{path.name} is empty.") from None
    when = _column(header, ("prepare", "date"), path)
    where = _column(header, ("facility", "code"), path)
    days = []
    for row in rows:
        if len(row) <= max(when, where):
            continue
        if str(row[where] or "").strip().upper() not in wanted:
            continue
        day = _day(row[when])
        if day is not None:
            days.append(day)
    return days


def _column(header: list[str], words: tuple[str, ...], path: Path) -> int:
    for index, name in enumerate(header):
        if all(word in name for word in words):
            return index
    raise IceRecordsError(f"{path.name} has no column whose name holds "
                          f"{' and '.join(repr(w) for w in words)}; is it ICE's detainer "
                          "table?")


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for form in ("%Y-%m-%d", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M"):
        try:
            return datetime.strptime(text[:19], form).date()
        except ValueError:
            continue
    return None


def _rows(path: Path) -> Iterator[Sequence[object]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            yield from sheet.iter_rows(values_only=True)
        finally:
            book.close()
        return
    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from csv.reader(handle)
