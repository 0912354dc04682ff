"""The intake queue's rules: the decisions that take an item out, and when one is late.

Every document that arrives in a watched fax folder waits in the queue until a person
decides what it is: a detainer to log, a re-fax or amendment of one already logged, an
ICE contact (a notification request, a warrant), or nothing for the desk (dismissed with
a reason). One waiting longer than `ALERT_AFTER` is raised on every board.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

ALERT_AFTER = timedelta(minutes=15)


class IntakeState(StrEnum):
    """Where an intake item stands; only WAITING items are in the queue."""

    WAITING = "waiting"
    LOGGED = "logged as a detainer"
    ATTACHED = "attached to a detainer"
    FILED = "filed as an ICE contact"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class IntakeEntry:
    """One intake item as the queue shows it (no file content)."""

    id: int
    version: int
    station: str
    file_name: str
    media_type: str
    size_bytes: int
    arrived_at: datetime
    state: IntakeState
    reading: str
    decided_at: datetime | None
    decided_by: str
    reason: str
    detainer_id: int | None

    def waiting_for(self, now: datetime) -> timedelta:
        """How long the item has waited for a decision."""
        return max(timedelta(0), now - self.arrived_at)

    def is_late(self, now: datetime) -> bool:
        """True when a waiting item has waited longer than ALERT_AFTER."""
        return self.state is IntakeState.WAITING and self.waiting_for(now) > ALERT_AFTER


def station_folders(setting: str) -> list[tuple[str, str]]:
    """The watched folders from the `intake_folders` setting: one 'Station = folder' per
    line (or separated by ';'); a line without '=' is a folder named for itself."""
    folders = []
    for part in setting.replace(";", "\n").splitlines():
        if not part.strip():
            continue
        station, _, folder = part.partition("=")
        if not folder:
            station, folder = part, part
        folders.append((station.strip(), folder.strip()))
    return folders
