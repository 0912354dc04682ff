"""Who read, printed or exported restricted data, and when: checked, then audited.

The tracking sheet and the reports are restricted (Pittsfield Policy 413 §E), and so are
the audit log and the list of people. Every path that reads them (the board's tabs and
menus, a command, a script calling the records code) goes through `AccessLog.check`,
which refuses a role the permission table does not allow (`domain.permissions.NEEDS`)
before anything is read or written, and appends an audit entry naming the person, the
action and what was read (FBI CJIS Security Policy 5.4.1.1). The GUI hides what this
would refuse; it is never the only guard.
"""

from __future__ import annotations

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.permissions import (
    Access,
    NotPermittedError,
    Permission,
    require,
    require_access,
)
from desk_app.domain.time_source import TimeSource
from desk_app.store.audit import write_audit
from desk_app.store.database import Database


class AccessLog:
    """The one gate for restricted reads; GUI, command line and records code call it."""

    def __init__(self, db: Database, time: TimeSource) -> None:
        self.db = db
        self.time = time

    def check(self, actor: Actor, access: Access, what: str,
              detainer_id: int | None = None) -> None:
        """Refuse (NotPermittedError) unless `actor` may; otherwise audit the read now.

        `what` names what is read in the audit's words (a report and its period, a
        detainer number, a file name)."""
        require_access(actor, access)
        with self.db.sessions() as session:
            write_audit(session, at=self.time.now(), actor=actor.name, action=access.audit_action,
                        detainer_id=detainer_id, summary=f"{access.value.capitalize()}: "
                                                         f"{what}")
            session.commit()

    def require_for(self, actor: Actor, permission: Permission, command: str) -> None:
        """Refuse (NotPermittedError) unless `actor`'s role has `permission`; a refusal
        is itself audited, naming the command and the permission it needed, so that a
        person trying what their role may not do shows in the log (CJIS 5.4.1.1)."""
        try:
            require(actor, permission)
        except NotPermittedError:
            with self.db.sessions() as session:
                write_audit(session, at=self.time.now(), actor=actor.name,
                            action=AuditAction.COMMAND_REFUSED, detainer_id=None,
                            summary=f"Refused '{command}': {actor.name} is signed in as "
                                    f"{actor.role.value}, who may not {permission.value}",
                            after={"command": command, "permission": permission.name})
                session.commit()
            raise
