"""What the printed record of one detainer shows, as plain values.

The record sheet and the arrestee's copy are rendered (records/) from a `PrintedRecord`
that the store gathers (`desk.printouts`, store/printouts.py): the detainer as it
stands, its audit extract or its stored scans, the policy and clock it was handled
under, and who printed it when. The renderers read nothing else: no database, no desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import AttachmentInfo, DetainerSnapshot
from desk_app.domain.policy import PolicyProfile


@dataclass(frozen=True)
class AuditLine:
    """One entry of a detainer's audit extract: when, who, what."""

    at: datetime
    actor: str
    what: str


@dataclass(frozen=True)
class StoredScan:
    """One attachment with its stored bytes, for the arrestee's copy."""

    info: AttachmentInfo
    content: bytes


@dataclass(frozen=True)
class PrintedRecord:
    """Everything one printout of a detainer needs, gathered before rendering."""

    detainer: DetainerSnapshot
    profile: PolicyProfile  # the desk's profile, the policy it prints
    clock: DetainerClock
    municipality: str  # "" while a template profile's town is not filled in
    printed_by: str
    printed_at: datetime
    audit: tuple[AuditLine, ...] = ()  # oldest first: the record sheet's extract
    scans: tuple[StoredScan, ...] = ()  # in order: the arrestee copy's pages

    @property
    def zone(self) -> ZoneInfo:
        """The department's time zone, for showing instants."""
        return self.clock.zone
