"""Gathering the printed record of one detainer: the store's half of a printout.

The record sheet and the arrestee's copy are rendered by records/ from the plain
`PrintedRecord` built here, so the renderers never read the database; who may print
is checked (and audited) before, by records/restricted_output.py.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from desk_app.domain.clock import DetainerClock
from desk_app.domain.printed_record import AuditLine, PrintedRecord, StoredScan
from desk_app.store.change import StoreContext
from desk_app.store.detainer_service import DetainerService
from desk_app.store.models import AuditEntry


class Printouts:
    """The values a printout of one detainer shows, read in one go.

    Built once by the desk (`desk.printouts`)."""

    def __init__(self, ctx: StoreContext, detainers: DetainerService, clock: DetainerClock,
                 municipality: Callable[[], str]) -> None:
        self.ctx = ctx
        self.detainers = detainers
        self.clock = clock
        self.municipality = municipality  # the setting may change while the desk runs

    def record_sheet(self, detainer_id: int, printed_by: str) -> PrintedRecord:
        """The detainer with every audit entry on it, oldest first."""
        with self.ctx.db.sessions() as session:
            entries = session.execute(select(AuditEntry.at, AuditEntry.actor,
                                             AuditEntry.summary, AuditEntry.action)
                                      .where(AuditEntry.detainer_id == detainer_id)
                                      .order_by(AuditEntry.id))
            audit = tuple(AuditLine(at, actor, summary or action)
                          for at, actor, summary, action in entries)
        return self._record(detainer_id, printed_by, audit=audit)

    def arrestee_copy(self, detainer_id: int, printed_by: str) -> PrintedRecord:
        """The detainer with the stored bytes of each scan, in order."""
        return self._record(detainer_id, printed_by, with_scans=True)

    def _record(self, detainer_id: int, printed_by: str, audit: tuple[AuditLine, ...] = (),
                with_scans: bool = False) -> PrintedRecord:
        detainer = self.detainers.get(detainer_id)
        scans = tuple(StoredScan(info, self.detainers.attachment_content(info.id))
                      for info in detainer.attachments) if with_scans else ()
        return PrintedRecord(detainer=detainer, profile=self.detainers.profile,
                             clock=self.clock, municipality=self.municipality(),
                             printed_by=printed_by, printed_at=self.ctx.time.now(),
                             audit=audit, scans=scans)
