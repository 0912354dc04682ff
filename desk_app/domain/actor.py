"""Who is doing something: the name the audit log records and the role it checks."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.domain.vocabulary import Role

SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class Actor:
    """A person (or the system itself) acting on the desk's records."""

    name: str
    role: Role

    @property
    def may_override(self) -> bool:
        """Only a supervisor (or administrator) may close past an open blocking step."""
        return self.role in SUPERVISING_ROLES


SYSTEM = Actor("system", Role.ADMINISTRATOR)
