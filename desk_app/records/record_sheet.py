"""The detainer record sheet: everything the department knows about one detainer.

Records files it with the arrest report; a supervisor or a court can read from it what
the form said, when the 48 hours started and ended and why, who did each step of the
policy and when, what ICE ERO was told, and every change in the audit log.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether

from desk_app.domain.detainer import StepSnapshot, start_words
from desk_app.domain.instants import format_instant
from desk_app.domain.money import stored_amount_text
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.printed_record import PrintedRecord
from desk_app.domain.vocabulary import ClockStart, StepState
from desk_app.records.pdf_layout import (
    NONE,
    PageDecor,
    Writer,
    build_pdf,
    department_name,
    format_date,
    text_or_none,
    yes_no,
)

log = logging.getLogger(__name__)

TICKED = "☒"
UNTICKED = "☐"
START_RULES = {
    ClockStart.RECEIPT: "receipt of the detainer (the fax)",
    ClockStart.RELEASE_ELIGIBLE: "the moment the person would otherwise be released",
}


def render_record_sheet(record: PrintedRecord, out: Path) -> Path:
    """Write the record sheet of one detainer to `out` (a PDF) and return the path;
    `record` (desk.printouts.record_sheet) holds everything it prints."""
    detainer = record.detainer
    sheet = _RecordSheet(record)
    printed_at = format_instant(record.printed_at, record.zone)
    decor = PageDecor(department=department_name(record.municipality),
                      document=f"Detainer record · {detainer.detainer_number}",
                      printed=f"Printed by {record.printed_by} at {printed_at}")
    build_pdf(out, decor, sheet.story(), title=f"Detainer record {detainer.detainer_number}")
    log.info("record sheet of detainer %s written to %s", detainer.detainer_number, out)
    return out


def _tick(value: bool) -> str:
    return f"{TICKED} yes" if value else f"{UNTICKED} no"


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size // 1024, 1)} KB"


class _RecordSheet:
    """The sections of one record sheet, in the order a reader looks for them."""

    def __init__(self, record: PrintedRecord) -> None:
        self.record = record
        self.d = record.detainer
        self.w = Writer()

    def when(self, instant: datetime | None) -> str:
        """An instant in the department's zone, or a dash."""
        return format_instant(instant, self.record.zone)

    def story(self) -> list[Flowable]:
        """Every section, top to bottom."""
        return [*self.title(), *self.form(), *self.grounds(), *self.booking(),
                *self.clock(), *self.checklist(), *self.custody(), *self.outcome(),
                *self.attachments(), *self.audit(), *self.profile()]

    def title(self) -> list[Flowable]:
        """Name, form and where the detainer stands, in one glance."""
        d, w = self.d, self.w
        if d.voided_at is not None:
            status = f"VOIDED {self.when(d.voided_at)}: {d.void_reason}"
        elif d.closed_at is not None:
            status = f"Closed {self.when(d.closed_at)}: {d.outcome}"
        else:
            status = f"Active (on the board): {d.custody_status}"
        return [w.para("Detainer record", w.styles.title, bold=True),
                w.rich([(d.subject_name, True),
                        (f"   {d.form_type} {d.detainer_number} · Case {d.case_number}", False)],
                       w.styles.large),
                w.para(status, w.styles.subtitle)]

    def form(self) -> list[Flowable]:
        """The header of the DHS form and the department's own numbers."""
        d = self.d
        rows = [
            ("Subject name", d.subject_name), ("Detainer #", d.detainer_number),
            ("Date of birth", format_date(d.date_of_birth)), ("Form", str(d.form_type)),
            ("Citizenship", text_or_none(d.citizenship)),
            ("Subject ID", text_or_none(d.subject_id)),
            ("Sex", text_or_none(d.sex)), ("Event #", text_or_none(d.event_number)),
            ("Case #", d.case_number), ("File No.", text_or_none(d.file_number)),
            ("Booking #", text_or_none(d.booking_number)),
            ("Issuing DHS office", text_or_none(d.issuing_office)),
            ("Received", self.when(d.received_at)),
            ("Issuing officer", text_or_none(d.issuing_officer)),
            ("Logged", f"{self.when(d.created_at)}"),
            ("DHS phone", text_or_none(d.issuing_phone)),
        ]
        if d.receipt_correction_reason:
            rows.append(("Receipt corrected", d.receipt_correction_reason))
        if d.form_type.is_administrative_warrant:
            rows.append(("Warrant", "administrative: signed by an immigration officer, "
                                    "not a judge"))
        return [self.w.heading("Form and subject"), self.w.fields(rows)]

    def grounds(self) -> list[Flowable]:
        """Box 1 (DHS's grounds for probable cause), Box 2 and what DHS asked for."""
        d = self.d
        rows = [
            ("Box 1: final order of removal", _tick(d.ground_final_order)),
            ("Request: notify DHS before release", _tick(d.request_notify)),
            ("Box 1: pending removal proceedings", _tick(d.ground_pending_proceedings)),
            ("Request: hold up to 48 hours", _tick(d.request_hold)),
            ("Box 1: biometric match and records checks", _tick(d.ground_biometric_match)),
            ("Request: serve a copy on the subject", _tick(d.request_serve_copy)),
            ("Box 1: statements or other reliable evidence", _tick(d.ground_statements)),
            ("Box 2: transferred from DHS custody", _tick(d.box2_transferred)),
        ]
        table = self.w.fields(rows, label_width=2.35 * inch)  # long labels, short answers
        reason = [("Reason for detainer", text_or_none(d.reason_for_detainer))]
        return [self.w.heading("Grounds (Box 1, Box 2) and requests"), table,
                self.w.gap(3), self.w.fields(reason, pairs_per_row=1)]

    def booking(self) -> list[Flowable]:
        """The booking side: where the arrest was, for what, and the person's history."""
        d = self.d
        rows = [("Arrest location", text_or_none(d.arrest_location)),
                ("Resident", yes_no(d.resident)),
                ("Criminal history", yes_no(d.criminal_history)),
                ("Offenses", text_or_none(d.offenses))]
        return [self.w.heading("Booking"), self.w.fields(rows)]

    def clock(self) -> list[Flowable]:
        """Which start the 48 hours used, when they end, and which days did not count."""
        d, clock, profile = self.d, self.record.clock, self.record.profile
        start = d.clock_start
        rows = [("Start rule", START_RULES[d.clock_start_rule]),
                ("Start that governs", start_words(d.clock_start_rule, d.start_governs)),
                ("Limit", f"{clock.hours:g} hours, {_exclusions(profile)}"),
                ("Received", self.when(d.received_at)),
                ("Would otherwise be released", " · ".join(
                    p for p in (self.when(d.release_eligible_at) if d.release_eligible_at
                                else "", d.eligibility_words) if p)
                 or NONE)]
        if start is None:
            rows += [("Clock start", "not started: the person has not yet become "
                                     "eligible for release"), ("Expiry", NONE)]
            excluded = NONE
        else:
            expiry = clock.expiry(start)
            days = clock.excluded_days(start, expiry)
            excluded = "; ".join(day.label() for day in days) or "none"
            rows += [("Clock start", self.when(start)), ("Expiry", self.when(expiry))]
        rows += [("Days not counted", excluded), ("Source", profile.clock.citation)]
        ruling = profile.hold(profile.local_day(d.received_at))
        hold = ("Permitted" if ruling.permits else "NOT permitted") + \
            f": {ruling.explanation()}"
        return [KeepTogether([self.w.heading("The 48-hour clock"), self.w.fields(rows),
                              self.w.gap(3),
                              self.w.fields([("Hold on the detainer alone", hold)],
                                            pairs_per_row=1)])]

    def checklist(self) -> list[Flowable]:
        """Each policy step: its state, who did it and when, the note and the source."""
        rows = [[str(i), self._step_text(s), self._step_state(s), self._step_done(s),
                 s.note or NONE, s.citation]
                for i, s in enumerate(self.d.steps, start=1)]
        table = self.w.grid(["#", "Step (who does it)", "State", "Done by, when", "Note",
                             "Citation"], rows, [0.25, 2.35, 1.2, 1.35, 1.2, 1.0])
        return [self.w.heading("Checklist"), table]

    def _step_done(self, step: StepSnapshot) -> str:
        if not step.done_by:
            return NONE
        return f"{step.done_by}\n{self.when(step.done_at)}"

    @staticmethod
    def _step_text(step: StepSnapshot) -> str:
        blocking = "; must be done before closing" if step.blocking else ""
        return f"{step.text}\n({step.duty}{blocking})"

    def _step_state(self, step: StepSnapshot) -> str:
        if step.state is not StepState.PENDING:
            return str(step.state)
        if step.due_at is None:
            return "not yet due"
        return f"pending, due since {self.when(step.due_at)}"

    def custody(self) -> list[Flowable]:
        """Bail, the ERO notification and the copy served on the arrestee."""
        d = self.d
        bail = [("Custody", d.custody_words),
                ("Bail decision", str(d.bail_decision) if d.bail_decision else NONE),
                ("Decided", self.when(d.bail_decided_at)),
                ("Bail amount", text_or_none(stored_amount_text(d.bail_amount)))]
        ero = [("ERO notified", self.when(d.ero_notified_at)),
               ("Notified by", text_or_none(d.ero_notified_by)),
               ("Method", text_or_none(d.ero_method)),
               ("ERO contact", text_or_none(d.ero_contact)),
               ("Message", text_or_none(d.ero_message))]
        copy = [("Copy served", self.when(d.copy_served_at)),
                ("Served by", text_or_none(d.copy_served_by))]
        w = self.w
        return [w.heading("Bail decision"), w.fields(bail),
                w.heading("ICE ERO notification"), w.fields(ero),
                w.heading("Copy served on the arrestee"), w.fields(copy)]

    def outcome(self) -> list[Flowable]:
        """How the detainer left the board, any override, and the follow-up."""
        d = self.d
        rows = [("Outcome", str(d.outcome) if d.outcome else "still active"),
                ("Closed", self.when(d.closed_at)),
                ("Closed by", text_or_none(d.closed_by)),
                ("Deported (follow-up)", yes_no(d.deported)),
                ("Close note", text_or_none(d.close_note)),
                ("Reimbursement", f"${d.reimbursement_amount:,.2f}")]
        if d.override_reason:
            rows.append(("Supervisor override", d.override_reason))
        if d.voided_at is not None:
            rows += [("Voided", self.when(d.voided_at)), ("Void reason", d.void_reason)]
        return [self.w.heading("Outcome"), self.w.fields(rows)]

    def attachments(self) -> list[Flowable]:
        """The stored scans, with the checksum that proves a copy is the same file."""
        if not self.d.attachments:
            return [self.w.heading("Scanned detainer"),
                    self.w.para("No scan is attached to this record.")]
        rows = [[a.file_name, a.media_type, _size(a.size_bytes), a.sha256,
                 f"{self.when(a.added_at)}\n{a.added_by}"] for a in self.d.attachments]
        return [self.w.heading("Scanned detainer"),
                self.w.grid(["File", "Type", "Size", "SHA-256", "Added"], rows,
                            [1.6, 0.9, 0.6, 2.6, 1.5])]

    def audit(self) -> list[Flowable]:
        """Every audit log entry for this detainer, oldest first."""
        rows = [[self.when(e.at), e.actor, e.what] for e in self.record.audit]
        return [self.w.heading("Audit extract"),
                self.w.grid(["When", "Who", "What"], rows, [1.5, 1.2, 4.8])]

    def profile(self) -> list[Flowable]:
        """The policy the detainer was handled under, and where each rule comes from."""
        p = self.record.profile
        ruling = p.hold(p.local_day(self.d.received_at))
        rows = [["Hold on the detainer alone",
                 ("permitted" if ruling.permits else "not permitted"), ruling.citation],
                *[["Superseded", line, ruling.decided_by.layer] for line in ruling.supersessions],
                ["Clock", f"{p.clock.hours:g} hours, {_exclusions(p)}", p.clock.citation]]
        if p.charge:
            rows.append(["Charge added to the arrest report",
                         f"{p.charge.code}: {p.charge.text}", p.charge.citation])
        if p.presence_notice:
            rows.append(["ICE presence call", f"{', '.join(p.presence_notice.recipients)} "
                         f"by {p.presence_notice.method}", p.presence_notice.citation])
        rows.append(["Reports", _reports(p), p.reports.citation])
        if p.information:
            rows.append(["Not released to ICE", "; ".join(p.information.not_released),
                         p.information.citation])
        note = []
        if self.d.profile_id != p.id:
            note = [self.w.gap(3), self.w.para(
                f"This detainer was logged under profile {self.d.profile_id}; the desk "
                f"now uses {p.id}.", self.w.styles.note)]
        return [self.w.heading("Policy profile"),
                self.w.para(f"{p.title} (source: {p.source})"), self.w.gap(3),
                self.w.grid(["Rule", "What it says", "Citation"], rows, [2.3, 3.4, 1.8]),
                self.w.gap(3),
                self.w.para("The citation of each checklist step is in the checklist above.",
                            self.w.styles.note), *note]


def _exclusions(profile: PolicyProfile) -> str:
    rule = profile.clock
    excluded = [word for on, word in ((rule.exclude_weekends, "Saturdays, Sundays"),
                                      (rule.exclude_holidays, "holidays")) if on]
    if not excluded:
        return "counted without exclusions"
    return "excluding " + " and ".join(excluded)


def _reports(profile: PolicyProfile) -> str:
    names = [name for on, name in (
        (profile.reports.quarterly_tracking, "quarterly tracking report"),
        (profile.reports.ordinance_six_monthly, "six-monthly ordinance report")) if on]
    return ", ".join(names) or "no periodic report"
