"""Who may see and do what: the one table of roles and permissions.

The table below (`TABLE`) is the only place a role's rights are decided. The GUI asks
`allowed(role, permission)` to hide what a person may not see; the services call
`require(actor, permission)` so that a hidden button is never the only guard.

Why each column looks the way it does (Pittsfield Policy 413 §IV.A and §E, DESIGN.md
"Who uses it"):

- **Desk officer** (officer in charge, booking desk) runs the board: logs a detainer the
  minute the fax arrives, corrects it, records the checklist steps, the bail decision,
  the ERO notice, the copy served and the release, closes a detainer whose steps are
  done, voids an entry made by mistake, prints the record and the arrestee's copy, and
  writes down an ICE phone call or visit (§D: the desk sergeant takes ICE's calls). The
  desk officer may add to the ICE contact log but not browse it, and does not see the
  tracking sheet or the reports: those are restricted (§E).
- **Supervisor** (shift supervisor, desk sergeant, command staff) does everything the
  desk officer does, and also overrides a close past open blocking steps, signs the
  shift handoff and prints its sheet (the draft too: it lists the ending shift's ICE
  contacts, which the desk officer may not browse; the signed sheet reaches the records
  folder for the clerk), records the deportation follow-up, and sees the tracking sheet, the
  reports, the ICE contact log and the audit log (§E names command staff among those
  who receive the reports). Keeping the sheet itself (export, import) is the analyst's.
- **Records clerk** prints the detainer record and the arrestee's copy and receives the
  exports in the records folder, which the sync writes without anyone asking. The
  clerk sees the board and the history, read only, to find what to print; the clerk
  changes no custody record and does not see the restricted tracking sheet.
- **Analyst** (crime and intelligence analyst, Administrative Services) maintains the
  tracking sheet (§E: "maintained by the Department's Crime Analyst"): sees, exports
  and imports it, records the follow-up with ICE (was the person deported?), sees the
  reports and the ICE contact log and records a follow-up contact with ICE. The analyst
  sees the board and history read only, and never changes custody.
- **Administrator** may do everything: manages people and settings, and is the role of
  the application itself (`actor.SYSTEM`), whose automatic changes must never be
  refused.

`Actor.may_override` (supervisor, administrator) agrees with the OVERRIDE_CLOSE row; a
test keeps the two in step. Imports only the standard library.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.errors import DeskError
from desk_app.domain.vocabulary import Role


class Permission(StrEnum):
    """One thing a person may see or do; the value completes "may not ..."."""

    LOG_DETAINER = "log a detainer"
    EDIT_DETAINER = "correct a detainer's details"
    RECORD_STEPS = ("record checklist steps, bail, the ERO notice, the copy served "
                    "or a release")
    CLOSE_DETAINER = "close a detainer"
    OVERRIDE_CLOSE = "close a detainer past open blocking steps (supervisor override)"
    VOID_DETAINER = "void an entry"
    VIEW_BOARD = "see the board of active detainers"
    VIEW_HISTORY = "see the history of closed detainers"
    RECORD_FOLLOW_UP = "record the deportation follow-up"
    PRINT_RECORDS = "print a detainer record or the arrestee's copy"
    VIEW_TRACKING_SHEET = "see the tracking sheet"
    EXPORT_TRACKING_SHEET = "export the tracking sheet"
    IMPORT_TRACKING_SHEET = "import a tracking sheet"
    VIEW_REPORTS = "see the reports"
    VIEW_CONTACT_LOG = "see the ICE contact log"
    RECORD_CONTACT = "record a contact with ICE"
    SIGN_HANDOFF = "sign the shift handoff"
    PRINT_HANDOFF = "print the shift handoff sheet"
    VIEW_AUDIT = "see the audit log"
    MANAGE_PEOPLE = "add people, reset passwords, disable accounts or change roles"
    CHANGE_SETTINGS = "change the desk's settings"


COLUMNS: tuple[Role, ...] = (Role.DESK_OFFICER, Role.SUPERVISOR, Role.RECORDS_CLERK,
                             Role.ANALYST, Role.ADMINISTRATOR)
"""The order of the roles in each row of `TABLE`."""

Y, N = True, False

# One row per permission; columns in the order of COLUMNS.
TABLE: Mapping[Permission, tuple[bool, bool, bool, bool, bool]] = {
    #                                desk  super clerk analyst admin
    Permission.LOG_DETAINER:          (Y,    Y,    N,    N,      Y),
    Permission.EDIT_DETAINER:         (Y,    Y,    N,    N,      Y),
    Permission.RECORD_STEPS:          (Y,    Y,    N,    N,      Y),
    Permission.CLOSE_DETAINER:        (Y,    Y,    N,    N,      Y),
    Permission.OVERRIDE_CLOSE:        (N,    Y,    N,    N,      Y),
    Permission.VOID_DETAINER:         (Y,    Y,    N,    N,      Y),
    Permission.VIEW_BOARD:            (Y,    Y,    Y,    Y,      Y),
    Permission.VIEW_HISTORY:          (Y,    Y,    Y,    Y,      Y),
    Permission.RECORD_FOLLOW_UP:      (N,    Y,    N,    Y,      Y),
    Permission.PRINT_RECORDS:         (Y,    Y,    Y,    N,      Y),
    Permission.VIEW_TRACKING_SHEET:   (N,    Y,    N,    Y,      Y),
    Permission.EXPORT_TRACKING_SHEET: (N,    N,    N,    Y,      Y),
    Permission.IMPORT_TRACKING_SHEET: (N,    N,    N,    Y,      Y),
    Permission.VIEW_REPORTS:          (N,    Y,    N,    Y,      Y),
    Permission.VIEW_CONTACT_LOG:      (N,    Y,    N,    Y,      Y),
    Permission.RECORD_CONTACT:        (Y,    Y,    N,    Y,      Y),
    Permission.SIGN_HANDOFF:          (N,    Y,    N,    N,      Y),
    Permission.PRINT_HANDOFF:         (N,    Y,    N,    N,      Y),
    Permission.VIEW_AUDIT:            (N,    Y,    N,    N,      Y),
    Permission.MANAGE_PEOPLE:         (N,    N,    N,    N,      Y),
    Permission.CHANGE_SETTINGS:       (N,    N,    N,    N,      Y),
}

_missing = set(Permission) - set(TABLE)
if _missing:  # pragma: no cover - a mistake in the table above
    raise RuntimeError(f"permissions without a row: {sorted(_missing)}")

_GRANTS: dict[Role, frozenset[Permission]] = {
    role: frozenset(p for p, row in TABLE.items() if row[column])
    for column, role in enumerate(COLUMNS)
}


class Access(StrEnum):
    """A read, print or export of restricted data; the value is what the audit log says.

    Each is keyed to the permission it needs (`NEEDS`), so a service checks the action it
    performs, never a menu's label, and the audit log says exactly what was read."""

    TRACKING_SHEET_EXPORTED = AuditAction.TRACKING_SHEET_EXPORTED.value
    REPORT_VIEWED = AuditAction.REPORT_VIEWED.value
    REPORT_SAVED = AuditAction.REPORT_SAVED.value
    RECORD_PRINTED = AuditAction.RECORD_PRINTED.value
    ARRESTEE_COPY_PRINTED = AuditAction.ARRESTEE_COPY_PRINTED.value
    AUDIT_LOG_READ = AuditAction.AUDIT_LOG_READ.value
    PEOPLE_LIST_READ = AuditAction.PEOPLE_LIST_READ.value
    HANDOFF_PRINTED = AuditAction.HANDOFF_PRINTED.value

    @property
    def audit_action(self) -> AuditAction:
        """What the audit log says of this read."""
        return AuditAction(self.value)


NEEDS: Mapping[Access, Permission] = {
    Access.TRACKING_SHEET_EXPORTED: Permission.EXPORT_TRACKING_SHEET,
    Access.REPORT_VIEWED: Permission.VIEW_REPORTS,
    Access.REPORT_SAVED: Permission.VIEW_REPORTS,
    Access.RECORD_PRINTED: Permission.PRINT_RECORDS,
    Access.ARRESTEE_COPY_PRINTED: Permission.PRINT_RECORDS,
    Access.AUDIT_LOG_READ: Permission.VIEW_AUDIT,
    Access.PEOPLE_LIST_READ: Permission.MANAGE_PEOPLE,
    Access.HANDOFF_PRINTED: Permission.PRINT_HANDOFF,
}
"""The permission each restricted read, print or export needs."""

_unkeyed = set(Access) - set(NEEDS)
if _unkeyed:  # pragma: no cover - a mistake in NEEDS above
    raise RuntimeError(f"restricted reads without a permission: {sorted(_unkeyed)}")


class NotPermittedError(DeskError):
    """The signed-in person's role does not allow this; says who may do it instead."""

    def __init__(self, actor: Actor, permission: Permission) -> None:
        holders = roles_with(permission)
        super().__init__(
            f"Not allowed: {actor.name} is signed in as {_a(actor.role)}, who may not "
            f"{permission.value}. Ask {_either(holders)}.")
        self.actor = actor
        self.permission = permission


def allowed(role: Role, permission: Permission) -> bool:
    """True when the table lets `role` have `permission` (the GUI hides what is not)."""
    return permission in _GRANTS[role]


def require(actor: Actor, permission: Permission) -> None:
    """Refuse with NotPermittedError unless the actor's role has `permission`."""
    if not allowed(actor.role, permission):
        raise NotPermittedError(actor, permission)


def require_access(actor: Actor, access: Access) -> None:
    """Refuse with NotPermittedError unless the actor may perform this restricted read."""
    require(actor, NEEDS[access])


def permissions_of(role: Role) -> frozenset[Permission]:
    """Everything one role may see and do (for building menus and tabs at sign-in)."""
    return _GRANTS[role]


def roles_with(permission: Permission) -> tuple[Role, ...]:
    """The roles that have `permission`, in table order (for refusal messages)."""
    return tuple(role for role in COLUMNS if allowed(role, permission))


def _a(role: Role) -> str:
    return ("an " if role.value[0] in "aeiou" else "a ") + role.value


def _either(roles: tuple[Role, ...]) -> str:
    words = [_a(role) for role in roles]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
