"""The quarterly (Policy 413 §E) and six-monthly (ordinance §4) reports, on known data.

One desk holds a hand-built set of detainers for the third quarter of 2026, each logged
and closed through the services at a stated local time (Pittsfield, EDT = UTC-4), so
every figure below can be worked out by hand from the table in `known`:

=====  ======  ================  ===================================================
 #     form    received (EDT)    what happened
=====  ======  ================  ===================================================
 A     I-247A  Thu 2 Jul 10:00   PR 14:00, ERO 14:30, copy 11:00, released 15:00
 B     I-247A  Fri 3 Jul 20:00   held until court; to ICE Mon 6 Jul 09:00; copy late
 C     I-200   Sat 15 Aug 12:00  bail 13:00, posted 14:00, to ICE 18:00; $250.50
                                  received Sun 20 Sep
 D     I-247D  Wed 30 Sep 23:59  to ICE Thu 1 Oct 11:59 (B's person again)
 E     notif.  Thu 10 Sep 09:00  still active
 F     I-247A  Mon 20 Jul 08:00  held until court; closed expired Thu 23 Jul 08:00; $100
                                  received Mon 5 Oct (after the period)
 I     I-247   Tue 1 Sep 10:00   PR 11:00, released 11:30, ERO 12:00 (late)
 J     I-205   Wed 2 Sep 10:00   bail 11:00, ERO not applicable, lifted 11:20
 G     I-247A  Wed 5 Aug         voided: in no figure
 Z, H  I-247A  30 Jun 23:59, 1 Oct 00:00: outside the quarter
 K     I-247A  Tue 10 Feb 09:00  Q1: offenses typed in Cyrillic, Chinese and Arabic;
                                  $75.25 received Sat 1 Aug (counts in Q3)
 L     I-247A  Sat 1 Aug 10:00   closed as entered in error: in no figure
=====  ======  ================  ===================================================

The ICE contact log holds, in the quarter, a notification request (Mon 10 Aug, civil
reason), an administrative warrant (Sat 5 Sep, civil reason), a notification request
about detainer E (already counted as E) and a presence call (not a request).

Fri 3 Jul 2026 is the observed Independence Day holiday, so B's counted hours (9)
differ from its wall-clock hours (61).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Group, String

from desk_app.domain.actor import Actor
from desk_app.domain.contact_log import (
    ContactDecision,
    ContactForm,
    ContactKind,
    ContactReason,
    IceUnit,
)
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot
from desk_app.domain.ordinance_figures import OrdinanceFigures, Reimbursement
from desk_app.domain.report_figures import Period, QuarterlyFigures, top
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, FormType, Outcome, Role
from desk_app.records.report_charts import bar_chart, column_chart, pie_chart
from desk_app.records.report_ordinance import (
    render_ordinance,
    write_ordinance_csv,
)
from desk_app.records.report_quarterly import (
    render_quarterly,
    write_quarterly_csv,
)
from desk_app.store.custody_service import EroNotice
from desk_app.store.demo import fill_demo
from desk_app.store.desk import Desk, open_desk
from desk_app.store.detainer_service import HistoryFilter

EDT = ZoneInfo("America/New_York")
NOW = datetime(2026, 10, 15, 16, 0, tzinfo=UTC)
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
SERGEANT = Actor("Sgt. M. Kim", Role.SUPERVISOR)
GANG = "Gang database hit"
SCRIPTS = ("Кража", "盗窃", "سرقة")
ERO_STEP, COPY_STEP = "notify_ero_if_bailed", "give_arrestee_copy"


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A 2026 wall-clock time in Pittsfield."""
    return datetime(2026, month, day, hour, minute, tzinfo=EDT)


class Builder:
    """Logs and works detainers through the services, at the times the table gives."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.ids: dict[str, int] = {}

    def log(self, key: str, form_type: FormType, received: datetime, **extra: Any) -> int:
        """Log detainer `key` (its detainer # is "Q3-<key>", its case # "26-<key>")."""
        values: dict[str, Any] = dict(subject_name=f"Person {key}", subject_id=f"S-{key}")
        values.update(extra)
        form = DetainerForm(f"Q3-{key}", form_type, f"26-{key}", received_at=received,
                            **values)
        # Logged after the fact, months later: the old receipt is confirmed.
        self.ids[key] = self.desk.detainers.log(form, OFFICER, old_receipt_confirmed=True).id
        return self.ids[key]

    def bail(self, key: str, decision: BailDecision, at: datetime) -> None:
        """The bail clerk's decision."""
        self.desk.custody.record_bail_decision(self.ids[key], decision, OFFICER, at)

    def ero(self, key: str, at: datetime) -> None:
        """ICE ERO told, completing the profile's ERO step."""
        notice = EroNotice(at, "phone", "ERO duty officer", "released")
        self.desk.custody.record_ero_notice(self.ids[key], notice, SERGEANT, ERO_STEP)

    def copy(self, key: str, at: datetime) -> None:
        """The arrestee given a copy, completing the profile's copy step."""
        self.desk.custody.record_copy_served(self.ids[key], OFFICER, at, COPY_STEP)

    def close(self, key: str, outcome: Outcome, at: datetime) -> None:
        """Closed by the supervisor (overriding whatever blocking step is still open)."""
        self.desk.custody.close(self.ids[key], outcome, SERGEANT, at,
                                override_reason="closed for the report test")


def build_known(desk: Desk) -> Builder:
    """The detainers of the module docstring's table."""
    b = Builder(desk)
    b.log("A", FormType.I_247A, local(7, 2, 10), resident=True, criminal_history=True,
          ground_final_order=True, ground_biometric_match=True,
          offenses="OUI liquor; Assault & battery")
    b.copy("A", local(7, 2, 11))
    b.bail("A", BailDecision.PERSONAL_RECOGNIZANCE, local(7, 2, 14))
    b.ero("A", local(7, 2, 14, 30))
    b.close("A", Outcome.RELEASED_ON_RECOGNIZANCE, local(7, 2, 15))

    b.log("B", FormType.I_247A, local(7, 3, 20), subject_name="José Ñúñez", subject_id="",
          date_of_birth=date(1990, 5, 17), reason_for_detainer=GANG, offenses="Trespass")
    b.bail("B", BailDecision.HELD_UNTIL_COURT, local(7, 3, 21))
    b.close("B", Outcome.TRANSFERRED_TO_ICE, local(7, 6, 9))
    b.copy("B", local(7, 6, 10))
    desk.detainers.set_follow_up(b.ids["B"], True, SERGEANT)

    b.log("C", FormType.I_200, local(8, 15, 12), ground_pending_proceedings=True,
          offenses="oui liquor; Shoplifting")
    b.bail("C", BailDecision.MONETARY_BAIL, local(8, 15, 13))
    desk.custody.record_bail_posted(b.ids["C"], OFFICER, local(8, 15, 14))
    b.close("C", Outcome.TRANSFERRED_TO_ICE, local(8, 15, 18))
    desk.detainers.set_follow_up(b.ids["C"], None, SERGEANT)
    desk.detainers.record_reimbursement(b.ids["C"], Decimal("250.50"), date(2026, 9, 20),
                                        SERGEANT)

    b.log("D", FormType.I_247D, local(9, 30, 23, 59), subject_name="JOSE  NUNEZ",
          subject_id="", date_of_birth=date(1990, 5, 17), resident=True,
          criminal_history=True, box2_transferred=True)
    b.copy("D", local(10, 1, 0, 30))
    b.close("D", Outcome.TRANSFERRED_TO_ICE, local(10, 1, 11, 59))
    desk.detainers.set_follow_up(b.ids["D"], False, SERGEANT)

    b.log("E", FormType.NOTIFICATION_REQUEST, local(9, 10, 9), resident=True,
          ground_statements=True, offenses="Shoplifting; Shoplifting")

    b.log("F", FormType.I_247A, local(7, 20, 8), criminal_history=True,
          ground_final_order=True, reason_for_detainer="final order of removal",
          offenses="Assault & battery; Disorderly conduct")
    b.copy("F", local(7, 20, 8, 30))
    b.bail("F", BailDecision.HELD_UNTIL_COURT, local(7, 20, 9))
    b.close("F", Outcome.EXPIRED, local(7, 23, 8))
    desk.detainers.set_follow_up(b.ids["F"], None, SERGEANT)
    desk.detainers.record_reimbursement(b.ids["F"], Decimal("100"), date(2026, 10, 5),
                                        SERGEANT)

    b.log("I", FormType.I_247, local(9, 1, 10), resident=True,
          offenses="OUI  liquor\nTrespass")
    b.bail("I", BailDecision.PERSONAL_RECOGNIZANCE, local(9, 1, 11))
    b.close("I", Outcome.RELEASED_ON_RECOGNIZANCE, local(9, 1, 11, 30))
    b.ero("I", local(9, 1, 12))

    b.log("J", FormType.I_205, local(9, 2, 10), resident=True, ground_biometric_match=True,
          reason_for_detainer="gang database HIT", offenses="Larceny over $1,200")
    b.bail("J", BailDecision.MONETARY_BAIL, local(9, 2, 11))
    desk.custody.mark_not_applicable(b.ids["J"], ERO_STEP, SERGEANT, "ICE lifted it")
    b.close("J", Outcome.LIFTED_BY_ICE, local(9, 2, 11, 20))

    b.log("G", FormType.I_247A, local(8, 5, 10), resident=True, offenses="Trespass")
    desk.detainers.void(b.ids["G"], "logged twice", SERGEANT)
    b.log("Z", FormType.I_247A, local(6, 30, 23, 59), offenses="Trespass")
    b.log("H", FormType.I_247A, local(10, 1, 0, 0), offenses="Trespass")
    b.log("K", FormType.I_247A, local(2, 10, 9), offenses="; ".join(SCRIPTS))
    desk.detainers.record_reimbursement(b.ids["K"], Decimal("75.25"), date(2026, 8, 1),
                                        SERGEANT)
    b.log("L", FormType.I_247A, local(8, 1, 10), resident=True, ground_final_order=True)
    b.close("L", Outcome.ENTERED_IN_ERROR, local(8, 1, 10, 30))
    contacts = desk.contacts
    for kind, at, reason, detainer in (
            (ContactKind.NOTIFICATION_REQUEST, local(8, 10, 9), ContactReason.CIVIL_ONLY,
             None),
            (ContactKind.ADMINISTRATIVE_WARRANT, local(9, 5, 9), ContactReason.CIVIL_ONLY,
             None),
            (ContactKind.NOTIFICATION_REQUEST, local(9, 10, 9, 30),
             ContactReason.CIVIL_ONLY, b.ids["E"])):
        contacts.log_contact(ContactForm(
            kind=kind, occurred_at=at, agent_name="Officer P. Diaz", unit=IceUnit.ERO,
            reason=reason, detainer_id=detainer, subject_name="Subject",
            information_released="nothing", information_withheld="release date"),
            SERGEANT)
    contacts.log_contact(ContactForm(
        kind=ContactKind.PRESENCE_CALL, occurred_at=local(8, 12, 9), agent_name="SA Smith",
        unit=IceUnit.ERO, reason=ContactReason.CIVIL_ONLY,
        decision=ContactDecision.DECLINE, address="12 North St", cad_number="26-4481"),
        SERGEANT)
    return b


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """A Pittsfield desk on its own SQLite file holding the known detainers."""
    path = tmp_path_factory.mktemp("reports") / "known.sqlite3"
    opened = open_desk(f"sqlite:///{path}", FixedTime(NOW), "pittsfield-413")
    build_known(opened)
    yield opened
    opened.db.close()


@pytest.fixture(scope="module")
def q3(desk: Desk) -> QuarterlyFigures:
    """The figures of the third quarter of 2026."""
    return desk.reports.quarterly(2026, 3)


@pytest.fixture(scope="module")
def six(desk: Desk) -> OrdinanceFigures:
    """The ordinance figures for 1 July to 30 September 2026."""
    return desk.reports.ordinance(date(2026, 7, 1), date(2026, 9, 30))


def page_texts(path: Path) -> list[str]:
    """Each page's text, NFKC-normalised, whitespace collapsed."""
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page.extract_text()))
            for page in PdfReader(path).pages]


def drawn_strings(node: Drawing | Group) -> list[str]:
    """Every piece of text a chart draws, in drawing order."""
    found: list[str] = []
    for item in node.contents:
        if isinstance(item, String):
            found.append(item.text)
        elif isinstance(item, Group):
            found += drawn_strings(item)
    return found


def hours(h: float) -> timedelta:
    """A span of hours."""
    return timedelta(hours=h)


# -- the quarterly figures ---------------------------------------------------------


def test_quarter_counts_received_in_local_time_and_skips_voided(q3: QuarterlyFigures) -> None:
    """A detainer faxed at 23:59 on 30 Sep would fall into the wrong quarter's report."""
    assert q3.period == Period(date(2026, 7, 1), date(2026, 9, 30),
                               datetime(2026, 7, 1, 4, tzinfo=UTC),
                               datetime(2026, 10, 1, 4, tzinfo=UTC))
    assert q3.total == 8
    assert q3.months == (("Jul 2026", 3), ("Aug 2026", 1), ("Sep 2026", 4))


def test_neighbouring_quarters_get_the_boundary_detainers(desk: Desk) -> None:
    """30 Jun 23:59 belongs to Q2 and 1 Oct 00:00 to Q4, in Pittsfield time, not UTC."""
    assert desk.reports.quarterly(2026, 2).total == 1
    assert desk.reports.quarterly(2026, 4).total == 1
    assert desk.reports.quarterly(2026, 1).total == 1


def test_resident_and_criminal_history(q3: QuarterlyFigures) -> None:
    """The policy's first chart would misstate how many arrestees live in the city."""
    assert (q3.residents, q3.non_residents) == (5, 3)
    assert q3.resident_chart() == (("Resident", 5), ("Non-resident", 3))
    assert q3.criminal_history == 3


def test_reason_for_detainer_counts_each_ground_and_typed_reason(q3: QuarterlyFigures) -> None:
    """Typed reasons spelled differently, or a box repeated in words, would double count."""
    assert q3.reasons == (
        ("Final order of removal", 2), ("Pending removal proceedings", 1),
        ("Biometric confirmation and records checks", 2),
        ("Statements or other reliable evidence", 1),
        ("Transferred from DHS custody (Box 2)", 1), (GANG, 2), ("Not stated", 1))
    assert q3.reason_chart() == q3.reasons


def test_reason_for_arrest_counts_each_offense_once_per_detainer(q3: QuarterlyFigures) -> None:
    """"oui liquor" and "OUI  liquor" would show as three different offenses."""
    expected = (("OUI liquor", 3), ("Assault & battery", 2), ("Shoplifting", 2),
                ("Trespass", 2), ("Disorderly conduct", 1), ("Larceny over $1,200", 1),
                ("Not recorded", 1))
    assert q3.arrest_reasons == expected
    assert q3.arrest_chart() == expected


def test_arrest_chart_folds_the_tail() -> None:
    """A chart of forty offenses would be unreadable on paper."""
    tally = tuple((f"Offense {i:02d}", 20 - i) for i in range(12))
    assert top(tally, 10, "All other offenses") == (
        *tally[:10], ("All other offenses (2 kinds)", 10 + 9))
    assert top(tally[:3], 10, "All other offenses") == tally[:3]


def test_outcomes_and_form_types(q3: QuarterlyFigures) -> None:
    """The command staff would not see how the detainers ended or on which forms."""
    assert q3.outcomes == (
        ("Released on bail", 0), ("Released on personal recognizance", 2),
        ("Released otherwise", 0), ("Transferred to ICE custody", 3),
        ("Transferred to court", 0), ("Expired", 1), ("Lifted or cancelled by ICE", 1),
        ("Entered in error", 0), ("Still active", 1))
    assert q3.form_types == (
        ("I-247A", 3), ("I-247", 1), ("I-247D", 1), ("I-247N", 0), ("I-200", 1),
        ("I-203", 0), ("I-205", 1), ("Notification request", 1))


def test_overnight_weekend_and_deportation(q3: QuarterlyFigures) -> None:
    """The tracking sheet's Y/N columns and the ICE follow-up would not add up."""
    assert q3.held_overnight == 4  # B, D, F, and E (still held at the time of printing)
    assert q3.held_weekend == 3  # B, C, E
    assert q3.deported == (("Yes", 1), ("No", 1), ("Unknown", 1))


def test_hours_on_the_clock_skip_weekends_and_holidays(q3: QuarterlyFigures) -> None:
    """A detainer held past 48 counted hours would go unnoticed by the command staff."""
    t = q3.hold_times
    assert (t.measured, t.still_active) == (7, 1)
    assert t.median_counted == hours(5)  # 0, 1⅓, 1.5, 5, 9, 12, 72
    assert t.max_counted == hours(72)
    assert t.median_wall == hours(6)  # 1⅓, 1.5, 5, 6, 12, 61, 72
    assert t.max_wall == hours(72)
    assert t.limit == hours(48)
    assert t.over_limit == ("Q3-F",)


def test_ero_notices_owed_made_and_on_time(q3: QuarterlyFigures) -> None:
    """An ERO notice made after the person walked out would be reported as on time."""
    e = q3.ero
    assert (e.owed, e.on_time, e.late, e.not_made, e.pending, e.not_applicable) == \
        (3, 1, 1, 1, 0, 1)
    assert e.made == 2


def test_copies_served_owed_made_and_on_time(q3: QuarterlyFigures) -> None:
    """An arrestee given the copy after leaving custody would count as served in time."""
    c = q3.copies
    assert (c.owed, c.on_time, c.late, c.not_made, c.pending, c.not_applicable) == \
        (8, 3, 1, 3, 1, 0)


def test_quarterly_totals_and_csv_rows(desk: Desk, q3: QuarterlyFigures,
                                       tmp_path: Path) -> None:
    """The CSV the analyst charts from would disagree with the printed report."""
    assert dict(q3.totals())["Held over 48 counted hours"] == "1"
    assert dict(q3.totals())["ERO notices owed / on time"] == "3 / 1"
    rows = q3.to_rows()
    assert ("Total", "Detainers received", "8") in rows
    assert ("Reason for arrest", "OUI liquor", "3") in rows
    assert ("Time on detainer", "Median wall-clock hours", "6.0") in rows
    assert ("Time on detainer", "Over the limit: detainer #", "Q3-F") in rows
    assert ("Copy served", "Late (after closing)", "1") in rows
    out = write_quarterly_csv(desk.reports.quarterly(2026, 3), tmp_path / "q3.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        read = [tuple(r) for r in csv.reader(handle)]
    assert read[0] == ("Section", "Label", "Value")
    assert read[1:] == rows


# -- the six-monthly figures -------------------------------------------------------


def test_requests_by_kind_and_reason(six: OrdinanceFigures) -> None:
    """Holds, warrants and notification requests would be lumped or lose their reasons."""
    holds, warrants, notices = six.kinds
    assert (holds.label, holds.total) == ("ICE holds", 5)  # L, entered in error, left out
    assert dict(holds.reasons) == {
        "Final order of removal": 2, "Pending removal proceedings": 0,
        "Biometric confirmation and records checks": 1,
        "Statements or other reliable evidence": 0,
        "Transferred from DHS custody (Box 2)": 1, GANG: 1, "Not stated": 1}
    assert (warrants.label, warrants.total) == ("Administrative warrants", 3)  # + contact
    assert {k: n for k, n in warrants.reasons if n} == {
        "Pending removal proceedings": 1, "Biometric confirmation and records checks": 1,
        GANG: 1, "Civil / final order only": 1}
    assert (notices.label, notices.total) == ("Notification requests", 2)  # E + contact
    assert {k: n for k, n in notices.reasons if n} == {
        "Statements or other reliable evidence": 1, "Civil / final order only": 1}
    assert six.kind_chart() == (("ICE holds", 5), ("Administrative warrants", 3),
                                ("Notification requests", 2))
    categories, series = six.reason_matrix()
    assert categories == ("Final order of removal",
                          "Biometric confirmation and records checks",
                          "Transferred from DHS custody (Box 2)", GANG, "Not stated",
                          "Pending removal proceedings", "Civil / final order only",
                          "Statements or other reliable evidence")
    assert series == (("ICE holds", (2, 1, 1, 1, 1, 0, 0, 0)),
                      ("Administrative warrants", (0, 1, 0, 1, 0, 1, 1, 0)),
                      ("Notification requests", (0, 0, 0, 0, 0, 0, 1, 1)))


def test_people_detained_and_transferred_are_counted_once(six: OrdinanceFigures) -> None:
    """The same person on two detainers would be reported to the council twice."""
    assert six.detained == 1  # C kept after bail was posted; B and F were held until
    # court by the bail clerk: custody on the criminal charge, not an ICE hold (§4(b))
    assert six.transferred == 2  # B and D are one person (same name and birth date)


def test_reimbursements_by_case(six: OrdinanceFigures, desk: Desk, tmp_path: Path) -> None:
    """Money from the federal government would be missing from the public report."""
    assert six.reimbursements == (
        Reimbursement("26-C", "Q3-C", FormType.I_200, Decimal("250.50"), date(2026, 9, 20)),
        Reimbursement("26-K", "Q3-K", FormType.I_247A, Decimal("75.25"), date(2026, 8, 1)))
    assert six.total_reimbursed == Decimal("325.75")  # F's $100 came in October
    rows = six.to_rows()
    assert ("Reimbursements", "Case 26-C / detainer Q3-C / received 2026-09-20",
            "250.50") in rows
    assert ("Reimbursements", "Total", "325.75") in rows
    assert ("Individuals", "Transferred to ICE custody", "2") in rows
    out = write_ordinance_csv(desk.reports.ordinance(date(2026, 7, 1), date(2026, 9, 30)),
                              tmp_path / "o.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert [tuple(r) for r in csv.reader(handle)][1:] == rows


def test_ordinance_period_is_inclusive_local_days(desk: Desk) -> None:
    """A request received late on the last day of the period would be left out."""
    figures = desk.reports.ordinance(date(2026, 6, 30), date(2026, 10, 1))
    # the eight, plus Z and H, plus the two contact-log requests not tied to a detainer
    assert sum(k.total for k in figures.kinds) == 12
    with pytest.raises(ValueError, match="swap"):
        desk.reports.ordinance(date(2026, 9, 30), date(2026, 7, 1))


# -- the charts and the PDFs -------------------------------------------------------


def test_charts_draw_exactly_the_figures(q3: QuarterlyFigures) -> None:
    """A chart showing other numbers than the table beside it would mislead the Chief."""
    pie = pie_chart(q3.resident_chart(), 250, 118)
    wedges = [item for item in pie.contents if isinstance(item, Pie)]
    assert wedges[0].data == [5, 3]
    assert {"Resident", "Non-resident", "5 (62%)", "3 (38%)"} <= set(drawn_strings(pie))
    labels = [label for label, _ in q3.reason_chart()]
    bars = drawn_strings(bar_chart(labels, [("", [n for _, n in q3.reason_chart()])], 520))
    assert [s for s in bars if not s.isdigit()] == labels
    assert [s for s in bars if s.isdigit()] == [str(n) for _, n in q3.reason_chart()]
    months = drawn_strings(column_chart(q3.months, 250, 118))
    assert {"Jul 2026", "Aug 2026", "Sep 2026"} <= set(months)
    assert [months[months.index(m) - 1] for m in ("Jul 2026", "Aug 2026", "Sep 2026")] == \
        ["3", "1", "4"]


def test_empty_period_prints_a_message_not_a_broken_chart() -> None:
    """An empty quarter would crash the report or draw a pie with nothing in it."""
    assert "No detainers in this period" in drawn_strings(pie_chart((("Resident", 0),), 200, 100))
    assert "No detainers in this period" in drawn_strings(bar_chart([], [("", [])], 300))


def test_quarterly_pdf_has_charts_figures_and_flag(desk: Desk, tmp_path: Path) -> None:
    """The printed report would miss a chart the policy names, or hide the 48-hour breach."""
    out = render_quarterly(desk.reports.quarterly(2026, 3),
                           desk.reports.heading("Analyst J. Doe"), tmp_path / "q3.pdf")
    texts = page_texts(out)
    text = " ".join(texts)
    for heading in ("Quarterly ICE detainer report", "Q3 2026 · 1 Jul – 30 Sep 2026",
                    "Resident vs. non-resident", "Reason for detainer", "Reason for arrest",
                    "Detainers received by month", "Outcome", "Form type",
                    "Hours on the detainer clock", "ERO notices and copies served"):
        assert heading in text, heading
    assert "ATTENTION: 1 detainer(s) ran past 48 counted hours before closing: Q3-F" in text
    assert "Detainers received 8" in text and "Resident / non-resident 5 / 3" in text
    assert GANG in text and "Larceny over $1,200" in text
    assert "Median (counted / wall-clock) 5.0 / 6.0" in text
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page
        assert "Printed by Analyst J. Doe at Thu 15 Oct 2026 12:00 EDT" in page
    assert "Person A" not in text  # the report counts; it names no one


def test_ordinance_pdf_has_the_four_items(desk: Desk, tmp_path: Path) -> None:
    """The council's report would miss one of the four items the ordinance requires."""
    out = render_ordinance(desk.reports.ordinance(date(2026, 7, 1), date(2026, 9, 30)),
                           desk.reports.heading("Analyst J. Doe"), tmp_path / "six.pdf")
    text = " ".join(page_texts(out))
    for expected in ("Six-monthly report on ICE requests", "1 Jul – 30 Sep 2026",
                     "(a) Requests lodged, by the reasons given", "ICE holds: 5",
                     "Administrative warrants: 3", "Notification requests: 2",
                     "(d) Reimbursements received, by case", "26-C", "$250.50", "$325.75",
                     "2026-09-20", "Individuals transferred to ICE custody 2",
                     "Individuals detained on an ICE hold or administrative warrant 1",
                     "Detained on a hold:", "entered in error count nowhere"):
        assert expected in text, expected
    assert "Person B" not in text and "José" not in text


def test_offenses_in_any_script_print_as_typed(desk: Desk, tmp_path: Path) -> None:
    """An offense typed in Cyrillic, Chinese or Arabic would print as boxes or reversed."""
    figures = desk.reports.quarterly(2026, 1)
    assert figures.arrest_chart() == tuple((word, 1) for word in sorted(SCRIPTS,
                                                                         key=str.casefold))
    text = page_texts(render_quarterly(desk.reports.quarterly(2026, 1), desk.reports.heading("A"),
                                       tmp_path / "q1.pdf"))[0]
    for word in SCRIPTS:
        assert word in text, word


def test_pdfs_embed_their_fonts(desk: Desk, tmp_path: Path) -> None:
    """A chart label in Helvetica would print as boxes for an offense typed in Cyrillic."""
    heading = desk.reports.heading("A")
    for out in (render_quarterly(desk.reports.quarterly(2026, 1), heading, tmp_path / "q1.pdf"),
                render_quarterly(desk.reports.quarterly(2026, 3), heading, tmp_path / "q.pdf"),
                render_ordinance(desk.reports.ordinance(date(2026, 7, 1), date(2026, 9, 30)),
                                 heading, tmp_path / "o.pdf")):
        for page in PdfReader(out).pages:
            fonts = page["/Resources"].get_object()["/Font"].get_object()
            for ref in fonts.values():
                font = ref.get_object()
                assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


# -- demo data ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """A desk filled with (a shortened run of) the demo data, seed 413."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    opened = open_desk(f"sqlite:///{path}", FixedTime(datetime(2026, 11, 25, 19, tzinfo=UTC)),
                       "pittsfield-413")
    fill_demo(opened, seed=413, closed_count=80)
    yield opened
    opened.db.close()


def every_detainer(desk: Desk) -> list[DetainerSnapshot]:
    """All detainers of a desk, voided or not."""
    return desk.detainers.history(HistoryFilter(include_active=True, limit=1_000_000))


def test_demo_figures_add_up(demo_desk: Desk, tmp_path: Path) -> None:
    """Over realistic data the totals, months, outcomes and forms would disagree."""
    year_total = 0
    for quarter in (1, 2, 3, 4):
        f = demo_desk.reports.quarterly(2026, quarter)
        year_total += f.total
        assert f.residents + f.non_residents == f.total
        assert sum(n for _, n in f.months) == f.total
        assert sum(n for _, n in f.outcomes) == f.total
        assert sum(n for _, n in f.form_types) == f.total
        assert f.hold_times.measured + f.hold_times.still_active == f.total
        assert f.ero.owed == f.ero.on_time + f.ero.late + f.ero.not_made + f.ero.pending
        assert f.hold_times.over_limit == ()
    in_2026 = [d for d in every_detainer(demo_desk)
               if d.received_at.astimezone(EDT).year == 2026]
    assert year_total == len(in_2026)
    six = demo_desk.reports.ordinance(date(2026, 1, 1), date(2026, 6, 30))
    assert sum(k.total for k in six.kinds) == sum(
        demo_desk.reports.quarterly(2026, q).total for q in (1, 2))
    heading = demo_desk.reports.heading("Analyst")
    render_quarterly(demo_desk.reports.quarterly(2026, 3), heading, tmp_path / "demo-q3.pdf")
    render_ordinance(demo_desk.reports.ordinance(date(2026, 1, 1), date(2026, 6, 30)), heading,
                     tmp_path / "demo-six.pdf")
    assert "Reason for arrest" in " ".join(page_texts(tmp_path / "demo-q3.pdf"))
