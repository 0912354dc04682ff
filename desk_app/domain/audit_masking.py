"""What of an audit entry a viewer may read: keyed by the entry's action.

Supervisors and administrators both see the audit log (Permission.VIEW_AUDIT), but not
both may see everything the log records: the details of an account change belong to
whoever may manage people, a settings change to whoever may change settings, an ICE
contact to whoever may see the contact log, an imported tracking-sheet row to whoever may
see the sheet (Pittsfield §E). A viewer without that permission still sees when the
entry was made, by whom and what kind of change it was (so that nothing happens out of
sight), but its summary and its values before and after are masked.
"""

from __future__ import annotations

from collections.abc import Mapping

from desk_app.domain.permissions import Permission, allowed
from desk_app.domain.vocabulary import Role

ACTION_PERMISSIONS: Mapping[str, Permission] = {
    "first administrator created": Permission.MANAGE_PEOPLE,
    "person added": Permission.MANAGE_PEOPLE,
    "person enabled": Permission.MANAGE_PEOPLE,
    "person disabled": Permission.MANAGE_PEOPLE,
    "role changed": Permission.MANAGE_PEOPLE,
    "password reset": Permission.MANAGE_PEOPLE,
    "account locked": Permission.MANAGE_PEOPLE,
    "settings changed": Permission.CHANGE_SETTINGS,
    "ICE contact logged": Permission.VIEW_CONTACT_LOG,
    "ICE contact notice sent": Permission.VIEW_CONTACT_LOG,
    "ICE contact callback": Permission.VIEW_CONTACT_LOG,
    "detainer imported": Permission.VIEW_TRACKING_SHEET,
}


def masking(role: Role, action: str) -> str:
    """"" when `role` may read the entry's details; else the words shown instead."""
    permission = ACTION_PERMISSIONS.get(action)
    if permission is None or allowed(role, permission):
        return ""
    return f"(hidden: only those who may {permission.value} see the details)"
