"""Days and times across the Qt boundary, typed.

PySide6 converts `datetime.date` to `QDate` and back at run time, but its stubs say
neither (`QDate(date)` is no overload, `toPython()` returns `object`). These three
helpers make the conversion once, with the types the rest of the GUI relies on.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime


def qdate(day: date) -> QDate:
    """The Qt date of a calendar day, for a date picker."""
    return QDate(day.year, day.month, day.day)


def py_date(day: QDate) -> date:
    """The calendar day a date picker shows."""
    return date(day.year(), day.month(), day.day())


def py_time(clock: QTime) -> time:
    """The wall-clock time a time picker shows, to the millisecond."""
    return time(clock.hour(), clock.minute(), clock.second(), clock.msec() * 1000)
