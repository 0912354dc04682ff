"""Who is doing something: the name the audit log records and the role it checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from desk_app.domain.vocabulary import Role

SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class Actor:
    """A person (or the system itself) acting on the desk's records."""

    name: str
    role: Role
    # The account that signed in (None for the system and for made-up demo actors); not
    # part of equality, so an Actor still compares by the name the audit log records.
    username: str | None = field(default=None, compare=False)

    @property
    def may_override(self) -> bool:
        """Only a supervisor (or administrator) may close past an open blocking step."""
        return self.role in SUPERVISING_ROLES


SYSTEM = Actor("system", Role.ADMINISTRATOR)
