"""The shift handoff sheet: one or two Letter pages the two supervisors sign.

Printed from the stored, signed content (never recomputed), so a reprint a month later
shows exactly what was handed over, in the time zone it was handed over in. A draft
(not yet signed) prints with a DRAFT banner and blank signature lines. The open steps
are a grid, one row per detainer and one column per checklist step, so that a dozen
detainers still fit on two pages.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Table

from desk_app.domain.handoff import HandoffContent, HandoffRecord, Signature
from desk_app.domain.instants import format_duration, format_instant, format_local
from desk_app.domain.report_heading import HandoffPrintout
from desk_app.records.pdf_layout import (
    CELL_PAD,
    CONTENT_WIDTH,
    GRID,
    NONE,
    SHADE,
    PageDecor,
    Writer,
    build_pdf,
    department_name,
    table_style,
)

log = logging.getLogger(__name__)

OPEN_SHADE = colors.HexColor("#ffe8a3")  # the board's warning colour
DRAFT_INK = colors.HexColor("#b3261e")
MARKS = {"open": "OPEN", "done": "✓", "n/a": "n/a", "": ""}


def write_handoff_sheet(out: Path | BinaryIO, content: HandoffContent, printed: str,
                        record: HandoffRecord | None = None) -> int:
    """Lay out one handoff (signed `record`, or a draft) and return its page count."""
    sheet = _HandoffSheet(content, record)
    decor = PageDecor(department=department_name(content.municipality),
                      document=f"Shift handoff · {content.incoming.label(sheet.zone)}",
                      printed=printed)
    return build_pdf(out, decor, sheet.story(), title="Shift handoff")


def render_handoff_sheet(printout: HandoffPrintout, out: Path) -> int:
    """Print a handoff the store gathered (`desk.reports.handoff_sheet` as it was
    signed, or `handoff_draft`); return the page count."""
    pages = write_handoff_sheet(out, printout.content, printout.printed, printout.record)
    what = f"handoff sheet {printout.record.id}" if printout.record else "draft handoff sheet"
    log.info("%s written to %s (%d pages)", what, out, pages)
    return pages


class _HandoffSheet:
    """The sections of the sheet, in the order the incoming supervisor reads them."""

    def __init__(self, content: HandoffContent, record: HandoffRecord | None) -> None:
        self.c = content
        self.record = record
        self.zone = ZoneInfo(content.zone)
        self.w = Writer()
        # A little smaller than the record sheet's cells: a dozen rows on one page.
        self.w.styles.cell = ParagraphStyle("handoff-cell", parent=self.w.styles.cell,
                                            fontSize=8, leading=9.6)

    def when(self, instant: Any) -> str:
        """A short local instant ("Thu 26 Nov 03:10"), or a dash."""
        return format_local(instant, self.zone) if instant is not None else NONE

    def story(self) -> list[Flowable]:
        """Every section, top to bottom, signatures last."""
        return [*self.title(), *self.active(), *self.coming(), *self.checklist(),
                *self.ero(), *self.release(), *self.events(), *self.signatures()]

    def section(self, heading: str, body: Flowable | None, empty: str) -> list[Flowable]:
        """A heading and its table, or one quiet line saying there is nothing."""
        return [self.w.heading(heading), body or self.w.para(empty, self.w.styles.note)]

    def title(self) -> list[Flowable]:
        """What shift change this is, and the counts at a glance."""
        c, w = self.c, self.w
        parts: list[Flowable] = [
                 w.para("Shift handoff", w.styles.title, bold=True),
                 w.rich([("Incoming shift ", False), (c.incoming.label(self.zone), True)],
                        w.styles.large),
                 w.para(f"Handed over from the ending shift {c.ending.label(self.zone)} · "
                        f"computed {self.when(c.computed_at)} · {c.profile_title}",
                        w.styles.subtitle)]
        if self.record is None or self.record.outgoing is None:
            style = ParagraphStyle("draft", parent=w.styles.heading, textColor=DRAFT_INK,
                                   spaceBefore=0)
            parts.append(w.para("DRAFT: not signed. The signed handoff may differ; sign it "
                                "on the Handoff tab.", style, bold=True))
        counts = " · ".join([
            f"{len(c.active)} active",
            f"{_n(len(c.expiring_next_shift), 'expires', 'expire')} during the incoming shift",
            _n(len(c.open_steps), "open step"),
            _n(len(c.ero_owed), "ERO notification") + " owed",
            f"{len(c.release_due)} release-eligible in custody",
            _n(len(c.events), "event") + " this shift"])
        parts.append(w.para(counts, bold=True))
        return parts

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]],
             widths: Sequence[float]) -> Table | None:
        """The shared light grid, or None when there are no rows."""
        return self.w.grid(header, rows, widths) if rows else None

    def active(self) -> list[Flowable]:
        """Every detainer on the board, most urgent first, with the handoff notes."""
        rows = [[a.subject_name, a.detainer_number, a.custody, a.urgency,
                 self.when(a.expiry), format_duration_or_none(a.wall_left_s),
                 self.c.note_for(a.detainer_id)] for a in self.c.active]
        table = self.grid(["Subject", "Detainer #", "Custody", "Status", "Expires",
                           "Left (wall clock)", "Handoff note"], rows,
                          [1.6, 0.85, 0.8, 0.7, 1.2, 0.85, 1.3])
        result = self.section(f"Active detainers ({len(rows)})", table,
                              "No detainer is active.")
        if rows:
            result += [self.w.gap(2), self.w.para(
                "Left (wall clock): real time to the expiry, as the board shows it; the "
                "expiry itself counts 48 hours without the days the profile excludes "
                "(weekends, holidays).", self.w.styles.note)]
        on_board = {a.detainer_id for a in self.c.active}
        gone = [n for n in self.c.notes if n.detainer_id not in on_board]
        if gone:
            result += [self.w.gap(3), self.w.grid(
                ["Note on a detainer no longer on the board", "Note"],
                [[tag(n.detainer_number, n.subject_name), n.text] for n in gone],
                [2.3, 5.0])]
        return result

    def coming(self) -> list[Flowable]:
        """What expires or becomes due before the incoming shift ends."""
        rows = [[self.when(i.at) + ("" if i.in_next_shift else "\n(before the shift)"),
                 tag(i.detainer_number, i.subject_name), i.text] for i in self.c.coming]
        return self.section("Expires or becomes due by the end of the incoming shift",
                            self.grid(["When", "Detainer", "What"], rows, [1.25, 2.4, 3.65]),
                            "Nothing expires or becomes due before the incoming shift ends.")

    def checklist(self) -> list[Flowable]:
        """Open steps as a grid: a row per detainer with any, a column per step."""
        legend = self.c.legend
        rows = [a for a in self.c.active if "open" in a.checklist]
        if not rows or not legend:
            return self.section("Open checklist steps", None, "No checklist step is open.")
        w, styles = self.w, self.w.styles
        name_w = 2.45 * inch
        step_w = (CONTENT_WIDTH - name_w) / len(legend)
        header = [w.para("Subject", styles.cell, bold=True, width=name_w - CELL_PAD)]
        header += [w.para(f"{s.number}{'*' if s.blocking else ''}", styles.cell, bold=True)
                   for s in legend]
        data: list[list[Any]] = [header]
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        for r, a in enumerate(rows, start=1):
            line: list[Any] = [w.para(tag(a.detainer_number, a.subject_name),
                                      styles.cell, width=name_w - CELL_PAD)]
            for col, mark in enumerate(a.checklist, start=1):
                line.append(w.para(MARKS.get(mark, mark), styles.cell, bold=mark == "open"))
                if mark == "open":
                    commands.append(("BACKGROUND", (col, r), (col, r), OPEN_SHADE))
            data.append(line)
        table = Table(data, colWidths=[name_w] + [step_w] * len(legend), repeatRows=1,
                      hAlign="LEFT")
        table.setStyle(table_style(commands))
        return [w.heading(f"Open checklist steps ({len(self.c.open_steps)})"), table,
                w.gap(3), self.legend()]

    def legend(self) -> Table:
        """What each numbered column is, in two columns of small print."""
        w, entries = self.w, self.c.legend
        half = (len(entries) + 1) // 2
        col = CONTENT_WIDTH / 2
        cells = [w.para(f"{s.number}{'*' if s.blocking else ''}  {s.text}", w.styles.note,
                        width=col - CELL_PAD) for s in entries]
        cells.append(w.para("*  closing waits for this step · ✓ done · n/a not applicable",
                            w.styles.note, width=col - CELL_PAD))
        half = (len(cells) + 1) // 2
        data = [[cells[i], cells[i + half] if i + half < len(cells) else ""]
                for i in range(half)]
        table = Table(data, colWidths=[col, col], hAlign="LEFT")
        table.setStyle(table_style([("TOPPADDING", (0, 0), (-1, -1), 0),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table

    def ero(self) -> list[Flowable]:
        """ERO notices still owed after a bail decision."""
        rows = [[tag(e.detainer_number, e.subject_name), e.bail_decision or NONE,
                 self.when(e.due_at), f"{e.text} ({e.citation})"] for e in self.c.ero_owed]
        return self.section("ICE ERO notifications still owed",
                            self.grid(["Detainer", "Bail decision", "Due since", "Step"],
                                      rows, [2.2, 1.1, 1.25, 2.75]),
                            "No ERO notification is owed.")

    def release(self) -> list[Flowable]:
        """People who would otherwise be released and are still held."""
        due = self.c.release_due
        rows = [[tag(r.detainer_number, r.subject_name), self.when(r.eligible_at),
                 r.custody] for r in due]
        result = self.section("Release-eligible and still in custody",
                              self.grid(["Detainer", "Would otherwise be released since",
                                         "Custody"], rows, [2.6, 2.4, 2.3]),
                              "Nobody release-eligible is still in custody.")
        if due:
            lead = ("Holding on the detainer alone is permitted: " if due[0].hold_permitted
                    else "RELEASE DUE. Holding on the detainer alone is NOT permitted: ")
            result += [self.w.gap(2), self.w.para(lead + due[0].rule, self.w.styles.note)]
        return result

    def events(self) -> list[Flowable]:
        """What happened since the ending shift began, oldest first."""
        rows = [[short_time(e.at, self.zone), e.kind, _detail(e.detainer_number,
                                                             e.subject_name, e.summary),
                 e.actor] for e in self.c.events]
        return self.section(f"During the ending shift ({len(rows)})",
                            self.grid(["When", "What", "Detail", "By"], rows,
                                      [0.8, 0.95, 4.3, 1.25]),
                            "Nothing was logged, decided, closed or contacted this shift.")

    def signatures(self) -> list[Flowable]:
        """Both supervisors' signatures (or blank lines on a draft) and the checksum."""
        w = self.w
        out = self.record.outgoing if self.record else None
        inc = self.record.incoming_signature if self.record else None
        rows = [("Outgoing supervisor", self._signed(out)),
                ("Incoming supervisor", self._signed(inc))]
        block: list[Flowable] = [w.heading("Signatures"),
                                 w.fields(rows, pairs_per_row=2, label_width=1.3 * inch)]
        if self.record is not None and self.record.content_sha256:
            block += [w.gap(2), w.para("Content SHA-256 (checked by the application): "
                                       + self.record.content_sha256, w.styles.note)]
        return [KeepTogether(block)]

    def _signed(self, signature: Signature | None) -> str:
        if signature is None:
            return "not signed\n\n______________________________"
        who = f"{signature.name} ({signature.username})" if signature.username \
            else signature.name
        return f"Signed electronically by\n{who}, {signature.role}\n" \
               f"{format_instant(signature.at, self.zone)}"


def _n(count: int, one: str, many: str | None = None) -> str:
    """"1 open step", "3 open steps"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def tag(number: str, name: str) -> str:
    """"D26-0003  Name": the number first, so a right-to-left name keeps the line
    left-to-right and its brackets unmirrored."""
    return f"{number}  {name}" if number else name


def _detail(number: str, name: str, summary: str) -> str:
    """The summary, led by the detainer unless the summary already names it."""
    if not number or number in summary:
        return summary
    return f"{tag(number, name)}: {summary}"


def short_time(instant: Any, zone: ZoneInfo) -> str:
    """"Wed 14:00": enough for events inside the shift named at the top."""
    return f"{instant.astimezone(zone):%a %H:%M}"


def format_duration_or_none(seconds: int | None) -> str:
    """Wall-clock time left as the board shows it, or a dash for a clock not started."""
    return NONE if seconds is None else format_duration(timedelta(seconds=seconds))
