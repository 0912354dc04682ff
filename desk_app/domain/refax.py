"""Is a newly faxed form a re-fax (or an amendment) of a detainer already logged?

ICE often sends a detainer again. A fax whose A-number, or name and date of birth, or
Event # matches a logged detainer is offered as "re-fax of D26-..."; a match with an
active detainer is offered first, a closed one is shown for the officer to decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.person_names import same_name


@dataclass(frozen=True)
class RefaxMatch:
    """A logged detainer the fax may be a copy of, and what matched."""

    detainer: DetainerSnapshot
    matched_on: tuple[str, ...]  # "A-number", "name and date of birth", "Event #"

    @property
    def active(self) -> bool:
        """True while the detainer is on the board (not closed, not voided)."""
        return self.detainer.closed_at is None and self.detainer.voided_at is None

    def label(self) -> str:
        """How the queue offers it: 're-fax of D26-0042 (A-number)'."""
        state = "" if self.active else ", closed"
        return (f"re-fax of {self.detainer.detainer_number} "
                f"({', '.join(self.matched_on)}{state})")


def _same_a_number(read: object, logged: str) -> bool:
    digits = "".join(c for c in logged if c.isdigit())
    return isinstance(read, str) and bool(digits) and read[1:] == digits.rjust(9, "0")


def matches(fields: Mapping[str, object], logged: Sequence[DetainerSnapshot]
            ) -> list[RefaxMatch]:
    """The logged detainers the read fields match, active ones first, newest first."""
    found = []
    born = fields.get("date_of_birth")
    born_on = date.fromisoformat(born) if isinstance(born, str) else None
    for detainer in logged:
        why = []
        if _same_a_number(fields.get("file_number"), detainer.file_number):
            why.append("A-number")
        name = fields.get("subject_name")
        if (isinstance(name, str) and born_on is not None
                and detainer.date_of_birth == born_on
                and same_name(name, detainer.subject_name)):
            why.append("name and date of birth")
        event = fields.get("event_number")
        if isinstance(event, str) and event and event.upper() == detainer.event_number \
                .replace(" ", "").upper():
            why.append("Event #")
        if why:
            found.append(RefaxMatch(detainer, tuple(why)))
    found.sort(key=lambda m: (not m.active, -m.detainer.received_at.timestamp()))
    return found
