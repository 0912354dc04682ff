"""What an audit entry says happened: one fixed vocabulary for every service.

The values are what the audit log stores, so they never change: entries written years
ago, `desk-app audit verify` (the hash chain covers the text) and the signed handoff's
choice of shift events (`domain.handoff.SHIFT_ACTIONS`) all read them back. A new
action is a new member; renaming a value would silently drop old entries from every
filter that names it.
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    """Every action the desk writes to the audit log, in the words the log shows."""

    # a detainer, from logging to closing (store/detainer_service, custody_service)
    DETAINER_LOGGED = "detainer logged"
    DETAINER_IMPORTED = "detainer imported"
    DETAINER_EDITED = "detainer edited"
    DETAINER_VOIDED = "detainer voided"
    FOLLOW_UP_RECORDED = "follow-up recorded"
    REIMBURSEMENT_RECORDED = "reimbursement recorded"
    SCAN_ATTACHED = "scan attached"
    STEP_DONE = "step done"
    STEP_NOT_APPLICABLE = "step not applicable"
    BAIL_DECISION = "bail decision"
    BAIL_POSTED = "bail posted"
    ERO_NOTIFIED = "ERO notified"
    COPY_SERVED = "copy served"
    RELEASE_ELIGIBLE = "release eligible"
    RELEASED = "released"
    DETAINER_CLOSED = "detainer closed"
    ALERT_SHOWN = "alert shown"
    ALERT_ACKNOWLEDGED = "alert acknowledged"
    # the shift handoff (store/handoff_service)
    HANDOFF_STARTED = "handoff started"
    HANDOFF_NOTE = "handoff note"
    HANDOFF_SIGNED_BY_OUTGOING = "handoff signed by outgoing"
    HANDOFF_SIGNED_BY_INCOMING = "handoff signed by incoming"
    HANDOFF_PRINTED = "handoff printed"
    # ICE contacts (store/contact_service)
    CONTACT_LOGGED = "ICE contact logged"
    CONTACT_NOTICE_SENT = "ICE contact notice sent"
    CONTACT_CALLBACK = "ICE contact callback"
    # people and settings (store/people_service, settings_service)
    SIGNED_IN = "signed in"
    SIGNED_IN_COMMAND_LINE = "signed in at the command line"
    ACCOUNT_LOCKED = "account locked"
    FIRST_ADMINISTRATOR_CREATED = "first administrator created"
    PERSON_ADDED = "person added"
    PASSWORD_RESET = "password reset"
    PASSWORD_CHANGED = "password changed"
    PASSWORD_CHANGE_REQUIRED = "password change required"
    PERSON_ENABLED = "person enabled"
    PERSON_DISABLED = "person disabled"
    ROLE_CHANGED = "role changed"
    SETTINGS_CHANGED = "settings changed"
    # reads, prints and exports of restricted data (domain.permissions.Access)
    TRACKING_SHEET_EXPORTED = "tracking sheet exported"
    REPORT_VIEWED = "report viewed"
    REPORT_SAVED = "report saved"
    RECORD_PRINTED = "record sheet printed"
    ARRESTEE_COPY_PRINTED = "arrestee copy printed"
    AUDIT_LOG_READ = "audit log read"
    PEOPLE_LIST_READ = "people list read"
    # the intake queue of faxed documents (store/intake_service)
    INTAKE_RECEIVED = "intake received"
    INTAKE_READ = "intake read"
    INTAKE_DISMISSED = "intake dismissed"
    INTAKE_ATTACHED = "intake attached"
    INTAKE_LOGGED = "intake logged"
    INTAKE_FILED = "intake filed"
    # the records folder (records/sync via store/outbox_queue)
    EXPORT_REFUSED = "export refused"
    # refusals of a person's request (store/access_log, store/override_approval)
    COMMAND_REFUSED = "command refused"
    SIGNATURE_REFUSED = "signature refused"
