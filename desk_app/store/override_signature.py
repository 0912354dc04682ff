"""A supervisor's override is a signature, not a typed name.

Closing a detainer past open blocking steps needs a supervisor (Permission.OVERRIDE_CLOSE).
When the person at the desk is not one, the supervisor signs in on the spot with their
own name and password: the same check as a sign-in (a wrong password counts toward the
account's lockout, an unknown name gets the same answer), and their role must allow the
override. Only then is the close recorded, naming both the officer and the supervisor.
"""

from __future__ import annotations

from desk_app.domain.actor import Actor
from desk_app.domain.errors import RuleRefusedError
from desk_app.domain.permissions import Permission, allowed
from desk_app.store.people_service import PeopleService


def sign_override(people: PeopleService, username: str, password: str) -> Actor:
    """The supervisor who signed the override, or SignInError / RuleRefusedError."""
    supervisor = people.authenticate(username, password)
    if not allowed(supervisor.role, Permission.OVERRIDE_CLOSE):
        raise RuleRefusedError(
            f"{supervisor.name} signed in as {supervisor.role.value}, who may not "
            f"{Permission.OVERRIDE_CLOSE.value}. A supervisor or an administrator must "
            "sign the override.")
    return supervisor
