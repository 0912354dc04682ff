"""Errors the domain raises, worded so that a desk officer can act on them."""

from __future__ import annotations


class DeskError(Exception):
    """Base of every refusal the application explains to a user in plain words."""


class FieldError(DeskError):
    """A value a person typed or a file held is not acceptable; names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InvalidFieldsError(DeskError):
    """Several fields are wrong at once; the form marks each of them."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class NotFoundError(DeskError):
    """The record asked for does not exist (or was never logged)."""


class RuleRefusedError(DeskError):
    """A policy rule forbids the action (e.g. closing with a blocking step open)."""


class ConflictError(DeskError):
    """Someone else saved the same record first; the user's edits are kept to retry."""


class PolicyFileError(DeskError):
    """A policy profile file is malformed; names the file, the key and what is allowed."""
