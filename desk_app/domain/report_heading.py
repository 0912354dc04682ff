"""What a printed report says about itself besides its figures: whose, under which rule,
printed by whom and when; and the handoff sheet's printout, made of the same words.

The store fills these in (`desk.reports.heading`, `desk.reports.handoff_sheet`) from the
desk's settings, profile, clock and stored handoffs, and records/ lays them out, so the
renderers need nothing of the desk to print a report or a handoff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from desk_app.domain.handoff import HandoffContent, HandoffRecord
from desk_app.domain.instants import format_instant

# The ordinance report's source when the desk's profile names no six-monthly report.
DEFAULT_ORDINANCE_SOURCE = "Welcoming Community ordinance §4 / Trust Act §4"


@dataclass(frozen=True)
class HandoffPrintout:
    """A handoff sheet to lay out: the content as signed (or the draft's, `record`
    None) and the footer's printed line, so a reprint shows what was handed over."""

    content: HandoffContent
    record: HandoffRecord | None
    printed: str


@dataclass(frozen=True)
class ReportHeading:
    """The department, its time zone, the rule the six-monthly report answers, and who
    printed a report at what instant: the plain words around a report's figures."""

    municipality: str  # "" while a template profile's town is not filled in
    zone: ZoneInfo
    ordinance_source: str
    printed_by: str
    printed_at: datetime

    def printed(self) -> str:
        """"Printed by NAME at Wed 25 Nov 2026 14:00 EST": the footer of every page."""
        return f"Printed by {self.printed_by} at {format_instant(self.printed_at, self.zone)}"
