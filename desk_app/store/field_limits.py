"""Text longer than its column is refused by name before it reaches the database.

PostgreSQL refuses a value longer than its `VARCHAR(n)` with a raw DataError; SQLite
stores it anyway. So that both say the same thing, and say it in words, every session
checks the text of each row it is about to write against its column's length and
refuses the whole change (nothing is written) naming each field: "bail amount: is 41
characters long; at most 40 fit". A column of unlimited text that people type into
(a note, a reason) names its limit in its `info` (`typed_text()`), so it is checked the
same way.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from desk_app.domain.errors import FieldError, InvalidFieldsError


class ValueTooLongError(InvalidFieldsError):
    """One or more typed values are longer than the database keeps; nothing was saved."""


LIMIT = "max_length"  # the `info` key of a typed text column's limit


def typed_text(limit: int) -> dict[str, int]:
    """The `info` of a Text column people type into: its limit, checked like a length."""
    return {LIMIT: limit}


def column_limit(column: Any) -> int | None:
    """The most characters `column` keeps: its String length or its typed-text limit."""
    kind = column.type
    if isinstance(kind, String) and kind.length:
        return int(kind.length)
    limit = column.info.get(LIMIT)
    return int(limit) if limit else None


def too_long(row: Any) -> list[FieldError]:
    """The text fields of `row` longer than their columns allow."""
    errors = []
    for column in inspect(row).mapper.column_attrs:
        limit = column_limit(column.expression)
        if limit is None:
            continue
        value = getattr(row, column.key, None)
        if isinstance(value, str) and len(value) > limit:
            errors.append(FieldError(column.key, f"is {len(value)} characters long; at most "
                                                 f"{limit} fit, so nothing was saved"))
    return errors


def _check_before_flush(session: Session, _context: object, _instances: object) -> None:
    errors = [error for row in (*session.new, *session.dirty) for error in too_long(row)]
    if errors:
        raise ValueTooLongError(errors)


def check_lengths(sessions: sessionmaker[Session]) -> None:
    """Make every session of `sessions` refuse over-long text before flushing."""
    event.listen(sessions, "before_flush", _check_before_flush)


def text_limit(table: str, column: str) -> int | None:
    """The most characters `table.column` keeps (None: any length), read from the ORM
    column, so that a form can stop typing where the save would refuse."""
    from desk_app.store import (  # noqa: F401 (every table on the metadata)
        contact_models,
        handoff_models,
        intake_models,
        models,
    )

    return column_limit(models.Base.metadata.tables[table].columns[column])
