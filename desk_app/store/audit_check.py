"""`audit verify`, for the command line and the audit view alike.

Four checks, each of which catches what the others cannot: the hash chain (an entry
changed in place), the people and the detainers as their audited changes say they must
be (a row changed behind the log), and the chain-head checkpoints kept outside the
database (a deleted tail, a recomputed chain).

The records folder is usually a network share: when it cannot be reached, its
checkpoints are not silently skipped; the check says which folder could not be
checked (`AuditCheck.unchecked`) and still checks the data folder's own copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk_app.domain.actor import Actor
from desk_app.domain.permissions import Permission, allowed, require
from desk_app.store.audit import verify_chain
from desk_app.store.audit_checkpoint import (
    CHECKPOINT_FILE,
    checkpoint_problems,
    local_checkpoint_file,
    read_checkpoints,
)
from desk_app.store.audit_state import detainer_mismatches, people_mismatches
from desk_app.store.desk import Desk


@dataclass(frozen=True)
class AuditCheck:
    """The outcome of `check_audit`: the problems found, in sentences."""

    entries: int
    checkpoints: int
    problems: tuple[str, ...]
    # What could not be checked (an unreachable records folder), one sentence each.
    unchecked: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """True when nothing contradicts the log."""
        return not self.problems

    @property
    def complete(self) -> bool:
        """True when every check could be made (every checkpoint file was reachable)."""
        return not self.unchecked

    def summary(self) -> str:
        """One line for a log that passed every check."""
        kept = (f"{self.checkpoints} checkpoints agree" if self.checkpoints
                else "no checkpoint kept yet (they are written with each records sync)")
        if self.unchecked:
            kept += " (only those of this workstation's data folder)"
        return (f"{self.entries} entries, chain intact; every person and detainer as "
                f"audited; {kept}")


def checkpoint_files(desk: Desk) -> list[Path]:
    """Where this desk keeps checkpoints: its data folder, and the records folder."""
    files = [local_checkpoint_file(desk.db)]
    if desk.settings.records_folder:
        files.append(Path(desk.settings.records_folder) / CHECKPOINT_FILE)
    return files


def unreachable(path: Path, local: Path) -> str:
    """A sentence when the records folder holding `path` cannot be reached, else ""."""
    if path == local:
        return ""  # the data folder is this workstation's own: created when missing
    folder = path.parent
    try:
        if folder.is_dir():
            return ""
        reason = "it does not exist or is not mounted"
    except OSError as error:  # a share that answers with an error
        reason = error.strerror or type(error).__name__
    return (f"the checkpoints in the records folder {folder} could not be checked: the "
            f"folder cannot be reached ({reason}); connect the share and run the check "
            "again")


def check_audit(desk: Desk, viewer: Actor | None = None) -> AuditCheck:
    """Run every check. `viewer` (the GUI's signed-in person) must be allowed to see the
    audit; unless they may manage people, the people found changed are counted, not named.
    """
    if viewer is not None:
        require(viewer, Permission.VIEW_AUDIT)
    problems: list[str] = []
    unchecked: list[str] = []
    checkpoints = 0
    with desk.db.sessions() as session:
        chain = verify_chain(session)
        if not chain.intact:
            problems.append(f"audit entry {chain.first_bad_id} does not match its content "
                            "or the entry before it: the log was changed outside the "
                            "application")
        people = people_mismatches(session)
        if viewer is not None and not allowed(viewer.role, Permission.MANAGE_PEOPLE):
            problems += [f"{len(people)} people's role or active state no audit entry "
                         "explains: the people table was changed outside the application "
                         "(an administrator's audit check names them)"] if people else []
        else:
            problems += [m.sentence() for m in people]
        problems += [m.sentence() for m in detainer_mismatches(session)]
        files = checkpoint_files(desk)
        for path in files:
            away = unreachable(path, files[0])
            if away:
                unchecked.append(away)
                continue
            try:
                kept = read_checkpoints(path)
            except (OSError, ValueError) as error:
                problems.append(f"the checkpoints in {path} could not be read: {error}")
                continue
            checkpoints += len(kept)
            problems += checkpoint_problems(session, kept, path, desk.zone)
    return AuditCheck(chain.entries, checkpoints, tuple(problems), tuple(unchecked))
