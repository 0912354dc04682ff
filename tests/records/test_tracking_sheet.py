"""The Policy 413 §E tracking sheet: export to CSV/XLSX, derived columns, import."""

from __future__ import annotations

import csv
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.tracking_rows import held_over_weekend, held_overnight
from desk_app.domain.vocabulary import BailDecision, FormType, Outcome, Role
from desk_app.records.tracking_import import import_tracking
from desk_app.records.tracking_sheet import export_tracking
from desk_app.store.audit import verify_chain
from desk_app.store.custody_service import EroNotice
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import AuditEntry, Detainer

NY = ZoneInfo("America/New_York")
OFFICER = Actor("Ofc. Reyes", Role.DESK_OFFICER)
SERGEANT = Actor("Sgt. Kim", Role.SUPERVISOR)
ANALYST = Actor("A. Analyst", Role.ANALYST)
HEADERS = [
    "Case #", "Date", "Arrestee Name", "ICE Official", "Arrest Location", "Offense(s)",
    "Detainer #", "Reason for Detainer", "Criminal History (Y/N)", "Held Overnight (Y/N)",
    "Weekend (Y/N)", "Deported (Y/N/Unknown)", "Form Type", "Received At", "Clock Start",
    "Expiry", "Resident (Y/N)", "Bail Decision", "ERO Notified At", "Copy Served At",
    "Outcome", "Closed At", "Reimbursement ($)", "Reimbursement Received", "Station",
]
INJECTION = '=HYPERLINK("http://x","y")'


def local(*args: int) -> datetime:
    """An aware instant from a New York wall-clock time."""
    return datetime(*args, tzinfo=NY)


def new_desk(tmp_path: Path, name: str, time: FixedTime) -> Desk:
    """A desk on a fresh SQLite file of its own."""
    return open_desk(f"sqlite:///{tmp_path / name}.sqlite3", time)


@pytest.fixture
def clock() -> FixedTime:
    """The desk's time: Friday 20 November 2026, 18:00 in Pittsfield."""
    return FixedTime(local(2026, 11, 20, 18, 0))


@pytest.fixture
def desk(tmp_path: Path, clock: FixedTime) -> Desk:
    """A Pittsfield desk on a fresh SQLite file."""
    return new_desk(tmp_path, "source", clock)


def log(desk: Desk, number: str, **extra: object) -> int:
    """Log a detainer received now, with booking details filled in."""
    values: dict[str, object] = dict(
        detainer_number=number, form_type=FormType.I_247A, case_number=f"26-{number}",
        subject_name=f"Name {number}", received_at=desk.time.now(),
        issuing_officer="SDDO Grant", arrest_location="North St", offenses="A&B",
        reason_for_detainer="final order of removal", criminal_history=True)
    values.update(extra)
    form = DetainerForm(**values)  # type: ignore[arg-type]
    return desk.detainers.log(form, OFFICER).id


def close(desk: Desk, detainer_id: int, outcome: Outcome) -> None:
    """Close with a supervisor's override (the checklist is not the point here)."""
    desk.custody.close(detainer_id, outcome, SERGEANT, override_reason="test")


def read_csv(path: Path) -> list[dict[str, str]]:
    """The CSV's rows as dictionaries keyed by header."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def history_desk(desk: Desk, clock: FixedTime) -> None:
    """Three closed detainers covering bail, ERO, copy, follow-up and a weekend."""
    weekend = log(desk, "D-1", resident=True)
    desk.custody.record_copy_served(weekend, OFFICER)
    clock.set(local(2026, 11, 23, 9, 30))
    close(desk, weekend, Outcome.TRANSFERRED_TO_ICE)
    desk.detainers.set_follow_up(weekend, True, ANALYST)
    clock.set(local(2026, 11, 24, 10, 0))
    bailed = log(desk, "D-2", offenses="-trespass; @night", arrest_location="+1 Main")
    desk.custody.record_bail_decision(bailed, BailDecision.MONETARY_BAIL, OFFICER)
    clock.advance(timedelta(hours=2))
    desk.custody.record_ero_notice(bailed, EroNotice(clock.now(), "phone", "ERO Boston",
                                                     ""), SERGEANT)
    close(desk, bailed, Outcome.RELEASED_ON_BAIL)
    desk.detainers.set_follow_up(bailed, False, ANALYST)
    clock.set(local(2026, 11, 25, 21, 15))
    lifted = log(desk, "D-3", subject_name="José Ñúñez", case_number=INJECTION,
                 criminal_history=False)
    clock.set(local(2026, 11, 26, 8, 0))
    close(desk, lifted, Outcome.LIFTED_BY_ICE)
    clock.set(local(2026, 12, 1, 12, 0))


def count_rows(desk: Desk, model: type) -> int:
    """How many rows a table holds."""
    with desk.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A hand-made CSV, as an analyst's spreadsheet would save it."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD = ["26-1", "2026-11-02", "Ana Lima", "SDDO Grant", "Elm St", "OUI", "D-10",
        "pending removal proceedings", "N", "N", "N", "Unknown"]


# -- columns and derived values ---------------------------------------------------


def test_headers_exactly_in_order(desk: Desk, tmp_path: Path) -> None:
    """The analyst's macros break if a column is renamed or moved."""
    log(desk, "D-1")
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.csv")
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.xlsx")
    with (tmp_path / "sheet.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == HEADERS
    sheet = load_workbook(tmp_path / "sheet.xlsx").active
    assert [c.value for c in sheet[1]] == HEADERS


@pytest.mark.parametrize(("start", "end", "overnight", "weekend"), [
    # Wednesday 09:00 to 17:00: a day hold.
    (local(2026, 11, 18, 9), local(2026, 11, 18, 17), False, False),
    # Wednesday 22:00 to Thursday 02:00: across one midnight, midweek.
    (local(2026, 11, 18, 22), local(2026, 11, 19, 2), True, False),
    # Friday 18:00 to Monday 09:00: the classic weekend hold.
    (local(2026, 11, 20, 18), local(2026, 11, 23, 9), True, True),
    # Friday 20:00 to Saturday 00:00 exactly: released at midnight, neither.
    (local(2026, 11, 20, 20), local(2026, 11, 21, 0), False, False),
    # Saturday 10:00 to 15:00: a weekend day, not overnight.
    (local(2026, 11, 21, 10), local(2026, 11, 21, 15), False, True),
    # Sunday 23:00 to Monday 01:00: overnight and it touched Sunday.
    (local(2026, 11, 22, 23), local(2026, 11, 23, 1), True, True),
    # Tuesday 18:00 to 21:00 local crosses midnight UTC, not local midnight.
    (datetime(2026, 11, 24, 23, tzinfo=UTC), datetime(2026, 11, 25, 2, tzinfo=UTC),
     False, False),
    # Sunday 1 November 2026 00:30 to 03:00, the night clocks go back: no midnight.
    (local(2026, 11, 1, 0, 30), local(2026, 11, 1, 3), False, True),
])
def test_held_overnight_and_weekend(start: datetime, end: datetime, overnight: bool,
                                    weekend: bool) -> None:
    """A wrong Y/N here misstates to command staff who was held over a night or weekend."""
    assert held_overnight(start, end, NY) is overnight
    assert held_over_weekend(start, end, NY) is weekend


def test_friday_evening_to_monday_on_the_sheet(desk: Desk, clock: FixedTime,
                                               tmp_path: Path) -> None:
    """A Friday-evening detainer closed on Monday must read Held Overnight Y, Weekend Y."""
    detainer = log(desk, "D-1")
    clock.set(local(2026, 11, 23, 9, 0))
    close(desk, detainer, Outcome.TRANSFERRED_TO_ICE)
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.csv")
    (row,) = read_csv(tmp_path / "sheet.csv")
    assert row["Held Overnight (Y/N)"] == "Y"
    assert row["Weekend (Y/N)"] == "Y"
    assert row["Date"] == "2026-11-20"
    assert row["Received At"] == "2026-11-20 18:00"
    assert row["Expiry"] == "2026-11-24 18:00"  # Saturday and Sunday do not count
    assert row["Closed At"] == "2026-11-23 09:00"


def test_active_detainer_is_held_until_now(desk: Desk, clock: FixedTime,
                                           tmp_path: Path) -> None:
    """A person still held on Saturday morning already counts as overnight and weekend."""
    log(desk, "D-1")
    clock.set(local(2026, 11, 21, 9, 0))
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.csv")
    (row,) = read_csv(tmp_path / "sheet.csv")
    assert (row["Held Overnight (Y/N)"], row["Weekend (Y/N)"]) == ("Y", "Y")
    assert row["Outcome"] == "" and row["Closed At"] == ""


def test_voided_detainers_are_left_out(desk: Desk, tmp_path: Path) -> None:
    """A detainer entered by mistake and voided must not appear in the statistics."""
    log(desk, "D-1")
    mistake = log(desk, "D-2")
    desk.detainers.void(mistake, "logged on the wrong arrestee", SERGEANT)
    assert export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.csv") == 1
    assert [r["Detainer #"] for r in read_csv(tmp_path / "sheet.csv")] == ["D-1"]


def test_unknown_extension_is_refused(desk: Desk, tmp_path: Path) -> None:
    """Saving as .pdf by mistake should say which formats work, not write garbage."""
    with pytest.raises(ValueError, match="csv or .xlsx"):
        export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.pdf")


# -- XLSX ---------------------------------------------------------------------------


def test_xlsx_header_frozen_filtered_and_real_dates(desk: Desk, clock: FixedTime,
                                                    tmp_path: Path) -> None:
    """Analysts sort and filter by date; text dates or a scrolling header defeat that."""
    history_desk(desk, clock)
    assert export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.xlsx") == 3
    sheet = load_workbook(tmp_path / "sheet.xlsx").active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Y4"
    date_cell = sheet.cell(row=2, column=HEADERS.index("Date") + 1)
    received = sheet.cell(row=2, column=HEADERS.index("Received At") + 1)
    assert isinstance(date_cell.value, datetime) and date_cell.is_date
    assert date_cell.number_format == "yyyy-mm-dd"
    assert received.value == datetime(2026, 11, 20, 18, 0)  # local time, naive
    assert received.number_format == "yyyy-mm-dd hh:mm"
    assert sheet.column_dimensions["C"].width >= len("Arrestee Name")
    assert sheet.column_dimensions["F"].width <= 60


# -- formula injection --------------------------------------------------------------


def test_formula_injection_neutralised_in_csv(desk: Desk, clock: FixedTime,
                                              tmp_path: Path) -> None:
    """A case number typed as a formula must not run when the clerk opens the CSV."""
    history_desk(desk, clock)
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.csv")
    rows = {r["Detainer #"]: r for r in read_csv(tmp_path / "sheet.csv")}
    assert rows["D-3"]["Case #"] == "'" + INJECTION
    assert rows["D-2"]["Offense(s)"] == "'-trespass; @night"
    assert rows["D-2"]["Arrest Location"] == "'+1 Main"
    assert rows["D-3"]["Arrestee Name"] == "José Ñúñez"


def test_formula_injection_stored_as_text_in_xlsx(desk: Desk, clock: FixedTime,
                                                  tmp_path: Path) -> None:
    """Excel must show the text, not a live link, however the cell began."""
    history_desk(desk, clock)
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.xlsx")
    sheet = load_workbook(tmp_path / "sheet.xlsx").active
    cases = [sheet.cell(row=r, column=1) for r in range(2, 5)]
    injected = next(c for c in cases if str(c.value).startswith("="))
    assert injected.value == INJECTION
    assert injected.data_type == "s"
    with zipfile.ZipFile(tmp_path / "sheet.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


# -- import -------------------------------------------------------------------------


def test_round_trip_csv(desk: Desk, clock: FixedTime, tmp_path: Path) -> None:
    """Moving the sheet to a new workstation database must not change a single cell."""
    history_desk(desk, clock)
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "first.csv")
    fresh = new_desk(tmp_path, "fresh", clock)
    report = import_tracking(fresh, tmp_path / "first.csv", ANALYST)
    assert report.summary == "3 rows imported"
    export_tracking(fresh.reports.tracking_sheet(), tmp_path / "second.csv")
    assert (tmp_path / "second.csv").read_bytes() == (tmp_path / "first.csv").read_bytes()


def test_round_trip_xlsx(desk: Desk, clock: FixedTime, tmp_path: Path) -> None:
    """An XLSX sheet brought into a fresh database comes out with the same values."""
    history_desk(desk, clock)
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "first.xlsx")
    fresh = new_desk(tmp_path, "fresh", clock)
    assert import_tracking(fresh, tmp_path / "first.xlsx", ANALYST).imported == 3
    export_tracking(fresh.reports.tracking_sheet(), tmp_path / "second.xlsx")

    def values(path: Path) -> list[tuple[object, ...]]:
        return list(load_workbook(path).active.iter_rows(values_only=True))

    assert values(tmp_path / "second.xlsx") == values(tmp_path / "first.xlsx")


def test_imported_rows_are_closed_and_audited(desk: Desk, clock: FixedTime,
                                              tmp_path: Path) -> None:
    """Imported history must not appear on the live board, and each row is audited."""
    history_desk(desk, clock)
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.csv")
    fresh = new_desk(tmp_path, "fresh", clock)
    import_tracking(fresh, tmp_path / "sheet.csv", ANALYST)
    assert fresh.detainers.active() == []
    d1 = fresh.detainers.by_number("D-1")
    assert d1.outcome is Outcome.TRANSFERRED_TO_ICE and d1.deported is True
    assert d1.copy_served_at == local(2026, 11, 20, 18, 0).astimezone(UTC)
    with fresh.db.sessions() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
        assert actions == ["detainer imported"] * 3
        assert verify_chain(session).intact


def test_reimport_adds_nothing_twice(desk: Desk, clock: FixedTime, tmp_path: Path) -> None:
    """Importing the same file again by mistake must not double the statistics."""
    history_desk(desk, clock)
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.xlsx")
    fresh = new_desk(tmp_path, "fresh", clock)
    import_tracking(fresh, tmp_path / "sheet.xlsx", ANALYST)
    again = import_tracking(fresh, tmp_path / "sheet.xlsx", ANALYST)
    assert again.summary == "0 rows imported, 3 already present"
    assert count_rows(fresh, Detainer) == 3
    assert count_rows(fresh, AuditEntry) == 3


def test_importing_the_desks_own_sheet_warns_about_nothing(desk: Desk, clock: FixedTime,
                                                           tmp_path: Path) -> None:
    """An active detainer on the desk's own export was warned about ("the desk shows N
    and keeps the sheet's value in the note") though the row was skipped, not imported."""
    log(desk, "D-1")
    clock.set(local(2026, 11, 21, 9, 0))  # held overnight and over the weekend so far
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.xlsx")
    report = import_tracking(desk, tmp_path / "sheet.xlsx", ANALYST)
    assert report.summary == "0 rows imported, 1 already present"
    assert report.warnings == ()


def test_bad_rows_import_nothing_and_name_row_and_column(desk: Desk,
                                                         tmp_path: Path) -> None:
    """One bad row must stop the import, and the analyst must be told where to fix it."""
    bad_date = GOOD[:1] + ["31/02/2026"] + GOOD[2:6] + ["D-11"] + GOOD[7:]
    no_case = [""] + GOOD[1:6] + ["D-12"] + GOOD[7:]
    bad_flag = GOOD[:6] + ["D-13", GOOD[7], "maybe"] + GOOD[9:]
    path = write_rows(tmp_path / "bad.csv", HEADERS[:12], [GOOD, bad_date, no_case, bad_flag])
    report = import_tracking(desk, path, ANALYST)
    assert report.imported == 0
    assert report.summary == "0 rows imported, 3 rows with errors"
    where = {(p.row, p.column) for p in report.errors}
    assert where == {(3, "Date"), (4, "Case #"), (5, "Criminal History (Y/N)")}
    assert "Row 3, Date: '31/02/2026' is not a date" in report.lines()[1]
    assert count_rows(desk, Detainer) == 0 and count_rows(desk, AuditEntry) == 0


def test_dates_iso_us_and_excel(desk: Desk, tmp_path: Path) -> None:
    """Sheets kept by hand use US dates or real Excel dates; all must be read right."""
    header = HEADERS[:12] + ["Received At", "Closed At"]
    us = GOOD[:1] + ["11/02/2026"] + GOOD[2:] + ["11/02/2026 6:30 PM", "11/03/2026 09:15"]
    us[6] = "D-20"
    path = write_rows(tmp_path / "us.csv", header, [us])
    assert import_tracking(desk, path, ANALYST).imported == 1
    d20 = desk.detainers.by_number("D-20")
    assert d20.received_at == local(2026, 11, 2, 18, 30).astimezone(UTC)
    assert d20.closed_at == local(2026, 11, 3, 9, 15).astimezone(UTC)

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append(GOOD[:1] + [datetime(2026, 11, 4)] + GOOD[2:6] + ["D-21"] + GOOD[7:]
                 + [datetime(2026, 11, 4, 7, 5), "2026-11-04T12:00"])
    book.save(tmp_path / "excel.xlsx")
    assert import_tracking(desk, tmp_path / "excel.xlsx", ANALYST).imported == 1
    d21 = desk.detainers.by_number("D-21")
    assert d21.received_at == local(2026, 11, 4, 7, 5).astimezone(UTC)
    assert d21.closed_at == local(2026, 11, 4, 12, 0).astimezone(UTC)


def test_form_type_defaults_only_when_the_column_is_absent(desk: Desk,
                                                           tmp_path: Path) -> None:
    """An old sheet has no Form Type; a typo in one that has must not become I-247A."""
    absent = write_rows(tmp_path / "old.csv", HEADERS[:12], [GOOD])
    assert import_tracking(desk, absent, ANALYST).imported == 1
    assert desk.detainers.by_number("D-10").form_type is FormType.I_247A

    wrong = GOOD[:6] + ["D-30"] + GOOD[7:] + ["I-999"]
    report = import_tracking(desk, write_rows(tmp_path / "typo.csv", HEADERS[:13],
                                              [wrong]), ANALYST)
    assert [(p.row, p.column) for p in report.errors] == [(2, "Form Type")]
    assert "I-247A" in report.errors[0].reason


def test_missing_policy_column_is_reported_on_row_1(desk: Desk, tmp_path: Path) -> None:
    """A sheet without the Detainer # column cannot be matched and must say so."""
    header = [h for h in HEADERS[:12] if h != "Detainer #"]
    path = write_rows(tmp_path / "short.csv", header, [GOOD[:6] + GOOD[7:]])
    report = import_tracking(desk, path, ANALYST)
    assert [(p.row, p.column) for p in report.errors] == [(1, "Detainer #")]
    assert count_rows(desk, Detainer) == 0


def test_the_same_detainer_twice_in_one_file(desk: Desk, tmp_path: Path) -> None:
    """A pasted duplicate row must be caught rather than silently merged."""
    path = write_rows(tmp_path / "dup.csv", HEADERS[:12], [GOOD, GOOD])
    report = import_tracking(desk, path, ANALYST)
    assert [(p.row, p.column) for p in report.errors] == [(3, "Detainer #")]
    assert "row 2" in report.errors[0].reason


def test_sheet_flags_kept_when_times_are_unknown(desk: Desk, tmp_path: Path) -> None:
    """An old sheet's Held Overnight Y must not vanish just because times were not kept."""
    row = GOOD[:9] + ["Y", "N", "Y"]
    report = import_tracking(desk, write_rows(tmp_path / "old.csv", HEADERS[:12], [row]),
                             ANALYST)
    assert report.imported == 1
    assert (2, "Held Overnight (Y/N)") in {(p.row, p.column) for p in report.warnings}
    d10 = desk.detainers.by_number("D-10")
    assert "Held Overnight Y" in d10.close_note and d10.deported is True
    assert d10.received_at.astimezone(NY).date() == date(2026, 11, 2)


def test_reimbursement_columns_export_and_import_exactly(desk: Desk, tmp_path: Path,
                                                        clock: FixedTime) -> None:
    """A reimbursement kept only in the desk would be lost to the analyst's sheet."""
    from decimal import Decimal

    detainer_id = log(desk, "D-9")
    close(desk, detainer_id, Outcome.TRANSFERRED_TO_ICE)
    desk.detainers.record_reimbursement(detainer_id, Decimal("1250.50"), date(2026, 11, 20),
                                        ANALYST)
    out = tmp_path / "sheet.csv"
    export_tracking(desk.reports.tracking_sheet(), out)
    row = next(r for r in read_csv(out) if r["Detainer #"] == "D-9")
    assert (row["Reimbursement ($)"], row["Reimbursement Received"]) == (
        "1250.50", "2026-11-20")
    other = new_desk(tmp_path, "other", clock)
    import_tracking(other, out, ANALYST)
    imported = other.detainers.by_number("D-9")
    assert imported.reimbursement_amount == Decimal("1250.50")
    assert imported.reimbursement_received_on == date(2026, 11, 20)
