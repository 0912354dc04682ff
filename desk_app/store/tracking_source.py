"""The tracking sheet's lines as plain values, streamed from the database.

The records code writes the sheet (records/tracking_sheet.py) from these lines and
never reads the database itself. Each line holds only the detainer columns a sheet line
is made of (`domain.tracking_rows.TrackedDetainer`): read as plain rows of a Core
query, they cost a tenth of what whole ORM objects do over ten years of detainers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from desk_app.domain.vocabulary import BailDecision, ClockStart, FormType, Outcome
from desk_app.store.database import Database
from desk_app.store.models import Detainer


class TrackedLine(NamedTuple):
    """One detainer's columns for the tracking sheet (a named tuple reads its fields
    several times faster than a result row does)."""

    case_number: str
    subject_name: str
    issuing_officer: str
    arrest_location: str
    offenses: str
    detainer_number: str
    reason_for_detainer: str
    criminal_history: bool
    deported: bool | None
    form_type: FormType
    received_at: datetime
    clock_start_rule: ClockStart
    release_eligible_at: datetime | None
    resident: bool
    bail_decision: BailDecision | None
    ero_notified_at: datetime | None
    copy_served_at: datetime | None
    outcome: Outcome | None
    closed_at: datetime | None
    reimbursement_amount: Decimal
    reimbursement_received_on: date | None
    station: str


def tracking_lines(db: Database, station: str | None = None) -> Iterator[TrackedLine]:
    """Every detainer that is not voided, oldest first (of one station, or of all when
    `station` is None; "" is the detainers without a station).

    Streamed: ten years of detainers go to the file line by line, never all held.
    """
    query = (select(*(getattr(Detainer, name) for name in TrackedLine._fields))
             .where(Detainer.voided_at.is_(None))
             .order_by(Detainer.received_at, Detainer.id))
    if station is not None:
        query = query.where(Detainer.station == station)
    # A read-only Core query: no session, no identity map, no ORM row to unpack.
    with db.engine.connect() as connection:
        for row in connection.execute(query):
            yield TrackedLine._make(row)
